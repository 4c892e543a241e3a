/**
 * The code-aware tokenizer of the codebase index (and of the questions asked of it). Code names things in
 * camelCase, PascalCase, snake_case, kebab-case and paths; a question names them in words. So each identifier is
 * kept whole ("retryconfig") and split into its words ("retry", "config"); paths split at '/' and '.'; words are
 * lower-cased, lightly stemmed (plural and verb endings: "retries" → "retry", "resets" → "reset") and a short list
 * of English stop words is dropped. One linear pass over the text; no regex backtracks.
 */

/** English words too common in questions to tell files apart ("how does the … work"). Code keywords are kept. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'can',
  'do',
  'does',
  'doe',
  'for',
  'from',
  'how',
  'i',
  'in',
  'into',
  'is',
  'it',
  'its',
  'me',
  'of',
  'on',
  'or',
  'so',
  'that',
  'the',
  'their',
  'them',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'we',
  'what',
  'when',
  'where',
  'which',
  'who',
  'why',
  'will',
  'with',
  'you',
  'your',
]);

/** Longest identifier kept whole; longer runs (base64 blobs, minified soup) still yield their words. */
const MAX_WHOLE = 64;
/** Words longer than this are dropped (hashes, data). */
const MAX_WORD = 40;

const isIdentChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 45 || c > 127;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The words of one identifier: split at '_', '-', '$', at lower→upper ("retryCount"), at the last capital of a
 * capital run ("HTTPServer" → "http", "server") and between letters and digits.
 */
export function identifierWords(id: string): string[] {
  const words: string[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start >= 0 && end > start) words.push(id.slice(start, end));
    start = -1;
  };
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === 95 || c === 45 || c === 36) {
      flush(i);
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    const p = id.charCodeAt(i - 1);
    const n = i + 1 < id.length ? id.charCodeAt(i + 1) : 0;
    const camel = isUpper(c) && (isLower(p) || isDigit(p) || (isUpper(p) && isLower(n)));
    const digitEdge = isDigit(c) !== isDigit(p) && (isDigit(c) || isDigit(p)) && !(c > 127 || p > 127);
    if (camel || digitEdge) {
      flush(i);
      start = i;
    }
  }
  flush(id.length);
  return words;
}

/**
 * A light English stemmer for code words: folds plurals and verb endings so a question's "retries" meets the
 * code's "retry". Conservative: it only strips endings from words of 5+ letters, never doubles back into a
 * different word family, and is the same function on both sides (index and query), which is all BM25 needs.
 */
export function stem(w: string): string {
  if (w.length < 5 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length >= 6) return undouble(w.slice(0, -3));
  if (w.endsWith('ed') && w.length >= 6) return undouble(w.endsWith('ied') ? `${w.slice(0, -3)}y` : w.slice(0, -2));
  if (w.endsWith('es') && /(?:ch|sh|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** "emitt" → "emit", "subscrib" stays; a final 'e' lost by "-ing"/"-ed" is not restored (both sides lose it). */
function undouble(w: string): string {
  const n = w.length;
  if (n >= 3 && w[n - 1] === w[n - 2] && !'lsz'.includes(w[n - 1])) return w.slice(0, -1);
  return w.endsWith('e') ? w.slice(0, -1) : w;
}

/** Trailing 'e' dropped from every word so "schedule"/"scheduled"/"scheduling" meet. */
function normalizeWord(w: string): string | undefined {
  if (w.length > MAX_WORD) return undefined;
  const lower = w.toLowerCase();
  if (STOP_WORDS.has(lower)) return undefined;
  const s = stem(lower);
  return s.length > 3 && s.endsWith('e') ? s.slice(0, -1) : s;
}

/**
 * The index terms of a text: each identifier whole (lower-cased, when it has more than one word) and its words.
 * Duplicates are kept (BM25 counts them). Paths split at '/', '.', '\\' and every other non-identifier character.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && !isIdentChar(text.charCodeAt(i))) i++;
    const start = i;
    while (i < n && isIdentChar(text.charCodeAt(i))) i++;
    if (i === start) continue;
    // Leading/trailing '-' and '$' are punctuation (a minus, a template's "${"), not part of the name.
    let a = start;
    let b = i;
    while (a < b && (text.charCodeAt(a) === 45 || text.charCodeAt(a) === 36)) a++;
    while (b > a && (text.charCodeAt(b - 1) === 45 || text.charCodeAt(b - 1) === 36)) b--;
    if (a === b) continue;
    const id = text.slice(a, b);
    const words = identifierWords(id);
    if (words.length > 1 && id.length <= MAX_WHOLE) {
      const whole = id.toLowerCase().replace(/[-$]/g, '_');
      out.push(whole);
    }
    for (const w of words) {
      const t = normalizeWord(w);
      if (t) out.push(t);
    }
  }
  return out;
}
