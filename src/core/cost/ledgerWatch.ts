/**
 * Noticing ledger changes from every window: `watchLedger` calls `onChange` when fs.watch reports a change in the
 * directory (bursts coalesced), and on a slow timer as well (fs.watch misses events on network and some virtual
 * file systems; when it cannot start at all, the timer runs faster). The reading itself is the caller's
 * (LedgerBook.refresh: asynchronous, chunked).
 */
import * as fs from 'node:fs';
import { ensureLedgerDir } from './ledger';

export interface WatchOptions {
  /** Safety-net polling interval while fs.watch works (ms). Default 5000. */
  pollMs?: number;
  /** Polling interval when fs.watch cannot be used (ms). Default 1000. */
  fallbackPollMs?: number;
  /** Coalesces bursts of watch events (ms). Default 25. */
  debounceMs?: number;
}

/** Calls `onChange` after changes in the ledger directory and every poll interval. Dispose to stop. */
export function watchLedger(dir: string, onChange: () => void, opts: WatchOptions = {}): { dispose(): void } {
  let disposed = false;
  let debounce: NodeJS.Timeout | undefined;
  const fire = (): void => {
    if (!disposed) onChange();
  };
  const schedule = (): void => {
    if (debounce) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      fire();
    }, opts.debounceMs ?? 25);
  };

  let watcher: fs.FSWatcher | undefined;
  try {
    ensureLedgerDir(dir);
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
    timer = setInterval(fire, watcher ? (opts.pollMs ?? 5000) : (opts.fallbackPollMs ?? 1000));
    timer.unref();
  }
  restartTimer();
  return {
    dispose() {
      disposed = true;
      watcher?.close();
      if (timer) clearInterval(timer);
      if (debounce) clearTimeout(debounce);
    },
  };
}
