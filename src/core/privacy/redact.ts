/**
 * Removes high-confidence secrets from text before it leaves the machine (completion prompts, chat messages,
 * attachments). The rules follow the gitleaks / secretlint rule families: a credential is recognised by its
 * documented shape (a vendor prefix and length, a PEM or PuTTY armour, a JWT's base64 JSON header, a URL's
 * userinfo) or by a secret-named assignment whose value looks like a literal secret, so ordinary code passes.
 *
 * Every rule runs in time linear in the text (1 MB of hostile input takes milliseconds, not minutes):
 * - a token rule starts only where its prefix begins a run (a lookbehind forbids the run's own characters before
 *   it), then takes the whole run greedily with nothing after it that could fail: a run is scanned once;
 * - a quantifier is never next to another over the same characters (`\s*["']?\s*` retried every split of a run of
 *   spaces: `Authorization:` and 100k spaces took 14.8 s);
 * - lengths, shapes and context are checked in plain code on the matched token (`kind`), not by backtracking.
 * test/unit/privacy/redact.test.ts proves it on 1 MB hostile inputs built from every rule's own samples.
 */

interface Rule {
  /** The placeholder kind when `kind` does not name another. */
  id: string;
  /** Global regex. Its match starts where a secret (or its kept prefix) starts. */
  re: RegExp;
  /** Capture group holding the secret, always the tail of the match (the text before it is kept). 0 = whole. */
  group: number;
  /** Literals of which one must occur for the rule to run (a cheap skip); lower-case for case-blind rules. */
  hints?: readonly string[];
  /** The kind to redact the secret as, or undefined to keep it (too short, not random, a placeholder…). */
  kind?: (secret: string, at: number, text: string, groups: (string | undefined)[]) => string | undefined;
  /** For rules that rewrite the match themselves: the new text (placeholders inside) or undefined to keep it. */
  rewrite?: (match: string, groups: (string | undefined)[]) => string | undefined;
}

export interface Redacted {
  text: string;
  /** How many secrets were replaced. */
  count: number;
}

/** The text put in place of a secret: «redacted:<kind>». */
export function placeholder(kind: string): string {
  return `«redacted:${kind}»`;
}

const hasDigit = (s: string): boolean => /[0-9]/.test(s);
const hasLetter = (s: string): boolean => /[A-Za-z]/.test(s);
/** Random tokens mix letters and digits; identifiers and words rarely do for this long. */
const mixed = (s: string): boolean => hasDigit(s) && hasLetter(s);
const mixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

/** Lookbehind: not preceded by a character of the token alphabets (so a rule starts only where a run starts). */
const START = '(?<![A-Za-z0-9_\\-])';

/** A check on a token's part after its prefix; `min` (its least length) also goes into the regex. */
type Check = ((rest: string) => boolean) & { min?: number };

/** `check` with a least length the regex enforces (runs too short never reach a callback). */
function atLeast(min: number, check: (rest: string) => boolean): Check {
  return Object.assign((rest: string) => check(rest), { min });
}

/**
 * A vendor token: `prefix` (a regex source of literals) then the rest of its run of `body` characters, at least
 * `check.min` of them, greedily (nothing follows that could fail, so a run is never rescanned). `check` then
 * judges the part after the prefix.
 */
function token(id: string, prefix: string, body: string, check: Check, hints: readonly string[], before = START): Rule {
  // The least length as a lookahead, then a plain star: V8 interprets `{n,}` after a lookbehind ~100× slower.
  const re = new RegExp(`${before}(?:${prefix})(?=[${body}]{${check.min ?? 0}})[${body}]*`, 'g');
  const head = new RegExp(`^(?:${prefix})`);
  return { id, re, group: 0, hints, kind: (whole) => (check(whole.slice(head.exec(whole)![0].length)) ? id : undefined) };
}

const len = (min: number, max = 4096): Check => atLeast(min, (rest) => rest.length <= max);
const lenMixed = (min: number, max = 4096): Check => atLeast(min, (rest) => rest.length <= max && mixed(rest));
const exactly = (n: number, shape = /^/): Check => atLeast(n, (rest) => rest.length === n && shape.test(rest));
const HEX = /^[0-9a-fA-F]*$/;
const B62 = 'A-Za-z0-9';
const URLSAFE = 'A-Za-z0-9_\\-';

