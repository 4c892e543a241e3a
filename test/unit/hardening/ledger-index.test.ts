/**
 * Two other processes append to the ledger while this one follows it with a LedgerBook that rewrites the summary
 * index every few KiB, and a second book in this process reads from whatever index is on disk at the time. Every
 * record must be counted exactly once, and the sums must equal those of a full read at the end.
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readLedger } from '../../../src/core/cost/ledger';
import { LedgerBook } from '../../../src/core/cost/ledgerBook';
import { SpendTally } from '../../../src/core/cost/tally';

const WRITER = path.join(__dirname, 'ledgerWriter.js');
const PER_WRITER = 600;
const TIME = new Date(2026, 10, 20, 10).toISOString();

function writer(root: string, tag: string): Promise<number | null> {
  // announceAt 1: every append after the first is paced, so the appends interleave with this process's reads.
  const args = [path.join(root, 'ledger'), tag, String(PER_WRITER), path.join(root, `${tag}.acks`), '1', TIME, TIME];
  const child = fork(WRITER, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

test('appends by other processes while the index is rewritten: every record counted once, totals equal a full read', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-hardening-index-'));
  const dir = path.join(root, 'ledger');
  try {
    const follower = new LedgerBook(dir, { reindexBytes: 4096 });
    const done = Promise.all([writer(root, 'a'), writer(root, 'b')]).then((codes) => codes);
    let finished = false;
    void done.then(() => (finished = true));
    let refreshes = 0;
    let fromIndex = 0;
    while (!finished) {
      await follower.refresh();
      refreshes++;
      // A newcomer starts from the index on disk (whatever prefix it covers now) and reads the rest.
      const newcomer = new LedgerBook(dir, { writeIndexes: false });
      const r = await newcomer.refresh();
      if (r.loaded.some((l) => l.from === 'index')) fromIndex++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await done, [0, 0]);
    await follower.refresh();
    const full = SpendTally.of(await readLedger(dir));
    assert.equal(full.totals().calls, 2 * PER_WRITER);
    assert.deepEqual(follower.tally().toJSON(), full.toJSON(), 'the follower counted every record once');
    const last = new LedgerBook(dir, { writeIndexes: false });
    const report = await last.refresh();
    assert.deepEqual(
      report.loaded.map((l) => l.from),
      ['index'],
    );
    assert.deepEqual(last.tally().toJSON(), full.toJSON(), 'index + tail');
    assert.ok(refreshes > 3 && fromIndex > 0, `followed during the appends (${refreshes} refreshes, ${fromIndex} newcomers from an index)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
