import type { Filter } from './filter';

/**
 * After code that ends with a blank (`return ‖`), blanks the completion starts with would double it (`return  x`):
 * they go. A completion that starts on the next line, or a cursor at the line's indentation, is left alone.
 */
export const dropLeadingSpace: Filter = (draft, ctx) => {
  const { text } = draft;
  if (!ctx.linePrefix.trim() || !/[ \t]$/.test(ctx.linePrefix) || !(text[0] === ' ' || text[0] === '\t')) return draft;
  let i = 0;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i < text.length && text[i] !== '\n' ? { ...draft, text: text.slice(i) } : draft;
};
