/** Helpers the filters share. Each walks its text once (no regex that can backtrack over a long run). */

/** The blanks a line starts with. */
export const leading = (s: string): string => /^[ \t]*/.exec(s)![0];

/**
 * `s` without trailing spaces and tabs. By hand: an unanchored `/[ \t]*$/` (like `/\s+$/`) retries from every
 * blank of a long inner run and takes quadratic time (40k spaces mid-text: seconds).
 */
export function trimBlanksEnd(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(0, end);
}

export const CLOSERS = new Set([')', ']', '}']);
