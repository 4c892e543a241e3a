import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { recordsToCsv } from '../../../src/core/cost/csv';
import { conversationKey, parseRecord, recordFromOutcome, sanitizeRecord, type LedgerRecord } from '../../../src/core/cost/record';
import { regretOf, regretText, type RegretReport } from '../../../src/core/cost/regret';
import { SpendTally } from '../../../src/core/cost/tally';
import type { GatewayOutcome, Preference } from '../../../src/core/types';
import { rec } from './records';

const A = conversationKey('conv-a');
const B = conversationKey('conv-b');
let minute = 0;
/** Records one minute apart, from 2026-11-05 10:00 UTC. */
function call(over: Partial<LedgerRecord>): LedgerRecord {
  return rec({ time: new Date(Date.UTC(2026, 10, 5, 10, minute++)).toISOString(), preference: 'balanced', ...over });
}
const cheap = (conversation: string | undefined, over: Partial<LedgerRecord> = {}): LedgerRecord => call({ conversation, ...over });
const frontier = (conversation: string | undefined, over: Partial<LedgerRecord> = {}): LedgerRecord =>
  call({ conversation, tier: 'frontier', modelName: 'sonnet', model: 'claude-sonnet-5', ...over });

/** total answers / regretted, as "answers:regretted". */
const summary = (r: RegretReport): string => `${r.total.answers}:${r.total.regretted}`;

test('a cheap answer is regretted only when the next call of its conversation escalates', () => {
  const cases: { name: string; records: () => LedgerRecord[]; want: string }[] = [
    { name: 'a cheap answer, then nothing', records: () => [cheap(A)], want: '1:0' },
    { name: 'a cheap answer, then Retry with frontier', records: () => [cheap(A), frontier(A, { escalation: 'retry' })], want: '1:1' },
    { name: 'a cheap answer, then a pushback escalation', records: () => [cheap(A), frontier(A, { escalation: 'pushback' })], want: '1:1' },
    { name: 'a cheap answer, then a plain follow-up', records: () => [cheap(A), cheap(A)], want: '2:0' },
    {
      name: 'the escalation judges only the call just before it',
      records: () => [cheap(A), cheap(A), frontier(A, { escalation: 'retry' })],
      want: '2:1',
    },
    { name: 'a retry of a frontier answer is not regret', records: () => [frontier(A), frontier(A, { escalation: 'retry' })], want: '0:0' },
    {
      name: 'interleaved conversations: the retry of B does not regret A',
      records: () => [cheap(A), cheap(B), frontier(B, { escalation: 'retry' }), cheap(A)],
      want: '3:1',
    },
    {
      name: 'interleaved: A is regretted after B spoke in between',
      records: () => [cheap(A), cheap(B), frontier(A, { escalation: 'pushback' }), cheap(B)],
      want: '3:1',
    },
    {
      name: 'records without a conversation are not counted and judge nothing',
      records: () => [
        cheap(undefined),
        frontier(undefined, { escalation: 'retry' }),
        cheap(A),
        frontier(undefined, { escalation: 'retry' }),
      ],
      want: '1:0',
    },
    {
      name: 'a failed cheap call is not an answer',
      records: () => [cheap(A, { outcome: 'error:timeout' }), frontier(A, { escalation: 'retry' })],
      want: '0:0',
    },
    {
      name: 'a failed frontier retry still regrets the answer (its fallback is the same escalation)',
      records: () => [cheap(A), frontier(A, { escalation: 'retry', outcome: 'error:rateLimit' }), frontier(A, { escalation: 'retry' })],
      want: '1:1',
    },
    {
      name: 'completions are not answers',
      records: () => [cheap(A, { task: 'completion' }), frontier(A, { escalation: 'retry' })],
      want: '0:0',
    },
    {
      name: 'agent steps are answers',
      records: () => [cheap(A, { task: 'agent' }), frontier(A, { task: 'agent', escalation: 'retry' })],
      want: '1:1',
    },
  ];
  for (const c of cases) assert.equal(summary(regretOf(c.records())), c.want, c.name);
});

test('rates per model, per preference and per workspace, with counts', () => {
  const api = { id: 'ws2', name: 'api' };
  const pref = (p: Preference) => ({ preference: p });
  const r = regretOf([
    cheap(A, pref('cost')),
    frontier(A, { escalation: 'retry', ...pref('cost') }),
    cheap(A, pref('cost')),
    cheap(B, { modelName: 'haiku', workspace: api, ...pref('quality') }),
    cheap(B, { modelName: 'haiku', workspace: api, ...pref('quality') }),
    frontier(B, { escalation: 'pushback', workspace: api, ...pref('quality') }),
    cheap(conversationKey('c'), { preference: undefined }),
  ]);
  const rows = (list: { key: string; answers: number; regretted: number; rate?: number }[]) =>
    list.map((x) => `${x.key} ${x.regretted}/${x.answers}`);
  assert.deepEqual(rows(r.byModel), ['mini 1/3', 'haiku 1/2']);
  assert.deepEqual(rows(r.byPreference), ['cost 1/2', 'quality 1/2', 'unrecorded 0/1']);
  assert.deepEqual(rows(r.byWorkspace), ['ws1 1/3', 'ws2 1/2']);
  assert.equal(r.byWorkspace[1].label, 'api');
  assert.equal(r.total.rate, 2 / 5);
  assert.equal(r.byModel[0].retry, 1);
  assert.equal(r.byModel[1].pushback, 1);
  assert.equal(regretText(r.total), '40% (2 of 5)');
  assert.equal(regretText(regretOf([]).total), '—');
});

