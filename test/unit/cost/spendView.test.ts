import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordsToCsv } from '../../../src/core/cost/csv';
import { buildSpendView, chartXRange, chartXTicks, parseFromWebview } from '../../../src/core/cost/spendView';
import { conversationKey } from '../../../src/core/cost/record';
import { SpendTally } from '../../../src/core/cost/tally';
import { rec } from './records';

const NOW = new Date(2026, 10, 5, 15);
const at = (day: number): string => new Date(2026, 10, day, 12).toISOString();

test('the dashboard view for a workspace and period', () => {
  const records = [
    rec({ time: at(1), costUsd: 0.1 }),
    rec({ time: at(4), tier: 'frontier', modelName: 'sonnet', costUsd: 0.5 }),
    rec({ time: at(4), workspace: { id: 'ws2', name: 'api' }, costUsd: 2 }),
  ];
  const v = buildSpendView(SpendTally.of(records), { period: '7d', workspaceId: 'ws1' }, { now: NOW, currentWorkspaceId: 'ws1' });
  assert.deepEqual(v.workspaces, [
    { id: 'ws2', name: 'api' },
    { id: 'ws1', name: 'app' },
  ]);
  assert.equal(v.totals.calls, 2);
  assert.equal(v.totals.costUsd, 0.6);
  assert.equal(v.daily.days.length, 7);
  assert.deepEqual(v.daily.frontier.slice(-2), [0.5, 0]);
  assert.equal(buildSpendView(SpendTally.of(records), { period: 'month', workspaceId: null }, { now: NOW }).totals.calls, 3);
});

test('messages from the webview are checked field by field', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'filter', period: '30d', workspaceId: null }), {
    type: 'filter',
    period: '30d',
    workspaceId: null,
  });
  assert.deepEqual(parseFromWebview({ type: 'filter', period: 'all', workspaceId: 'a1b2c3' }), {
    type: 'filter',
    period: 'all',
    workspaceId: 'a1b2c3',
  });
  for (const bad of [
    null,
    'ready',
    [{ type: 'ready' }],
    { type: 'ready', extra: 1 },
    { type: 'filter', period: 'year', workspaceId: null },
    { type: 'filter', period: 'today', workspaceId: '../../etc' },
    { type: 'filter', period: 'today' },
    { type: 'exportCsv', path: '/tmp/x.csv' },
    { type: 'openFile', path: '/etc/passwd' },
  ]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('CSV export: header, quoting, formula cells defused, unpriced cost empty', () => {
  const csv = recordsToCsv([
    rec({ workspace: { id: 'w', name: '=HYPERLINK("http://x")' }, costUsd: null, usage: { input: 5, cacheRead: 7, output: 3 } }),
    rec({ workspace: { id: 'w', name: 'a, b' }, costUsd: 0.25 }),
  ]);
  const lines = csv.split('\r\n');
  assert.equal(
    lines[0],
    'time,workspace,task,tier,model_name,model,endpoint,input_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,' +
      'output_tokens,reasoning_tokens,cost_usd,frontier_cost_usd,estimated,latency_ms,outcome,task_id,step,step_role,' +
      'conversation,preference,escalation,verdict,language',
  );
  assert.equal(
    lines[1],
    `2026-11-05T10:00:00.000Z,"'=HYPERLINK(""http://x"")",chat,cheap,mini,gpt-5-mini,openai,5,7,0,0,3,0,,0.05,false,500,ok,,,,,,,,`,
  );
  assert.equal(lines[2].split(',').slice(1, 3).join(','), '"a, b"');
  assert.equal(lines.length, 4);
});

test('the chart x axis spans the days with spend, centred on each day (one day of data: one day wide)', () => {
  const oneDay = SpendTally.of([rec({ time: new Date(2026, 11, 1, 9).toISOString(), costUsd: 0.2 })]);
  // "This month" on Dec 2: two days in the series, spend on Dec 1 only.
  const v = buildSpendView(oneDay, { period: 'month', workspaceId: null }, { now: new Date(2026, 11, 2, 15) });
  const range = chartXRange(v.daily)!;
  const dec1 = new Date(2026, 11, 1).getTime() / 1000;
  assert.deepEqual(range, [dec1 - 43_200, dec1 + 43_200]);
  assert.deepEqual(chartXTicks(v.daily.dayStarts, range), [dec1]);
  // A month of data with gaps at both ends: from the first day with spend to the last; at most 10 ticks, each a day.
  const month = SpendTally.of([3, 9, 20].map((d) => rec({ time: new Date(2026, 10, d, 12).toISOString() })));
  const m = buildSpendView(month, { period: 'month', workspaceId: null }, { now: new Date(2026, 10, 30, 12) });
  const r = chartXRange(m.daily)!;
  assert.equal(new Date((r[0] + 43_200) * 1000).getDate(), 3);
  assert.equal(new Date((r[1] - 43_200) * 1000).getDate(), 20);
  const ticks = chartXTicks(m.daily.dayStarts, r);
  assert.ok(ticks.length <= 10 && ticks.length >= 6, String(ticks.length));
  assert.ok(ticks.every((t) => new Date(t * 1000).getHours() === 0));
  assert.equal(chartXRange(buildSpendView(new SpendTally(), { period: 'all', workspaceId: null }, { now: new Date() }).daily), undefined);
});

test('the dashboard view carries regret and the dearest conversations with their count', () => {
  const key = (i: number) => conversationKey(`c${i}`);
  const records = Array.from({ length: 14 }, (_, i) => rec({ time: at(4), conversation: key(i), costUsd: i / 100 }));
  records.push(rec({ time: at(4), conversation: key(0), tier: 'frontier', modelName: 'sonnet', escalation: 'retry', costUsd: 0.5 }));
  const v = buildSpendView(SpendTally.of(records), { period: 'month', workspaceId: null }, { now: NOW });
  assert.equal(v.conversationCount, 14);
  assert.equal(v.conversations.length, 10);
  assert.equal(v.conversations[0].conversation, key(0));
  assert.equal(v.conversations[0].calls, 2);
  assert.equal(v.regret.total.answers, 14);
  assert.equal(v.regret.total.regretted, 1);
  assert.equal(v.regret.byModel[0].key, 'mini');
});
