import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordsToCsv } from '../../../src/core/cost/csv';
import { buildSpendView, parseFromWebview } from '../../../src/core/cost/spendView';
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
      'conversation,preference,escalation',
  );
  assert.equal(
    lines[1],
    `2026-11-05T10:00:00.000Z,"'=HYPERLINK(""http://x"")",chat,cheap,mini,gpt-5-mini,openai,5,7,0,0,3,0,,0.05,false,500,ok,,,,,,`,
  );
  assert.equal(lines[2].split(',').slice(1, 3).join(','), '"a, b"');
  assert.equal(lines.length, 4);
});
