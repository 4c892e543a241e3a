import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptanceOf, acceptanceText } from '../../../src/core/cost/acceptance';
import { recordsToCsv } from '../../../src/core/cost/csv';
import { parseRecord, recordFromOutcome, sanitizeRecord, type LedgerRecord } from '../../../src/core/cost/record';
import { buildSpendView } from '../../../src/core/cost/spendView';
import { SpendTally } from '../../../src/core/cost/tally';
import { withVerdict, type CompletionOutcome } from '../../../src/core/completion/types';
import { emptyUsage } from '../../../src/core/types';
import { rec } from './records';

let minute = 0;
/** Completion records one minute apart, from 2026-11-05 10:00 UTC. */
function completion(over: Partial<LedgerRecord>): LedgerRecord {
  return rec({ time: new Date(Date.UTC(2026, 10, 5, 10, minute++)).toISOString(), task: 'completion', language: 'typescript', ...over });
}

const day = [
  completion({ verdict: 'accepted' }),
  completion({ verdict: 'rejected' }),
  completion({ verdict: 'accepted', language: 'python' }),
  completion({ verdict: 'rejected', language: 'python' }),
  completion({ verdict: 'rejected', language: 'python' }),
  completion({ verdict: 'empty', language: 'go' }),
  completion({ verdict: 'accepted', modelName: 'qwen', model: 'qwen2.5-coder:7b', tier: 'cheap' }),
  // Not shown: no verdict (cancelled, failed, or recorded before verdicts existed).
  completion({ outcome: 'cancelled' }),
  completion({ outcome: 'error:timeout' }),
  // Not a completion: a chat call never counts, whatever it carries.
  rec({ task: 'chat', verdict: 'accepted', language: 'typescript' }),
];

test('accept rate: shown = accepted + rejected, per model and per language; empty answers apart; others ignored', () => {
  const r = acceptanceOf(day);
  assert.deepEqual(
    { shown: r.total.shown, accepted: r.total.accepted, empty: r.total.empty, rate: r.total.rate },
    { shown: 6, accepted: 3, empty: 1, rate: 0.5 },
  );
  assert.deepEqual(
    r.byModel.map((m) => [m.key, m.shown, m.accepted, m.empty]),
    [
      ['mini', 5, 2, 1],
      ['qwen', 1, 1, 0],
    ],
  );
  assert.deepEqual(
    r.byLanguage.map((l) => [l.key, acceptanceText(l)]),
    [
      ['python', '33% (1 of 3)'],
      ['typescript', '67% (2 of 3)'],
      ['go', '—'],
    ],
    'most shown first, ties by name',
  );
});

test('the tally gives the same report as the records, survives its JSON round trip (the month index) and merges', () => {
  const tally = SpendTally.of(day);
  assert.deepEqual(tally.acceptance(), acceptanceOf(day));
  const back = SpendTally.fromJSON(JSON.parse(JSON.stringify(tally.toJSON())));
  assert.ok(back, 'the index reads back');
  assert.deepEqual(back.acceptance(), acceptanceOf(day));
  const merged = SpendTally.of(day.slice(0, 4));
  merged.merge(SpendTally.of(day.slice(4)));
  assert.deepEqual(merged.acceptance(), acceptanceOf(day));
  // Filters: another workspace, or days before these, count nothing.
  assert.equal(tally.acceptance({ workspaceId: 'other' }).total.shown, 0);
  assert.equal(tally.acceptance({ to: '2026-11-04' }).byModel.length, 0);
  const view = buildSpendView(tally, { period: 'all', workspaceId: null }, { now: new Date(Date.UTC(2026, 10, 6)) });
  assert.equal(view.acceptance.total.rate, 0.5);
});

test('a corrupt acceptance cell makes the index unreadable (the month is read again), not a wrong rate', () => {
  const json = JSON.parse(JSON.stringify(SpendTally.of(day).toJSON())) as { acceptance?: Record<string, unknown>[] }[];
  const bad = (edit: (c: Record<string, unknown>) => void) => {
    const copy = JSON.parse(JSON.stringify(json)) as typeof json;
    edit(copy[0].acceptance![0]);
    return SpendTally.fromJSON(copy);
  };
  assert.equal(
    bad((c) => (c.accepted = 99)),
    undefined,
    'more accepted than shown',
  );
  assert.equal(
    bad((c) => (c.shown = -1)),
    undefined,
    'a negative count',
  );
  assert.equal(
    bad((c) => (c.extra = 1)),
    undefined,
    'an unknown field',
  );
  assert.equal(
    bad((c) => (c.language = 3)),
    undefined,
    'a language that is not a string',
  );
});

test('verdict and language are recorded for completions, kept only when well-formed', () => {
  const clean = sanitizeRecord(completion({ verdict: 'accepted', language: 'javascriptreact' }));
  assert.equal(clean.verdict, 'accepted');
  assert.equal(clean.language, 'javascriptreact');
  for (const language of ['', 'a b', 'x'.repeat(41), '../etc', 'ts\nx']) {
    assert.equal(sanitizeRecord(completion({ language })).language, undefined, JSON.stringify(language));
  }
  assert.equal(sanitizeRecord(completion({ verdict: 'maybe' as never })).verdict, undefined);
  const csv = recordsToCsv([completion({ verdict: 'accepted', language: 'go' })])
    .trim()
    .split('\r\n');
  assert.match(csv[0], /,verdict,language$/);
  assert.match(csv[1], /,accepted,go$/);
  const line = JSON.stringify(completion({ verdict: 'rejected', language: 'go' }));
  assert.deepEqual(
    [parseRecord(line, Date.UTC(2026, 10, 6))?.verdict, parseRecord(line, Date.UTC(2026, 10, 6))?.language],
    ['rejected', 'go'],
  );
});

test("the engine's outcome gives the ledger its verdict: accepted, rejected and empty do; cancelled and failed do not", () => {
  const outcome = (status: CompletionOutcome['status']): CompletionOutcome => ({
    decision: { task: 'completion', tier: 'cheap', chain: [], reason: 'completion' } as never,
    modelName: 'mini',
    endpoint: 'openai',
    fallbacks: [],
    task: 'completion',
    status,
    language: 'rust',
    result: { text: 'x', usage: emptyUsage(), estimated: false, totalMs: 1 },
    usage: emptyUsage(),
    estimated: false,
    latencyMs: 1,
  });
  const recorded = (status: CompletionOutcome['status']) =>
    recordFromOutcome(withVerdict(outcome(status)), { task: 'completion', workspace: { id: 'w', name: 'w' }, cost: {} });
  assert.deepEqual(
    (['accepted', 'rejected', 'empty', 'cancelled', 'error'] as const).map((s) => recorded(s).verdict),
    ['accepted', 'rejected', 'empty', undefined, undefined],
  );
  assert.equal(recorded('accepted').language, 'rust');
});
