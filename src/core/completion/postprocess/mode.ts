import type { CompletionMode } from '../types';

/** Lines a block body may span; lines when the cursor sits on a blank line elsewhere. */
export const BLOCK_MAX_LINES = 16;
export const BLANK_LINE_MAX_LINES = 6;

const OPENS_BLOCK = /(?:[{:]|=>|->|\bdo|\bthen)$/;
const ONLY_CLOSERS = /^[\s)\]}>;,]*$/;

/**
 * Single line when the cursor is after code on its line (mid-statement); several lines when a block was just
 * opened (`{`, `:`, `=>`, `do`… ends the line, or the previous line on a blank cursor line), bounded.
 */
export function chooseMode(linePrefix: string, lineSuffix: string, prevLine: string): { mode: CompletionMode; maxLines: number } {
  const before = linePrefix.trimEnd();
  if (before) {
    return OPENS_BLOCK.test(before) && ONLY_CLOSERS.test(lineSuffix)
      ? { mode: 'multi', maxLines: BLOCK_MAX_LINES }
      : { mode: 'single', maxLines: 1 };
  }
  if (lineSuffix.trim()) return { mode: 'single', maxLines: 1 };
  return OPENS_BLOCK.test(prevLine.trimEnd())
    ? { mode: 'multi', maxLines: BLOCK_MAX_LINES }
    : { mode: 'multi', maxLines: BLANK_LINE_MAX_LINES };
}