/** OpenAI's key families (and OpenRouter's, which shares the `sk-` prefix). */
function skKind(rest: string): string | undefined {
  const sub = /^(proj|svcacct|admin|None)-/.exec(rest);
  if (sub) return rest.length - sub[0].length >= 20 ? 'openai-key' : undefined;
  if (rest.startsWith('or-v1-')) return rest.length >= 6 + 32 ? 'openrouter-key' : undefined;
  if (rest.includes('T3BlbkFJ') && rest.length >= 32) return 'openai-key';
  return /^[A-Za-z0-9]{32,}$/.test(rest) && mixed(rest) ? 'openai-key' : undefined;
}

/** Values that name a secret instead of being one: templates, references, placeholders, types. */
const NOT_A_VALUE = new RegExp(
  [
    '^(?:[$%{<!@&*#]|process\\.env|os\\.environ|env\\(|ENV\\[|getenv|System\\.getenv|secrets\\.|vault:|/|\\./|~/)',
    '^(?:null|none|nil|true|false|undefined|changeme|string|str|bytes|required|optional|redacted|hidden|example|placeholder)$',
    '^(?:your[_-]?\\w*|x+|\\*+|\\.+|-+)$',
  ].join('|'),
  'i',
);
const AWS_CONTEXT = /aws|secret[ _-]?access[ _-]?key/i;
const NAMES_A_SECRET = /pass|pwd|secret|token|key|auth|credential/i;
const PASSWORD_WORD = /pass|pwd/i;

/**
 * Whether an assigned value is a literal secret. `bare`: not quoted (then code-like values are references);
 * `tight`: written `NAME=value` (an .env line, a connection string, a query parameter), where bare words are literal.
 */
function assignedSecret(value: string, keyword: string, bare: boolean, tight: boolean): boolean {
  const v = value.trim();
  if (!v || v.includes('«redacted:') || NOT_A_VALUE.test(v) || /^[0-9]+$/.test(v)) return false;
  if (bare) {
    if (/[(){}[\]]/.test(v)) return false;
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v)) return false; // config.password
    if (NAMES_A_SECRET.test(v) && /^[\w$.-]+$/.test(v)) return false; // password=db_password (a variable)
    if (!tight && /^[A-Za-z_$][\w$]*$/.test(v) && !hasDigit(v)) return false; // password: string / = userPass
  }
  if (PASSWORD_WORD.test(keyword)) return v.length >= 4 && v.length <= 512;
  if (v.length < 8 || /\s/.test(v)) return false;
  return mixed(v) || (v.length >= 20 && mixedCase(v));
}

/** `machine host login me password s3cret` on one line (~/.netrc, _netrc). */
const NETRC = /(\blogin[ \t]+[^\s]+[ \t]+password[ \t]+)([^\s]+)/g;

/**
 * A secret-named key followed by a separator and a value. The match starts at the keyword (whatever precedes it
 * in the name is kept as is): `DB_PASSWORD=`, `"client_secret": `, `apiKey: `, `;Password=`, `AccountKey=`,
 * `x-api-key:`. Quoted values are bounded (512) so an unclosed quote is not rescanned from every later keyword.
 */
const ASSIGNMENT = new RegExp(
  '(password|passwd|passphrase|(?<![A-Za-z])pwd|(?<=[_.-])pass|secret|token|' +
    '(?:api|access|secret|private|account|sharedaccess|encryption|signing|master|client|app)[_-]?key|' +
    '(?<![A-Za-z0-9_])auth|credentials?)' +
    '(["\']?[ \\t]*(?::=|=>|[:=])[ \\t]*)' +
    '(?:"([^"\\n]{0,512})"|\'([^\'\\n]{0,512})\'|([^\\s"\'`,;&<>]+))',
  'gi',
);

/**
 * A URL's userinfo password, for URLs taken whole (a run of non-blank characters holding `://`). The password
 * runs from the first ':' of the userinfo to the *last* '@' before the host, so `p@ss/w0rd` is taken whole.
 */
