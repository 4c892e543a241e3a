/**
 * The spend ledger: one append-only JSONL file per month (ledger-2026-11.jsonl) in a directory shared by
 * every VS Code window (the extension's global storage) and the CLI.
 *
 * Durability and concurrency: each record is one line written by ONE write(2) on an O_APPEND descriptor,
 * and is far below 4 KiB, so concurrent writers never interleave and a line is either wholly there or
 * not. A torn tail (power loss, full disk, a copy from another machine) is never truncated — that could
 * cut a record another window is appending at that moment. Instead the next writer starts its record
 * with '\n', which leaves the fragment alone on its own line; readers skip lines that do not parse, and
 * the last line until it ends with '\n'. (fstat can catch another window's append half-copied, so a writer
 * occasionally takes it for a torn tail: the cost is one blank line, which readers skip.)
 *
 * Privacy: the folder is created 0700 and the files 0600 (spend, model and workspace names are nobody else's
 * business); a folder or file found looser is tightened. Bounds: a record out of RECORD_BOUNDS (dated before
 * 2020 or more than a day ahead, a cost over $1000 or not a number…) is refused when written and skipped when read.
 *
 * Reading never holds a month in memory at once, nor the event loop: files are read in chunks, each parsed
 * between two asynchronous reads (scanLedgerFile).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monthKey, parseRecord, recordProblem, sanitizeRecord, type LedgerRecord } from './record';

/** Atomic-append bound: records are kept well below it. */
const MAX_RECORD_BYTES = 4000;
/** A line longer than this is not a record: readers drop it without holding it (a 1 GiB line of garbage…). */
const MAX_LINE_BYTES = 64 * 1024;
const FILE_NAME = /^ledger-(\d{4}-\d{2})\.jsonl$/;
export const LEDGER_DIR_MODE = 0o700;
export const LEDGER_FILE_MODE = 0o600;
/** Bytes read (and then parsed) per step: parsing one takes a few milliseconds. */
export const CHUNK_BYTES = 128 * 1024;

const POSIX = process.platform !== 'win32';

/** Tightens a folder or file found with group/other permissions (POSIX; Windows has no such bits). */
function tighten(target: string | number, mode: number, current: number): void {
  if (!POSIX || (current & 0o077) === 0) return;
  try {
    if (typeof target === 'number') fs.fchmodSync(target, mode);
    else fs.chmodSync(target, mode);
  } catch {
    // Not ours to change (another user's folder): leave it; writing still works or fails on its own.
  }
}

/** Folders this process has made sure of (later appends cost one open, fstat, write and close). */
const ensured = new Set<string>();

/**
 * Creates the ledger folder 0700 (and its missing parents), or tightens an existing one. Appends do it once per
 * folder and process; the extension does it at every start.
 */
export function ensureLedgerDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: LEDGER_DIR_MODE });
  if (POSIX) tighten(dir, LEDGER_DIR_MODE, fs.statSync(dir).mode);
  ensured.add(dir);
}

export function ledgerFileName(time: Date): string {
  return `ledger-${monthKey(time)}.jsonl`;
}

/** A stable, non-reversible workspace id (the folder URI or path never enters the ledger). */
export function hashWorkspaceId(workspaceKey: string): string {
  return createHash('sha256').update(workspaceKey).digest('hex').slice(0, 16);
}

/** The serialized line for a record, '\n' included. */
function recordLine(record: LedgerRecord): string {
  const line = JSON.stringify(sanitizeRecord(record)) + '\n';
  // Unreachable with MAX_IDENT-bounded identifiers; kept so a future field cannot break atomicity unnoticed.
  if (Buffer.byteLength(line) > MAX_RECORD_BYTES)
    throw new Error(`Ledger record is ${Buffer.byteLength(line)} bytes, over the ${MAX_RECORD_BYTES}-byte atomic-append limit.`);
  return line;
}

