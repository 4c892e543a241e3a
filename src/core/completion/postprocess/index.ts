import type { CompletionContext } from '../types';
import type { Draft } from './filter';
import { runPipeline } from './pipeline';

export { BLANK_LINE_MAX_LINES, BLOCK_MAX_LINES, chooseMode } from './mode';
export type { Draft, Filter, FilterContext } from './filter';

/** A fitted completion: the text to insert and whether it replaces the rest of the cursor line. */
export type Fitted = Draft;

/** What fitCompletion needs of the context (language and editor indentation when known). */
export type FitContext = Pick<CompletionContext, 'prefix' | 'suffix' | 'linePrefix' | 'lineSuffix' | 'mode' | 'maxLines'> &
  Partial<Pick<CompletionContext, 'languageId' | 'indent'>>;

/**
 * Fits a model's raw answer to the cursor through the filters of pipeline.ts: cuts leaked special tokens,
 * re-indents, keeps one line or a bounded block, stops at an unmatched closing bracket, drops repetition and
 * text the document already has after the cursor. `relativeIndent`: the answer's indentation is relative to
 * its first line (chat models).
 */
export function fitCompletion(raw: string, ctx: FitContext, relativeIndent = false): Fitted {
  const { prefix, suffix, linePrefix, lineSuffix, mode, maxLines, indent } = ctx;
  return runPipeline(raw, {
    prefix,
    suffix,
    linePrefix,
    lineSuffix,
    mode,
    maxLines,
    languageId: ctx.languageId ?? '',
    ...(indent && { indent }),
    relativeIndent,
  });
}
