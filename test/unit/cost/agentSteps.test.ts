/**
 * Agent steps in the ledger: a record of a step carries its task id, step number and role (and nothing else about
 * the task); a malformed tag is dropped while the call still counts; records written before agent mode still read;
 * the CSV has the columns; the tally sums cost per task, the same from the summary index plus the tail as from
 * every record.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendRecord, readLedger } from '../../../src/core/cost/ledger';
import { LedgerBook } from '../../../src/core/cost/ledgerBook';
import { readIndex } from '../../../src/core/cost/ledgerIndex';
import { recordsToCsv } from '../../../src/core/cost/csv';
import { parseRecord, recordFromOutcome, sanitizeRecord, type LedgerRecord } from '../../../src/core/cost/record';
import { MAX_TASK_MODELS, SpendTally } from '../../../src/core/cost/tally';
import { emptyUsage, type GatewayOutcome } from '../../../src/core/types';
import { rec } from './records';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-agent-steps-'));
  dirs.push(dir);
  return dir;
}

const NOW = Date.parse('2026-11-05T12:00:00Z');

function stepOutcome(step: GatewayOutcome['step']): GatewayOutcome {
  return {
    decision: {
      tier: 'cheap',
      chain: [{ name: 'mini', endpoint: 'openai', model: 'gpt-5-mini' }],
      reason: 'step 2 · cheap',
      source: 'step',
    },
    modelName: 'mini',
    endpoint: 'openai',
    fallbacks: [],
    result: { text: '', usage: { ...emptyUsage(), input: 1200, output: 40 }, estimated: false, totalMs: 300 },
    step,
  };
}

test('a step record keeps task id, step and role through the file and back', () => {
  const dir = tmpDir();
  const r = recordFromOutcome(stepOutcome({ taskId: 'k3Jd_9-x', step: 2, role: 'digest' }), {
    task: 'agent',
    workspace: { id: 'ws1', name: 'app' },
    cost: { costUsd: 0.0004, frontierCostUsd: 0.004 },
    time: new Date(NOW),
  });
  appendRecord(dir, r, NOW);
  return readLedger(dir, { now: NOW }).then((back) => {
    assert.equal(back.length, 1);
    assert.equal(back[0].task, 'agent');
    assert.deepEqual([back[0].taskId, back[0].step, back[0].stepRole], ['k3Jd_9-x', 2, 'digest']);
  });
});

test('a call that is not an agent step has no step fields, and a record written before agent mode still reads', () => {
  const plain = recordFromOutcome(stepOutcome(undefined), {
    task: 'chat',
    workspace: { id: 'ws1', name: 'app' },
    cost: { costUsd: 0.001 },
    time: new Date(NOW),
  });
  assert.deepEqual(
    Object.keys(plain).filter((k) => k.startsWith('task') || k.startsWith('step')),
    ['task'],
  );
  const old =
    '{"v":1,"time":"2026-11-05T10:00:00.000Z","workspace":{"id":"ws1","name":"app"},"task":"chat","tier":"cheap",' +
    '"model":"gpt-5-mini","modelName":"mini","endpoint":"openai","usage":{"input":100,"output":10,"cacheRead":0,' +
    '"cacheWrite5m":0,"cacheWrite1h":0,"reasoning":0},"costUsd":0.01,"estimated":false,"frontierCostUsd":0.05,' +
    '"latencyMs":500,"outcome":"ok"}';
  const back = parseRecord(old, NOW);
  assert.ok(back);
  assert.equal(back.taskId, undefined);
  assert.equal(back.step, undefined);
  assert.equal(back.costUsd, 0.01);
});

// [what, tag fields, kept?]
const TAGS: [string, Partial<LedgerRecord>, boolean][] = [
  ['a well-formed tag', { taskId: 'abc-DEF_123', step: 1, stepRole: 'plan' }, true],
  ['step 10 000', { taskId: 'a', step: 10_000, stepRole: 'execute' }, true],
  ['a 64-character id', { taskId: 'x'.repeat(64), step: 3, stepRole: 'recover' }, true],
  ['step 10 001', { taskId: 'a', step: 10_001, stepRole: 'execute' }, false],
  ['step 0', { taskId: 'a', step: 0, stepRole: 'plan' }, false],
  ['a fractional step', { taskId: 'a', step: 2.5, stepRole: 'digest' }, false],
  ['a NaN step', { taskId: 'a', step: NaN, stepRole: 'digest' }, false],
  ['a 65-character id', { taskId: 'x'.repeat(65), step: 1, stepRole: 'plan' }, false],
  ['an id with a space', { taskId: 'fix the bug', step: 1, stepRole: 'plan' }, false],
  ['an id with a newline', { taskId: 'a\nb', step: 1, stepRole: 'plan' }, false],
  ['an empty id', { taskId: '', step: 1, stepRole: 'plan' }, false],
  ['an unknown role', { taskId: 'a', step: 1, stepRole: 'think' as LedgerRecord['stepRole'] }, false],
  ['a role without an id', { step: 1, stepRole: 'plan' }, false],
  ['an id without a step', { taskId: 'a', stepRole: 'plan' }, false],
];

for (const [what, tag, kept] of TAGS) {
  test(`step tag: ${what} is ${kept ? 'kept' : 'dropped, the call still recorded'}`, () => {
    const line = JSON.stringify({ ...rec({ task: 'agent' }), ...tag });
    const back = parseRecord(line, NOW);
    assert.ok(back, 'the record itself is read');
    assert.equal(back.costUsd, 0.01);
    if (kept) assert.deepEqual([back.taskId, back.step, back.stepRole], [tag.taskId, tag.step, tag.stepRole]);
    else assert.deepEqual([back.taskId, back.step, back.stepRole], [undefined, undefined, undefined]);
  });
}

test('sanitizeRecord never copies anything but the tag from an agent record', () => {
  const dirty = { ...rec({ task: 'agent', taskId: 't1', step: 4, stepRole: 'digest' }), prompt: 'secret', toolCalls: [{}] };
  assert.deepEqual(Object.keys(sanitizeRecord(dirty as LedgerRecord)).slice(-3), ['taskId', 'step', 'stepRole']);
  assert.ok(!('prompt' in sanitizeRecord(dirty as LedgerRecord)));
});

test('the CSV has task_id, step and step_role columns, empty for other calls', () => {
  const csv = recordsToCsv([rec(), rec({ task: 'agent', taskId: 't1', step: 3, stepRole: 'recover' })]);
  const [header, plain, step] = csv.trimEnd().split('\r\n');
  assert.ok(header.endsWith(',outcome,task_id,step,step_role,conversation,preference,escalation,verdict,language'), header);
  assert.ok(plain.endsWith(',ok,,,,,,,,'), plain);
  assert.ok(step.endsWith(',ok,t1,3,recover,,,,,'), step);
});

function stepRec(taskId: string, step: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  const stepRole = step === 1 ? 'plan' : 'digest';
  return rec({ task: 'agent', taskId, step, stepRole, ...over });
}

test('cost per task: summed by task id, steps are the highest step, models in the order they answered', () => {
  const t = SpendTally.of([
    stepRec('A', 1, { time: '2026-11-05T10:00:00.000Z', costUsd: 0.02, modelName: 'sonnet', tier: 'frontier' }),
    rec({ time: '2026-11-05T10:00:01.000Z', costUsd: 5 }),
    stepRec('B', 1, { time: '2026-11-05T10:00:02.000Z', costUsd: 0.1 }),
    stepRec('A', 2, { time: '2026-11-05T10:00:03.000Z', costUsd: 0.001 }),
    // Step 3 failed on one model (nothing answered) and was answered by another: one step, two calls.
    stepRec('A', 3, { time: '2026-11-05T10:00:04.000Z', costUsd: 0, outcome: 'error:rateLimit', modelName: 'flash' }),
    stepRec('A', 3, { time: '2026-11-05T10:00:05.000Z', costUsd: null, modelName: 'local' }),
  ]);
  const tasks = t.tasks();
  assert.deepEqual(
    tasks.map((x) => [x.taskId, x.steps, x.calls, x.unpriced, +x.costUsd.toFixed(6), x.models.join(' '), x.started, x.last]),
    [
      ['A', 3, 4, 1, 0.021, 'sonnet mini local', '2026-11-05T10:00:00.000Z', '2026-11-05T10:00:05.000Z'],
      ['B', 1, 1, 0, 0.1, 'mini', '2026-11-05T10:00:02.000Z', '2026-11-05T10:00:02.000Z'],
    ],
  );
  assert.equal(t.task('B')?.costUsd, 0.1);
  assert.equal(t.task('nope'), undefined);
  assert.equal(t.totals().costUsd.toFixed(3), '5.121', 'task sums do not change the totals');
});

test('cost per task: a task over midnight is one task; filters by workspace and day; limit keeps the latest', () => {
  const late = new Date(2026, 10, 5, 23, 59).toISOString();
  const early = new Date(2026, 10, 6, 0, 1).toISOString();
  const later = new Date(2026, 10, 6, 0, 2).toISOString();
  const t = SpendTally.of([
    stepRec('N', 1, { time: late, costUsd: 0.5 }),
    stepRec('N', 2, { time: early, costUsd: 0.25 }),
    stepRec('W', 1, { time: later, costUsd: 1, workspace: { id: 'ws2', name: 'other' } }),
  ]);
  const n = t.tasks({ workspaceId: 'ws1' });
  assert.deepEqual(
    n.map((x) => [x.taskId, x.steps, x.costUsd, x.started, x.last]),
    [['N', 2, 0.75, late, early]],
  );
  assert.deepEqual(
    t.tasks({ from: '2026-11-06' }).map((x) => [x.taskId, x.costUsd]),
    [
      ['W', 1],
      ['N', 0.25],
    ],
  );
  assert.deepEqual(
    t.tasks({ limit: 1 }).map((x) => x.taskId),
    ['W'],
  );
  assert.equal(t.task('N')?.costUsd, 0.75);
});

test('cost per task: at most MAX_TASK_MODELS model names are kept', () => {
  const records = Array.from({ length: MAX_TASK_MODELS + 3 }, (_, i) => stepRec('M', i + 1, { modelName: `m${i}` }));
  assert.equal(SpendTally.of(records).task('M')?.models.length, MAX_TASK_MODELS);
});

test('cost per task: merged tallies and a toJSON/fromJSON round trip give the same sums', () => {
  const a = [stepRec('A', 1, { costUsd: 0.1 }), stepRec('B', 1)];
  const b = [stepRec('A', 2, { costUsd: 0.2, time: '2026-11-05T11:00:00.000Z', modelName: 'sonnet' })];
  const merged = SpendTally.of(a);
  merged.merge(SpendTally.of(b));
  const all = SpendTally.of([...a, ...b]);
  assert.deepEqual(merged.tasks(), all.tasks());
  const back = SpendTally.fromJSON(JSON.parse(JSON.stringify(all.toJSON())));
  assert.ok(back);
  assert.deepEqual(back.tasks(), all.tasks());
  // Adding to a tally read back must not change the one it was read from.
  back.add(stepRec('A', 3, { costUsd: 1 }));
  assert.equal(all.task('A')?.steps, 2);
});

test('cost per task: fromJSON refuses malformed task sums', () => {
  const good = SpendTally.of([stepRec('A', 1)]).toJSON();
  const bad = (patch: Record<string, unknown>): unknown => [{ ...good[0], tasks: [{ ...good[0].tasks![0], ...patch }] }];
  assert.ok(SpendTally.fromJSON(JSON.parse(JSON.stringify(good))));
  const patches = [{ taskId: 'a b' }, { steps: -1 }, { costUsd: NaN }, { unpriced: 5 }, { models: 'x' }, { extra: 1 }, { started: 'x' }];
  for (const patch of patches) {
    assert.equal(SpendTally.fromJSON(bad(patch)), undefined, JSON.stringify(patch));
  }
  assert.equal(SpendTally.fromJSON([{ ...good[0], tasks: [good[0].tasks![0], good[0].tasks![0]] }]), undefined, 'a task twice');
});

test('cost per task: the summary index plus the records after it give the same sums as every record', async () => {
  const dir = tmpDir();
  const now = Date.now();
  const at = (s: number): string => new Date(now - 60_000 + s * 1000).toISOString();
  for (let i = 1; i <= 4; i++) appendRecord(dir, stepRec('T1', i, { time: at(i), costUsd: 0.01 * i }), now);
  const first = new LedgerBook(dir, { reindexBytes: 1 });
  await first.refresh();
  const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  assert.ok(await readIndex(path.join(dir, file)), 'the index was written');
  appendRecord(dir, stepRec('T1', 5, { time: at(5), costUsd: 0.05 }), now);
  appendRecord(dir, stepRec('T2', 1, { time: at(6), costUsd: 0.5 }), now);
  const second = new LedgerBook(dir, { writeIndexes: false });
  const report = await second.refresh();
  assert.deepEqual(
    report.loaded.map((l) => l.from),
    ['index'],
  );
  assert.equal(report.records, 2, 'only the tail was read');
  const all = SpendTally.of(await readLedger(dir));
  assert.deepEqual(second.tally().tasks(), all.tasks());
  assert.deepEqual(
    all.tasks().map((t) => [t.taskId, t.steps, +t.costUsd.toFixed(4)]),
    [
      ['T2', 1, 0.5],
      ['T1', 5, 0.15],
    ],
  );
});
