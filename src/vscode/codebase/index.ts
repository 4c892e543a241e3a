import * as path from 'node:path';
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { CodebaseHit, CodebaseSearch, CodebaseStatus } from '../../core/codebase/types';
import { CodebaseWorkerClient } from '../../core/codebase/workerClient';
import type { WorkerConfig } from '../../core/codebase/workerProtocol';
import type { ResolvedSettings } from '../../core/settings/model';
import { filesExcludeGlobs, WorkspacePaths, workspaceSymbols } from './source';

export const REBUILD_CODEBASE_COMMAND = 'gearshift.codebase.rebuild';

/** Changes to one file within this long are indexed once. */
const CHANGE_DEBOUNCE_MS = 300;
/** A .gitignore or settings change rescans after this long of quiet. */
const RESCAN_DEBOUNCE_MS = 1000;

export interface CodebaseDeps {
  settings(): ResolvedSettings;
  /** gearshift.exclude for a file (its folder's in a multi-root workspace). */
  excludeGlobs(uri: vscode.Uri | undefined): string[];
  onDidChangeSettings(listener: () => void): vscode.Disposable;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
}

/** The extension's one codebase index: what the chat's @codebase searches, and what the integration tests reach. */
export interface CodebaseService extends CodebaseSearch, vscode.Disposable {
  readonly onDidChangeStatus: vscode.Event<CodebaseStatus>;
  /** Drops the index and builds it afresh; resolves when it is complete. */
  rebuild(): Promise<void>;
  /** Resolves once nothing is queued or being indexed (for tests). */
  whenIdle(): Promise<void>;
}

/** The worker's bundle, next to the extension's (esbuild.js). */
const WORKER_FILE = 'codebaseWorker.js';

/**
 * Builds the workspace's codebase index in a worker thread once activation is over (the extension host's event loop
 * only passes messages), keeps it current (file
 * watcher, saves, .gitignore and settings changes), saves it in the workspace's storage, shows "Indexing codebase
 * 1,234/5,000" in the status bar while it works, and registers gearshift.codebase.rebuild.
 */
export function registerCodebase(context: vscode.ExtensionContext, deps: CodebaseDeps): CodebaseService {
  const paths = new WorkspacePaths();
  const statusEmitter = new vscode.EventEmitter<CodebaseStatus>();
  const storage = context.storageUri;
  const storeFile = storage?.scheme === 'file' ? path.join(storage.fsPath, 'codebase-index.jsonl') : undefined;
  const unavailable = (): string | undefined => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return 'No folder is open: there is no codebase to index.';
    // A virtual workspace (a remote repository browsed in place) is read only through its open documents.
    if (folders.some((f) => f.uri.scheme !== 'file')) return 'The codebase index is not built in a virtual workspace.';
    return undefined;
  };
  const config = (): WorkerConfig => {
    const why = unavailable();
    const folders = why ? [] : (vscode.workspace.workspaceFolders ?? []);
    return {
      settings: deps.settings().codebase,
      unavailable: why,
      storeFile,
      folders: folders.map((f) => ({
        prefix: paths.prefixOf(f),
        fsPath: f.uri.fsPath,
        excludeGlobs: [...deps.excludeGlobs(f.uri), ...filesExcludeGlobs(f)],
      })),
    };
  };
  const indexer = new CodebaseWorkerClient({
    spawn: () => new Worker(path.join(context.extensionPath, 'dist', WORKER_FILE), { name: 'gearshift-codebase' }),
    config,
    symbols: (query) => workspaceSymbols(paths, query),
    log: (m) => deps.log.warn(m),
    onStatus: (s) => statusEmitter.fire(s),
  });
  const progress = new IndexingProgress();
  const timers = new Map<string, NodeJS.Timeout>();
  const debounced = (key: string, ms: number, fn: () => void): void => {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        fn();
      }, ms),
    );
  };
  const rescanSoon = (): void => debounced('\0rescan', RESCAN_DEBOUNCE_MS, () => indexer.reconfigure());
  const changed = (uri: vscode.Uri): void => {
    const key = paths.keyOf(uri);
    if (key === undefined) return;
    if (key === '.gitignore' || key.endsWith('/.gitignore')) rescanSoon();
    else debounced(key, CHANGE_DEBOUNCE_MS, () => indexer.fileChanged(key));
  };
  const whatGoesIn = (): string => {
    const s = deps.settings();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => deps.excludeGlobs(f.uri));
    return JSON.stringify([s.codebase, s.exclude, folders]);
  };
  let lastWhatGoesIn = whatGoesIn();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const disposables: vscode.Disposable[] = [
    statusEmitter,
    progress,
    watcher,
    statusEmitter.event((s) => progress.update(s)),
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete((uri) => {
      const key = paths.keyOf(uri);
      if (key === undefined) return;
      if (key === '.gitignore' || key.endsWith('/.gitignore')) rescanSoon();
      else indexer.fileDeleted(key);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => changed(doc.uri)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => rescanSoon()),
    deps.onDidChangeSettings(() => {
      // Only what decides which files go in: other settings changes (models, routing…) leave the index alone.
      const now = whatGoesIn();
      if (now === lastWhatGoesIn) return;
      lastWhatGoesIn = now;
      // At once, not debounced: a file written next must meet the new exclusions in the worker (messages keep their order).
      indexer.reconfigure();
    }),
    vscode.commands.registerCommand(REBUILD_CODEBASE_COMMAND, async () => {
      await indexer.rebuild();
      const s = indexer.status();
      const what = s.state === 'ready' ? `${s.indexed.toLocaleString('en-US')} files indexed` : (s.message ?? s.state);
      void vscode.window.showInformationMessage(`Gearshift: codebase index rebuilt (${what}).`);
      deps.log.info(`codebase index rebuilt: ${what}`);
    }),
  ];
  // After activation: listing and reading the workspace is never part of it.
  const startTimer = setTimeout(() => indexer.start(), 0);
  return {
    onDidChangeStatus: statusEmitter.event,
    search: (query: string, limit: number, signal?: AbortSignal): Promise<CodebaseHit[]> => indexer.search(query, limit, signal),
    status: () => indexer.status(),
    rebuild: () => indexer.rebuild(),
    whenIdle: () => indexer.whenIdle(),
    dispose: () => {
      clearTimeout(startTimer);
      for (const t of timers.values()) clearTimeout(t);
      indexer.dispose();
      for (const d of disposables) d.dispose();
    },
  };
}

/** "Indexing codebase 1,234/5,000" in the status bar (window progress) while the index is being built. */
class IndexingProgress implements vscode.Disposable {
  private report: ((message: string) => void) | undefined;
  private finish: (() => void) | undefined;
  private latest = '';

  update(s: CodebaseStatus): void {
    if (s.state !== 'indexing') {
      this.finish?.();
      this.report = this.finish = undefined;
      return;
    }
    const message = s.total > 0 ? `${s.indexed.toLocaleString('en-US')}/${s.total.toLocaleString('en-US')}` : '';
    this.latest = message;
    if (!this.report) {
      this.report = () => undefined;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Indexing codebase' }, (progress) => {
        this.report = (m) => progress.report({ message: m });
        this.report(this.latest);
        return new Promise<void>((resolve) => (this.finish = resolve));
      });
    }
    this.report(message);
  }

  dispose(): void {
    this.finish?.();
  }
}
