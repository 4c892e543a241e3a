import type { Filter } from './filter';

/** Cuts the completion where it runs into the lines that already follow the cursor line; trailing blanks go. */
export const cutSuffixLines: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  const lines = draft.text.split('\n');
  const after = ctx.suffix.split('\n').slice(1);
  const next = after.find((l) => l.trim());
  let end = lines.length;
  if (next !== undefined) {
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].trimEnd() === next.trimEnd()) {
        end = i;
        break;
      }
    }
  }
  return { ...draft, text: lines.slice(0, end).join('\n').trimEnd() };
};
