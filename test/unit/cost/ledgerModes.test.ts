/**
 * The ledger is nobody else's business: its folder is created 0700 and its files (month files and summary
 * indexes) 0600, and a folder or file found looser (0755 / 0644, as older versions made them) is tightened.
 * Checked on disk. POSIX only: Windows has no such permission bits.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendRecord, ensureLedgerDir, listLedgerFiles } from '../../../src/core/cost/ledger';
import { LedgerBook } from '../../../src/core/cost/ledgerBook';
import { indexFileFor } from '../../../src/core/cost/ledgerIndex';
import { watchLedger } from '../../../src/core/cost/ledgerWatch';
import { rec } from './records';

const skip = process.platform === 'win32' ? 'no POSIX permission bits on Windows' : false;
const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-ledger-modes-'));
  dirs.push(dir);
  return dir;
}

const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

test('a new ledger folder is 0700 and its month file 0600, whatever the umask', { skip }, () => {
  const old = process.umask(0o000);
  try {
    const dir = path.join(tmpRoot(), 'globalStorage', 'ledger');
    appendRecord(dir, rec());
    assert.equal(mode(dir), '700');
    assert.equal(mode(path.dirname(dir)), '700', 'a missing parent is created 0700 too');
    assert.equal(mode(listLedgerFiles(dir)[0].file), '600');
  } finally {
    process.umask(old);
  }
});

test('a folder 0755 and a month file 0644 (as older versions left them) are tightened on the next append', { skip }, () => {
  const dir = path.join(tmpRoot(), 'ledger');
  fs.mkdirSync(dir, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, 'ledger-2026-11.jsonl');
  fs.writeFileSync(file, JSON.stringify(rec()) + '\n');
  fs.chmodSync(file, 0o644);
  assert.deepEqual([mode(dir), mode(file)], ['755', '644']);
  appendRecord(dir, rec());
  assert.deepEqual([mode(dir), mode(file)], ['700', '600']);
});

test('starting to follow the ledger tightens its folder; summary indexes are written 0600', { skip }, async () => {
  const dir = path.join(tmpRoot(), 'ledger');
  fs.mkdirSync(dir, { mode: 0o777 });
  fs.chmodSync(dir, 0o777);
  watchLedger(dir, () => undefined).dispose();
  assert.equal(mode(dir), '700');
  fs.chmodSync(dir, 0o755);
  ensureLedgerDir(dir);
  assert.equal(mode(dir), '700');
  for (let i = 0; i < 20; i++) appendRecord(dir, rec({ latencyMs: i }));
  const book = new LedgerBook(dir, { reindexBytes: 1 });
  assert.equal((await book.refresh()).indexed.length, 1);
  assert.equal(mode(indexFileFor(listLedgerFiles(dir)[0].file)), '600');
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file left behind',
  );
});
