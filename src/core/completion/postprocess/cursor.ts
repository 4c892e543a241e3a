import type { FilterContext } from './filter';
import { colonOpensBlock, indentOf, Scanner, syntaxOf, type Opener } from './syntax';

/** What the document's syntax says around the cursor, computed once per fit (filters share it). */
export interface CursorSyntax {
  /** Scanner state at the cursor; `clone('new')` it to walk the answer. */
  atCursor: Scanner;
  /** Brackets and the string open at the cursor that the text after the cursor closes. */
  closedBySuffix: ReadonlySet<Opener>;
  /** Those the rest of the cursor line closes. */
  closedOnLine: ReadonlySet<Opener>;
  /** Indentation of the cursor line, in columns. */
  cursorIndent: number;
  tabSize: number;
  colonBlocks: boolean;
}

const cache = new WeakMap<FilterContext, CursorSyntax>();

/** The cursor's syntax for `ctx` (scanned once per context: the prefix, then the suffix until it closes all). */
export function cursorSyntax(ctx: FilterContext): CursorSyntax {
  let found = cache.get(ctx);
  if (!found) {
    found = analyse(ctx);
    cache.set(ctx, found);
  }
  return found;
}

function analyse(ctx: FilterContext): CursorSyntax {
  const tabSize = ctx.indent?.tabSize ?? 4;
  const atCursor = new Scanner(syntaxOf(ctx.languageId), tabSize);
  atCursor.feed(ctx.prefix);
  const closedBySuffix = new Set<Opener>();
  const closedOnLine = new Set<Opener>();
  // The document's openers sit at the bottom of the stack (anything scanned later is pushed above them).
  const docOpen = (s: Scanner): boolean => s.string?.origin === 'doc' || s.stack[0]?.origin === 'doc';
  if (docOpen(atCursor)) {
    const walk = atCursor.clone('new');
    const lineEnd = ctx.lineSuffix.length;
    walk.feed(ctx.suffix, (e) => {
      if (e.opener?.origin !== 'doc') return false;
      closedBySuffix.add(e.opener);
      if (e.index < lineEnd) closedOnLine.add(e.opener);
      return !docOpen(walk);
    });
  }
  return {
    atCursor,
    closedBySuffix,
    closedOnLine,
    cursorIndent: indentOf(ctx.linePrefix, tabSize),
    tabSize,
    colonBlocks: colonOpensBlock(ctx.languageId),
  };
}
