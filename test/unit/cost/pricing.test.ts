import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costOfCall } from '../../../src/core/cost/callCost';
import { Pricing, type Quote } from '../../../src/core/cost/pricing';
import { emptyUsage, type EndpointConfig, type Usage } from '../../../src/core/types';

// Rates below are the bundled @pydantic/genai-prices data (USD per million tokens).
const endpoints: EndpointConfig[] = [
  { name: 'openai', kind: 'openai' },
  { name: 'anthropic', kind: 'anthropic' },
  { name: 'bedrock', kind: 'bedrock', region: 'us-east-1' },
  { name: 'openrouter', kind: 'openai', baseUrl: 'https://openrouter.ai/api/v1' },
  { name: 'lab', kind: 'openai', baseUrl: 'http://10.0.0.5:8000/v1', requiresKey: false },
  { name: 'ollama', kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, local: true },
];
const pricing = new Pricing({ endpoints });
const NOW = new Date('2026-11-05T10:00:00Z');

function usage(u: Partial<Usage>): Usage {
  return { ...emptyUsage(), ...u };
}

function usd(q: Quote): number {
  assert.ok(q.priced, `expected a price, got: ${q.priced ? '' : q.message}`);
  return q.usd;
}

test('OpenAI gpt-5-mini with cached tokens: fresh input, cache reads and output at their own rates', () => {
  // gpt-5-mini: input $0.25, cache read $0.025, output $2.
  // 1200×0.25 + 3000×0.025 + 500×2 = 300 + 75 + 1000 = 1375 → $0.001375
  const q = pricing.quote({ model: 'gpt-5-mini', endpoint: 'openai' }, usage({ input: 1200, cacheRead: 3000, output: 500 }), NOW);
  assert.equal(usd(q), 0.001375);
  assert.deepEqual(q.priced && [q.basis, q.pricedAs], ['catalog', 'openai/gpt-5-mini']);
});

test('OpenAI gpt-4.1 with cached tokens', () => {
  // gpt-4.1: input $2, cache read $0.5, output $8.
  // 10000×2 + 30000×0.5 + 2000×8 = 20000 + 15000 + 16000 = 51000 → $0.051
  assert.equal(
    usd(pricing.quote({ model: 'gpt-4.1', endpoint: 'openai' }, usage({ input: 10000, cacheRead: 30000, output: 2000 }), NOW)),
    0.051,
  );
});

test('Anthropic claude-sonnet-4-5: 5-minute writes, 1-hour writes and reads each at their own rate', () => {
  // input $3, 5m write $3.75 (1.25×), 1h write $6 (2×), read $0.30, output $15.
  // 2000×3 + 10000×3.75 + 4000×6 + 20000×0.3 + 1000×15 = 6000 + 37500 + 24000 + 6000 + 15000 = 88500 → $0.0885
  const u = usage({ input: 2000, cacheWrite5m: 10000, cacheWrite1h: 4000, cacheRead: 20000, output: 1000 });
  assert.equal(usd(pricing.quote({ model: 'claude-sonnet-4-5', endpoint: 'anthropic' }, u, NOW)), 0.0885);
  // The dated id resolves to the same model.
  assert.equal(usd(pricing.quote({ model: 'claude-sonnet-4-5-20250929', endpoint: 'anthropic' }, u, NOW)), 0.0885);
});

test('Anthropic long-context tier is chosen from the WHOLE prompt, cache reads included', () => {
  // 150000 fresh + 100000 read = 250000 > 200000 → input $6, read $0.60, output $22.50 for the whole call.
  // 150000×6 + 100000×0.6 + 2000×22.5 = 900000 + 60000 + 45000 = 1005000 → $1.005
  // (Counting only the fresh 150000 would wrongly give the base tier: $0.51.)
  const u = usage({ input: 150000, cacheRead: 100000, output: 2000 });
  assert.equal(usd(pricing.quote({ model: 'claude-sonnet-4-5', endpoint: 'anthropic' }, u, NOW)), 1.005);
});

