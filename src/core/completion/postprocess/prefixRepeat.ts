import type { Filter } from './filter';

/** Nothing when the completion only repeats the line above the one it completes, or a block just before it. */
export const dropPrefixRepeat: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  return repeatsPrefix(draft.text, ctx.prefix, ctx.linePrefix) ? { ...draft, text: '' } : draft;
};

function repeatsPrefix(text: string, prefix: string, linePrefix: string): boolean {
  const prefixLines = prefix.split('\n');
  const cursorLine = prefixLines.pop() ?? '';
  const lines = text.split('\n');
  // A completion starting with a newline completes the next line: the cursor line is then "above" it.
  const nextLine = !lines[0].trim();
  if (nextLine) prefixLines.push(cursorLine);
  const recent = prefixLines
    .slice(-30)
    .map((l) => l.trim())
    .filter((l) => l);
  const own = nextLine ? lines.slice(1) : [linePrefix + lines[0], ...lines.slice(1)];
  const want = own.map((l) => l.trim()).filter((l) => l);
  if (want.length === 1) return want[0].length >= 4 && want[0] === recent[recent.length - 1];
  for (let s = 0; s + want.length <= recent.length; s++) {
    if (want.every((l, j) => recent[s + j] === l)) return true;
  }
  return false;
}
