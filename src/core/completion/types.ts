import type { GatewayOutcome, SuggestionVerdict, Usage } from '../types';
import type { SourceKind } from './sources/types';

/** An open document: where it lives, its language and its full text. */
export interface DocumentSnapshot {
  /** Workspace-relative when possible (it is shown to the model), absolute otherwise. */
  path: string;
  languageId: string;
  text: string;
}

/** The editor's indentation for a document (its `tabSize` and `insertSpaces` options). */
export interface EditorIndent {
  tabSize: number;
  insertSpaces: boolean;
}

/** The document being edited and the cursor's character offset in it. */
export interface CursorDocument extends DocumentSnapshot {
  offset: number;
  /** The editor's indentation; completions are re-indented to it. Absent: inferred from the document. */
  indent?: EditorIndent;
}

/**
 * Code from another place in the workspace: lines of another open file that resemble the code just before the
 * cursor (kind absent or 'similar'), or another context source (a definition, a recent edit, an imported file's
 * outline; see sources/types.ts).
 */
export interface Snippet {
  path: string;
  text: string;
  /** Jaccard similarity of identifier sets (similar snippets), else the source's rank score; 0..1. */
  score: number;
  /** Where it came from; absent: a similar snippet. */
  kind?: SourceKind;
  /** The identifier a definition is of. */
  symbol?: string;
}

/** 'single': finish the current line. 'multi': several lines (a block body), at most `maxLines`. */
export type CompletionMode = 'single' | 'multi';

/** Everything a prompt is built from. All text here is what may be sent: excluded files removed, secrets redacted. */
export interface CompletionContext {
  path: string;
  languageId: string;
  /** Whole lines before the cursor plus the cursor line up to the cursor. */
  prefix: string;
  /** The cursor line after the cursor plus whole lines after it. */
  suffix: string;
  snippets: Snippet[];
  /** The document's own text of the cursor line before / after the cursor (kept local: used to fit the answer). */
  linePrefix: string;
  lineSuffix: string;
  mode: CompletionMode;
  maxLines: number;
  /** The editor's indentation (from CursorDocument.indent), when known. */
  indent?: EditorIndent;
  /** Secrets replaced in prefix, suffix and snippets. */
  redactions: number;
}

/** Token budgets (approxTokens) for each part of the context. */
export interface ContextBudget {
  prefixTokens: number;
  suffixTokens: number;
  snippetTokens: number;
  /** Definitions, imported outlines and recent ranges together (ContextBuilder.gather); absent: DEFAULT_SOURCE_TOKENS. */
  sourceTokens?: number;
}

export const DEFAULT_SOURCE_TOKENS = 800;

export const DEFAULT_BUDGET: ContextBudget = { prefixTokens: 1500, suffixTokens: 500, snippetTokens: 400 };

/** How one completion request ended, as reported to the ledger recorder. */
export type CompletionStatus =
  /** Shown and accepted (the item's accept command ran). */
  | 'accepted'
  /** Shown, then dismissed or overtaken by further typing. */
  | 'rejected'
  /** The model answered but nothing usable was left after post-processing. */
  | 'empty'
  /** Aborted in flight: superseded by a newer request or cancelled by the editor. */
  | 'cancelled'
  /** Every model in the chain failed. */
  | 'error';

/** The ledger's verdict for a status: shown suggestions and empty answers have one; cancelled and failed calls do not. */
export function verdictOf(status: CompletionStatus): SuggestionVerdict | undefined {
  return status === 'accepted' || status === 'rejected' || status === 'empty' ? status : undefined;
}

/** The outcome with its `verdict` set from its status (what the ledger records). */
export function withVerdict(o: CompletionOutcome): CompletionOutcome {
  const verdict = verdictOf(o.status);
  return verdict ? { ...o, verdict } : o;
}

/**
 * One model request of the completion engine, with its final status. `result` is always set: usage is the
 * provider's, or estimated with the tokenizer (prompt, plus text received so far) when it reported none; zero when
 * the provider refused the call before any reply (an HTTP error, a connect timeout).
 */
export interface CompletionOutcome extends GatewayOutcome {
  task: 'completion';
  status: CompletionStatus;
  result: NonNullable<GatewayOutcome['result']>;
  usage: Usage;
  estimated: boolean;
  /** From the engine sending the request to its end (ms). */
  latencyMs: number;
}
