import type { Filter } from './filter';

/** How far ahead dropRepeats looks: blocks of 2 to this many lines repeated back to back are cut. */
const MAX_BLOCK = 4;

/** Cuts a line that repeats the one before it, or a block of 2–4 lines repeated back to back. */
export const dropRepeats: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  let completion = draft.text.split('\n');
  // Lines past the limit are never shown; dropRepeats looks at most 4 lines ahead, so it sees the same repeats.
  if (ctx.mode === 'multi') completion = completion.slice(0, ctx.maxLines + MAX_BLOCK);
  return { ...draft, text: dropRepeatedLines(completion, ctx.linePrefix).join('\n') };
};

function dropRepeatedLines(completion: string[], linePrefix: string): string[] {
  // Compared as whole document lines: the first one continues the cursor line.
  const lines = [linePrefix + completion[0], ...completion.slice(1)];
  const blank = lines.map((l) => !l.trim());
  for (let i = 1; i < lines.length; i++) {
    if (!blank[i] && lines[i] === lines[i - 1]) return completion.slice(0, i);
    for (let k = 2; k <= MAX_BLOCK && i + k <= lines.length && i - k >= 0; k++) {
      let same = true;
      let content = false;
      for (let j = 0; j < k && same; j++) {
        same = lines[i + j] === lines[i - k + j];
        content ||= !blank[i + j];
      }
      if (same && content) return completion.slice(0, i);
    }
  }
  return completion;
}
