import { cursorSyntax, type CursorSyntax } from './cursor';
import type { Draft, Filter, FilterContext } from './filter';
import { continuesStatement } from './mode';
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
 * - a string the cursor is in, or a bracket opened on the cursor line, that the document leaves open may be closed
 *   and the answer goes on.
 * A closer that nothing in the window opened is cut when the document's next character is that closer (as before).
 */
export const matchBlocks: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  const cur = cursorSyntax(ctx);
  const walk = cur.atCursor.clone('new');
  const statement = continuesStatement(ctx.linePrefix, ctx.languageId);
  let out: Draft | undefined;
  // Set once the answer closes a block the document leaves open: it ends with that line (whose later closers
  // may still be the document's).
  let end: number | undefined;
  walk.feed(draft.text, (e) => {
    if (end !== undefined && e.index >= end) return true;
    if (e.opener?.origin === 'new' || (!e.opener && !e.unmatched)) return false;
    const text = end === undefined ? draft.text : draft.text.slice(0, end);
    const r = atDocumentCloser(text, ctx, cur, e, statement);
    if (r === 'goes on') return false;
    if (r === 'ends its line') {
      const eol = draft.text.indexOf('\n', e.index);
      end = eol < 0 ? draft.text.length : eol;
      return false;
    }
    out = r;
    return true;
  });
  return out ?? (end === undefined ? draft : { ...draft, text: draft.text.slice(0, end) });
};

function atDocumentCloser(
  text: string,
  ctx: FilterContext,
  cur: CursorSyntax,
  e: CloseEvent,
  statement: boolean,
): Draft | 'goes on' | 'ends its line' {
  const isString = e.opener !== undefined && e.opener === cur.atCursor.string;
  const docCloses = e.opener ? cur.closedBySuffix.has(e.opener) : ctx.suffix.trimStart().startsWith(e.char);
  if (!docCloses) {
    // A string, or a bracket the statement opened on the cursor line (`add(a: number‖` → `, b) {`): it goes on.
    if (isString || (statement && e.opener?.line === cur.atCursor.line)) return 'goes on';
    return 'ends its line';
  }
  const onLine = e.opener ? cur.closedOnLine.has(e.opener) : ctx.lineSuffix.trimStart().startsWith(e.char);
  const rest = ctx.lineSuffix.trim();
  if (onLine && rest) {
    const body = text.trimEnd();
    if (body.endsWith(rest) && body.length - rest.length <= e.index) {
      // A block whose closing line retypes the rest of the cursor line: shown in place of it, on its own line.
      if (e.lineStart && text.lastIndexOf('\n', e.index) > 0) return { text: body, replacesLineSuffix: true };
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
