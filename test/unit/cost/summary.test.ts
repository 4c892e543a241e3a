import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetTracker } from '../../../src/core/cost/budget';
import { formatUsd, statusBarText, tooltipMarkdown } from '../../../src/core/cost/format';
import { dailyByTier, filterRecords, periodStart, summarize, totals } from '../../../src/core/cost/summary';
import { SpendTally } from '../../../src/core/cost/tally';
import { rec } from './records';

// Local times, so day and month boundaries are the user's.
const at = (month: number, day: number, hour = 12): string => new Date(2026, month - 1, day, hour).toISOString();
const NOW = new Date(2026, 10, 5, 15); // 5 Nov 2026, 15:00

const records = [
  rec({ time: at(10, 31), tier: 'frontier', modelName: 'sonnet', costUsd: 0.5, frontierCostUsd: 0.5 }), // last month
  rec({ time: at(11, 1), tier: 'cheap', costUsd: 0.1, frontierCostUsd: 1.0 }),
  rec({ time: at(11, 5, 9), tier: 'cheap', costUsd: 0.02, frontierCostUsd: 0.2 }),
  rec({ time: at(11, 5, 14), tier: 'frontier', modelName: 'sonnet', costUsd: 0.3, frontierCostUsd: 0.3 }),
  rec({
    time: at(11, 5, 14),
    tier: 'cheap',
    modelName: 'mystery',
    costUsd: null,
    frontierCostUsd: 0.4,
    usage: { cacheRead: 50, cacheWrite1h: 7 },
  }),
  rec({
    time: at(11, 5, 14),
    workspace: { id: 'ws2', name: 'other' },
    tier: 'frontier',
    modelName: 'sonnet',
    costUsd: 1,
    frontierCostUsd: 1,
  }),
];

test('today / session / month totals, by tier and by model, with savings vs all-frontier', () => {
  const s = summarize(records, { now: NOW, sessionStart: new Date(2026, 10, 5, 13) });
  // Today: 0.02 + 0.3 + 1 = 1.32 priced, one unpriced. Frontier for priced ones: 0.2 + 0.3 + 1 = 1.5 → saved 0.18 (12%).
  assert.equal(s.today.calls, 4);
  assert.equal(s.today.unpriced, 1);
  assert.equal(s.today.costUsd.toFixed(6), '1.320000');
  assert.equal(s.today.savedUsd.toFixed(6), '0.180000');
  assert.equal(s.today.savedFraction!.toFixed(4), '0.1200');
  assert.deepEqual(s.today.byTier, { cheap: { costUsd: 0.02, calls: 2 }, frontier: { costUsd: 1.3, calls: 2 } });
  // Session (since 13:00): the three 14:00 calls.
  assert.equal(s.session.calls, 3);
  assert.equal(s.session.costUsd, 1.3);
  // Month: everything but October. Costs 0.1 + 0.02 + 0.3 + 1 = 1.42; frontier 1 + 0.2 + 0.3 + 1 = 2.5 → saved 1.08.
  assert.equal(s.month.calls, 5);
  assert.equal(s.month.costUsd.toFixed(6), '1.420000');
  assert.equal(s.month.savedUsd.toFixed(6), '1.080000');
  assert.deepEqual(
    s.month.byModel.map((m) => [m.model, m.tier, m.calls, Number(m.costUsd.toFixed(6)), m.unpriced, m.inputTokens, m.outputTokens]),
    [
      ['sonnet', 'frontier', 2, 1.3, 0, 200, 20],
      ['mini', 'cheap', 2, 0.12, 0, 200, 20],
      // Input counts the whole prompt: fresh 100 + cache read 50 + cache write 7.
      ['mystery', 'cheap', 1, 0, 1, 157, 10],
    ],
  );
  // Only this workspace.
  assert.equal(summarize(records, { now: NOW, sessionStart: NOW, workspaceId: 'ws1' }).today.costUsd.toFixed(6), '0.320000');
});

test('status-bar text and tooltip', () => {
  const s = summarize(records, { now: NOW, sessionStart: new Date(2026, 10, 5, 13) });
  assert.equal(statusBarText(totals([rec({ costUsd: 0.42 })])), '$(pulse) $0.42 today');
  assert.equal(statusBarText(s.today), '$(pulse) $1.32 today · 1 unpriced');
  assert.equal(statusBarText(s.today, { dailyFraction: 1.1, dailyUsd: 1.32, monthlyUsd: 1.42 }), '$(warning) $1.32 today · 1 unpriced');
  assert.deepEqual([formatUsd(0), formatUsd(0.0042), formatUsd(12.345)], ['$0.00', '$0.0042', '$12.35']);
  const md = tooltipMarkdown(s, {
    budget: { dailyFraction: 0.66, monthlyFraction: 0.142, dailyUsd: 1.32, monthlyUsd: 1.42 },
    limits: { dailyUsd: 2, monthlyUsd: 10, scope: 'global' },
  });
  assert.match(md, /\*\*Today: \$1\.32\*\* · 4 calls/);
  assert.match(md, /\*\*This session: \$1\.30\*\* · 3 calls/);
  assert.match(md, /\*\*This month: \$1\.42\*\*/);
  assert.match(md, /saved vs all-frontier: \$1\.08 \(43%\)/);
  assert.match(md, /\| sonnet \| frontier \| 2 \| \$1\.30 \|/);
  assert.match(md, /\| mystery \| cheap \| 1 \| unpriced \|/);
  assert.match(md, /1 unpriced call: add prices in the `gearshift\.prices` setting/);
  assert.match(md, /\*\*Budget:\*\* daily 66% \(\$1\.32 of \$2\.00\) · monthly 14% \(\$1\.42 of \$10\.00\)/);
});

