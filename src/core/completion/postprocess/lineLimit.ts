import type { Filter } from './filter';

/** In multi-line mode: at most the mode's `maxLines` lines. */
export const limitLines: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix || ctx.mode !== 'multi') return draft;
  return { ...draft, text: draft.text.split('\n').slice(0, ctx.maxLines).join('\n') };
};
