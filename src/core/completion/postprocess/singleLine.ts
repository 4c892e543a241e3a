import type { Filter } from './filter';

/** In single-line mode: up to and including the first line with non-blank text (it may start on the next line). */
export const keepOneLine: Filter = (draft, ctx) => {
  if (ctx.mode !== 'single') return draft;
  const lines = draft.text.split('\n');
  const i = lines.findIndex((l) => l.trim());
  return { ...draft, text: i < 0 ? '' : lines.slice(0, i + 1).join('\n') };
};
