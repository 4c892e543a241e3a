/**
 * The summary index: totals from the index plus the records after it must equal totals from reading every record,
 * after appends, with a torn last line, and when the index is missing, corrupt or no longer describes its file.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import '../props/seed';
import { appendRecord, listLedgerFiles, readLedger, scanLedgerFile } from '../../../src/core/cost/ledger';
import { LedgerBook, type LedgerBookOptions } from '../../../src/core/cost/ledgerBook';
import { indexFileFor } from '../../../src/core/cost/ledgerIndex';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { SpendTally } from '../../../src/core/cost/tally';
import { rec } from './records';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-ledger-index-'));
  dirs.push(dir);
  return dir;
}

const MODELS = [
  { modelName: 'mini', model: 'gpt-5-mini', tier: 'cheap' as const },
  { modelName: 'sonnet', model: 'claude-sonnet-4-5', tier: 'frontier' as const },
  { modelName: 'next', model: 'claude-sonnet-5-5', tier: 'frontier' as const },
];

/** Record `i` of a varied November: 30 days, 3 workspaces, 3 models, some unpriced, some approximate prices. */
function nth(i: number): LedgerRecord {
  const m = MODELS[i % 3];
  const day = 1 + ((i * 7) % 30);
  return rec({
    time: new Date(2026, 10, day, 8 + (i % 10), i % 60).toISOString(),
    workspace: { id: `ws${i % 3}`, name: `app${i % 3}` },
    ...m,
    costUsd: i % 11 === 0 ? null : ((i * 37) % 1000) / 7919,
    frontierCostUsd: i % 5 === 0 ? null : ((i * 53) % 1000) / 3571,
    usage: { input: 100 + (i % 900), output: i % 300, cacheRead: i % 4 === 0 ? 2048 : 0 },
    latencyMs: i,
    ...(m.modelName === 'next' && i % 11 !== 0 ? { priceMatch: 'approximate' as const, pricedAs: 'anthropic/claude-sonnet-5' } : {}),
  });
}

function appendMany(dir: string, from: number, count: number): void {
  for (let i = from; i < from + count; i++) appendRecord(dir, nth(i));
}

/** Asserts a book's sums equal those of a full read of the folder, bucket by bucket and for the status bar's periods. */
async function assertSameAsFullRead(book: LedgerBook, dir: string, label: string): Promise<void> {
  const full = SpendTally.of(await readLedger(dir));
  const t = book.tally();
  assert.deepEqual(t.toJSON(), full.toJSON(), `${label}: every bucket`);
  for (const f of [
    {},
    { from: '2026-11-05', to: '2026-11-05' },
    { from: '2026-11-01' },
    { workspaceId: 'ws1' },
    { workspaceId: 'ws2', from: '2026-11-20' },
  ]) {
    assert.deepEqual(t.totals(f), full.totals(f), `${label}: totals ${JSON.stringify(f)}`);
  }
  assert.deepEqual(
    t.daily({ from: new Date(2026, 10, 1), to: new Date(2026, 10, 30) }),
    full.daily({ from: new Date(2026, 10, 1), to: new Date(2026, 10, 30) }),
  );
}

const ledgerFile = (dir: string): string => listLedgerFiles(dir)[0].file;
const fresh = (dir: string, opts: LedgerBookOptions = {}): LedgerBook => new LedgerBook(dir, { reindexBytes: 1, ...opts });

test('a first read builds the index; the next reader starts from it and reads only the records appended since', async () => {
  const dir = tmpDir();
  appendMany(dir, 0, 2000);
  const first = fresh(dir);
  const r1 = await first.refresh();
  assert.deepEqual(
    r1.loaded.map((l) => l.from),
    ['full read'],
  );
  assert.equal(r1.records, 2000);
  assert.deepEqual(r1.indexed, [ledgerFile(dir)]);
  assert.ok(fs.existsSync(indexFileFor(ledgerFile(dir))));
  await assertSameAsFullRead(first, dir, 'after the first read');

  appendMany(dir, 2000, 300);
  const second = fresh(dir, { reindexBytes: Infinity });
  const r2 = await second.refresh();
  assert.deepEqual(
    r2.loaded.map((l) => l.from),
    ['index'],
  );
  assert.equal(r2.records, 300, 'only the tail is read one record at a time');
  await assertSameAsFullRead(second, dir, 'index + tail');

  // The first reader follows the same appends incrementally.
  assert.equal((await first.refresh()).records, 300);
  await assertSameAsFullRead(first, dir, 'followed');
  assert.equal((await first.refresh()).records, 0, 'nothing new: nothing read');
});

