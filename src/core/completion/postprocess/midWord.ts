import type { Filter } from './filter';

const isWordChar = (c: string | undefined): boolean => !!c && /[\w$]/.test(c);

/**
 * Completions started mid-word, decided from the word the prefix ends with:
 * - the model retyped that word (`cons‖` → `console.log(x)`): the retyped part goes (`ole.log(x)`);
 * - the cursor is inside a word (word characters on both sides, `get‖User(id)`): nothing is shown unless the
 *   completion ends by retyping the word's rest (or the whole rest of the line), which is then cut, since the
 *   document already has it after the cursor.
 * Numbers are not words here (`1‖` then `10`). Runs after the single-line cut: it reads the first line's ends.
 */
export const fitMidWord: Filter = (draft, ctx) => {
  const typed = trailingWord(ctx.linePrefix);
  if (!typed) return draft;
  let { text } = draft;
  if (text.startsWith(typed) && !text.startsWith('\n')) text = text.slice(typed.length);
  const rest = leadingWord(ctx.lineSuffix);
  if (!rest) return text === draft.text ? draft : { ...draft, text };
  if (text.includes('\n')) return { ...draft, text: '' };
  const line = ctx.lineSuffix.trimEnd();
  if (line && text.endsWith(line)) return { ...draft, text: text.slice(0, text.length - line.length) };
  if (text.endsWith(rest)) return { ...draft, text: text.slice(0, text.length - rest.length) };
  return { ...draft, text: '' };
};

/** The identifier `linePrefix` ends with ('' when it ends otherwise, or with a number). By hand: linear. */
function trailingWord(linePrefix: string): string {
  let i = linePrefix.length;
  while (i > 0 && isWordChar(linePrefix[i - 1])) i--;
  const word = linePrefix.slice(i);
  return /^[A-Za-z_$]/.test(word) ? word : '';
}

/** The word characters `lineSuffix` starts with. */
function leadingWord(lineSuffix: string): string {
  let i = 0;
  while (i < lineSuffix.length && isWordChar(lineSuffix[i])) i++;
  return lineSuffix.slice(0, i);
}