test('streams across a day and a month boundary: the tally (index + tail, month files merged) agrees with the records', () => {
  // 23:59 on Nov 30 (local) a cheap answer; the retry comes after midnight, in December's file.
  const late = new Date(2026, 10, 30, 23, 59).toISOString();
  const early = new Date(2026, 11, 1, 0, 1).toISOString();
  const nov = [rec({ time: late, conversation: A })];
  const dec = [rec({ time: early, conversation: A, tier: 'frontier', modelName: 'sonnet', escalation: 'retry' })];
  assert.equal(summary(regretOf([...nov, ...dec])), '1:1');
  const merged = new SpendTally();
  merged.merge(SpendTally.of(nov));
  merged.merge(SpendTally.of(dec));
  assert.equal(summary(merged.regret()), '1:1');
  // Counted on the day of the cheap answer.
  assert.equal(summary(merged.regret({ from: '2026-12-01' })), '0:0');
  assert.equal(summary(merged.regret({ to: '2026-11-30' })), '1:1');
  // Across an index written between the answer and the retry.
  const tail = SpendTally.fromJSON(JSON.parse(JSON.stringify(SpendTally.of(nov).toJSON())))!;
  for (const r of dec) tail.add(r);
  assert.equal(summary(tail.regret()), '1:1');
});

const arbRecords = fc.array(
  fc.record({
    gapMin: fc.integer({ min: 0, max: 60 * 30 }),
    conv: fc.constantFrom(A, B, conversationKey('c'), undefined),
    tier: fc.constantFrom('cheap' as const, 'frontier' as const),
    task: fc.constantFrom('chat' as const, 'agent' as const, 'completion' as const),
    ok: fc.boolean(),
    escalation: fc.constantFrom(undefined, 'retry' as const, 'pushback' as const),
    preference: fc.constantFrom(undefined, 'quality' as const, 'cost' as const),
    ws: fc.constantFrom('ws1', 'ws2'),
    cost: fc.constantFrom(0.001, 0.25, null),
  }),
  { maxLength: 60 },
);

type Spec = typeof arbRecords extends fc.Arbitrary<infer T> ? T : never;
function build(spec: Spec): LedgerRecord[] {
  let t = Date.UTC(2026, 10, 28, 20);
  return spec.map((s) => {
    t += s.gapMin * 60_000;
    return rec({
      time: new Date(t).toISOString(),
      conversation: s.conv,
      tier: s.tier,
      modelName: s.tier === 'cheap' ? 'mini' : 'sonnet',
      task: s.task,
      outcome: s.ok ? 'ok' : 'error:timeout',
      escalation: s.escalation,
      preference: s.preference,
      workspace: { id: s.ws, name: s.ws },
      costUsd: s.cost,
    });
  });
}

test('property: regret and conversation sums are the same from records, split at any point, or month by month', () => {
  fc.assert(
    fc.property(arbRecords, fc.nat(), (spec, cut) => {
      const records = build(spec);
      const want = regretOf(records);
      const all = SpendTally.of(records);
      assert.deepEqual(all.regret(), want);
      // Index + tail at any point.
      const at = records.length ? cut % (records.length + 1) : 0;
      const split = SpendTally.fromJSON(JSON.parse(JSON.stringify(SpendTally.of(records.slice(0, at)).toJSON())))!;
      for (const r of records.slice(at)) split.add(r);
      assert.deepEqual(split.regret(), want);
      assert.deepEqual(split.conversations(), all.conversations());
      // One tally per (local) month, merged in order.
      const months = new Map<string, LedgerRecord[]>();
      for (const r of records) {
        const d = new Date(r.time);
        const k = `${d.getFullYear()}-${d.getMonth()}`;
        months.set(k, [...(months.get(k) ?? []), r]);
      }
      const merged = new SpendTally();
      for (const list of months.values()) merged.merge(SpendTally.fromJSON(JSON.parse(JSON.stringify(SpendTally.of(list).toJSON())))!);
      assert.deepEqual(merged.regret(), want);
      const sum = (list: ReturnType<SpendTally['conversations']>) =>
        list.map((c) => `${c.conversation}:${c.calls}:${c.costUsd.toFixed(6)}`).sort();
      assert.deepEqual(sum(merged.conversations()), sum(all.conversations()));
    }),
    { numRuns: 300 },
  );
});