function rewriteUrl(url: string): string | undefined {
  const scheme = url.indexOf('://');
  if (scheme < 0) return undefined;
  const rest = url.slice(scheme + 3);
  const at = rest.lastIndexOf('@');
  if (at <= 0) return undefined;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0 || userinfo.includes('://')) return undefined;
  const user = userinfo.slice(0, colon);
  const password = userinfo.slice(colon + 1);
  if (!password || /[/?#]/.test(user)) return undefined;
  const slash = password.indexOf('/');
  if (slash >= 0 && /^[0-9]*$/.test(password.slice(0, slash))) return undefined; // host:8080/path/@x: a port
  if (!/^[A-Za-z0-9[]/.test(rest.slice(at + 1))) return undefined;
  if (/^(?:[$%{<*]|\\?\$\{)|^(?:password|pass|pwd|secret|x+)$/i.test(password) || password.includes('«redacted:')) return undefined;
  const start = scheme + 3 + colon + 1;
  return url.slice(0, start) + placeholder('url-password') + url.slice(start + password.length);
}

const RULES: readonly Rule[] = [
  {
    id: 'private-key',
    hints: ['-----BEGIN'],
    // An unterminated block (a prompt cut inside the key) is redacted to the end of the text.
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    group: 0,
  },
  {
    // PuTTY .ppk: the private lines through the MAC (or to the end of the base64 lines when cut).
    id: 'private-key',
    hints: ['Private-Lines:'],
    re: /(Private-Lines:)([ \t]*[0-9]+[ \t]*\r?\n(?:[A-Za-z0-9+/=]+\r?\n)*(?:Private-(?:MAC|Hash):[ \t]*[0-9a-fA-F]+|[A-Za-z0-9+/=]+$)?)/g,
    group: 2,
  },
  {
    id: 'aws-access-key',
    hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    group: 0,
  },
  token(
    'aws-session-token',
    'IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz',
    'A-Za-z0-9/+=',
    len(80),
    ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz'],
    '(?<![A-Za-z0-9/+=])',
  ),
  {
    // 40 base64 characters standing alone, with "aws" or "secret access key" shortly before (a bare secret key).
    id: 'aws-secret-key',
    re: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    group: 0,
    kind: (s, at, text) =>
      mixed(s) && mixedCase(s) && AWS_CONTEXT.test(text.slice(Math.max(0, at - 120), at)) ? 'aws-secret-key' : undefined,
  },
  token('anthropic-key', 'sk-ant-', URLSAFE, len(20), ['sk-ant-']),
  {
    ...token(
      'openai-key',
      'sk-',
      URLSAFE,
      atLeast(25, () => true),
      ['sk-'],
    ),
    kind: (whole) => skKind(whole.slice(3)),
  },
  token('github-token', 'gh[pousr]_', B62, len(36, 255), ['gh']),
  token('github-token', 'github_pat_', `${B62}_`, len(40, 255), ['github_pat_']),
  token('gitlab-token', 'glpat-|glptt-|gldt-|glrt-|glcbt-|glsoat-|glffct-|glimt-|glagent-', URLSAFE, lenMixed(20), ['gl']),
  token('slack-token', 'xox[abposre]-|xapp-', `${B62}\\-`, lenMixed(10), ['xox', 'xapp-']),
  token('slack-webhook', 'https://hooks\\.slack\\.com/(?:services|workflows|triggers)/', `${B62}/_\\-`, len(20), ['hooks.slack.com'], ''),
  token(
    'discord-webhook',
    'https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]+/',
    URLSAFE,
    len(60),
    ['/api/webhooks/'],
    '',
  ),
  {
    id: 'discord-bot-token',
    re: /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
    group: 0,
    kind: (s) => (mixed(s) && mixedCase(s) ? 'discord-bot-token' : undefined),
  },
  token('google-api-key', 'AIza', URLSAFE, exactly(35), ['AIza']),
  token('google-oauth-secret', 'GOCSPX-', URLSAFE, len(24, 40), ['GOCSPX-']),
  token('google-oauth-token', 'ya29\\.', URLSAFE, len(30), ['ya29.'], '(?<![A-Za-z0-9_.\\-])'),
  token('google-oauth-token', '1//0', URLSAFE, lenMixed(30), ['1//0'], '(?<![A-Za-z0-9_/])'),
  token('stripe-key', '[sr]k_(?:live|test)_', B62, len(16), ['k_live_', 'k_test_']),
  token('stripe-webhook-secret', 'whsec_', B62, len(24), ['whsec_']),
  token('npm-token', 'npm_', B62, exactly(36, /[0-9]/), ['npm_']),
  token('huggingface-token', 'hf_', B62, atLeast(34, mixedCase), ['hf_']),
  {
    id: 'sendgrid-key',
    hints: ['SG.'],
    re: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g,
    group: 0,
    kind: (s) => (/^SG\.[\w-]{16,32}\.[\w-]{40,50}$/.test(s) ? 'sendgrid-key' : undefined),
  },
  token('twilio-key', 'SK', B62, exactly(32, HEX), ['SK']),
  token('digitalocean-token', 'do[opr]_v1_', B62, exactly(64, HEX), ['_v1_']),
  token('mailgun-key', 'key-', B62, exactly(32, HEX), ['key-']),
  {
    id: 'mailchimp-key',
    hints: ['-us'],
    re: /(?<![A-Za-z0-9_-])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9_-])/g,
    group: 0,
    kind: (s) => (mixed(s) ? 'mailchimp-key' : undefined),
  },
  token('shopify-token', 'shp(?:at|ca|pa|ss)_', B62, exactly(32, HEX), ['shp']),
  token('square-token', 'sq0(?:atp|csp)-', URLSAFE, len(22), ['sq0']),
  token('pypi-token', 'pypi-AgEIcHlwaS5vcmc', URLSAFE, len(50), ['pypi-AgEIcHlwaS5vcmc']),
  token('docker-token', 'dckr_pat_', URLSAFE, len(24), ['dckr_pat_']),
  token('databricks-token', 'dapi', B62, exactly(32, /^(?=.*[0-9])(?=.*[a-h])[a-h0-9]+$/), ['dapi']),
  token('vault-token', 'hv[sbr]\\.', URLSAFE, lenMixed(24), ['hvs.', 'hvb.', 'hvr.'], '(?<![A-Za-z0-9_.\\-])'),
  {
    id: 'terraform-token',
    hints: ['.atlasv1.'],
    re: /(?<![A-Za-z0-9_.-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]*/g,
    group: 0,
    kind: (s) => (s.length >= 14 + 9 + 60 ? 'terraform-token' : undefined),
  },
  token('doppler-token', 'dp\\.(?:pt|st|ct|sa|scim|audit)\\.', B62, len(40), ['dp.'], '(?<![A-Za-z0-9_.\\-])'),
  token('linear-key', 'lin_(?:api|oauth)_', B62, len(40), ['lin_']),
  token('postman-key', 'PMAK-', `${B62}\\-`, exactly(59, /^[0-9a-f]{24}-[0-9a-f]{34}$/), ['PMAK-']),
  token('pulumi-token', 'pul-', B62, exactly(40, HEX), ['pul-']),
  token('sentry-token', 'sntry[su]_', `${B62}_+/=`, len(40), ['sntry']),
  token('grafana-token', 'glc_|glsa_', `${B62}_+/=`, lenMixed(32), ['glc_', 'glsa_']),
  token('age-secret-key', 'AGE-SECRET-KEY-1', 'A-Z0-9', exactly(58), ['AGE-SECRET-KEY-1']),
  token('groq-key', 'gsk_', B62, lenMixed(48), ['gsk_']),
  token('xai-key', 'xai-', B62, lenMixed(70), ['xai-']),
  token('perplexity-key', 'pplx-', B62, lenMixed(40), ['pplx-']),
  token('replicate-token', 'r8_', B62, lenMixed(36, 40), ['r8_']),
  token(
    'notion-token',
    'ntn_|secret_',
    B62,
    atLeast(40, (r) => r.length <= 50 && mixed(r) && mixedCase(r)),
    ['ntn_', 'secret_'],
  ),
  token('atlassian-token', 'ATATT3', `${B62}_=\\-`, len(100), ['ATATT3']),
  token('supabase-token', 'sbp_', B62, exactly(40, HEX), ['sbp_']),
  token('netlify-token', 'nfp_', B62, lenMixed(36), ['nfp_']),
  token('fly-token', 'fo1_', URLSAFE, lenMixed(40), ['fo1_']),
  token('heroku-key', 'HRKU-', URLSAFE, lenMixed(40), ['HRKU-']),
  token('planetscale-token', 'pscale_(?:tkn|pw|oauth)_', `${B62}_.\\-`, lenMixed(32), ['pscale_']),
  token(
    'facebook-token',
    'EAA',
    B62,
    atLeast(100, (r) => mixed(r) && mixedCase(r)),
    ['EAA'],
  ),
  token('mapbox-token', 'sk\\.eyJ', `${URLSAFE}.`, len(60), ['sk.eyJ']),
  token('newrelic-key', 'NRAK-', 'A-Z0-9', exactly(27), ['NRAK-']),
  {
    id: 'dynatrace-token',
    hints: ['dt0c01.'],
    re: /(?<![A-Za-z0-9_.-])dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![A-Za-z0-9_-])/g,
    group: 0,
  },
  token('firebase-key', 'AAAA[A-Za-z0-9_\\-]{7}:APA91b', URLSAFE, len(100), [':APA91b']),
  {
    id: 'telegram-token',
    hints: [':AA'],
    re: /(?<![A-Za-z0-9_:-])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g,
    group: 0,
  },
  {
    // Azure AD (Entra) client secrets: three characters, a digit, "Q~", then 31–34 more.
    id: 'azure-client-secret',
    hints: ['Q~'],
    re: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    group: 0,
  },
  {
    id: 'azure-sas',
    hints: ['sig='],
    re: /((?<=[?&])sig=)([A-Za-z0-9%+/=]+)/g,
    group: 2,
    kind: (s) => (s.length >= 20 ? 'azure-sas' : undefined),
  },
  {
    id: 'jwt',
    hints: ['eyJ'],
    re: /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g,
    group: 0,
    // Header and payload: eyJ and at least 8 more; the signature at least 8.
    kind: (s) => {
      const [h, p, sig] = s.split('.');
      return h.length >= 11 && p.length >= 11 && sig.length >= 8 ? 'jwt' : undefined;
    },
  },
  {
    id: 'bearer-token',
    hints: ['authorization'],
    re: /(\bAuthorization["']?[ \t]*[:=][ \t]*(?:["'][ \t]*)?(Bearer|Basic|Token|Bot|Digest)[ \t]+)([A-Za-z0-9._~+/-]+=*)/gi,
    group: 3,
    kind: (s, _at, _text, groups) => (s.length < 12 ? undefined : /^basic$/i.test(groups[1] ?? '') ? 'basic-auth' : 'bearer-token'),
  },
  {
    id: 'bearer-token',
    hints: ['Bearer ', 'Basic '],
    re: /(["'`](Bearer|Basic)[ \t]+)([A-Za-z0-9._~+/-]+=*)/g,
    group: 3,
    kind: (s, _at, _text, groups) => (s.length >= 20 && mixed(s) ? (groups[1] === 'Basic' ? 'basic-auth' : 'bearer-token') : undefined),
  },
  {
    id: 'url-password',
    hints: ['://'],
    // A whole URL: starts after a delimiter (never inside another run), runs to the next blank or quote.
    re: /(?<![^\s'"`<>()[\]{},;=:|])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s'"`<>]*/g,
    group: 0,
    rewrite: (url) => rewriteUrl(url),
  },
  { id: 'password', hints: ['password'], re: NETRC, group: 2, kind: (s) => (s.includes('«redacted:') ? undefined : 'password') },
  {
    id: 'secret',
    hints: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential'],
    re: ASSIGNMENT,
    group: 0,
    rewrite: (_match, g) => replaceAssignment(g[0]!, g[1]!, g[2], g[3], g[4]),
  },
];

/** The assignment rule's replacement: keyword and separator kept, the value (quotes kept) replaced. */
function replaceAssignment(keyword: string, sep: string, dq?: string, sq?: string, bare?: string): string | undefined {
  const value = dq ?? sq ?? bare ?? '';
  const tight = /^["']?(?:=|:=)$/.test(sep);
  if (!assignedSecret(value, keyword, bare !== undefined, tight)) return undefined;
  const kind = PASSWORD_WORD.test(keyword) ? 'password' : 'secret';
  const q = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
  return keyword + sep + q + placeholder(kind) + q;
}

const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_BODY = /[A-Za-z0-9+/=\\ \t\r\n]/;

/**
 * The tail of a key whose BEGIN line was cut off (a completion suffix starting inside the block): the END line
 * and the whole base64 lines (raw, or joined with \n escapes) just before it. Walked backwards by hand: a regex
 * for "a run of base64 and blanks, then END" backtracks badly on long runs that have no END.
 */
function redactKeyTails(text: string): Redacted {
  if (!text.includes('PRIVATE KEY-----')) return { text, count: 0 };
  let out = '';
  let done = 0;
  let count = 0;
  for (const m of text.matchAll(KEY_END)) {
    const at = m.index;
    let start = at;
    while (start > done && KEY_BODY.test(text[start - 1])) start--;
    if (start > 0) {
      // Stopped inside a line of code: keep that line, take the key lines after it.
      const nl = text.slice(start, at).search(/\n|\\n/);
      start = nl < 0 ? at : start + nl;
    }
    start += /^(?:\s|\\n)*/.exec(text.slice(start, at))![0].length;
    if (!/[A-Za-z0-9+/]{16,}/.test(text.slice(start, at))) continue;
    out += text.slice(done, start) + placeholder('private-key');
    done = at + m[0].length;
    count++;
  }
  return count ? { text: out + text.slice(done), count } : { text, count: 0 };
}

function present(rule: Rule, text: string, lower: () => string): boolean {
  if (!rule.hints) return true;
  const hay = rule.re.ignoreCase ? lower() : text;
  return rule.hints.some((h) => hay.includes(h));
}

/** Replaces each high-confidence secret in `text` by «redacted:<kind>»; returns the new text and the count. */
export function redactSecrets(text: string): Redacted {
  // A placeholder can end a run that hid a secret glued to another one (`AKIA…https://hooks.slack…`): the next pass
  // then finds it. Passes repeat until nothing changes (each is linear; a pass that changes nothing ends it), so
  // redacting the result again finds nothing.
  let result = redactOnce(text);
  for (let pass = 1; pass < MAX_PASSES && result.count > 0; pass++) {
    const again = redactOnce(result.text);
    if (again.count === 0) break;
    result = { text: again.text, count: result.count + again.count };
  }
  return result;
}

/** Passes of the rules over a text at most (a secret hidden by a glued neighbour is found by the second). */
const MAX_PASSES = 4;

function redactOnce(text: string): Redacted {
  let out = text;
  let count = 0;
  let lowered: string | undefined;
  const lower = (): string => (lowered ??= out.toLowerCase());
  for (const rule of RULES) {
    if (!present(rule, out, lower)) continue;
    rule.re.lastIndex = 0;
    const before = out;
    out = out.replace(rule.re, (match: string, ...args: unknown[]) => {
      const at = args[args.length - 2] as number;
      const groups = args.slice(0, -2) as (string | undefined)[];
      let next: string | undefined;
      if (rule.rewrite) next = rule.rewrite(match, groups);
      else {
        const secret = rule.group === 0 ? match : (groups[rule.group - 1] ?? '');
        const keep = match.slice(0, match.length - secret.length);
        const kind = secret && (rule.kind ? rule.kind(secret, at + keep.length, before, groups) : rule.id);
        next = kind ? keep + placeholder(kind) : undefined;
      }
      if (next === undefined) return match;
      count += next.split('«redacted:').length - match.split('«redacted:').length;
      return next;
    });
    if (out !== before) lowered = undefined;
  }
  // After the rules, so whole BEGIN…END blocks are already gone.
  const tails = redactKeyTails(out);
  return { text: tails.text, count: count + tails.count };
}
