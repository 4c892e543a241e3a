/**
 * Line matching for search_text in time linear in the text, whatever the query. A regular expression runs on
 * RE2JS (a port of RE2: no backtracking, so `(a+)+$` or `(x+x+)+y` cost no more than `a`), line by line with each
 * line cut at LINE_CHARS, and the program size is capped; a literal query is a plain indexOf.
 */
import { RE2JS } from 're2js';

export const TEXT_SEARCH_LIMITS = {
  /** Characters of a query. */
  queryChars: 1000,
  /**
   * A regex's size once counted repeats are unrolled (repeatCost): RE2 unrolls `x{1,n}` into n nested optionals,
   * and compiling `[a-z]{1,1000}` takes ~150 ms, so larger ones are refused before they are compiled.
   */
  repeatCost: 400,
  /** A regex's compiled size (RE2 instructions), checked after compiling. */
  programSize: 2000,
  /** A regex sees at most this much of a line. */
  lineChars: 4096,
} as const;

/** Tests one line. */
export type LineMatcher = (line: string) => boolean;

/** A matcher for the query, or an Error whose message says what is wrong with it. */
export function compileQuery(query: string, isRegex: boolean, caseSensitive: boolean): LineMatcher | Error {
  if (query.length > TEXT_SEARCH_LIMITS.queryChars)
    return new Error(`The query is longer than ${TEXT_SEARCH_LIMITS.queryChars} characters.`);
  if (!isRegex) {
    if (caseSensitive) return (line) => line.includes(query);
    const q = query.toLowerCase();
    return (line) => line.toLowerCase().includes(q);
  }
  if (repeatCost(query) > TEXT_SEARCH_LIMITS.repeatCost) {
    return new Error(`The regular expression "${query}" is too complex (large counted repeats such as {1,1000}); simplify it.`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(query), caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    return new Error(
      `The regular expression "${query}" is invalid: ${why}. RE2 syntax: lookarounds and backreferences are not supported; ` +
        'escape special characters, or search with isRegex false.',
    );
  }
  const size = re.matcher('').programSize();
  if (size > TEXT_SEARCH_LIMITS.programSize) {
    return new Error(`The regular expression "${query}" is too complex (large counted repeats); simplify it.`);
  }
  return (line) => re.test(line.length > TEXT_SEARCH_LIMITS.lineChars ? line.slice(0, TEXT_SEARCH_LIMITS.lineChars) : line);
}

/** A hit's line as shown: trimmed, at most `width` characters. */
export function shownLine(line: string, width = 240): string {
  const t = line.trim();
  return t.length > width ? `${t.slice(0, width)}…` : t;
}

const COUNT = /\{(\d+)(,(\d*))?\}/y;
const CAP = 1e9;

/**
 * About how many atoms a regex has once its counted repeats are unrolled: literals, classes and escapes count 1,
 * a group its contents, `{n}`/`{n,m}`/`{n,}` multiply what they follow by m (or n + 1), alternatives add up. A
 * rough bound computed in one pass, to refuse patterns whose compiling alone would take long.
 */
export function repeatCost(pattern: string): number {
  let i = 0;
  const seq = (): number => {
    let total = 0;
    let last = 0;
    while (i < pattern.length && pattern[i] !== ')') {
      const c = pattern[i];
      if (c === '|') {
        i++;
      } else if (c === '(') {
        i++;
        const inner = seq();
        i++;
        total = Math.min(CAP, total + last);
        last = inner;
        continue;
      } else if (c === '\\') {
        // \p{Greek}: the braces belong to the escape.
        const named = (pattern[i + 1] === 'p' || pattern[i + 1] === 'P') && pattern[i + 2] === '{';
        const close = named ? pattern.indexOf('}', i) : -1;
        i = close >= 0 ? close + 1 : i + 2;
      } else if (c === '[') {
        i++;
        if (pattern[i] === '^') i++;
        if (pattern[i] === ']') i++;
        while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
        i++;
      } else if (c === '{') {
        COUNT.lastIndex = i;
        const m = COUNT.exec(pattern);
        if (m) {
          const n = m[3] ? Number(m[3]) : m[2] ? Number(m[1]) + 1 : Number(m[1]);
          last = Math.min(CAP, last * Math.max(1, n));
          i += m[0].length;
          continue;
        }
        i++;
      } else {
        i++;
      }
      total = Math.min(CAP, total + last);
      last = 1;
    }
    return Math.min(CAP, total + last);
  };
  let sum = 0;
  while (i < pattern.length) {
    sum = Math.min(CAP, sum + seq());
    i++;
  }
  return sum;
}
