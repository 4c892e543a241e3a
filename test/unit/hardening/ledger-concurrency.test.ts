/**
 * Three processes append to one ledger directory at once while their records cross a month boundary (the file is
 * chosen by each record's time: ledger-YYYY-MM.jsonl), and one of them is SIGKILLed mid-run after the boundary.
 * Every acknowledged record must be read back exactly once across both month files, and every line must parse.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ledgerFileName, listLedgerFiles, readLedger, readLedgerFile } from '../../../src/core/cost/ledger';
import { monthKey, parseRecord } from '../../../src/core/cost/record';

const WRITER = path.join(__dirname, 'ledgerWriter.js');
const PER_WRITER = 1500;
/** The victim is killed once it acknowledged this many: past the month boundary (at PER_WRITER / 2). */
const KILL_AFTER = 1000;
// The last second of January and the first of February, local time (monthKey is local).
const MONTH_A = new Date(2026, 0, 31, 23, 59, 59, 999).toISOString();
const MONTH_B = new Date(2026, 1, 1, 0, 0, 0, 0).toISOString();

function start(dir: string, tag: string): { child: ChildProcess; ackFile: string; exited: Promise<NodeJS.Signals | number | null> } {
  const ackFile = path.join(dir, `${tag}.acks`);
  const child = fork(WRITER, [path.join(dir, 'ledger'), tag, String(PER_WRITER), ackFile, String(KILL_AFTER), MONTH_A, MONTH_B], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { child, ackFile, exited };
}

const acks = (file: string): number[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);

test('3 writers across a month boundary, one SIGKILLed: every acknowledged record is in its month file exactly once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-hardening-ledger-'));
  const ledgerDir = path.join(dir, 'ledger');
  try {
    const writers = { victim: start(dir, 'victim'), w1: start(dir, 'w1'), w2: start(dir, 'w2') };
    writers.victim.child.on('message', () => writers.victim.child.kill('SIGKILL'));
    assert.equal(await writers.victim.exited, 'SIGKILL');
    assert.equal(await writers.w1.exited, 0);
    assert.equal(await writers.w2.exited, 0);

    // Two files, one per month, each holding only its month's records.
    const files = listLedgerFiles(ledgerDir);
    assert.deepEqual(
      files.map((f) => f.month),
      [monthKey(new Date(MONTH_A)), monthKey(new Date(MONTH_B))],
    );
    assert.deepEqual(
      files.map((f) => path.basename(f.file)),
      [ledgerFileName(new Date(MONTH_A)), ledgerFileName(new Date(MONTH_B))],
    );
    let lines = 0;
    for (const { month, file } of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.endsWith('\n'), `${path.basename(file)} ends with a newline`);
      for (const line of text.split('\n')) {
        if (!line) continue;
        lines++;
        const r = parseRecord(line);
        assert.ok(r, `unparseable line in ${path.basename(file)}: ${line.slice(0, 80)}`);
        assert.equal(monthKey(new Date(r.time)), month, 'a record sits in the file of its own month');
      }
      assert.ok((await readLedgerFile(file)).length > 0);
    }

    // Every acknowledged append is there exactly once (across both files), in its writer's order.
    const seen = new Map<string, number[]>();
    for (const r of await readLedger(ledgerDir)) seen.set(r.workspace.id, [...(seen.get(r.workspace.id) ?? []), r.latencyMs]);
    const all = Array.from({ length: PER_WRITER }, (_, i) => i + 1);
    for (const tag of ['w1', 'w2']) {
      assert.deepEqual(acks(writers[tag as 'w1'].ackFile), all);
      assert.deepEqual(seen.get(tag), all, `${tag}: every record once, in order`);
    }
    const victimAcks = acks(writers.victim.ackFile);
    const victimSeen = seen.get('victim') ?? [];
    assert.ok(victimAcks.length >= KILL_AFTER && victimAcks.length < PER_WRITER, `victim killed mid-run (acked ${victimAcks.length})`);
    assert.deepEqual(victimSeen.slice(0, victimAcks.length), victimAcks, 'victim: every acknowledged record once, in order');
    assert.ok(victimSeen.length <= victimAcks.length + 1, 'at most the one append in flight at the kill is unacknowledged');
    assert.equal(new Set(victimSeen).size, victimSeen.length, 'no duplicates');
    console.log(
      `ledger concurrency: 3 writers, ${lines} lines in ${files.length} month files, victim killed after ${victimAcks.length} acks`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