test('Bedrock cross-region id us.anthropic.claude-sonnet-4-5-… with cache fields', () => {
  // Regional (us./eu.) profile: input $3.30, cache write $4.125, read $0.33, output $16.50.
  // 1000×3.3 + 8000×4.125 + 12000×0.33 + 500×16.5 = 3300 + 33000 + 3960 + 8250 = 48510 → $0.04851
  const q = pricing.quote(
    { model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', endpoint: 'bedrock' },
    usage({ input: 1000, cacheWrite5m: 8000, cacheRead: 12000, output: 500 }),
    NOW,
  );
  assert.equal(usd(q), 0.04851);
  assert.equal(q.priced && q.pricedAs, 'aws/regional.anthropic.claude-sonnet-4-5-20250929-v1:0');
  // A prompt-router ARN is priced by the id after its last '/'.
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
  assert.equal(
    usd(pricing.quote({ model: arn, endpoint: 'bedrock' }, usage({ input: 1000, cacheWrite5m: 8000, cacheRead: 12000, output: 500 }), NOW)),
    0.04851,
  );
});

test('OpenRouter is recognised by its URL and priced from its own table', () => {
  // anthropic/claude-sonnet-4.5 on OpenRouter: input $3, output $15. 1000×3 + 100×15 = 4500 → $0.0045
  const q = pricing.quote({ model: 'anthropic/claude-sonnet-4.5', endpoint: 'openrouter' }, usage({ input: 1000, output: 100 }), NOW);
  assert.equal(usd(q), 0.0045);
  assert.equal(q.priced && q.pricedAs, 'openrouter/anthropic/claude-sonnet-4.5');
});

test('a provider-reported cost wins; the frontier counterfactual prices the same usage on the frontier model', () => {
  const u = usage({ input: 1200, cacheRead: 3000, output: 500 });
  const c = costOfCall(
    pricing,
    { model: 'anthropic/claude-sonnet-4.5', endpoint: 'openrouter' },
    { usage: u, providerCostUsd: 0.00123 },
    {
      frontier: { model: 'claude-sonnet-4-5', endpoint: 'anthropic' },
      time: NOW,
    },
  );
  // Frontier: 1200×3 + 3000×0.3 + 500×15 = 3600 + 900 + 7500 = 12000 → $0.012
  assert.deepEqual(c, {
    costUsd: 0.00123,
    basis: 'provider',
    priceMatch: { kind: 'provider', entry: 'cost reported by endpoint "openrouter"', exact: true },
    frontierCostUsd: 0.012,
  });
  // Without a reported cost the same call on gpt-5-mini is computed ($0.001375, see above).
  const cheap = costOfCall(
    pricing,
    { model: 'gpt-5-mini', endpoint: 'openai' },
    { usage: u },
    { frontier: { model: 'claude-sonnet-4-5', endpoint: 'anthropic' }, time: NOW },
  );
  assert.deepEqual(cheap, {
    costUsd: 0.001375,
    basis: 'catalog',
    priceMatch: { kind: 'exact', entry: 'openai/gpt-5-mini', exact: true },
    frontierCostUsd: 0.012,
  });
});

test('an unknown model is unpriced — no number at all — with a message naming gearshift.prices', () => {
  const q = pricing.quote({ model: 'my-private-model', modelName: 'private', endpoint: 'lab' }, usage({ input: 1000, output: 100 }), NOW);
  assert.equal(q.priced, false);
  assert.match(q.priced ? '' : q.message, /my-private-model.*gearshift\.prices.*"private"/s);
  const c = costOfCall(pricing, { model: 'my-private-model', endpoint: 'lab' }, { usage: usage({ input: 1000 }) }, { time: NOW });
  assert.equal(c.costUsd, undefined);
  assert.match(c.unpriced ?? '', /gearshift\.prices/);
});

test('a public model id behind an unknown OpenAI-compatible proxy is priced by its id, and says so', () => {
  const q = pricing.quote({ model: 'gpt-5-mini', endpoint: 'lab' }, usage({ input: 1200, cacheRead: 3000, output: 500 }), NOW);
  assert.equal(usd(q), 0.001375);
  assert.equal(q.priced && q.pricedAs, 'openai/gpt-5-mini');
});

test('a local endpoint costs $0 even for a model id the catalog prices', () => {
  const q = pricing.quote({ model: 'gpt-5-mini', endpoint: 'ollama' }, usage({ input: 5000, output: 500 }), NOW);
  assert.deepEqual(q, { priced: true, usd: 0, basis: 'local', match: { kind: 'local', entry: 'local endpoint "ollama"', exact: true } });
});

test('user overrides: keyed by configured name or provider id, cache rates default to the input rate', () => {
  const p = new Pricing({
    endpoints,
    overrides: { qwen: { input: 0.2, output: 0.6 }, 'gpt-5-mini': { input: 1, output: 4, cacheRead: 0.1 } },
  });
  // qwen on the local endpoint: the explicit price wins over "local is free".
  // 1000×0.2 + 1000×0.2 (read defaults to input) + 100×0.6 = 200 + 200 + 60 = 460 → $0.00046
  assert.deepEqual(
    p.quote(
      { model: 'qwen2.5-coder:7b', modelName: 'qwen', endpoint: 'ollama' },
      usage({ input: 1000, cacheRead: 1000, output: 100 }),
      NOW,
    ),
    {
      priced: true,
      usd: 0.00046,
      basis: 'override',
      match: { kind: 'override', entry: 'gearshift.prices["qwen"]', exact: true },
    },
  );
  // gpt-5-mini by provider id, replacing the catalog: 1200×1 + 3000×0.1 + 500×4 = 1200 + 300 + 2000 = 3500 → $0.0035
  const q = p.quote(
    { model: 'gpt-5-mini', modelName: 'mini', endpoint: 'openai' },
    usage({ input: 1200, cacheRead: 3000, output: 500 }),
    NOW,
  );
  assert.deepEqual(q, {
    priced: true,
    usd: 0.0035,
    basis: 'override',
    match: { kind: 'override', entry: 'gearshift.prices["gpt-5-mini"]', exact: true },
  });
});

test('a partial override replaces only its fields; the catalog supplies the rest', () => {
  const p = new Pricing({ endpoints, overrides: { sonnet: { cacheWrite1h: 4.5 } } });
  // claude-sonnet-4-5 with only the 1h write rate changed to $4.50:
  // 2000×3 + 10000×3.75 + 4000×4.5 + 20000×0.3 + 1000×15 = 6000 + 37500 + 18000 + 6000 + 15000 = 82500 → $0.0825
  const u = usage({ input: 2000, cacheWrite5m: 10000, cacheWrite1h: 4000, cacheRead: 20000, output: 1000 });
  assert.equal(usd(p.quote({ model: 'claude-sonnet-4-5', modelName: 'sonnet', endpoint: 'anthropic' }, u, NOW)), 0.0825);
  // Partial prices for a model the catalog does not know: unpriced, with the fix.
  const lab = new Pricing({ endpoints, overrides: { 'my-private-model': { cacheRead: 0.1 } } });
  const q = lab.quote({ model: 'my-private-model', endpoint: 'lab' }, usage({ input: 10 }), NOW);
  assert.equal(q.priced, false);
  assert.match(q.priced ? '' : q.message, /gearshift\.prices\["my-private-model"\] has no "input" and "output" price/);
});
