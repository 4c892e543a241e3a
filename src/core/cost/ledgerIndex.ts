/**
 * The summary index of a ledger month file: `ledger-2026-11.index.json` beside `ledger-2026-11.jsonl`, holding the
 * month's sums per local day, workspace and model (a SpendTally) and the byte offset they cover. A reader adds the
 * records after that offset (the tail) instead of reading the whole month.
 *
 * An index is trusted only when it still describes its file: same format version and time zone (days are local),
 * the offset within the file, and SHA-256 digests of the file's first and last 4 KiB before the offset equal to
 * those recorded (a file replaced, truncated or rewritten by hand fails that), and a digest of its own sums intact.
 * Otherwise the file is read whole again (in chunks) and the index rewritten. Any window may write it, at any time:
 * each write is a complete index for some prefix of the file, put in place by an atomic rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LEDGER_FILE_MODE } from './ledger';
import { SpendTally } from './tally';

// 2: day sums gained conversations and regret (an index of version 1 lacks them: the month is read again once).
// 3: day sums gained completion acceptance.
const INDEX_VERSION = 3;
/** Bytes hashed at the start and at the end of the covered part. */
const PROBE_BYTES = 4096;
/** An index is small (days × workspaces × models); anything bigger is not one of ours. */
const MAX_INDEX_BYTES = 16 * 1024 * 1024;

interface IndexFile {
  v: typeof INDEX_VERSION;
  /** The ledger file's name. */
  file: string;
  /** Bytes of the ledger file the sums cover (a line boundary). */
  size: number;
  /** The time zone the days were counted in. */
  timeZone: string;
  head: string;
  tail: string;
  /** SHA-256 of JSON.stringify(days). */
  check: string;
  days: unknown;
}

export function indexFileFor(ledgerFile: string): string {
  return ledgerFile.replace(/\.jsonl$/, '.index.json');
}

function timeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Digests of the first and last PROBE_BYTES of the ledger file's first `size` bytes. */
async function probes(fh: fs.promises.FileHandle, size: number): Promise<{ head: string; tail: string }> {
  const read = async (start: number, length: number): Promise<Buffer> => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, start);
    return buf.subarray(0, bytesRead);
  };
  const headLen = Math.min(PROBE_BYTES, size);
  const tailStart = Math.max(0, size - PROBE_BYTES);
  return { head: sha256(await read(0, headLen)), tail: sha256(await read(tailStart, size - tailStart)) };
}

export interface LoadedIndex {
  tally: SpendTally;
  /** Bytes of the ledger file the tally covers. */
  size: number;
}

/**
 * The index of a ledger file when it is there and still describes the file; undefined otherwise (missing,
 * unreadable, corrupt, another version or time zone, or the file changed under it).
 */
export async function readIndex(ledgerFile: string): Promise<LoadedIndex | undefined> {
  let raw: IndexFile;
  try {
    const indexFile = indexFileFor(ledgerFile);
    const st = await fs.promises.stat(indexFile);
    if (st.size > MAX_INDEX_BYTES) return undefined;
    raw = JSON.parse(await fs.promises.readFile(indexFile, 'utf8')) as IndexFile;
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || raw.v !== INDEX_VERSION || raw.file !== path.basename(ledgerFile)) return undefined;
  if (!Number.isSafeInteger(raw.size) || raw.size < 0 || raw.timeZone !== timeZone()) return undefined;
  if (typeof raw.check !== 'string' || sha256(JSON.stringify(raw.days)) !== raw.check) return undefined;
  const tally = SpendTally.fromJSON(raw.days);
  if (!tally) return undefined;
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(ledgerFile, 'r');
  } catch {
    return undefined;
  }
  try {
    if ((await fh.stat()).size < raw.size) return undefined;
    const p = await probes(fh, raw.size);
    if (p.head !== raw.head || p.tail !== raw.tail) return undefined;
  } finally {
    await fh.close();
  }
  return { tally, size: raw.size };
}

/**
 * Writes the index of a ledger file: `tally` must hold exactly the records of the file's first `size` bytes.
 * Written to a temporary file (0600) and renamed into place. Returns false when it could not be written (the
 * ledger works without it; the next reader rebuilds it).
 */
export async function writeIndex(ledgerFile: string, tally: SpendTally, size: number): Promise<boolean> {
  const indexFile = indexFileFor(ledgerFile);
  const tmp = `${indexFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await fs.promises.open(ledgerFile, 'r');
    let p: { head: string; tail: string };
    try {
      p = await probes(fh, size);
    } finally {
      await fh.close();
    }
    const days = tally.toJSON();
    const body: IndexFile = {
      v: INDEX_VERSION,
      file: path.basename(ledgerFile),
      size,
      timeZone: timeZone(),
      ...p,
      check: sha256(JSON.stringify(days)),
      days,
    };
    await fs.promises.writeFile(tmp, JSON.stringify(body), { mode: LEDGER_FILE_MODE, flag: 'wx' });
    await fs.promises.rename(tmp, indexFile);
    return true;
  } catch {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    return false;
  }
}