test('cost per conversation: sums of its records, dearest first, agent tasks told apart', () => {
  const t = SpendTally.of([
    cheap(A, { costUsd: 0.01 }),
    frontier(A, { costUsd: 0.1, escalation: 'retry' }),
    cheap(B, { costUsd: 0.002 }),
    cheap(B, { costUsd: null }),
    cheap(conversationKey('task1'), { task: 'agent', costUsd: 0.5 }),
    cheap(undefined, { costUsd: 9 }),
  ]);
  const rows = t.conversations().map((c) => `${c.task} ${c.calls} ${c.costUsd.toFixed(3)} ${c.unpriced}`);
  assert.deepEqual(rows, ['agent 1 0.500 0', 'chat 2 0.110 0', 'chat 2 0.002 1']);
  assert.equal(t.conversations({ task: 'chat' }).length, 2);
  assert.equal(t.conversation(A)?.costUsd, 0.01 + 0.1);
  assert.equal(t.conversation(conversationKey('nope')), undefined);
});

test('the ledger keeps conversation, preference and escalation only well-formed; old records still parse', () => {
  const good = rec({ conversation: A, preference: 'cost', escalation: 'pushback' });
  const back = parseRecord(JSON.stringify(good))!;
  assert.equal(back.conversation, A);
  assert.equal(back.preference, 'cost');
  assert.equal(back.escalation, 'pushback');
  const bad = sanitizeRecord({
    ...rec(),
    conversation: 'the raw id with content',
    preference: 'cheapest' as Preference,
    escalation: 'again' as 'retry',
  });
  assert.equal(bad.conversation, undefined);
  assert.equal(bad.preference, undefined);
  assert.equal(bad.escalation, undefined);
  assert.equal(bad.costUsd, 0.01, 'the call is still recorded');
  const old = JSON.stringify(rec());
  assert.equal(parseRecord(old)?.conversation, undefined);
  assert.ok(parseRecord(old));
  const csv = recordsToCsv([good]).split('\r\n');
  assert.match(csv[0], /,conversation,preference,escalation,verdict,language$/);
  assert.match(csv[1], new RegExp(`,${A},cost,pushback,,$`));
});

test("recordFromOutcome hashes the conversation id and carries the decision's preference and escalation", () => {
  const outcome: GatewayOutcome = {
    decision: { tier: 'frontier', chain: [], reason: 'retry', source: 'override', preference: 'quality', escalation: 'retry' },
    modelName: 'sonnet',
    endpoint: 'anthropic',
    fallbacks: [],
    conversationId: 'b4c1e0c2-1f7e-4c7a-9e0b-2f0f5d9a0c11',
  };
  const r = recordFromOutcome(outcome, { task: 'chat', workspace: { id: 'w', name: 'w' }, cost: { costUsd: 0.01 } });
  assert.equal(r.conversation, conversationKey('b4c1e0c2-1f7e-4c7a-9e0b-2f0f5d9a0c11'));
  assert.ok(!JSON.stringify(r).includes('b4c1e0c2'), 'the raw id never reaches the ledger');
  assert.equal(r.preference, 'quality');
  assert.equal(r.escalation, 'retry');
  const none = recordFromOutcome(
    { ...outcome, conversationId: undefined, decision: { ...outcome.decision, preference: undefined, escalation: undefined } },
    {
      task: 'completion',
      workspace: { id: 'w', name: 'w' },
      cost: {},
    },
  );
  assert.deepEqual([none.conversation, none.preference, none.escalation], [undefined, undefined, undefined]);
});

test('conversationKey is 64-bit FNV-1a (known vectors and a BigInt reference)', () => {
  assert.equal(conversationKey(''), 'cbf29ce484222325');
  assert.equal(conversationKey('a'), 'af63dc4c8601ec8c');
  assert.equal(conversationKey('foobar'), '85944171f73967e8');
  const ref = (s: string): string => {
    let h = 0xcbf29ce484222325n;
    for (let i = 0; i < s.length; i++) h = ((h ^ BigInt(s.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
    return h.toString(16).padStart(16, '0');
  };
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => conversationKey(s) === ref(s)));
});

test('regret over a month of records stays fast', () => {
  // 30 days × 1000 calls over 300 conversations, half of them cheap answers: time the pure walk and the tally.
  const records: LedgerRecord[] = [];
  const convs = Array.from({ length: 300 }, (_, i) => conversationKey(`c${i}`));
  for (let i = 0; i < 30_000; i++) {
    const t = new Date(Date.UTC(2026, 10, 1) + i * 86_000).toISOString();
    const escalation = i % 17 === 0 ? ('retry' as const) : undefined;
    records.push(rec({ time: t, conversation: convs[i % 300], tier: i % 2 ? 'cheap' : 'frontier', escalation }));
  }
  const t0 = performance.now();
  const r = regretOf(records);
  const t1 = performance.now();
  const tally = SpendTally.of(records);
  tally.regret();
  tally.conversations();
  const t2 = performance.now();
  assert.ok(r.total.answers === 15_000);
  assert.ok(t1 - t0 < 500, `regretOf took ${(t1 - t0).toFixed(0)} ms for 30k records`);
  assert.ok(t2 - t1 < 1500, `the tally took ${(t2 - t1).toFixed(0)} ms for 30k records`);
});
