import type { CodebaseSettings } from '../settings/model';
import type { SymbolHint } from './searchIndex';
import type { CodebaseHit, CodebaseStatus } from './types';

/**
 * The messages between the extension host and the codebase index's worker thread (worker.ts). The host only passes
 * messages: the worker lists, reads, indexes, saves, loads and searches. Requests that carry an `id` get exactly one
 * `reply` with that id; the worker also sends `status` whenever the index's status changes, and `log` lines.
 */

/** One workspace folder as the worker reads it from disk. */
export interface WorkerFolder {
  /** What the index's paths in this folder start with: '' in a single-folder workspace, `<name>/` in a multi-root one. */
  prefix: string;
  /** The folder on disk. */
  fsPath: string;
  /** gearshift.exclude for this folder, plus files.exclude's patterns (the built-in secret patterns always apply). */
  excludeGlobs: string[];
}

/** Everything that decides what goes in; sent at start and again whenever it changes (the worker then rescans). */
export interface WorkerConfig {
  settings: CodebaseSettings;
  folders: WorkerFolder[];
  /** The saved index's file (workspace storage), or undefined to keep nothing between sessions. */
  storeFile?: string;
  /** Why there can be no index here (no folder, a virtual workspace), or undefined. */
  unavailable?: string;
  /** Longest stretch of work between two looks at the message queue (default 8 ms). */
  sliceMs?: number;
  /** After file changes, the index is saved this long after the first unsaved one. */
  saveDelayMs?: number;
}

export type HostRequest =
  | { kind: 'configure'; config: WorkerConfig }
  | { kind: 'changed'; path: string }
  | { kind: 'deleted'; path: string }
  | { kind: 'rebuild'; id: number }
  | { kind: 'idle'; id: number }
  | { kind: 'search'; id: number; query: string; limit: number; symbols: SymbolHint[] };

export interface WorkerReply {
  kind: 'reply';
  id: number;
  /** The search's hits (search only). */
  hits?: CodebaseHit[];
  /** The error that failed the request, as text. */
  error?: string;
  /** The status when the worker answered. */
  status: CodebaseStatus;
  /** What is indexed when the worker answered, and the worker's heap in use (bytes). */
  stats: { files: number; chunks: number; heapUsed: number };
}

export type WorkerMessage = WorkerReply | { kind: 'status'; status: CodebaseStatus } | { kind: 'log'; message: string };