test('a torn last line is left for later: totals equal a full read before and after the next writer isolates it', async () => {
  const dir = tmpDir();
  appendMany(dir, 0, 500);
  const book = fresh(dir);
  await book.refresh();
  const file = ledgerFile(dir);
  const sizeBefore = fs.statSync(file).size;
  fs.appendFileSync(file, JSON.stringify(nth(500)).slice(0, 70));
  const r = await book.refresh();
  assert.equal(r.records, 0);
  assert.equal(book.offsets().get(file), sizeBefore, 'the fragment is not consumed');
  await assertSameAsFullRead(book, dir, 'torn tail');
  // An index written now covers up to the fragment; a reader from it sees the same.
  const fromIndex = fresh(dir, { reindexBytes: Infinity });
  assert.deepEqual(
    (await fromIndex.refresh()).loaded.map((l) => l.from),
    ['index'],
  );
  await assertSameAsFullRead(fromIndex, dir, 'index with a torn tail after it');
  appendMany(dir, 501, 20);
  const after = await book.refresh();
  assert.equal(after.records, 20);
  assert.equal(after.skipped, 1, 'the fragment, alone on its line, is skipped');
  await assertSameAsFullRead(book, dir, 'after the next append');
});

test('a deleted, corrupt, stale or foreign index is not trusted: the file is read again and the index rewritten', async () => {
  const dir = tmpDir();
  appendMany(dir, 0, 800);
  await fresh(dir).refresh();
  const file = ledgerFile(dir);
  const index = indexFileFor(file);
  const good = fs.readFileSync(index, 'utf8');
  const edit = (f: (raw: Record<string, unknown>) => void): string => {
    const raw = JSON.parse(good) as Record<string, unknown>;
    f(raw);
    return JSON.stringify(raw);
  };
  const cases: [string, () => void][] = [
    ['deleted', () => fs.rmSync(index)],
    ['garbage bytes', () => fs.writeFileSync(index, Buffer.from([0x7b, 0x00, 0xff, 0x22]))],
    ['truncated JSON', () => fs.writeFileSync(index, good.slice(0, good.length / 2))],
    [
      'sums edited (check digest fails)',
      () =>
        fs.writeFileSync(
          index,
          edit((r) => ((r.days as { models: { costUsd: number }[] }[])[0].models[0].costUsd += 1)),
        ),
    ],
    [
      'covers more than the file holds',
      () =>
        fs.writeFileSync(
          index,
          edit((r) => (r.size = (r.size as number) + 10)),
        ),
    ],
    [
      'another time zone',
      () =>
        fs.writeFileSync(
          index,
          edit((r) => (r.timeZone = 'Pacific/Chatham')),
        ),
    ],
    [
      'another version',
      () =>
        fs.writeFileSync(
          index,
          edit((r) => (r.v = 99)),
        ),
    ],
    [
      'another file',
      () =>
        fs.writeFileSync(
          index,
          edit((r) => (r.file = 'ledger-2026-10.jsonl')),
        ),
    ],
    [
      'the ledger rewritten under it (same length, other records)',
      () => {
        fs.writeFileSync(index, good);
        const text = fs.readFileSync(file, 'utf8');
        fs.writeFileSync(file, text.replace(/"app0"/g, '"app9"'));
      },
    ],
  ];
  for (const [label, damage] of cases) {
    damage();
    const book = fresh(dir);
    const r = await book.refresh();
    assert.deepEqual(
      r.loaded.map((l) => l.from),
      ['full read'],
      label,
    );
    assert.deepEqual(r.indexed, [file], `${label}: the index is rewritten`);
    await assertSameAsFullRead(book, dir, label);
    const again = fresh(dir);
    assert.deepEqual(
      (await again.refresh()).loaded.map((l) => l.from),
      ['index'],
      `${label}: the rewritten index is trusted`,
    );
  }
});

