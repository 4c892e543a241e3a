/**
 * Records out of bounds (RECORD_BOUNDS: dated before 2020-01-01 or more than a day ahead, a cost over $1000 or not
 * a finite number ≥ 0, a token count over 20 million or negative, a call longer than a day) are refused when
 * written, with a message naming the field, and skipped when read back from a file that holds them anyway.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendRecord, ledgerFileName, readLedger } from '../../../src/core/cost/ledger';
import { LedgerBook } from '../../../src/core/cost/ledgerBook';
import { parseRecord, recordFromOutcome, recordProblem, RECORD_BOUNDS, type LedgerRecord } from '../../../src/core/cost/record';
import { emptyUsage } from '../../../src/core/types';
import { rec } from './records';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-ledger-bounds-'));
  dirs.push(dir);
  return dir;
}

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();

// [what, record, the problem's words (undefined: accepted)]
const CASES: [string, LedgerRecord, RegExp | undefined][] = [
  ['an ordinary record', rec(), undefined],
  ['dated 2020-01-01T00:00Z exactly', rec({ time: '2020-01-01T00:00:00.000Z' }), undefined],
  ['dated 2019-12-31', rec({ time: '2019-12-31T23:59:59.999Z' }), /^time 2019-12-31T23:59:59\.999Z is before 2020-01-01$/],
  ['dated 1970', rec({ time: '1970-01-01T00:00:00.000Z' }), /before 2020-01-01/],
  ['dated a day ahead exactly', rec({ time: iso(NOW + DAY) }), undefined],
  [
    'dated a day and a second ahead',
    rec({ time: iso(NOW + DAY + 1000) }),
    /^time 2026-12-02T12:00:01\.000Z is more than a day in the future$/,
  ],
  ['dated 2999', rec({ time: '2999-01-01T00:00:00.000Z' }), /more than a day in the future/],
  ['a time that is not a date', rec({ time: 'yesterday' }), /^time "yesterday" is not a date$/],
  ['a $1000 call', rec({ costUsd: 1000 }), undefined],
  ['a $1000.01 call', rec({ costUsd: 1000.01 }), /^costUsd \$1000\.01 is over the \$1000 bound for one call$/],
  ['a negative cost', rec({ costUsd: -0.5 }), /^costUsd -0\.5 is not a cost/],
  ['a NaN cost', rec({ costUsd: NaN }), /^costUsd NaN is not a cost/],
  ['an infinite cost', rec({ costUsd: Infinity }), /^costUsd Infinity is not a cost/],
  ['an absurd frontier cost', rec({ frontierCostUsd: 25_000 }), /^frontierCostUsd \$25000 is over the \$1000 bound/],
  ['an unpriced call', rec({ costUsd: null, frontierCostUsd: null }), undefined],
  ['20 million input tokens', rec({ usage: { input: 20_000_000 } }), undefined],
  [
    '20 million and one output tokens',
    rec({ usage: { output: 20_000_001 } }),
    /^usage\.output 20000001 is over the 20,000,000-token bound$/,
  ],
  ['negative cache reads', rec({ usage: { cacheRead: -3 } }), /^usage\.cacheRead -3 is not a token count$/],
  ['NaN reasoning tokens', rec({ usage: { reasoning: NaN } }), /^usage\.reasoning NaN is not a token count$/],
  ['a call of two days', rec({ latencyMs: 2 * DAY }), /^latencyMs 172800000 is not a call duration/],
];

test('RECORD_BOUNDS: what is refused, and the message names the field and the bound', () => {
  assert.equal(RECORD_BOUNDS.maxCostUsd, 1000);
  for (const [what, r, problem] of CASES) {
    const got = recordProblem(r, NOW);
    if (problem === undefined) assert.equal(got, undefined, what);
    else assert.match(got ?? '(accepted)', problem, what);
  }
});

test('out-of-bounds records are refused when written: nothing reaches the file', () => {
  const dir = tmpDir();
  for (const [what, r, problem] of CASES) {
    if (problem === undefined) continue;
    assert.throws(
      () => appendRecord(dir, r, NOW),
      (err: Error) => err.message.startsWith('Ledger record refused: ') && problem.test(err.message.slice(23, -1)),
      what,
    );
  }
  assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')) : [], []);
  // A NaN cost from a pricing bug is not quietly turned into "unpriced" on its way to the ledger.
  const decision = {
    tier: 'cheap' as const,
    chain: [{ name: 'mini', endpoint: 'openai', model: 'gpt-5-mini' }],
    reason: 'task',
    source: 'task' as const,
  };
  const bad = recordFromOutcome(
    {
      decision,
      modelName: 'mini',
      endpoint: 'openai',
      fallbacks: [],
      result: { text: '', usage: emptyUsage(), estimated: false, totalMs: 5 },
    },
    { task: 'completion', workspace: { id: 'w', name: 'w' }, cost: { costUsd: NaN }, time: new Date(NOW) },
  );
  assert.throws(() => appendRecord(dir, bad, NOW), /costUsd NaN is not a cost/);
});

test('out-of-bounds lines in a file are skipped when read back, by every reader', async () => {
  const dir = tmpDir();
  const good = rec({ time: '2026-11-05T10:00:00.000Z', latencyMs: 1 });
  appendRecord(dir, good, NOW);
  const file = path.join(dir, ledgerFileName(new Date(good.time)));
  // Written by hand (or by an older or broken writer) into the month file. (NaN and Infinity have no JSON form:
  // they would be written as null, an unpriced call.)
  for (const [, r, problem] of CASES) {
    const line = JSON.stringify(r);
    if (problem && recordProblem(JSON.parse(line) as LedgerRecord, NOW) !== undefined) fs.appendFileSync(file, line + '\n');
  }
  fs.appendFileSync(file, JSON.stringify({ ...good, costUsd: 5000 }) + '\n');
  for (const line of fs.readFileSync(file, 'utf8').trim().split('\n').slice(1))
    assert.equal(parseRecord(line, NOW), undefined, line.slice(0, 80));
  const back = await readLedger(dir, { now: NOW });
  assert.deepEqual(
    back.map((r) => r.latencyMs),
    [1],
  );
  const book = new LedgerBook(dir, { now: () => NOW });
  const report = await book.refresh();
  assert.equal(report.records, 1);
  assert.ok(report.skipped >= 10, `skipped ${report.skipped}`);
  assert.equal(book.tally().totals().costUsd, good.costUsd);
});
