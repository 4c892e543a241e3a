import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachingOf, NO_CACHING } from '../../../src/core/cache/caching';
import { WarmCaches } from '../../../src/core/cache/warmCaches';
import type { EndpointConfig, Usage } from '../../../src/core/types';

const MIN = 60_000;
const T0 = 1_800_000_000_000;
const anthropic: EndpointConfig = { name: 'anthropic', kind: 'anthropic' };
const openai: EndpointConfig = { name: 'openai', kind: 'openai' };
const SONNET = 'claude-sonnet-4-5';
const sonnet = { name: 'sonnet', endpoint: 'anthropic' };
const gpt = { name: 'gpt', endpoint: 'openai' };

function usage(over: Partial<Usage>): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0, ...over };
}

test('what a call leaves cached, per kind of caching', () => {
  const cases: {
    name: string;
    call: Parameters<WarmCaches['record']>[1];
    at: number;
    want: { tokens: number; ttl: string } | undefined;
  }[] = [
    {
      name: 'declared 5m: read + written, warm for 5 minutes',
      call: {
        model: sonnet,
        usage: usage({ cacheRead: 8000, cacheWrite5m: 500, input: 20, output: 300 }),
        caching: cachingOf(anthropic, { plan: { ttl: '5m' }, modelId: SONNET }),
        at: T0,
      },
      at: T0 + 4 * MIN,
      want: { tokens: 8500, ttl: '5m' },
    },
    {
      name: 'declared 5m: cold after 5 minutes',
      call: {
        model: sonnet,
        usage: usage({ cacheWrite5m: 5000 }),
        caching: cachingOf(anthropic, { plan: { ttl: '5m' }, modelId: SONNET }),
        at: T0,
      },
      at: T0 + 5 * MIN + 1,
      want: undefined,
    },
    {
      name: 'declared 1h: warm 50 minutes later',
      call: {
        model: sonnet,
        usage: usage({ cacheWrite1h: 5000 }),
        caching: cachingOf(anthropic, { plan: { ttl: '1h' }, modelId: SONNET }),
        at: T0,
      },
      at: T0 + 50 * MIN,
      want: { tokens: 5000, ttl: '1h' },
    },
    {
      name: 'declared, but under the minimum: nothing cached',
      call: {
        model: sonnet,
        usage: usage({ input: 700, output: 20 }),
        caching: cachingOf(anthropic, { plan: { ttl: '5m' }, modelId: SONNET }),
        at: T0,
      },
      at: T0,
      want: undefined,
    },
    {
      name: 'no plan (gearshift.cache off) on Anthropic: nothing cached',
      call: { model: sonnet, usage: usage({ input: 9000 }), caching: cachingOf(anthropic), at: T0 },
      at: T0,
      want: undefined,
    },
    {
      name: 'OpenAI automatic: the whole prompt of ≥ 1,024 tokens, fresh input included',
      call: { model: gpt, usage: usage({ input: 1500, cacheRead: 2048, output: 50 }), caching: cachingOf(openai), at: T0 },
      at: T0 + 4 * MIN,
      want: { tokens: 3548, ttl: 'automatic' },
    },
    {
      name: 'OpenAI automatic: under 1,024 tokens nothing is cached',
      call: { model: gpt, usage: usage({ input: 1000 }), caching: cachingOf(openai), at: T0 },
      at: T0,
      want: undefined,
    },
    {
      name: 'estimated usage: nothing known to be cached',
      call: { model: gpt, usage: usage({ input: 5000 }), caching: cachingOf(openai), at: T0, estimated: true },
      at: T0,
      want: undefined,
    },
    {
      name: 'local endpoints cache nothing',
      call: { model: gpt, usage: usage({ input: 5000 }), caching: NO_CACHING, at: T0 },
      at: T0,
      want: undefined,
    },
  ];
  for (const c of cases) {
    const store = new WarmCaches();
    store.record('c', c.call);
    const w = store.warm('c', c.call.model.name, c.at);
    assert.deepEqual(w && { tokens: w.tokens, ttl: w.ttl }, c.want, c.name);
  }
});

test("a call that cached nothing on a model replaces that model's older cache; other models keep theirs", () => {
  const store = new WarmCaches();
  const plan = cachingOf(anthropic, { plan: { ttl: '5m' }, modelId: SONNET });
  store.record('c', { model: sonnet, usage: usage({ cacheWrite5m: 4000 }), caching: plan, at: T0 });
  store.record('c', { model: gpt, usage: usage({ input: 4000 }), caching: cachingOf(openai), at: T0 + MIN });
  assert.equal(store.warm('c', 'sonnet', T0 + 2 * MIN)?.tokens, 4000);
  assert.equal(store.warm('c', 'gpt', T0 + 2 * MIN)?.tokens, 4000);
  store.record('c', { model: sonnet, usage: usage({ input: 4100 }), caching: cachingOf(anthropic), at: T0 + 2 * MIN });
  assert.equal(store.warm('c', 'sonnet', T0 + 2 * MIN), undefined);
  assert.equal(store.latest('c', 'sonnet'), undefined);
  assert.equal(store.warm('c', 'gpt', T0 + 2 * MIN)?.tokens, 4000);
  // gaps between calls, mean output
  assert.deepEqual(store.gaps('c'), [MIN, MIN]);
  assert.deepEqual(store.gaps('c', T0 + 10 * MIN), [MIN, MIN, 8 * MIN]);
  assert.equal(store.lastCallAt('c'), T0 + 2 * MIN);
});

test('the store is bounded: the least recently used conversation is forgotten first; no content is kept', () => {
  const store = new WarmCaches({ maxConversations: 3 });
  const caching = cachingOf(openai);
  const call = (at: number) => ({ model: gpt, usage: usage({ input: 2000, output: 100 }), caching, at });
  for (const [i, key] of ['a', 'b', 'c'].entries()) store.record(key, call(T0 + i));
  store.warm('a', 'gpt', T0); // touches a
  store.record('d', call(T0 + 5)); // evicts b
  assert.equal(store.size, 3);
  assert.equal(store.lastCallAt('b'), undefined);
  assert.ok(store.lastCallAt('a') !== undefined && store.lastCallAt('c') !== undefined && store.lastCallAt('d') !== undefined);
  for (let i = 0; i < 1000; i++) store.record(`k${i}`, call(T0 + i));
  assert.equal(store.size, 3);
  // Only counts and times: the serialized state has no text.
  const entry = store.warm('k999', 'gpt', T0 + 999)!;
  assert.deepEqual(Object.keys(entry).sort(), ['endpoint', 'expiresAt', 'modelName', 'tokens', 'ttl', 'usedAt']);
  // Gaps are bounded too.
  const one = new WarmCaches();
  for (let i = 0; i < 50; i++) one.record('x', call(T0 + i * MIN));
  assert.equal(one.gaps('x').length, 8);
  assert.equal(one.meanOutput('x'), 100);
});