test('a followed file replaced by a shorter one is counted again from scratch', async () => {
  const dir = tmpDir();
  appendMany(dir, 0, 400);
  const book = fresh(dir);
  await book.refresh();
  const file = ledgerFile(dir);
  fs.rmSync(file);
  fs.rmSync(indexFileFor(file));
  appendMany(dir, 1000, 50);
  const r = await book.refresh();
  assert.deepEqual(
    r.loaded.map((l) => l.from),
    ['full read'],
  );
  await assertSameAsFullRead(book, dir, 'replaced file');
});

test('reading yields to the event loop between chunks (activation never waits for a month)', async () => {
  const dir = tmpDir();
  appendMany(dir, 0, 6000);
  let ticks = 0;
  let running = true;
  const tick = (): void => {
    ticks++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const book = new LedgerBook(dir, { chunkBytes: 64 * 1024, writeIndexes: false });
  const pending = book.refresh();
  assert.equal(book.tally().totals().calls, 0, 'refresh() returns before reading anything');
  await pending;
  running = false;
  const chunks = Math.ceil(fs.statSync(ledgerFile(dir)).size / (64 * 1024));
  assert.ok(ticks >= chunks / 2, `the event loop ran ${ticks} times while ${chunks} chunks were read`);
  assert.equal(book.tally().totals().calls, 6000);
});

test('an over-long line (1 MiB without a newline) is dropped without holding it, and the records after it are read', async () => {
  const dir = tmpDir();
  appendMany(dir, 0, 10);
  const file = ledgerFile(dir);
  fs.appendFileSync(file, 'x'.repeat(1024 * 1024));
  const book = new LedgerBook(dir, { chunkBytes: 64 * 1024, writeIndexes: false });
  const r1 = await book.refresh();
  assert.equal(r1.records, 10);
  assert.equal(book.offsets().get(file), fs.statSync(file).size, 'the garbage is passed over, not re-read on every poll');
  appendMany(dir, 10, 5);
  const r2 = await book.refresh();
  assert.equal(r2.records, 5);
  await assertSameAsFullRead(book, dir, 'after an over-long line');
  let seen = 0;
  const res = await scanLedgerFile(file, (rs) => (seen += rs.length), { chunkBytes: 64 * 1024 });
  assert.deepEqual([seen, res.skipped], [15, 1]);
});

test('property: any mix of appends, torn writes, index loss and damage, and new readers gives the totals of a full read', async () => {
  type Op =
    | { kind: 'append'; n: number }
    | { kind: 'tear' }
    | { kind: 'refresh' }
    | { kind: 'newReader' }
    | { kind: 'dropIndex' }
    | { kind: 'damageIndex' };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 120 }) }),
    fc.constant({ kind: 'tear' as const }),
    fc.constant({ kind: 'refresh' as const }),
    fc.constant({ kind: 'newReader' as const }),
    fc.constant({ kind: 'dropIndex' as const }),
    fc.constant({ kind: 'damageIndex' as const }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 40_000 }),
      async (ops: Op[], reindexBytes: number) => {
        const dir = tmpDir();
        let next = 0;
        let book = new LedgerBook(dir, { reindexBytes });
        for (const o of ops) {
          const file = listLedgerFiles(dir)[0]?.file;
          if (o.kind === 'append') {
            appendMany(dir, next, o.n);
            next += o.n;
          } else if (o.kind === 'tear' && file) fs.appendFileSync(file, JSON.stringify(nth(next++)).slice(0, 33));
          else if (o.kind === 'newReader') book = new LedgerBook(dir, { reindexBytes });
          else if (o.kind === 'dropIndex' && file) fs.rmSync(indexFileFor(file), { force: true });
          else if (o.kind === 'damageIndex' && file && fs.existsSync(indexFileFor(file))) fs.appendFileSync(indexFileFor(file), '}');
          await book.refresh();
          await assertSameAsFullRead(book, dir, JSON.stringify(ops));
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    ),
    { numRuns: 25 },
  );
});
