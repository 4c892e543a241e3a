import type { CodebaseSettings } from '../settings/model';
import { GitignoreRules, skipBeforeRead } from './admit';
import { languageOf } from './languages';
import { prepareFile } from './prepare';
import { CodebaseIndex, type FileStamp, type SymbolHint } from './searchIndex';
import { slicer, type Slicer } from './slices';
import type { CodebaseHit, CodebaseSearch, CodebaseStatus } from './types';

/**
 * Keeps the codebase index of a workspace: loads the saved index, scans the workspace for what changed, indexes it
 * in the background in time slices (the extension host never stalls), follows file changes, saves the index, and
 * answers searches from what is indexed so far. Plain Node: the editor gives it a `CodebaseSource` (files, reads,
 * symbols) and a `CodebaseStore` (one file in workspace storage).
 */

/** A file as the editor lists it. `path` is workspace-relative and '/'-separated. */
export interface FileEntry extends FileStamp {
  path: string;
}

export interface CodebaseSource {
  /** Every file in the workspace (the adapter may leave out folders it never indexes, e.g. node_modules). */
  list(signal: AbortSignal): Promise<FileEntry[]>;
  /** A file's stamp now, or undefined when it is gone. */
  stat(path: string): Promise<FileStamp | undefined>;
  read(path: string): Promise<Uint8Array>;
  /** The workspace's .gitignore files: the folder each sits in ('' for the root) and its text. */
  gitignores(signal: AbortSignal): Promise<{ dir: string; content: string }[]>;
  /** Workspace symbols matching a question's words (from the editor's symbol providers); optional. */
  symbols?(query: string, signal?: AbortSignal): Promise<SymbolHint[]>;
}

/** Where the index is saved between sessions: lines of text, read and written one at a time. */
export interface CodebaseStore {
  /** The saved lines, or undefined when nothing is saved. */
  read(): Promise<AsyncIterable<string> | undefined>;
  /** Replaces what is saved with these lines, written as they come (a failed write leaves the old file). */
  write(lines: AsyncIterable<string>): Promise<void>;
}

export interface IndexerOptions {
  source: CodebaseSource;
  store?: CodebaseStore;
  settings: () => CodebaseSettings;
  /** gearshift.exclude for a file (its folder's in a multi-root workspace); the built-in secret patterns always apply. */
  excludeGlobs: (path: string) => readonly string[];
  /** The workspace folder on disk a path lies in (to catch symlinks to secret files). */
  root?: (path: string) => string | undefined;
  log?: (message: string) => void;
  /** Longest stretch of indexing work between two yields to the event loop (default 8 ms). */
  sliceMs?: number;
  /** Fires whenever the status changes (at most every 100 ms while indexing). */
  onStatus?: (status: CodebaseStatus) => void;
  /** How long a search waits for the editor's workspace symbols before going without them (default 400 ms). */
  symbolTimeoutMs?: number;
  /** Why there can be no index here (no folder open, a virtual workspace), or undefined when there can be. */
  unavailable?: () => string | undefined;
  /** After file changes, the index is saved this long after the first unsaved one (default 30 s); a scan saves at once. */
  saveDelayMs?: number;
}

/** Files read at once during a scan (reads overlap; indexing them runs in slices). */
const READ_BATCH = 16;
const STATUS_EVERY_MS = 100;

type Pending = 'update' | 'delete';

