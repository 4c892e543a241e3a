import type { CompletionContext } from '../types';

/** What post-processing knows about the cursor: the context's text around it, its mode, language and indentation. */
export type FilterContext = Pick<
  CompletionContext,
  'prefix' | 'suffix' | 'linePrefix' | 'lineSuffix' | 'mode' | 'maxLines' | 'languageId' | 'indent'
> & {
  /** The answer's indentation is relative to its first line (chat models answering a hole). */
  relativeIndent: boolean;
};

/** A completion on its way through the filters. */
export interface Draft {
  /** Text to insert at the cursor; '' when nothing is worth showing (later filters then pass it through). */
  text: string;
  /** True when `text` already contains the rest of the cursor line: it replaces it rather than being inserted. */
  replacesLineSuffix: boolean;
}

/** One post-processing step (one per file, Tabby-style): a pure function of the draft and the cursor. */
export type Filter = (draft: Draft, ctx: FilterContext) => Draft;
