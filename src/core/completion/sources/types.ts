/** Where a piece of completion context came from (Explain shows these names). */
export type SourceKind = 'definition' | 'typeDefinition' | 'recentEdit' | 'recentView' | 'importOutline' | 'similar';

/** Order of the kinds in the prompt, farthest from the cursor first (similar snippets stay nearest, as before). */
export const PROMPT_ORDER: readonly SourceKind[] = ['importOutline', 'typeDefinition', 'definition', 'recentView', 'recentEdit', 'similar'];

/** One candidate piece of context from another place in the workspace, before ranking. */
export interface ContextItem {
  kind: SourceKind;
  /** Workspace-relative path (as DocumentSnapshot.path). */
  path: string;
  text: string;
  /** 0..1, higher first; ranking fills the budget in this order. */
  score: number;
  /** The identifier a definition is of. */
  symbol?: string;
  /** 0-based line range of `text` in its file (for dropping what the prefix or suffix already shows). */
  startLine?: number;
  endLine?: number;
  /** A similar snippet's Jaccard similarity (its `score` is scaled to rank among the other sources). */
  jaccard?: number;
}

/** One source line of Explain. */
export interface ReportedItem {
  kind: SourceKind;
  path: string;
  symbol?: string;
  tokens: number;
}

/** What went into one completion's context, for Explain and the bench. */
export interface ContextReport {
  path: string;
  languageId: string;
  /** performance.now()-style start time of the build. */
  time: number;
  /** How long gathering the sources took (ms). */
  buildMs: number;
  deadlineMs: number;
  /** Language-feature lookups still unanswered at the deadline (they go on in the background, into the cache). */
  pending: number;
  /** Lookups answered from the cache / sent to the language features in this build. */
  cacheHits: number;
  lookups: number;
  prefixTokens: number;
  suffixTokens: number;
  /** In prompt order. */
  used: ReportedItem[];
  /** Left out for the budget. */
  dropped: ReportedItem[];
  /** Sources that failed (a language-feature call threw), by message: never file text. */
  errors: string[];
}
