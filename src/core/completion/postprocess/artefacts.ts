import { ALL_SPECIAL_TOKENS } from '../templates';
import type { Filter } from './filter';

/** Cuts the answer at the first special token a model leaked (FIM markers, end-of-text). */
export const cutArtefacts: Filter = (draft) => {
  const { text } = draft;
  let end = text.length;
  for (const t of ALL_SPECIAL_TOKENS) {
    const i = text.indexOf(t);
    if (i >= 0 && i < end) end = i;
  }
  return { ...draft, text: text.slice(0, end) };
};
