/**
 * Cost per agent task where the user sees it: the status-bar tooltip ("Last agent task: $0.0123 over 6 steps"),
 * the dashboard's "By task" rows (filtered like the rest of the view) and the side panel's header message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTaskUsd, taskCostText, tooltipMarkdown } from '../../../src/core/cost/format';
import { buildSpendView, MAX_VIEW_TASKS } from '../../../src/core/cost/spendView';
import { summarize } from '../../../src/core/cost/summary';
import { TaskCostFeed, taskCostMessage, type TaskCostMessage } from '../../../src/core/cost/taskCost';
import { SpendTally } from '../../../src/core/cost/tally';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { rec } from './records';

const NOW = new Date(2026, 10, 5, 15);
const at = (day: number, minute = 0): string => new Date(2026, 10, day, 12, minute).toISOString();
const step = (taskId: string, n: number, over: Partial<LedgerRecord> = {}): LedgerRecord =>
  rec({ task: 'agent', taskId, step: n, stepRole: n === 1 ? 'plan' : 'digest', time: at(5, n), ...over });

test('task costs are shown to a tenth of a cent and more', () => {
  const cases: [number, string][] = [
    [0, '$0.00'],
    [0.0123, '$0.0123'],
    [0.00004, '$0.0000'],
    [0.5, '$0.5000'],
    [1.234, '$1.23'],
  ];
  for (const [usd, text] of cases) assert.equal(formatTaskUsd(usd), text, String(usd));
  assert.equal(taskCostText({ costUsd: 0.0123, steps: 6, unpriced: 0 }), '$0.0123 over 6 steps');
  assert.equal(taskCostText({ costUsd: 0, steps: 1, unpriced: 2 }), '$0.00 over 1 step · 2 calls unpriced');
});

test('the status-bar tooltip names the last agent task, and says nothing of tasks when there is none', () => {
  const records = [step('T', 1, { costUsd: 0.01 }), step('T', 2, { costUsd: 0.0023 })];
  const summary = summarize(records, { now: NOW, sessionStart: new Date(2026, 10, 5) });
  const lastTask = SpendTally.of(records).tasks({ limit: 1 })[0];
  const md = tooltipMarkdown(summary, { lastTask });
  assert.match(md, /\*\*Last agent task:\*\* \$0\\\.0123 over 2 steps/);
  assert.doesNotMatch(tooltipMarkdown(summary), /agent task/);
});

test('the dashboard lists the period’s agent tasks, latest first, for the chosen workspace', () => {
  const records = [
    step('OLD', 1, { time: at(1), costUsd: 1 }),
    step('A', 1, { costUsd: 0.02, modelName: 'sonnet', tier: 'frontier' }),
    step('A', 2, { costUsd: 0.001 }),
    step('B', 1, { time: at(5, 30), costUsd: 0.3, workspace: { id: 'ws2', name: 'api' } }),
    rec({ time: at(5, 40), costUsd: 9 }),
  ];
  const tally = SpendTally.of(records);
  const today = buildSpendView(tally, { period: 'today', workspaceId: null }, { now: NOW });
  assert.deepEqual(
    today.tasks.map((t) => [t.taskId, t.steps, +t.costUsd.toFixed(4), t.models.join(','), t.workspaceName]),
    [
      ['B', 1, 0.3, 'mini', 'api'],
      ['A', 2, 0.021, 'sonnet,mini', 'app'],
    ],
  );
  const mine = buildSpendView(tally, { period: 'month', workspaceId: 'ws1' }, { now: NOW });
  assert.deepEqual(
    mine.tasks.map((t) => t.taskId),
    ['A', 'OLD'],
  );
  const many = SpendTally.of(Array.from({ length: MAX_VIEW_TASKS + 5 }, (_, i) => step(`t${i}`, 1)));
  assert.equal(buildSpendView(many, { period: 'all', workspaceId: null }, { now: NOW }).tasks.length, MAX_VIEW_TASKS);
});

test('the side panel header gets the task’s cost when it changes, and a clear when there is no task', () => {
  const posted: TaskCostMessage[] = [];
  const feed = new TaskCostFeed((m) => posted.push(m));
  const tally = SpendTally.of([step('T', 1, { costUsd: 0.01 })]);
  feed.update(tally.task('T'));
  feed.update(tally.task('T'));
  tally.add(step('T', 2, { costUsd: 0.002 }));
  feed.update(tally.task('T'));
  feed.update(undefined);
  assert.deepEqual(
    posted.map((m) => (m.taskId === null ? null : m.text)),
    ['$0.0100 over 1 step', '$0.0120 over 2 steps', null],
  );
  assert.deepEqual(taskCostMessage(undefined), { type: 'taskCost', taskId: null });
});