export class CodebaseIndexer implements CodebaseSearch {
  private index = CodebaseIndex.empty();
  private current: CodebaseStatus = { state: 'indexing', indexed: 0, total: 0 };
  private scanWanted = false;
  private fresh = false;
  private readonly pending = new Map<string, Pending>();
  private running: Promise<void> | undefined;
  private abort = new AbortController();
  private disposed = false;
  private gitignore = new GitignoreRules();
  private lastStatusAt = 0;
  private dirty = false;
  /** Paths left out by the file cap at the last scan (not indexed on change either). */
  private overCap = new Set<string>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: IndexerOptions) {}

  /** Loads the saved index (when usable) and scans the workspace in the background. */
  start(): void {
    this.requestScan(false);
  }

  /** Drops the index and builds it afresh. Resolves when the new index is complete. */
  async rebuild(): Promise<void> {
    this.requestScan(true);
    await this.whenIdle();
  }

  /** Scans again (settings changed, folders added): only what changed is read. */
  rescan(): void {
    this.requestScan(false);
  }

  /** A file was created or changed (saved): re-indexed in the background when its stamp differs. */
  fileChanged(path: string): void {
    this.pending.set(path, 'update');
    this.kick();
  }

  /** A file or a folder was deleted: its chunks (a folder's files' chunks) leave the index. */
  fileDeleted(path: string): void {
    this.pending.set(path, 'delete');
    this.kick();
  }

  status(): CodebaseStatus {
    return { ...this.current };
  }

  /** Resolves once nothing is queued or running. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Figures for the bench and the log. */
  stats(): { files: number; chunks: number } {
    return { files: this.index.fileCount, chunks: this.index.chunkCount };
  }

  /** `symbols`: the editor's workspace symbols for the question when already looked up (else the source is asked). */
  async search(query: string, limit: number, signal?: AbortSignal, symbols?: SymbolHint[]): Promise<CodebaseHit[]> {
    if (!this.opts.settings().enabled || this.current.state === 'off') return [];
    signal?.throwIfAborted();
    symbols ??= await this.symbolsFor(query, signal);
    signal?.throwIfAborted();
    return this.index.search(query, limit, { symbols });
  }

  /** Writes the index to the store now (when it changed since the last save). */
  async save(signal?: AbortSignal): Promise<void> {
    const store = this.opts.store;
    if (!store || !this.dirty) return;
    this.dirty = false;
    const index = this.index;
    const slices = slicer(this.opts.sliceMs ?? 8, signal);
    async function* lines(): AsyncGenerator<string> {
      yield CodebaseIndex.header();
      for (const line of index.fileLines()) {
        yield line;
        await slices.maybeYield();
      }
    }
    try {
      await store.write(lines());
    } catch (e) {
      this.dirty = true;
      if (!signal?.aborted) this.log(`codebase index: could not save (${errorText(e)})`);
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.saveTimer);
    this.abort.abort(new Error('disposed'));
  }

  private saveLater(): void {
    if (!this.dirty || this.saveTimer || !this.opts.store) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (this.running) this.saveLater();
      else void this.save(this.abort.signal);
    }, this.opts.saveDelayMs ?? 30_000);
    this.saveTimer.unref?.();
  }

  private async symbolsFor(query: string, signal?: AbortSignal): Promise<SymbolHint[]> {
    const find = this.opts.source.symbols;
    if (!find) return [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SymbolHint[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.opts.symbolTimeoutMs ?? 400);
    });
    try {
      return await Promise.race([find.call(this.opts.source, query, signal).catch(() => []), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private requestScan(fresh: boolean): void {
    if (fresh) {
      this.fresh = true;
      // Stop the current pass; the loop starts over with the fresh scan.
      this.abort.abort(new Error('rebuild'));
    }
    this.scanWanted = true;
    this.kick();
  }

  private kick(): void {
    if (this.running || this.disposed) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (!this.disposed && (this.scanWanted || this.pending.size > 0)) this.kick();
    });
  }

  private async loop(): Promise<void> {
    let loaded = false;
    while (!this.disposed && (this.scanWanted || this.pending.size > 0)) {
      if (this.abort.signal.aborted) this.abort = new AbortController();
      const signal = this.abort.signal;
      const settings = this.opts.settings();
      const unavailable = settings.enabled ? this.opts.unavailable?.() : 'The codebase index is off (gearshift.codebase.enabled).';
      if (unavailable !== undefined) {
        this.scanWanted = false;
        this.pending.clear();
        this.index = CodebaseIndex.empty();
        this.setStatus({ state: 'off', indexed: 0, total: 0, message: unavailable }, true);
        return;
      }
      const slices = slicer(this.opts.sliceMs ?? 8, signal);
      try {
        if (this.scanWanted) {
          this.scanWanted = false;
          if (this.fresh) {
            this.fresh = false;
            this.index = CodebaseIndex.empty();
            this.dirty = true;
          } else if (!loaded && this.index.fileCount === 0) {
            loaded = true;
            await this.loadSaved(slices);
          }
          await this.scan(settings, slices, signal);
          await this.save(signal);
        } else {
          await this.applyPending(settings, slices);
          this.saveLater();
        }
      } catch (e) {
        if (signal.aborted) continue; // rebuilt or disposed: the loop decides
        this.setStatus({ state: 'error', indexed: this.index.fileCount, total: this.current.total, message: errorText(e) }, true);
        this.log(`codebase index: ${errorText(e)}`);
        return;
      }
    }
  }

  /** Reads the saved index back file by file; a saved index from another version or damaged is dropped. */
  private async loadSaved(slices: Slicer): Promise<void> {
    const store = this.opts.store;
    if (!store) return;
    const index = CodebaseIndex.empty();
    let problem: string | undefined;
    try {
      const lines = await store.read();
      if (!lines) return;
      let first = true;
      for await (const line of lines) {
        if (first) {
          first = false;
          if (!CodebaseIndex.isHeader(line)) {
            problem = 'it is from another version of Gearshift or not an index';
            break;
          }
          continue;
        }
        if (line === '') continue;
        const f = CodebaseIndex.parseFileLine(line);
        if (!f) {
          problem = 'it is damaged';
          break;
        }
        index.setFile(f.path, f.stamp, f.chunks, f.language);
        this.index = index;
        this.setStatus({ state: 'indexing', indexed: index.fileCount, total: 0 });
        await slices.maybeYield();
      }
    } catch (e) {
      if (slices.aborted()) throw e;
      problem = `it could not be read (${errorText(e)})`;
    }
    if (problem === undefined) return;
    this.log(`codebase index: the saved index is not used (${problem}); rebuilding`);
    this.index = CodebaseIndex.empty();
    this.dirty = true;
  }

  private admitOptions(path: string, settings: CodebaseSettings) {
    const maxBytes = settings.maxFileKb * 1024;
    return { excludeGlobs: this.opts.excludeGlobs(path), gitignore: this.gitignore, maxBytes, root: this.opts.root?.(path) };
  }

  private async scan(settings: CodebaseSettings, slices: Slicer, signal: AbortSignal): Promise<void> {
    this.setStatus({ state: 'indexing', indexed: 0, total: 0 }, true);
    const rules = new GitignoreRules();
    for (const g of await this.opts.source.gitignores(signal)) rules.add(g.dir, g.content);
    this.gitignore = rules;
    const listed = await this.opts.source.list(signal);
    await slices.maybeYield();
    const admitted: FileEntry[] = [];
    for (const f of listed) {
      if (!skipBeforeRead(f.path, f.size, this.admitOptions(f.path, settings))) admitted.push(f);
      await slices.maybeYield();
    }
    admitted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const kept = admitted.slice(0, settings.maxFiles);
    this.overCap = new Set(admitted.slice(settings.maxFiles).map((f) => f.path));
    const capMessage =
      this.overCap.size > 0
        ? `${this.overCap.size.toLocaleString('en-US')} files over the ${settings.maxFiles.toLocaleString('en-US')}-file cap were left out`
        : undefined;
    const keep = new Set(kept.map((f) => f.path));
    for (const p of this.index.paths()) {
      if (keep.has(p)) continue;
      this.index.removeFile(p);
      this.dirty = true;
      await slices.maybeYield();
    }
    const todo = kept.filter((f) => !this.index.isCurrent(f.path, f));
    const total = kept.length;
    let done = total - todo.length;
    this.setStatus({ state: 'indexing', indexed: done, total, message: capMessage }, true);
    for (let i = 0; i < todo.length; i += READ_BATCH) {
      const batch = todo.slice(i, i + READ_BATCH);
      const reads = await Promise.all(
        batch.map((f) =>
          this.opts.source.read(f.path).then(
            (b) => b,
            () => undefined,
          ),
        ),
      );
      for (let j = 0; j < batch.length; j++) {
        await slices.maybeYield();
        this.indexRead(batch[j], reads[j]);
        done++;
        this.setStatus({ state: 'indexing', indexed: done, total, message: capMessage });
      }
    }
    this.setStatus({ state: 'ready', indexed: this.index.fileCount, total: this.index.fileCount, message: capMessage }, true);
  }

  /** Indexes one read file (undefined: it could not be read, and is forgotten). */
  private indexRead(f: FileEntry, bytes: Uint8Array | undefined): void {
    this.dirty = true;
    if (!bytes) {
      this.index.removeFile(f.path);
      return;
    }
    const prepared = prepareFile(bytes);
    if ('skipped' in prepared) {
      // Kept as an empty entry so an unchanged binary or minified file is not read again at the next scan.
      this.index.setFile(f.path, f, []);
      return;
    }
    this.index.setFile(f.path, f, prepared.chunks, languageOf(f.path));
  }

  private async applyPending(settings: CodebaseSettings, slices: Slicer): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    for (const [path, what] of batch) {
      await slices.maybeYield();
      if (what === 'delete') {
        const gone = this.index.has(path) ? [path] : this.index.paths().filter((p) => p.startsWith(`${path}/`));
        for (const p of gone) this.index.removeFile(p);
        if (gone.length) this.dirty = true;
        continue;
      }
      const stamp = await this.opts.source.stat(path).catch(() => undefined);
      const full = !this.index.has(path) && this.index.fileCount >= settings.maxFiles;
      const admitted = stamp && !full && !this.overCap.has(path) && !skipBeforeRead(path, stamp.size, this.admitOptions(path, settings));
      if (!admitted) {
        if (this.index.removeFile(path)) this.dirty = true;
        continue;
      }
      if (this.index.isCurrent(path, stamp)) continue;
      const bytes = await this.opts.source.read(path).catch(() => undefined);
      await slices.maybeYield();
      this.indexRead({ path, ...stamp }, bytes);
    }
    const n = this.index.fileCount;
    this.setStatus({ state: 'ready', indexed: n, total: n, message: this.current.message }, true);
  }

  private setStatus(s: CodebaseStatus, force = false): void {
    this.current = s;
    const now = Date.now();
    if (!force && now - this.lastStatusAt < STATUS_EVERY_MS) return;
    this.lastStatusAt = now;
    this.opts.onStatus?.({ ...s });
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
