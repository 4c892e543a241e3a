import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachingOf } from '../../../src/core/cache/caching';
import { DEFAULT_OUTPUT_TOKENS, promptTokensOf, turnCost } from '../../../src/core/cache/turnCost';
import { WarmCaches } from '../../../src/core/cache/warmCaches';
import { Pricing } from '../../../src/core/cost/pricing';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { CacheSetting, Usage } from '../../../src/core/types';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

function usage(over: Partial<Usage>): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0, ...over };
}

function setup(cache: CacheSetting = 'auto') {
  const { settings: s, problems } = resolveSettings({
    user: {
      'gearshift.models': {
        sonnet: { endpoint: 'anthropic', model: 'claude-sonnet-4-5' },
        gpt: { endpoint: 'openai', model: 'gpt-5' },
        local: { endpoint: 'ollama', model: 'qwen2.5-coder:7b' },
        mystery: { endpoint: 'openai', model: 'no-such-model-xyz' },
      },
      'gearshift.tiers': { cheap: ['local'], frontier: ['sonnet'] },
      'gearshift.prices': {
        sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 },
        gpt: { input: 1.25, output: 10, cacheRead: 0.125 },
      },
    },
  });
  assert.deepEqual(problems, []);
  const warm = new WarmCaches();
  const pricing = new Pricing({ endpoints: Object.values(s.endpoints), overrides: s.prices });
  const cost = turnCost({ pricing: () => pricing, endpoints: () => s.endpoints, cache: () => cache, warm });
  return { s, warm, cost };
}

test('turn cost against hand-computed dollars', () => {
  const { s, warm, cost } = setup();
  warm.record('c', {
    model: s.models.sonnet,
    usage: usage({ cacheWrite5m: 10_000, output: 300 }),
    caching: cachingOf(s.endpoints.anthropic, { plan: { ttl: '5m' }, modelId: s.models.sonnet.model }),
    at: T0,
  });
  warm.record('c', { model: s.models.gpt, usage: usage({ input: 10_000, output: 500 }), caching: cachingOf(s.endpoints.openai), at: T0 });
  const turn = { key: 'c', promptTokens: 10_400, newTokens: 400, now: T0 + 3 * MIN };
  // The conversation's mean output so far: (300 + 500) / 2 = 400.
  // sonnet, warm: 10,000 × $0.30 + 400 × $3.75 (5m write) + 400 × $15 = $0.003 + $0.0015 + $0.006
  assert.equal(cost(s.models.sonnet, turn)!.usd, 0.0105);
  // gpt, warm automatic: 1,024 + ⌊(10,000 − 1,024) / 128⌋ × 128 = 9,984 read × $0.125; 416 fresh × $1.25; 400 × $10
  const g = cost(s.models.gpt, turn)!;
  assert.deepEqual([g.usage.cacheRead, g.usage.input], [9984, 416]);
  assert.equal(g.usd, 0.005768); // 0.001248 + 0.00052 + 0.004
  // Cold (12 min later): sonnet writes it all; the gaps (0, then 12 min) make auto choose 1h: 10,400 × $6 + 400 × $15.
  const cold = cost(s.models.sonnet, { ...turn, now: T0 + 12 * MIN })!;
  assert.deepEqual([cold.usage.cacheRead, cold.usage.cacheWrite1h, cold.warm], [0, 10_400, undefined]);
  assert.equal(cold.usd, 0.0684);
  // Local endpoints are free; a model without a price gives no estimate.
  assert.equal(cost(s.models.local, turn)!.usd, 0);
  assert.equal(cost(s.models.mystery, turn), undefined);
});

test('with caching off, Anthropic is all fresh input; a new conversation expects DEFAULT_OUTPUT_TOKENS', () => {
  const { s, cost } = setup('off');
  const e = cost(s.models.sonnet, { key: 'new', promptTokens: 2000, newTokens: 2000, now: T0 })!;
  assert.deepEqual([e.usage.input, e.usage.cacheWrite5m, e.usage.output], [2000, 0, DEFAULT_OUTPUT_TOKENS]);
  assert.equal(e.usd, (2000 * 3 + DEFAULT_OUTPUT_TOKENS * 15) / 1e6);
});

test('prompt estimate: whole request and its new part (last user message and attachments)', () => {
  const size = promptTokensOf(
    [
      { role: 'user', content: 'a'.repeat(35) },
      { role: 'assistant', content: 'b'.repeat(350) },
      { role: 'user', content: 'c'.repeat(70) },
    ],
    [{ path: 'src/x.ts', text: 'd'.repeat(700) }],
  );
  // 80 framing + (4 + 10) + (4 + 100) + (4 + 20) + attachment (3 + 200 + 8)
  assert.deepEqual(size, { total: 433, fresh: 235 });
});

test('decide() of a frontier follow-up, turn costs included, stays in the millisecond range (p50/p99 printed)', () => {
  const { s, warm } = setup();
  const pricing = new Pricing({ endpoints: Object.values(s.endpoints), overrides: s.prices });
  const router = new Router(s, { warm, pricing: () => pricing });
  const history = Array.from({ length: 20 }, (_, i) => ({
    role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant',
    content: 'word '.repeat(400),
  }));
  const messages = [...history, { role: 'user' as const, content: 'thanks, how do i run go test verbose' }];
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    router.decide({
      task: 'chat',
      conversationId: `k${i}`,
      messages: [{ role: 'user', content: 'why does this deadlock only in prod under load?' }],
    });
    const t = process.hrtime.bigint();
    const d = router.decide({ task: 'chat', conversationId: `k${i}`, messages, now: T0 });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    assert.ok(d.tier === 'cheap' || d.source === 'sticky');
  }
  times.sort((a, b) => a - b);
  const p50 = times[times.length >> 1];
  const p99 = times[Math.floor(times.length * 0.99)];
  console.log(`decide() of a follow-up with turn costs: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);
  assert.ok(p50 < 5, `p50 ${p50} ms`);
});
