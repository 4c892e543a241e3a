import type { Filter } from './filter';

/** A line of closing brackets and punctuation only: compared with its indentation (which block it closes). */
const CLOSING_LINE = /^[\s)\]};,]*$/;

/**
 * Cuts the answer where it runs into the document's next line after the cursor line (the first one with text),
 * trailing blanks go. Lines compare trimmed, the first one included (as the cursor line it completes), except
 * lines of closing brackets only, whose indentation tells which block they close.
 */
export const cutSuffixLines: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  let lines = draft.text.split('\n');
  const next = nextLine(ctx.suffix);
  if (next !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      const line = i > 0 ? lines[i] : ctx.linePrefix + lines[0] + (lines.length === 1 ? ctx.lineSuffix : '');
      if (line.trim() && sameLine(line, next)) {
        lines = lines.slice(0, i);
        break;
      }
    }
  }
  return { ...draft, text: lines.join('\n').trimEnd() };
};

/** The first line with text after the suffix's first line (the rest of the cursor line). */
function nextLine(suffix: string): string | undefined {
  let at = suffix.indexOf('\n');
  while (at >= 0) {
    const eol = suffix.indexOf('\n', at + 1);
    const line = suffix.slice(at + 1, eol < 0 ? suffix.length : eol);
    if (line.trim()) return line;
    at = eol;
  }
  return undefined;
}

function sameLine(a: string, b: string): boolean {
  return CLOSING_LINE.test(a) ? a.trimEnd() === b.trimEnd() : a.trim() === b.trim();
}
