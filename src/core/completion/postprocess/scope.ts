import { cursorSyntax } from './cursor';
import type { Filter, FilterContext } from './filter';
import { continuesStatement } from './mode';
import { indentOf } from './syntax';

/**
 * How many lines of the answer belong at the cursor. Single-line mode: up to the first line with text (it may
 * start on the next line). After other code on the cursor line, the statement there: its first line, and more
 * only while a bracket the statement opened is still open (one the rest of the cursor line closes does not count),
 * or, where `:` opens a block, the lines indented below it. On a blank line or after a block opener: all of it
 * (later filters bound the block).
 */
export const limitScope: Filter = (draft, ctx) => {
  const lines = draft.text.split('\n');
  if (ctx.mode === 'single') {
    const i = lines.findIndex((l) => l.trim());
    return { ...draft, text: i < 0 ? '' : lines.slice(0, i + 1).join('\n') };
  }
  if (!continuesStatement(ctx.linePrefix, ctx.languageId)) return draft;
  // Lines past the limit are never shown (later filters look at most a few lines further).
  const head = lines.slice(0, ctx.maxLines + 4);
  return { ...draft, text: head.slice(0, statementLines(head, ctx)).join('\n') };
};

/**
 * While an answer streams in after code on the cursor line: true once its complete lines finish the statement
 * there (what follows would be cut), so generation can stop.
 */
export function statementEnded(received: string, ctx: FilterContext): boolean {
  if (ctx.mode !== 'multi' || !continuesStatement(ctx.linePrefix, ctx.languageId)) return false;
  const eol = received.lastIndexOf('\n');
  if (eol < 0) return false;
  // As limitScope: lines past the limit are never shown, so they decide nothing.
  return statementLines(received.slice(0, eol).split('\n', ctx.maxLines + 4), ctx) !== undefined;
}

/** Number of leading lines of the answer that finish the statement on the cursor line; undefined: still open. */
function statementLines(lines: readonly string[], ctx: FilterContext): number | undefined {
  const cur = cursorSyntax(ctx);
  const walk = cur.atCursor.clone('new');
  const cursorLine = walk.line;
  // Still open: a string, or a bracket the answer opened (those sit on top of the stack), or one opened on the
  // cursor line before the cursor that the rest of the line does not close (next below them).
  const open = (): boolean => {
    if (walk.string && !cur.closedOnLine.has(walk.string)) return true;
    for (let j = walk.stack.length - 1; j >= 0; j--) {
      const o = walk.stack[j];
      if (o.origin === 'new') return true;
      if (o.line !== cursorLine) return false;
      if (!cur.closedOnLine.has(o)) return true;
    }
    return false;
  };
  let text = false;
  for (let i = 0; i < lines.length; i++) {
    walk.feed(lines[i]);
    walk.feed('\n');
    text ||= lines[i].trim() !== '';
    if (!text) continue;
    const line = (i === 0 ? ctx.linePrefix + lines[0] : lines[i]).trimEnd();
    if (cur.colonBlocks && line.endsWith(':') && !open()) {
      const body = indentedBody(lines, i + 1, ctx, cur.tabSize);
      return i + 1 + body < lines.length ? i + 1 + body : undefined;
    }
    if (open() || line.endsWith('=>')) continue;
    return i + 1;
  }
  return undefined;
}

/** Lines from `from` on that are blank or indented deeper than the cursor line: a `:` block's body. */
function indentedBody(lines: readonly string[], from: number, ctx: FilterContext, tabSize: number): number {
  const base = indentOf(ctx.linePrefix, tabSize);
  let n = 0;
  for (let i = from; i < lines.length; i++) {
    if (lines[i].trim() && indentOf(lines[i], tabSize) <= base) break;
    n++;
  }
  return n;
}
