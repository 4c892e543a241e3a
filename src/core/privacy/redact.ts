/**
 * Removes high-confidence secrets from text before it leaves the machine (completion prompts, chat messages,
 * attachments). Each rule matches a credential by its documented shape (a vendor prefix, a PEM armour line, a
 * JWT's base64 JSON header) or a secret-named assignment, so ordinary code passes through untouched.
 */

interface Rule {
  id: string;
  re: RegExp;
  /** Capture group holding the secret; the rest of the match is kept. 0 = the whole match. */
  group: number;
  /** Cheap substring test run before the regex (skips rules whose marker is absent); case-blind for /i rules. */
  hint?: string;
  /** Extra check on the secret itself (rejects identifiers that merely look like keys). */
  valid?: (secret: string) => boolean;
}

/** Random tokens mix letters and digits; identifiers and words rarely do for this long. */
const mixed = (s: string): boolean => /[0-9]/.test(s) && /[A-Za-z]/.test(s);
const mixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

const RULES: readonly Rule[] = [
  {
    id: 'private-key',
    hint: '-----BEGIN',
    // An unterminated block (a prompt cut inside the key) is redacted to the end of the text.
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    group: 0,
  },
  { id: 'aws-access-key', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, group: 0 },
  {
    id: 'aws-secret-key',
    hint: 'ecret',
    re: /(\b[\w.-]{0,40}secret[_-]?(?:access[_-]?)?key["']?\s*(?:=>|[:=])\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 2,
    valid: (s) => mixed(s) && mixedCase(s),
  },
  { id: 'anthropic-key', hint: 'sk-ant-', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g, group: 0 },
  { id: 'openai-key', hint: 'sk-', re: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g, group: 0 },
  { id: 'openai-key', hint: 'sk-', re: /\bsk-[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g, group: 0, valid: mixed },
  { id: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{40,255})\b/g, group: 0 },
  { id: 'gitlab-token', hint: 'glpat-', re: /\bglpat-[A-Za-z0-9_-]{20,}/g, group: 0 },
  { id: 'slack-token', hint: 'xox', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g, group: 0, valid: mixed },
  { id: 'slack-webhook', hint: 'hooks.slack.com', re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g, group: 0 },
  { id: 'google-api-key', hint: 'AIza', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, group: 0 },
  { id: 'stripe-key', re: /\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}/g, group: 0 },
  { id: 'npm-token', hint: 'npm_', re: /\bnpm_[A-Za-z0-9]{36}\b/g, group: 0, valid: mixed },
  { id: 'huggingface-token', hint: 'hf_', re: /\bhf_[A-Za-z0-9]{34,}\b/g, group: 0, valid: mixedCase },
  {
    id: 'bearer-token',
    re: /(\bAuthorization["']?\s*[:=]\s*["']?\s*Bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/gi,
    group: 2,
  },
  { id: 'bearer-token', hint: 'Bearer ', re: /(["'`]Bearer\s+)([A-Za-z0-9._~+/-]{20,}=*)/g, group: 2, valid: mixed },
  { id: 'jwt', hint: 'eyJ', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, group: 0 },
  {
    id: 'url-password',
    hint: '://',
    re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]+:)([^\s@/'"`${}]{3,})(?=@)/gi,
    group: 2,
  },
];

export interface Redacted {
  text: string;
  /** How many secrets were replaced. */
  count: number;
}

/** The text put in place of a secret: «redacted:<kind>». */
export function placeholder(kind: string): string {
  return `«redacted:${kind}»`;
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

/** Replaces each high-confidence secret in `text` by «redacted:<kind>»; returns the new text and the count. */
export function redactSecrets(text: string): Redacted {
  let out = text;
  let count = 0;
  let lower: string | undefined;
  for (const rule of RULES) {
    if (rule.hint) {
      const hay = rule.re.ignoreCase ? (lower ??= out.toLowerCase()) : out;
      if (!hay.includes(rule.re.ignoreCase ? rule.hint.toLowerCase() : rule.hint)) continue;
    }
    rule.re.lastIndex = 0;
    if (!rule.re.test(out)) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (match: string, ...groups: unknown[]) => {
      const secret = rule.group === 0 ? match : String(groups[rule.group - 1] ?? '');
      if (!secret || (rule.valid && !rule.valid(secret))) return match;
      count++;
      lower = undefined;
      if (rule.group === 0) return placeholder(rule.id);
      const before = groups.slice(0, rule.group - 1).join('');
      return before + placeholder(rule.id);
    });
  }
  // After the rules, so whole BEGIN…END blocks are already gone.
  const tails = redactKeyTails(out);
  return { text: tails.text, count: count + tails.count };
}
