import type { CompletionContext } from '../types';
import type { Draft, FilterContext } from './filter';
import { runPipeline } from './pipeline';
import { statementEnded } from './scope';

export { BLANK_LINE_MAX_LINES, BLOCK_MAX_LINES, chooseMode, continuesStatement, STATEMENT_MAX_LINES } from './mode';
export type { Draft, Filter, FilterContext } from './filter';

/** A fitted completion: the text to insert and whether it replaces the rest of the cursor line. */
export type Fitted = Draft;

/** What fitCompletion needs of the context (language and editor indentation when known). */
export type FitContext = Pick<CompletionContext, 'prefix' | 'suffix' | 'linePrefix' | 'lineSuffix' | 'mode' | 'maxLines'> &
  Partial<Pick<CompletionContext, 'languageId' | 'indent'>>;

function filterContext(ctx: FitContext, relativeIndent: boolean): FilterContext {
  const { prefix, suffix, linePrefix, lineSuffix, mode, maxLines, indent } = ctx;
  return {
    prefix,
    suffix,
    linePrefix,
    lineSuffix,
    mode,
    maxLines,
    languageId: ctx.languageId ?? '',
    ...(indent && { indent }),
    relativeIndent,
  };
}

/**
 * Fits a model's raw answer to the cursor through the filters of pipeline.ts: cuts leaked special tokens,
 * re-indents, keeps the lines that belong at the cursor, matches closing brackets to blocks, drops repetition and
 * text the document already has after the cursor. `relativeIndent`: the answer's indentation is relative to its
 * first line (chat models).
 */
export function fitCompletion(raw: string, ctx: FitContext, relativeIndent = false): Fitted {
  return runPipeline(raw, filterContext(ctx, relativeIndent));
}

const streaming = new WeakMap<FitContext, FilterContext>();

/**
 * True once a streaming FIM answer has finished the statement the cursor line holds (mid-statement block mode):
 * later text would be cut, so generation can stop. The context is analysed once per request.
 */
export function answerComplete(received: string, ctx: FitContext): boolean {
  let fc = streaming.get(ctx);
  if (!fc) {
    fc = filterContext(ctx, false);
    streaming.set(ctx, fc);
  }
  return statementEnded(received, fc);
}
