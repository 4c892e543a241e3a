/**
 * Keeps keys out of every error message and log line: the key itself and the ways a server or proxy echoes it
 * (URL-encoded, JSON-escaped, base64 / base64url — also inside a longer base64 text such as `Basic <user:key>`),
 * bearer/x-api-key values, and the `user:pass@` part of URLs.
 */

const PLACEHOLDER = '[redacted]';
/** Shorter secrets are not scrubbed by value (they would blank ordinary words); patterns still apply. */
const MIN_SECRET = 4;
/** A base64 fragment shorter than this says too little to be worth blanking (and would hit ordinary text). */
const MIN_B64_CORE = 8;

interface Variants {
  /** Replaced where they occur. */
  literal: string[];
  /** Base64 fragments with their alphabet: the whole base64 run around one is replaced. */
  b64: { core: string; alphabet: RegExp }[];
}

const cache = new Map<string, Variants>();
const BASE64 = /[A-Za-z0-9+/=]/;
const BASE64URL = /[A-Za-z0-9_=-]/;
const EITHER = /[A-Za-z0-9+/_=-]/;

/**
 * The fragments of base64 text that every base64 encoding of a string containing `secret` holds, whatever the
 * secret's offset: for each of the three alignments, the characters that depend on the secret's bytes alone.
 */
function base64Cores(secret: string): Variants['b64'] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: Variants['b64'] = [];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const firstGroup = Math.ceil(pad / 3);
    const lastGroupEnd = Math.floor((pad + bytes.length) / 3);
    if (lastGroupEnd <= firstGroup) continue;
    const core = b64.slice(4 * firstGroup, 4 * lastGroupEnd);
    if (core.length < MIN_B64_CORE) continue;
    const url = core.replace(/\+/g, '-').replace(/\//g, '_');
    if (url === core) cores.push({ core, alphabet: EITHER });
    else cores.push({ core, alphabet: BASE64 }, { core: url, alphabet: BASE64URL });
  }
  return cores;
}

function variantsOf(secret: string): Variants {
  let v = cache.get(secret);
  if (v) return v;
  const encoded = encodeURIComponent(secret);
  const literal = new Set([secret, encoded, encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), secret.replace(/\//g, '\\/')]);
  v = { literal: [...literal].sort((a, b) => b.length - a.length), b64: base64Cores(secret) };
  if (cache.size > 64) cache.clear();
  cache.set(secret, v);
  return v;
}

/** Replaces the whole run of base64 characters around each occurrence of `core` (one pass, linear). */
function scrubBase64Run(text: string, core: string, alphabet: RegExp): string {
  const parts: string[] = [];
  let last = 0;
  for (let at = text.indexOf(core); at !== -1; at = text.indexOf(core, last)) {
    let start = at;
    let end = at + core.length;
    while (start > last && alphabet.test(text[start - 1])) start--;
    while (end < text.length && alphabet.test(text[end])) end++;
    parts.push(text.slice(last, start), PLACEHOLDER);
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Header-style credentials: `Authorization: Bearer …`, `x-api-key: …`, `api_key=…` (bounded, linear). */
const CREDENTIAL_FIELD = new RegExp(
  String.raw`(authorization|x-api-key|api[-_]?key)(["']?[ \t]{0,8}[:=][ \t]{0,8}["']?)((?:bearer|basic)[ \t]{1,8})?[^\s"',}]{8,}`,
  'gi',
);
/** `scheme://user:pass@host`: everything before the last `@` of the authority. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,20}:\/\/)[^\s/?#]*@/gi;

/** Replaces every occurrence of each secret (plain or encoded), credential fields and URL user-info with a placeholder. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET) continue;
    const v = variantsOf(s);
    for (const lit of v.literal) if (out.includes(lit)) out = out.split(lit).join(PLACEHOLDER);
    for (const { core, alphabet } of v.b64) if (out.includes(core)) out = scrubBase64Run(out, core, alphabet);
  }
  return out.replace(CREDENTIAL_FIELD, `$1$2$3${PLACEHOLDER}`).replace(URL_USERINFO, `$1${PLACEHOLDER}@`);
}

/** A URL fit for messages and logs: `https://user:pass@host/v1` → `https://[redacted]@host/v1`. */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.replace(URL_USERINFO, `$1${PLACEHOLDER}@`);
}

/** The user name and password in a URL (raw and decoded), to scrub wherever they are echoed. */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const part of [u.username, u.password]) {
    if (!part) continue;
    out.push(part);
    try {
      out.push(decodeURIComponent(part));
    } catch {
      // a malformed escape: the raw form is scrubbed
    }
  }
  return out.filter((p) => p.length >= MIN_SECRET);
}
