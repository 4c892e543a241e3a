import type { CodePosition, CodeRange } from '../languageFeatures';

/** Start offsets of every line of `text`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line and UTF-16 character of `offset`. */
export function positionAt(text: string, offset: number): CodePosition {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

/** Lines [startLine, endLine] (inclusive, clamped) of `text`, or '' when the range lies outside it. */
export function sliceLines(text: string, startLine: number, endLine: number): string {
  const lines = text.split('\n');
  const s = Math.max(0, startLine);
  const e = Math.min(lines.length - 1, endLine);
  return e >= s ? lines.slice(s, e + 1).join('\n') : '';
}

export function contains(outer: CodeRange, p: CodePosition): boolean {
  const after = p.line > outer.start.line || (p.line === outer.start.line && p.character >= outer.start.character);
  const before = p.line < outer.end.line || (p.line === outer.end.line && p.character <= outer.end.character);
  return after && before;
}

/** Whole lines at the start of `text` within `maxChars` (at least the first line's first maxChars characters). */
export function headLines(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  const nl = text.lastIndexOf('\n', maxChars);
  return { text: nl > 0 ? text.slice(0, nl) : text.slice(0, Math.max(0, maxChars)), cut: true };
}
