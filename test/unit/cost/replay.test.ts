import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pricing } from '../../../src/core/cost/pricing';
import { formatReplay, replayLedger, type ModelRef } from '../../../src/core/cost/replay';
import type { Usage } from '../../../src/core/types';
import { rec } from './records';

const pricing = new Pricing({
  endpoints: [
    { name: 'openai', kind: 'openai' },
    { name: 'anthropic', kind: 'anthropic' },
    { name: 'lab', kind: 'openai', baseUrl: 'http://10.1.1.1/v1' },
  ],
});
const priceUsage = (ref: ModelRef, usage: Usage, time: Date): number | undefined => {
  const q = pricing.quote(ref, usage, time);
  return q.priced ? q.usd : undefined;
};
const models = {
  cheap: { model: 'gpt-5-mini', modelName: 'mini', endpoint: 'openai' },
  frontier: { model: 'claude-sonnet-4-5', modelName: 'sonnet', endpoint: 'anthropic' },
};

const records = [
  // Completion: 2000 fresh in, 30 out. mini: 2000×0.25 + 30×2 = 560 → $0.00056; sonnet: 2000×3 + 30×15 = 6450 → $0.00645
  rec({ task: 'completion', tier: 'cheap', usage: { input: 2000, output: 30 }, costUsd: 0.00056 }),
  // Chat: 1000 fresh, 4000 read, 500 out. mini: 250 + 100 + 1000 = 1350 → $0.00135; sonnet: 3000 + 1200 + 7500 = 11700 → $0.0117
  rec({ task: 'chat', tier: 'frontier', usage: { input: 1000, cacheRead: 4000, output: 500 }, costUsd: 0.0117 }),
  // Unpriced model as recorded.
  rec({ task: 'chat', tier: 'cheap', model: 'private', usage: { input: 100, output: 10 }, costUsd: null }),
];

test('replay prices recorded usage all-frontier, all-cheap and under other settings', () => {
  const r = replayLedger(records, { priceUsage, models, tierFor: () => 'cheap' });
  assert.deepEqual(r.actual, { usd: 0.00056 + 0.0117, unpriced: 1 });
  // All-frontier: 0.00645 + 0.0117 + (100×3 + 10×15 = 450 → 0.00045) = 0.0186
  assert.equal(r.allFrontier.usd.toFixed(8), '0.01860000');
  // All-cheap: 0.00056 + 0.00135 + (100×0.25 + 10×2 = 45 → 0.000045) = 0.001955
  assert.equal(r.allCheap.usd.toFixed(8), '0.00195500');
  assert.deepEqual(r.settings.byTier, { cheap: 3, frontier: 0 });
  assert.equal(r.settings.usd.toFixed(8), '0.00195500');
  // Default tierFor: the recorded tiers → mini, sonnet, mini = 0.00056 + 0.0117 + 0.000045.
  assert.equal(replayLedger(records, { priceUsage, models }).settings.usd.toFixed(8), '0.01230500');
});

test('replay counts calls a scenario cannot price instead of pricing them at $0', () => {
  const r = replayLedger(records, { priceUsage, models: { ...models, cheap: { model: 'private', endpoint: 'lab' } } });
  assert.equal(r.allCheap.unpriced, 3);
  assert.equal(r.allCheap.usd, 0);
  const text = formatReplay(r, { models });
  assert.match(text, /^Replayed 3 calls from 2026-11-05 to 2026-11-05\./);
  assert.match(text, /all-cheap\s+\$0\.00 .*\[3 unpriced calls not counted\]/);
  assert.match(text, /all-frontier\s+\$0\.0186\n/);
  assert.match(text, /as recorded\s+\$0\.0123  \[1 unpriced call not counted\]\n/, 'no percentage across different call sets');
  const full = formatReplay(replayLedger(records.slice(0, 2), { priceUsage, models }), { models });
  // 0.01226 vs 0.01815 all-frontier → 32% below.
  assert.match(full, /as recorded\s+\$0\.0123  \(32% below all-frontier\)\n/);
  assert.match(text, /these settings: 2 → cheap \(mini\), 1 → frontier \(sonnet\)/);
});

test('replay prints the completion accept rate as recorded, per model and per language', () => {
  const shown = (verdict: 'accepted' | 'rejected' | 'empty', language: string) => rec({ task: 'completion', verdict, language });
  const recs = [shown('accepted', 'go'), shown('rejected', 'go'), shown('accepted', 'go'), shown('empty', 'rust')];
  const text = formatReplay(replayLedger(recs, { priceUsage, models }), { models });
  assert.match(text, /completions +67% \(2 of 3\) of suggestions shown accepted \(1 empty\)/);
  assert.match(text, /by language:\n +go +67% \(2 of 3\)\n +rust +— +\(1 empty\)/);
  assert.match(
    formatReplay(replayLedger(records, { priceUsage, models }), { models }),
    /completions +— \(no completion verdicts recorded\)/,
  );
});
