/**
 * A process's running sums of the shared ledger: per month file, a SpendTally and the byte offset it covers.
 * The first refresh of a file starts from its summary index (ledgerIndex.ts) and reads only the records after it;
 * without a valid index it reads the whole file, in chunks off the event loop, and writes the index. Later
 * refreshes read what was appended since (by any window or the CLI), and rewrite the index once the part it does
 * not cover has grown past `reindexBytes`, so the next start reads little. Nothing here holds records: callers
 * see each batch through `onRecords` as it is read.
 */
import * as fs from 'node:fs';
import { listLedgerFiles, scanLedgerFile } from './ledger';
import { readIndex, writeIndex } from './ledgerIndex';
import type { LedgerRecord } from './record';
import { SpendTally, type TallyFilter } from './tally';

export interface LedgerBookOptions {
  /** Only month files from this month on ("2026-11"); default: every month. */
  fromMonth?: string;
  /** Called with each batch of records read one by one (the tail after an index, or a whole file without one). */
  onRecords?: (records: LedgerRecord[]) => void;
  /** Rewrite a file's index once this many bytes of it are not covered by the index on disk. Default 1 MiB. */
  reindexBytes?: number;
  /** Bytes per read (see scanLedgerFile). */
  chunkBytes?: number;
  /** False: never write index files (read-only use). Default true. */
  writeIndexes?: boolean;
  /** The clock for RECORD_BOUNDS (ms). */
  now?: () => number;
}

/** What one file's state came from on its first read, for tests, logs and the bench. */
export type FileSource = 'index' | 'full read';

export interface RefreshReport {
  /** Records read one by one in this refresh. */
  records: number;
  /** Lines skipped in this refresh (torn, foreign, out of bounds). */
  skipped: number;
  /** Files read for the first time (or again after they shrank or were replaced), and from what. */
  loaded: { file: string; from: FileSource }[];
  /** Index files written. */
  indexed: string[];
}

interface FileState {
  tally: SpendTally;
  /** Bytes covered by `tally` (a line boundary, or inside an over-long line being dropped). */
  offset: number;
  skipping: boolean;
  /** Bytes covered by the index on disk (0: none). */
  indexed: number;
  /** Identity of the file, to notice a replacement. */
  ino: number;
}

export class LedgerBook {
  private readonly files = new Map<string, FileState>();
  private merged: SpendTally | undefined;
  private running: Promise<RefreshReport> | undefined;
  private again = false;

  constructor(
    readonly dir: string,
    private readonly opts: LedgerBookOptions = {},
  ) {}

  /**
   * Brings the sums up to date with the files. A call made while one runs makes that run go over the files once
   * more before it settles (so every caller's promise settles after what was there when it asked has been read).
   */
  refresh(): Promise<RefreshReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<RefreshReport> {
    const report: RefreshReport = { records: 0, skipped: 0, loaded: [], indexed: [] };
    do {
      this.again = false;
      for (const { month, file } of listLedgerFiles(this.dir)) {
        if (this.opts.fromMonth !== undefined && month < this.opts.fromMonth) continue;
        await this.refreshFile(file, report);
      }
    } while (this.again);
    return report;
  }

  private async refreshFile(file: string, report: RefreshReport): Promise<void> {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (this.files.delete(file)) this.merged = undefined;
      return;
    }
    let state = this.files.get(file);
    // A file that shrank or is another file now was replaced or truncated by hand: count it again.
    if (state && (st.size < state.offset || st.ino !== state.ino)) state = undefined;
    if (!state) {
      const index = await readIndex(file);
      state = index
        ? { tally: index.tally, offset: index.size, skipping: false, indexed: index.size, ino: st.ino }
        : { tally: new SpendTally(), offset: 0, skipping: false, indexed: 0, ino: st.ino };
      this.files.set(file, state);
      this.merged = undefined;
      report.loaded.push({ file, from: index ? 'index' : 'full read' });
    }
    if (st.size > state.offset) {
      const s = state;
      const res = await scanLedgerFile(
        file,
        (records) => {
          for (const r of records) s.tally.add(r);
          report.records += records.length;
          this.merged = undefined;
          this.opts.onRecords?.(records);
        },
        { start: s.offset, skipping: s.skipping, chunkBytes: this.opts.chunkBytes, now: this.opts.now?.(), size: st.size },
      );
      s.offset = res.end;
      s.skipping = res.skipping;
      report.skipped += res.skipped;
    }
    const uncovered = state.offset - state.indexed;
    if (this.opts.writeIndexes !== false && !state.skipping && uncovered > 0 && uncovered >= (this.opts.reindexBytes ?? 1024 * 1024)) {
      if (await writeIndex(file, state.tally, state.offset)) {
        state.indexed = state.offset;
        report.indexed.push(file);
      }
    }
  }

  /** The sums of every file read, as one tally (rebuilt only after something changed). */
  tally(): SpendTally {
    if (!this.merged) {
      const all = new SpendTally();
      for (const s of this.files.values()) all.merge(s.tally);
      this.merged = all;
    }
    return this.merged;
  }

  /** USD spent (the budget's SpendSource). */
  spentUsd(filter: TallyFilter): number {
    return this.tally().spentUsd(filter);
  }

  /** Bytes covered so far per file (for tests and the bench). */
  offsets(): Map<string, number> {
    return new Map([...this.files].map(([file, s]) => [file, s.offset]));
  }
}