/** Whether a file exists, is non-empty and does not end with '\n' (a torn tail). */
function hasTornTail(fd: number): boolean {
  const { size, mode } = fs.fstatSync(fd);
  tighten(fd, LEDGER_FILE_MODE, mode);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * Appends one record to the month file of its time, creating the directory if needed. Synchronous: when
 * it returns, the record is in the file (in the OS cache). Throws on a record out of RECORD_BOUNDS (the
 * message names the field) and on I/O failure (disk full, no access); callers in the request path catch
 * and log that.
 */
export function appendRecord(dir: string, record: LedgerRecord, now: number = Date.now()): void {
  const problem = recordProblem(record, now);
  if (problem !== undefined) throw new Error(`Ledger record refused: ${problem}.`);
  const line = recordLine(record);
  if (!ensured.has(dir)) ensureLedgerDir(dir);
  const file = path.join(dir, ledgerFileName(new Date(record.time)));
  let fd: number;
  try {
    fd = fs.openSync(file, 'a+', LEDGER_FILE_MODE);
  } catch (err) {
    // The folder was removed since: make it again.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    ensureLedgerDir(dir);
    fd = fs.openSync(file, 'a+', LEDGER_FILE_MODE);
  }
  try {
    fs.writeSync(fd, hasTornTail(fd) ? '\n' + line : line);
  } finally {
    fs.closeSync(fd);
  }
}

/** The ledger files in a directory, oldest month first. */
export function listLedgerFiles(dir: string): { month: string; file: string }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((name) => ({ name, m: FILE_NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ month: m[1], file: path.join(dir, name) }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * Parses the complete lines of a chunk of ledger text. Returns the records and how many bytes were
 * consumed: everything up to and including the last '\n' (an unterminated tail is left for later).
 */
export function parseLedgerChunk(
  buf: Buffer,
  now: number = Date.now(),
): { records: LedgerRecord[]; consumed: number; lines: number; skipped: number } {
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return { records: [], consumed: 0, lines: 0, skipped: 0 };
  const records: LedgerRecord[] = [];
  let lines = 0;
  let skipped = 0;
  for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    lines++;
    const r = parseRecord(line, now);
    if (r) records.push(r);
    else skipped++;
  }
  return { records, consumed: end + 1, lines, skipped };
}

export interface ScanOptions {
  /** Byte offset to start at (a line start). Default 0. */
  start?: number;
  /** True when `start` is inside an over-long line still to be dropped (from the previous scan's result). */
  skipping?: boolean;
  /** Bytes per read; default CHUNK_BYTES. */
  chunkBytes?: number;
  /** The reader's clock for RECORD_BOUNDS (ms). */
  now?: number;
  /** Read up to this size (a size the caller just got from stat); default: the size when the scan starts. */
  size?: number;
}

export interface ScanResult {
  /** Offset after the last complete line read (the next scan's start). */
  end: number;
  /** Whether `end` is inside an over-long line (pass it back as `skipping`). */
  skipping: boolean;
  /** Non-empty lines read, and how many of them were not records (torn, foreign or out of bounds). */
  lines: number;
  skipped: number;
  /** The file's size when the scan began. */
  size: number;
}

/**
 * Reads a ledger file from `start` to its current end in chunks, handing each chunk's records to `onRecords`;
 * every read is asynchronous, so the event loop runs between chunks (no stall longer than parsing one chunk),
 * and only one chunk (plus one partial line) is held at a time. Stops after the last complete line. A missing
 * file reads as empty.
 */
export async function scanLedgerFile(
  file: string,
  onRecords: (records: LedgerRecord[]) => void,
  opts: ScanOptions = {},
): Promise<ScanResult> {
  const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { end: 0, skipping: false, lines: 0, skipped: 0, size: 0 };
    throw err;
  }
  try {
    const size = opts.size ?? (await fh.stat()).size;
    const res: ScanResult = { end: opts.start ?? 0, skipping: opts.skipping ?? false, lines: 0, skipped: 0, size };
    // carry holds the bytes of a line begun in an earlier chunk (at most MAX_LINE_BYTES of them).
    const buf = Buffer.allocUnsafe(chunkBytes + MAX_LINE_BYTES);
    let carry = 0;
    let pos = res.end;
    while (pos < size) {
      const { bytesRead } = await fh.read(buf, carry, Math.min(chunkBytes, size - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      let data = buf.subarray(0, carry + bytesRead);
      if (res.skipping) {
        // Drop the rest of an over-long line: everything up to its newline.
        const nl = data.indexOf(0x0a);
        if (nl < 0) {
          res.end = pos;
          carry = 0;
          continue;
        }
        res.skipping = false;
        res.end = pos - data.length + nl + 1;
        data = data.subarray(nl + 1);
      }
      const parsed = parseLedgerChunk(data, opts.now);
      res.lines += parsed.lines;
      res.skipped += parsed.skipped;
      res.end += parsed.consumed;
      if (parsed.records.length) onRecords(parsed.records);
      const rest = data.length - parsed.consumed;
      if (rest > MAX_LINE_BYTES) {
        // Not a record, however it ends: drop it now and the rest of it in later chunks.
        res.lines++;
        res.skipped++;
        res.skipping = true;
        res.end = pos;
        carry = 0;
      } else {
        data.copy(buf, 0, parsed.consumed);
        carry = rest;
      }
    }
    return res;
  } finally {
    await fh.close();
  }
}

/** Reads every complete record of one ledger file (missing file: none), in chunks. */
export async function readLedgerFile(file: string): Promise<LedgerRecord[]> {
  const out: LedgerRecord[] = [];
  await scanLedgerFile(file, (records) => {
    for (const r of records) out.push(r);
  });
  return out;
}

/**
 * Every record in the directory, optionally only those at or after `since`, in file order. `now`: the clock
 * RECORD_BOUNDS are checked against (ms; default the real one).
 */
export async function readLedger(dir: string, opts: { since?: Date; now?: number } = {}): Promise<LedgerRecord[]> {
  const fromMonth = opts.since ? monthKey(opts.since) : '';
  const since = opts.since?.getTime() ?? -Infinity;
  const out: LedgerRecord[] = [];
  for (const { month, file } of listLedgerFiles(dir)) {
    if (month < fromMonth) continue;
    await scanLedgerFile(
      file,
      (records) => {
        for (const r of records) if (Date.parse(r.time) >= since) out.push(r);
      },
      { now: opts.now },
    );
  }
  return out;
}
