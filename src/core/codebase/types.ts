/**
 * @codebase: a local full-text index of the workspace's files (no network, no model weights). The index lives in the
 * core (plain Node); the extension feeds it files and keeps it current; the chat asks it for the chunks that best
 * match the user's question and attaches them with their paths and line ranges.
 */

/** One chunk of a file that matched a query. */
export interface CodebaseHit {
  /** Workspace-relative path, '/'-separated. */
  path: string;
  /** 1-based, inclusive line range of the chunk. */
  startLine: number;
  endLine: number;
  /** The chunk's text (already redacted). */
  text: string;
  /** VS Code language id when known. */
  language?: string;
  score: number;
}

/** Where the index stands, for the status indicator and the chat's notice. */
export interface CodebaseStatus {
  state: 'off' | 'indexing' | 'ready' | 'error';
  /** Files indexed so far, and files found to index (equal when ready). */
  indexed: number;
  total: number;
  /** Why it is off or failed, or what was skipped ("1,204 files over the 10,000-file cap were left out"). */
  message?: string;
}

/** What the chat needs from the codebase index. */
export interface CodebaseSearch {
  /** The best chunks for a question, best first (at most `limit`); waits for nothing: searches what is indexed so far. */
  search(query: string, limit: number, signal?: AbortSignal): Promise<CodebaseHit[]>;
  status(): CodebaseStatus;
}
