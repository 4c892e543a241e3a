import type { CompletionMode } from '../types';
import { colonOpensBlock } from './syntax';

/** Lines a block body may span; lines when the cursor sits on a blank line elsewhere; lines one statement may take. */
export const BLOCK_MAX_LINES = 16;
export const BLANK_LINE_MAX_LINES = 6;
export const STATEMENT_MAX_LINES = 8;

const OPENS_BLOCK = /(?:[{]|=>|->|\bdo|\bthen)$/;
/** Ends a line with a block's body to follow (an arrow's body may be one expression: a statement goes on). */
const BODY_FOLLOWS = /(?:[{]|\bdo|\bthen)$/;
/** `case x:` / `default:` open a run of statements even where `:` is otherwise a type annotation or a key. */
const LABEL = /^\s*(?:case\b.*|default\s*):$/;
const ONLY_CLOSERS = /^[\s)\]}>;,]*$/;
/** A line that is a comment from its start (`//`, `#`, `/*`, ` * ` doc comment lines, `--`). */
const COMMENT_LINE = /^\s*(?:\/\/|#|\/\*|\*(?:\s|$)|--)/;

/** True when a line ending as `line` does (trimmed) opens a block: `{`, `=>`, `do`…, and `:` where it opens one. */
export function opensBlock(line: string, languageId = ''): boolean {
  const t = line.trimEnd();
  if (OPENS_BLOCK.test(t)) return true;
  if (!t.endsWith(':')) return false;
  return colonOpensBlock(languageId) || LABEL.test(t);
}

/**
 * True when the cursor follows code that does not open a block: the model finishes that statement, which may
 * itself open a block (`resetCounter` → `() {…}`) or take several lines (`items.push(` → `{…});`).
 */
export function continuesStatement(linePrefix: string, languageId = ''): boolean {
  const t = linePrefix.trimEnd();
  if (!t || COMMENT_LINE.test(t) || BODY_FOLLOWS.test(t)) return false;
  return !(t.endsWith(':') && opensBlock(t, languageId));
}

/**
 * Single line when text other than closing brackets follows the cursor (the model fills the middle of a line), or
 * on a comment line; otherwise several lines, bounded: a block body after a block opener (`{`, `=>`, Python's `:`,
 * not a type annotation's), one statement after other code (post-processing keeps more than its first line only
 * when that line opens a block or a bracket), a few lines on a blank line.
 */
export function chooseMode(
  linePrefix: string,
  lineSuffix: string,
  prevLine: string,
  languageId = '',
): { mode: CompletionMode; maxLines: number } {
  const single = { mode: 'single', maxLines: 1 } as const;
  if (linePrefix.trim()) {
    if (!ONLY_CLOSERS.test(lineSuffix) || COMMENT_LINE.test(linePrefix)) return single;
    return opensBlock(linePrefix, languageId)
      ? { mode: 'multi', maxLines: BLOCK_MAX_LINES }
      : { mode: 'multi', maxLines: STATEMENT_MAX_LINES };
  }
  if (lineSuffix.trim()) return single;
  return opensBlock(prevLine, languageId)
    ? { mode: 'multi', maxLines: BLOCK_MAX_LINES }
    : { mode: 'multi', maxLines: BLANK_LINE_MAX_LINES };
}
