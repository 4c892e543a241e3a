/**
 * Which catalog entry priced a model, and whether that match was exact. The catalog (@pydantic/genai-prices)
 * matches ids by prefix, so a model it does not list can get a neighbour's price: that price is still used, but
 * flagged as approximate everywhere it shows, until a gearshift.prices entry makes it exact.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOfCall } from '../../../src/core/cost/callCost';
import { tooltipMarkdown } from '../../../src/core/cost/format';
import { explainPrice, isExactCatalogMatch, Pricing } from '../../../src/core/cost/pricing';
import { parseRecord, recordFromOutcome } from '../../../src/core/cost/record';
import { buildSpendView } from '../../../src/core/cost/spendView';
import { summarize } from '../../../src/core/cost/summary';
import { SpendTally } from '../../../src/core/cost/tally';
import { emptyUsage, type EndpointConfig } from '../../../src/core/types';
import { rec } from './records';

const endpoints: EndpointConfig[] = [
  { name: 'openai', kind: 'openai' },
  { name: 'anthropic', kind: 'anthropic' },
  { name: 'bedrock', kind: 'bedrock', region: 'us-east-1' },
  { name: 'openrouter', kind: 'openai', baseUrl: 'https://openrouter.ai/api/v1' },
  { name: 'lab', kind: 'openai', baseUrl: 'http://10.0.0.5:8000/v1', requiresKey: false },
];
const pricing = new Pricing({ endpoints });
const NOW = new Date('2026-11-05T10:00:00Z');

// [endpoint, model id, catalog entry that prices it (undefined: unpriced), exact?]
const CASES: [string, string, string | undefined, boolean][] = [
  // The entry's own id.
  ['anthropic', 'claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5', true],
  ['anthropic', 'claude-haiku-4-5', 'anthropic/claude-haiku-4-5', true],
  ['anthropic', 'claude-3-5-haiku-latest', 'anthropic/claude-3-5-haiku-latest', true],
  ['openai', 'gpt-5-mini', 'openai/gpt-5-mini', true],
  ['openai', 'gpt-5.5', 'openai/gpt-5.5', true],
  ['openai', 'o1-pro', 'openai/o1-pro', true],
  // Dated snapshots and listed aliases.
  ['anthropic', 'claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5', true],
  ['anthropic', 'claude-haiku-4-5-20251001', 'anthropic/claude-haiku-4-5', true],
  ['anthropic', 'claude-sonnet-4-20250514', 'anthropic/claude-sonnet-4-0', true],
  ['anthropic', 'claude-sonnet-4@20250514', 'anthropic/claude-sonnet-4-0', true],
  ['anthropic', 'claude-opus-5-20261001', 'anthropic/claude-opus-5', true],
  ['anthropic', 'claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5', true],
  ['openai', 'gpt-5-mini-2025-08-07', 'openai/gpt-5-mini', true],
  ['openai', 'gpt-4o-2024-08-06', 'openai/gpt-4o', true],
  // Bedrock inference profiles and base ids.
  ['bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws/regional.anthropic.claude-sonnet-4-5-20250929-v1:0', true],
  ['bedrock', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', 'aws/regional.anthropic.claude-haiku-4-5-20251001-v1:0', true],
  ['bedrock', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'aws/regional.anthropic.claude-haiku-4-5-20251001-v1:0', true],
  ['bedrock', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws/global.anthropic.claude-sonnet-4-5-20250929-v1:0', true],
  ['bedrock', 'us.anthropic.claude-sonnet-5-v1:0', 'aws/regional.anthropic.claude-sonnet-5-v1:0', true],
  // Routers and proxies.
  ['openrouter', 'anthropic/claude-sonnet-4.5', 'openrouter/anthropic/claude-sonnet-4.5', true],
  ['lab', 'gpt-5-mini', 'openai/gpt-5-mini', true],
  // Near misses: the catalog prices them by a prefix of their id. Approximate.
  ['anthropic', 'claude-sonnet-5-5', 'anthropic/claude-sonnet-5', false],
  ['anthropic', 'claude-sonnet-4-5-preview', 'anthropic/claude-sonnet-4-5', false],
  ['anthropic', 'claude-haiku-4-5-turbo', 'anthropic/claude-haiku-4-5', false],
  ['bedrock', 'us.anthropic.claude-sonnet-5-5-v1:0', 'aws/regional.anthropic.claude-sonnet-5-v1:0', false],
  ['bedrock', 'anthropic.claude-sonnet-5-5-v1:0', 'aws/regional.anthropic.claude-sonnet-5-v1:0', false],
  // Unknown to the catalog: unpriced.
  ['openai', 'gpt-6', undefined, false],
  ['anthropic', 'claude-opus-5-1', undefined, false],
  ['lab', 'my-private-model', undefined, false],
];

test('every catalog price names its entry and says whether the match is exact (table of real catalog ids)', () => {
  for (const [endpoint, model, entry, exact] of CASES) {
    const q = pricing.quote({ model, endpoint }, { ...emptyUsage(), input: 1000, output: 100 }, NOW);
    const label = `${endpoint} ${model}`;
    if (entry === undefined) {
      assert.equal(q.priced, false, `${label}: unpriced`);
      assert.equal(pricing.match({ model, endpoint }, NOW), undefined, label);
      continue;
    }
    assert.ok(q.priced, `${label}: priced`);
    assert.ok(q.usd > 0, `${label}: the cost is still computed`);
    assert.deepEqual(q.match, { kind: exact ? 'exact' : 'approximate', entry, exact }, label);
    assert.equal(q.pricedAs, entry, label);
  }
});

test('an approximate match is priced as its entry, and says so in Explain', () => {
  const usage = { ...emptyUsage(), input: 1_000_000, output: 100_000 };
  const near = pricing.quote({ model: 'claude-sonnet-5-5', endpoint: 'anthropic' }, usage, NOW);
  const own = pricing.quote({ model: 'claude-sonnet-5', endpoint: 'anthropic' }, usage, NOW);
  assert.ok(near.priced && own.priced);
  assert.equal(near.usd, own.usd, "claude-sonnet-5's price (what the catalog gives) is still the figure");
  assert.equal(
    explainPrice(pricing, { model: 'claude-sonnet-5-5', endpoint: 'anthropic' }, NOW),
    'priced as anthropic/claude-sonnet-5 (approximate — confirm with gearshift.prices)',
  );
  assert.equal(
    explainPrice(pricing, { model: 'claude-sonnet-4-5-20250929', endpoint: 'anthropic' }, NOW),
    'priced as anthropic/claude-sonnet-4-5 (exact)',
  );
  assert.match(explainPrice(pricing, { model: 'gpt-6', endpoint: 'openai' }, NOW), /No price known for model "gpt-6".*gearshift\.prices/);
});

test('a gearshift.prices entry makes the price exact; one that sets only cache rates does not', () => {
  const confirmed = new Pricing({ endpoints, overrides: { 'sonnet-next': { input: 2, output: 10 } } });
  const target = { model: 'claude-sonnet-5-5', modelName: 'sonnet-next', endpoint: 'anthropic' };
  assert.deepEqual(confirmed.match(target, NOW), { kind: 'override', entry: 'gearshift.prices["sonnet-next"]', exact: true });
  assert.equal(explainPrice(confirmed, target, NOW), 'priced as gearshift.prices["sonnet-next"] (exact)');
  const cacheOnly = new Pricing({ endpoints, overrides: { 'sonnet-next': { cacheRead: 0.1 } } });
  assert.deepEqual(cacheOnly.match(target, NOW), { kind: 'approximate', entry: 'anthropic/claude-sonnet-5', exact: false });
  // Over an exact catalog entry, an override of some rates is the user's price.
  const exactBase = new Pricing({ endpoints, overrides: { sonnet: { cacheRead: 0.1 } } });
  assert.equal(exactBase.match({ model: 'claude-sonnet-4-5', modelName: 'sonnet', endpoint: 'anthropic' }, NOW)?.exact, true);
});

test('isExactCatalogMatch: names listed by the entry, dated snapshots and anchored patterns only', () => {
  const entry = { id: 'claude-sonnet-5', match: { or: [{ starts_with: 'claude-sonnet-5' }, { starts_with: 'claude-5-sonnet' }] } };
  const cases: [string, boolean][] = [
    ['claude-sonnet-5', true],
    ['CLAUDE-SONNET-5', true],
    ['claude-5-sonnet', true],
    ['claude-sonnet-5-20261001', true],
    ['claude-sonnet-5-2026-10-01', true],
    ['us.anthropic.claude-sonnet-5-v1:0', true],
    ['claude-sonnet-5-5', false],
    ['claude-sonnet-50', false],
    ['claude-sonnet-5-v2', false],
    ['claude-sonnet-5-2026', false],
  ];
  for (const [id, exact] of cases) assert.equal(isExactCatalogMatch(id, entry), exact, id);
  const pattern = {
    id: 'claude-fable-5',
    match: { or: [{ equals: 'claude-fable-5' }, { regex: '^claude-fable-5-\\d{8}$' }, { regex: 'fable' }] },
  };
  assert.equal(isExactCatalogMatch('claude-fable-5-20260101', pattern), true);
  assert.equal(isExactCatalogMatch('claude-fable-5-x', pattern), false, 'an unanchored pattern is not exact');
});

test('the match kind travels into the ledger record, the tooltip and the dashboard', () => {
  const decision = {
    tier: 'frontier' as const,
    chain: [{ name: 'sonnet-next', endpoint: 'anthropic', model: 'claude-sonnet-5-5' }],
    reason: 'chat',
    source: 'task' as const,
  };
  const usage = { ...emptyUsage(), input: 1000, output: 100 };
  const cost = costOfCall(
    pricing,
    { model: 'claude-sonnet-5-5', modelName: 'sonnet-next', endpoint: 'anthropic' },
    { usage },
    { time: NOW },
  );
  assert.deepEqual(cost.priceMatch, { kind: 'approximate', entry: 'anthropic/claude-sonnet-5', exact: false });
  const record = recordFromOutcome(
    {
      decision,
      modelName: 'sonnet-next',
      endpoint: 'anthropic',
      fallbacks: [],
      result: { text: 'x', usage, estimated: false, totalMs: 10 },
    },
    { task: 'chat', workspace: { id: 'ws1', name: 'app' }, cost, time: NOW },
  );
  assert.equal(record.priceMatch, 'approximate');
  assert.equal(record.pricedAs, 'anthropic/claude-sonnet-5');
  const back = parseRecord(JSON.stringify(record), NOW.getTime());
  assert.deepEqual(back && [back.priceMatch, back.pricedAs], ['approximate', 'anthropic/claude-sonnet-5']);

  const records = [record, rec({ time: NOW.toISOString(), priceMatch: 'exact', pricedAs: 'openai/gpt-5-mini' })];
  const md = tooltipMarkdown(summarize(records, { now: NOW, sessionStart: NOW }));
  assert.match(md, /sonnet\\-next: priced as anthropic\/claude\\-sonnet\\-5 \\\(confirm with gearshift\\\.prices\\\)/);
  assert.doesNotMatch(md, /mini: priced as/, 'exact prices get no note');
  const view = buildSpendView(SpendTally.of(records), { period: 'month', workspaceId: null }, { now: NOW });
  const row = view.totals.byModel.find((m) => m.model === 'sonnet-next');
  assert.deepEqual(row && [row.priceMatch, row.pricedAs], ['approximate', 'anthropic/claude-sonnet-5']);

  // Once a gearshift.prices entry prices the model, its latest call is exact and the note goes.
  const later = rec({
    time: new Date(NOW.getTime() + 60_000).toISOString(),
    tier: 'frontier',
    modelName: 'sonnet-next',
    priceMatch: 'override',
  });
  const after = tooltipMarkdown(summarize([...records, later], { now: NOW, sessionStart: NOW }));
  assert.doesNotMatch(after, /confirm with/);
});