test('budget: fractions per scope, 80% and 100% warnings once each per period', () => {
  let now = new Date(2026, 10, 5, 10);
  const b = new BudgetTracker({ dailyUsd: 1, monthlyUsd: 10, scope: 'workspace' }, { workspaceId: 'ws1', now: () => now });
  b.add([rec({ time: at(11, 5, 9), costUsd: 0.5 }), rec({ time: at(11, 5, 9), workspace: { id: 'ws2', name: 'x' }, costUsd: 5 })]);
  assert.deepEqual(b.status(), { dailyUsd: 0.5, monthlyUsd: 0.5, dailyFraction: 0.5, monthlyFraction: 0.05 });
  assert.deepEqual(b.thresholdCrossings(), []);
  b.add([rec({ time: at(11, 5, 10), costUsd: 0.35 })]);
  const first = b.thresholdCrossings();
  assert.deepEqual(
    first.map((c) => [c.period, c.threshold]),
    [['day', 0.8]],
  );
  assert.equal(first[0].message, 'Gearshift: 85% of the daily budget for this workspace used ($0.85 of $1.00).');
  assert.deepEqual(b.thresholdCrossings(), [], 'not repeated');
  b.add([rec({ time: at(11, 5, 11), costUsd: 0.1 })]);
  assert.deepEqual(b.thresholdCrossings(), [], '95%: 80% already shown');
  b.add([rec({ time: at(11, 5, 11), costUsd: 0.2 })]);
  assert.deepEqual(
    b.thresholdCrossings().map((c) => [c.period, c.threshold, c.message]),
    [['day', 1, 'Gearshift: the daily budget for this workspace is used up ($1.15 of $1.00).']],
  );
  assert.deepEqual(b.thresholdCrossings(), []);
  // Next day: a fresh period; a jump straight past 100% reports only the 100% warning.
  now = new Date(2026, 10, 6, 10);
  assert.equal(b.status().dailyFraction, 0);
  b.add([rec({ time: at(11, 6, 9), costUsd: 2 })]);
  assert.deepEqual(
    b.thresholdCrossings().map((c) => [c.period, c.threshold, c.periodKey]),
    [['day', 1, '2026-11-06']],
  );
  // Global scope counts every workspace.
  const g = new BudgetTracker({ monthlyUsd: 5, scope: 'global' }, { workspaceId: 'ws1', now: () => now });
  g.add(records);
  assert.equal(g.status().dailyFraction, undefined);
  assert.equal(g.status().monthlyUsd.toFixed(6), '1.420000');
});

test('per-day series by tier fill missing days with zero; period filters', () => {
  const month = filterRecords(records, { since: periodStart('month', NOW) });
  const series = dailyByTier(month, { from: periodStart('7d', NOW), to: NOW });
  assert.deepEqual(series.days, ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
  assert.deepEqual(
    series.cheap.map((v) => Number(v.toFixed(6))),
    [0, 0, 0.1, 0, 0, 0, 0.02],
  );
  assert.deepEqual(
    series.frontier.map((v) => Number(v.toFixed(6))),
    [0, 0, 0, 0, 0, 0, 1.3],
  );
  assert.equal(series.dayStarts[0], new Date(2026, 9, 30).getTime() / 1000);
  assert.equal(filterRecords(records, { workspaceId: 'ws2' }).length, 1);
  assert.equal(filterRecords(records, { since: periodStart('today', NOW) }).length, 4);
});

test('budget from a SpendSource (the extension passes its LedgerBook): the scope applies to spend seen before and after', () => {
  const now = new Date(2026, 10, 5, 10);
  const tally = SpendTally.of(records);
  const b = new BudgetTracker({ dailyUsd: 2, monthlyUsd: 10, scope: 'global' }, { workspaceId: 'ws1', now: () => now, spend: tally });
  assert.equal(b.status().dailyUsd.toFixed(6), '1.320000');
  b.setSettings({ dailyUsd: 2, monthlyUsd: 10, scope: 'workspace' });
  assert.equal(b.status().dailyUsd.toFixed(6), '0.320000', 'only ws1, including what was counted before the change');
  tally.add(rec({ time: at(11, 5, 9), costUsd: 1.7 }));
  assert.deepEqual(
    b.thresholdCrossings().map((c) => [c.period, c.threshold]),
    [['day', 1]],
  );
});

test('while the ledger is still being read the status bar says so instead of showing $0.00', () => {
  const empty = totals([]);
  assert.equal(statusBarText(empty, undefined, { loading: true }), '$(pulse) … today');
  assert.match(tooltipMarkdown({ today: empty, session: empty, month: empty }, { loading: true }), /Reading the spend ledger…/);
});
