/**
 * Following the ledger from every window: `LedgerTail` remembers a byte offset per month file and reads
 * only what was appended since; `watchLedger` calls it when fs.watch reports a change in the directory,
 * and on a slow timer as well (fs.watch misses events on network and some virtual file systems; when it
 * cannot start at all, the timer runs faster).
 */
import * as fs from 'node:fs';
import { listLedgerFiles, parseLedgerChunk } from './ledger';
import type { LedgerRecord } from './record';

export class LedgerTail {
  private readonly offsets = new Map<string, number>();

  /** `fromMonth` ("2026-11"): ignore older month files. */
  constructor(
    private readonly dir: string,
    private readonly fromMonth = '',
  ) {}

  /** Records appended since the last call (the first call returns everything there is). */
  readNew(): LedgerRecord[] {
    const out: LedgerRecord[] = [];
    for (const { month, file } of listLedgerFiles(this.dir)) {
      if (month < this.fromMonth) continue;
      let fd: number;
      try {
        fd = fs.openSync(file, 'r');
      } catch {
        continue; // removed between listing and opening
      }
      try {
        const size = fs.fstatSync(fd).size;
        let offset = this.offsets.get(file) ?? 0;
        // A file that shrank was replaced or truncated by hand: start it over.
        if (size < offset) offset = 0;
        if (size === offset) continue;
        const buf = Buffer.alloc(size - offset);
        const n = fs.readSync(fd, buf, 0, buf.length, offset);
        const { records, consumed } = parseLedgerChunk(buf.subarray(0, n));
        this.offsets.set(file, offset + consumed);
        for (const r of records) out.push(r);
      } finally {
        fs.closeSync(fd);
      }
    }
    return out;
  }
}

export interface WatchOptions {
  /** Only month files from this month on ("2026-11"). */
  fromMonth?: string;
  /** Safety-net polling interval while fs.watch works (ms). Default 5000. */
  pollMs?: number;
  /** Polling interval when fs.watch cannot be used (ms). Default 1000. */
  fallbackPollMs?: number;
  /** Coalesces bursts of watch events (ms). Default 25. */
  debounceMs?: number;
  /** Read errors (e.g. permissions) go here instead of being thrown from a timer. */
  onError?: (err: unknown) => void;
}

/**
 * Calls `onRecords` once right away with every existing record (possibly none), then with each batch
 * of new records as other windows (or this one) append them. Dispose to stop.
 */
export function watchLedger(dir: string, onRecords: (records: LedgerRecord[]) => void, opts: WatchOptions = {}): { dispose(): void } {
  const tail = new LedgerTail(dir, opts.fromMonth);
  let disposed = false;
  let debounce: NodeJS.Timeout | undefined;
  const read = (initial: boolean): void => {
    if (disposed) return;
    try {
      const records = tail.readNew();
      if (initial || records.length) onRecords(records);
    } catch (err) {
      opts.onError?.(err);
    }
  };
  const schedule = (): void => {
    if (debounce) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      read(false);
    }, opts.debounceMs ?? 25);
  };

  let watcher: fs.FSWatcher | undefined;
  try {
    fs.mkdirSync(dir, { recursive: true });
    watcher = fs.watch(dir, { persistent: false }, schedule);
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
      restartTimer();
    });
  } catch {
    watcher = undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  function restartTimer(): void {
    if (timer) clearInterval(timer);
    if (disposed) return;
    timer = setInterval(() => read(false), watcher ? (opts.pollMs ?? 5000) : (opts.fallbackPollMs ?? 1000));
    timer.unref();
  }
  restartTimer();
  read(true);
  return {
    dispose() {
      disposed = true;
      watcher?.close();
      if (timer) clearInterval(timer);
      if (debounce) clearTimeout(debounce);
    },
  };
}
