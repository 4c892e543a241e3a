import { Worker } from 'node:worker_threads';
import type { SymbolHint } from './searchIndex';
import type { CodebaseHit, CodebaseSearch, CodebaseStatus } from './types';
import type { HostRequest, WorkerConfig, WorkerMessage, WorkerReply } from './workerProtocol';

/**
 * The codebase index as the extension host holds it: a proxy over the worker thread (worker.ts) that does the work.
 * The host's event loop only posts and receives small messages. A worker that crashes is restarted (the status
 * says 'error' with why until the new one reports), searches that take too long answer nothing, and dispose
 * terminates the worker. Nothing here ever rejects except a search whose signal was aborted.
 */

export interface WorkerClientOptions {
  /** Starts a worker running worker.js (the bundle's dist/codebaseWorker.js, or the compiled file in tests). */
  spawn: () => Worker;
  /** The workspace as the index should see it now (asked at start and on `reconfigure`). */
  config: () => WorkerConfig;
  /** The editor's workspace symbols for a question (looked up in the host, sent with the search). */
  symbols?: (query: string, signal?: AbortSignal) => Promise<SymbolHint[]>;
  /** How long a search waits for the symbols before going without them (default 400 ms). */
  symbolTimeoutMs?: number;
  /** How long a search waits for the worker's answer before answering nothing (default 5 s). */
  searchTimeoutMs?: number;
  /** Delay before a crashed worker is started again (default 1 s, doubling per crash in a row). */
  restartDelayMs?: number;
  /** Crashes in a row after which the worker is left stopped (default 5). */
  maxRestarts?: number;
  onStatus?: (status: CodebaseStatus) => void;
  log?: (message: string) => void;
}

type Stats = WorkerReply['stats'];

interface Pending {
  request: HostRequest & { id: number };
  resolve: (reply: WorkerReply | undefined) => void;
  /** Sent again to a restarted worker (rebuild, idle); a search is answered with nothing instead. */
  resend: boolean;
}

export class CodebaseWorkerClient implements CodebaseSearch {
  private worker: Worker | undefined;
  private current: CodebaseStatus = { state: 'indexing', indexed: 0, total: 0 };
  private latestStats: Stats = { files: 0, chunks: 0, heapUsed: 0 };
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Set once started; the worker is then running, restarting, or left stopped after too many crashes. */
  private started = false;

  constructor(private readonly opts: WorkerClientOptions) {}

  /** Starts the worker: it loads the saved index and scans the workspace. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.launch();
  }

  /** What goes in changed (settings, folders, a .gitignore): the worker rescans; only what changed is read. */
  reconfigure(): void {
    this.post({ kind: 'configure', config: this.opts.config() });
  }

  fileChanged(path: string): void {
    this.post({ kind: 'changed', path });
  }

  fileDeleted(path: string): void {
    this.post({ kind: 'deleted', path });
  }

  status(): CodebaseStatus {
    return { ...this.current };
  }

  /** What is indexed (as of the worker's last answer) and the worker's heap in use. */
  stats(): Stats {
    return { ...this.latestStats };
  }

  /** Drops the index and builds it afresh; resolves when it is complete (or the worker is gone). */
  async rebuild(): Promise<void> {
    if (this.started && !this.worker && !this.restartTimer && !this.disposed) {
      // Left stopped after too many crashes: the user asks to try again.
      this.crashes = 0;
      this.launch();
    }
    await this.request({ kind: 'rebuild', id: 0 }, true);
  }

  /** Resolves once the worker has nothing queued or running. */
  async whenIdle(): Promise<void> {
    await this.request({ kind: 'idle', id: 0 }, true);
  }

  async search(query: string, limit: number, signal?: AbortSignal): Promise<CodebaseHit[]> {
    signal?.throwIfAborted();
    if (this.current.state === 'off' || this.disposed) return [];
    const symbols = await this.symbolsFor(query, signal);
    signal?.throwIfAborted();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const reply = this.request({ kind: 'search', id: 0, query, limit, symbols }, false);
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.log(`codebase index: a search took over ${this.opts.searchTimeoutMs ?? 5000} ms and was given up`);
        resolve(undefined);
      }, this.opts.searchTimeoutMs ?? 5000);
    });
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const r = await Promise.race([reply, timeout, aborted]);
      return r?.hits ?? [];
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.restartTimer);
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
    void w?.terminate();
  }

  private request(request: HostRequest & { id: number }, resend: boolean): Promise<WorkerReply | undefined> {
    // Disposed, or left stopped after too many crashes: nothing will answer.
    if (this.disposed || (this.started && !this.worker && !this.restartTimer)) return Promise.resolve(undefined);
    const id = this.nextId++;
    const r = { ...request, id };
    return new Promise((resolve) => {
      this.pending.set(id, { request: r, resolve, resend });
      this.post(r);
    });
  }

  private post(m: HostRequest): void {
    this.worker?.postMessage(m);
  }

  private launch(): void {
    const w = this.opts.spawn();
    this.worker = w;
    w.on('message', (m: WorkerMessage) => {
      if (this.worker === w) this.receive(m);
    });
    w.on('error', (e: Error) => this.crashed(w, e.message));
    w.on('exit', (code) => this.crashed(w, `it exited with code ${code}`));
    w.postMessage({ kind: 'configure', config: this.opts.config() } satisfies HostRequest);
    for (const p of this.pending.values()) w.postMessage(p.request);
  }

  private receive(m: WorkerMessage): void {
    if (m.kind === 'log') {
      this.log(m.message);
      return;
    }
    if (m.kind === 'status') {
      this.setStatus(m.status);
      return;
    }
    this.latestStats = m.stats;
    this.setStatus(m.status);
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.error !== undefined) this.log(`codebase index: ${m.error}`);
    p?.resolve(m);
  }

  private setStatus(s: CodebaseStatus): void {
    if (s.state === 'ready') this.crashes = 0;
    const changed = JSON.stringify(s) !== JSON.stringify(this.current);
    this.current = { ...s };
    if (changed) this.opts.onStatus?.({ ...s });
  }

  /** The worker died (an error thrown in it, out of memory, killed): searches in flight answer nothing, it restarts. */
  private crashed(w: Worker, why: string): void {
    if (this.worker !== w || this.disposed) return;
    this.worker = undefined;
    void w.terminate();
    for (const [id, p] of this.pending) {
      if (p.resend) continue;
      this.pending.delete(id);
      p.resolve(undefined);
    }
    this.crashes++;
    const max = this.opts.maxRestarts ?? 5;
    const giveUp = this.crashes > max;
    const message = giveUp
      ? `The codebase index stopped after ${max} restarts (${why}); run "Gearshift: Rebuild Codebase Index" to try again.`
      : `The codebase index's worker stopped (${why}); restarting it.`;
    this.log(message);
    this.setStatus({ state: 'error', indexed: this.current.indexed, total: this.current.total, message });
    if (giveUp) {
      // Left stopped: rebuild and idle waiters are released; a rebuild request starts it again.
      for (const p of this.pending.values()) p.resolve(undefined);
      this.pending.clear();
      return;
    }
    const delay = (this.opts.restartDelayMs ?? 1000) * 2 ** (this.crashes - 1);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.disposed) this.launch();
    }, delay);
  }

  private async symbolsFor(query: string, signal?: AbortSignal): Promise<SymbolHint[]> {
    const find = this.opts.symbols;
    if (!find) return [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SymbolHint[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.opts.symbolTimeoutMs ?? 400);
    });
    try {
      return await Promise.race([find(query, signal).catch(() => []), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }
}
