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
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monthKey, parseRecord, sanitizeRecord, type LedgerRecord } from './record';

/** Atomic-append bound: records are kept well below it. */
const MAX_RECORD_BYTES = 4000;
const FILE_NAME = /^ledger-(\d{4}-\d{2})\.jsonl$/;

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
  const { size } = fs.fstatSync(fd);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/**
 * Appends one record to the month file of its time, creating the directory if needed. Synchronous: when
 * it returns, the record is in the file (in the OS cache). Throws on I/O failure (disk full, no access);
 * callers in the request path catch and log that.
 */
export function appendRecord(dir: string, record: LedgerRecord): void {
  const line = recordLine(record);
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(path.join(dir, ledgerFileName(new Date(record.time))), 'a+');
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
export function parseLedgerChunk(buf: Buffer): { records: LedgerRecord[]; consumed: number } {
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return { records: [], consumed: 0 };
  const records: LedgerRecord[] = [];
  for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
    const r = parseRecord(line);
    if (r) records.push(r);
  }
  return { records, consumed: end + 1 };
}

/** Reads every complete record of one ledger file (missing file: none). */
export async function readLedgerFile(file: string): Promise<LedgerRecord[]> {
  try {
    return parseLedgerChunk(await fs.promises.readFile(file)).records;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Every record in the directory, optionally only those at or after `since`, in file order. */
export async function readLedger(dir: string, opts: { since?: Date } = {}): Promise<LedgerRecord[]> {
  const fromMonth = opts.since ? monthKey(opts.since) : '';
  const out: LedgerRecord[] = [];
  for (const { month, file } of listLedgerFiles(dir)) {
    if (month < fromMonth) continue;
    for (const r of await readLedgerFile(file)) if (!opts.since || Date.parse(r.time) >= opts.since.getTime()) out.push(r);
  }
  return out;
}
