import type { Filter } from './filter';

/** Line ends as the editor's model holds them: `\r\n` and a lone `\r` become `\n`. */
export const normaliseNewlines: Filter = (draft) => ({ ...draft, text: draft.text.replace(/\r\n?/g, '\n') });
