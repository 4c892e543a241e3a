import type { Filter } from './filter';

/** On one line: drops a trailing `;`, `,` or auto-closed quote the document already has after the cursor. */
export const cutLineSuffixOverlap: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  const { text } = draft;
  const rest = ctx.lineSuffix.trim();
  if (!rest || text.includes('\n') || /[()[\]{}]/.test(rest) || !text.endsWith(rest)) return draft;
  for (const q of ['"', "'", '`']) {
    if (rest.includes(q) && (text.split(q).length - 1) % 2 === 0) return draft;
  }
  const cut = text.slice(0, text.length - rest.length);
  // The document's own blanks before that text follow the cursor: the completion's would double them.
  return { ...draft, text: /^\s/.test(ctx.lineSuffix) ? cut.trimEnd() : cut };
};
