/**
 * Line matching for search_text in time linear in the text, whatever the query. A regular expression runs on
 * RE2JS (a port of RE2: no backtracking, so `(a+)+$` or `(x+x+)+y` cost no more than `a`), line by line with each
 * line cut at LINE_CHARS, and the program size is capped; a literal query is a plain indexOf.
 */
import { RE2JS } from 're2js';

export const TEXT_SEARCH_LIMITS = {
  /** Characters of a query. */
  queryChars: 1000,
  /** A regex's compiled size (RE2 instructions): `[a-z]{1,1000}` alone is ~1000. */
  programSize: 5000,
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
