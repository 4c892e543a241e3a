import { cursorSyntax, type CursorSyntax } from './cursor';
import type { Draft, Filter, FilterContext } from './filter';
import type { CloseEvent } from './syntax';
import { trimBlanksEnd } from './text';

/**
 * Brackets matched by block. The answer is walked from the document's state at the cursor; the first time it
 * closes something the document opened (a bracket, or the string the cursor is in):
 * - if the document's own text after the cursor already closes that same block (matched by bracket and by the
 *   indentation of the line that opened it, so a `}` the suffix has for an outer block does not count), the answer
 *   is retyping it: on the cursor line, an answer that ends with the rest of the line loses that rest, one that
 *   retypes it with changes replaces it; otherwise the answer stops before that closer (a line holding only it goes);
 * - if the document leaves that block open, the answer closes it and ends with that line (more would spill out);
 * - a string the cursor is in that the document leaves open may be closed and the answer goes on.
 * A closer that nothing in the window opened is cut when the document's next character is that closer (as before).
 */
export const matchBlocks: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  const cur = cursorSyntax(ctx);
  const walk = cur.atCursor.clone('new');
  let out: Draft | undefined;
  walk.feed(draft.text, (e) => {
    if (e.opener?.origin === 'new' || (!e.opener && !e.unmatched)) return false;
    out = atDocumentCloser(draft.text, ctx, cur, e);
    return out !== undefined;
  });
  return out ?? draft;
};

function atDocumentCloser(text: string, ctx: FilterContext, cur: CursorSyntax, e: CloseEvent): Draft | undefined {
  const isString = e.opener !== undefined && e.opener === cur.atCursor.string;
  const docCloses = e.opener ? cur.closedBySuffix.has(e.opener) : ctx.suffix.trimStart().startsWith(e.char);
  if (!docCloses) {
    if (isString) return undefined;
    const eol = text.indexOf('\n', e.index);
    return { text: eol < 0 ? text : text.slice(0, eol), replacesLineSuffix: false };
  }
  const onLine = e.opener ? cur.closedOnLine.has(e.opener) : ctx.lineSuffix.trimStart().startsWith(e.char);
  const rest = ctx.lineSuffix.trim();
  if (onLine && rest) {
    const body = text.trimEnd();
    if (body.endsWith(rest) && body.length - rest.length <= e.index) {
      const cut = body.slice(0, body.length - rest.length);
      // The document's own blanks before that text follow the cursor: the answer's would double them.
      return { text: /^\s/.test(ctx.lineSuffix) ? trimBlanksEnd(cut) : cut, replacesLineSuffix: false };
    }
    if (!text.includes('\n', e.index) && isSubsequence(rest, text.slice(e.index))) return { text: body, replacesLineSuffix: true };
  }
  const lineStart = e.index > 0 ? text.lastIndexOf('\n', e.index - 1) + 1 : 0;
  const head = e.lineStart && lineStart > 0 ? text.slice(0, lineStart - 1) : text.slice(0, e.index);
  return { text: trimBlanksEnd(head), replacesLineSuffix: false };
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}
