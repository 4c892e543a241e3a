/**
 * Exact dollars with prompt caching: a 3-turn conversation per provider, through the real SDK, against the fake's
 * cache simulation (cache: 'simulate'). Turn 1 writes the cache, turns 2 and 3 read what the turn before wrote and
 * write only what is new. Each call is priced the way Gearshift prices it (Pricing + costOfCall) and checked against
 * dollars computed here from the catalog's own per-token rates for the model (input, cache write 5m/1h, cache read,
 * output) and the token counts the API reports. Also: a 1-hour TTL, and a cache that expired between turns.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { calcPrice } from '@pydantic/genai-prices';
import { costOfCall } from '../../../src/core/cost/callCost';
import { Pricing } from '../../../src/core/cost/pricing';
import { createProvider, type Provider } from '../../../src/core/providers';
import type { PromptCachePlan } from '../../../src/core/providers/provider';
import type { CallResult, ChatMessage, EndpointConfig, Usage } from '../../../src/core/types';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeServer } from '../../fakes';
import { OPENAI_MIN_TOKENS, OPENAI_STEP, TTL_MS } from '../../fakes/cacheSim';
import { doc, tools } from './cacheFixtures';
import { TEST_KEY } from './kits';

const WHEN = new Date('2026-12-02T00:00:00Z');
const OUTPUT = 300;
const SYSTEM = doc(2000, 'handbook'); // ~24k tokens: a system prompt worth caching
const QUESTION = (i: number) => `${doc(40, `question ${i}`)}\nWhat changes in section ${i}?`;

interface Rates {
  input: number;
  write5m: number;
  write1h: number;
  read: number;
  output: number;
}

/** The catalog's rates (USD per million tokens) for a model, read from its entry (below any long-context tier). */
function catalogRates(model: string, providerId: string): Rates {
  const found = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId, timestamp: WHEN });
  assert.ok(found, `the catalog prices ${providerId}/${model}`);
  const p = found.model_price as Record<string, number | { base: number } | undefined>;
  const rate = (k: string) => {
    const v = p[k];
    return v === undefined ? undefined : typeof v === 'number' ? v : v.base;
  };
  const input = rate('input_mtok')!;
  // The catalog's own fallbacks: writes at the input rate, 1-hour writes at the 5-minute rate.
  const write5m = rate('cache_write_mtok') ?? input;
  const write1h = rate('cache_write_1h_mtok') ?? write5m;
  return { input, write5m, write1h, read: rate('cache_read_mtok') ?? input, output: rate('output_mtok')! };
}

function dollars(u: Usage, r: Rates): number {
  return (u.input * r.input + u.cacheWrite5m * r.write5m + u.cacheWrite1h * r.write1h + u.cacheRead * r.read + u.output * r.output) / 1e6;
}

const cents = (usd: number) => Math.round(usd * 100);

interface Setup {
  name: string;
  model: string;
  providerId: string;
  /** The endpoint prices are looked up for. */
  priced: EndpointConfig;
  start(): Promise<FakeServer>;
  provider(fake: FakeServer): Provider;
  /** Prompt-side usage the API reports for turn k (1-based) given each request's prompt tokens. */
  expect(k: number, prompts: number[], ttl: '5m' | '1h', opts?: { expired?: boolean }): Omit<Usage, 'output' | 'reasoning'>;
}

/** Declared caching: the final user turn's breakpoint writes the whole prompt; the next turn reads it. */
function declaredExpectation(k: number, prompts: number[], ttl: '5m' | '1h', opts: { expired?: boolean } = {}) {
  const read = k === 1 || (opts.expired && k === 2) ? 0 : prompts[k - 2];
  const write = prompts[k - 1] - read;
  return { input: 0, cacheRead: read, cacheWrite5m: ttl === '5m' ? write : 0, cacheWrite1h: ttl === '1h' ? write : 0 };
}

/** OpenAI automatic caching: 1024 tokens and up, in 128-token steps; GPT-5.6 reports what it newly caches as writes. */
function automaticExpectation(k: number, prompts: number[], _ttl: '5m' | '1h', opts: { expired?: boolean } = {}) {
  const cached = (t: number) =>
    t < OPENAI_MIN_TOKENS ? 0 : OPENAI_MIN_TOKENS + Math.floor((t - OPENAI_MIN_TOKENS) / OPENAI_STEP) * OPENAI_STEP;
  const read = k === 1 || (opts.expired && k === 2) ? 0 : cached(prompts[k - 2]);
  const write = cached(prompts[k - 1]) - read;
  return { input: prompts[k - 1] - read - write, cacheRead: read, cacheWrite5m: write, cacheWrite1h: 0 };
}

const realFetch = globalThis.fetch;
let openaiFake: FakeServer | undefined;

const SETUPS: Setup[] = [
  {
    name: 'Anthropic (claude-sonnet-5)',
    model: 'claude-sonnet-5',
    providerId: 'anthropic',
    priced: { name: 'anthropic', kind: 'anthropic' },
    start: startFakeAnthropic,
    provider: (f) => createProvider({ name: 'anthropic', kind: 'anthropic', baseUrl: f.url }, async () => TEST_KEY),
    expect: declaredExpectation,
  },
  {
    name: 'Bedrock (us.anthropic.claude-sonnet-5-v1:0)',
    model: 'us.anthropic.claude-sonnet-5-v1:0',
    providerId: 'aws',
    priced: { name: 'bedrock', kind: 'bedrock' },
    start: startFakeBedrock,
    provider: (f) =>
      createProvider({ name: 'bedrock', kind: 'bedrock', baseUrl: f.url, region: 'us-east-1' }, async () => undefined, {
        awsCredentials: FAKE_AWS_CREDENTIALS,
      }),
    expect: declaredExpectation,
  },
  {
    name: 'OpenAI (gpt-5.6-sol at api.openai.com)',
    model: 'gpt-5.6-sol',
    providerId: 'openai',
    priced: { name: 'openai', kind: 'openai' },
    start: async () => {
      openaiFake = await startFakeOpenAI();
      // api.openai.com itself (so prompt_cache_key is sent), served by the fake.
      globalThis.fetch = (input, init) =>
        realFetch(String(input instanceof Request ? input.url : input).replace(/^https:\/\/api\.openai\.com/, openaiFake!.url), init);
      return openaiFake;
    },
    provider: () => createProvider({ name: 'openai', kind: 'openai' }, async () => TEST_KEY),
    expect: automaticExpectation,
  },
];

for (const s of SETUPS) {
  describe(`prompt caching in dollars: ${s.name}`, () => {
    let fake: FakeServer;
    let clock = 0;
    const rates = catalogRates(s.model, s.providerId);
    const pricing = new Pricing({ endpoints: [s.priced] });
    before(async () => (fake = await s.start()));
    after(async () => {
      globalThis.fetch = realFetch;
      await fake.close();
    });
    beforeEach(() => {
      fake.reset();
      fake.promptCache.clear();
      clock = 1_000_000;
      fake.promptCache.now = () => clock;
      fake.setDefault({ cache: 'simulate', text: 'Here is what changes.', usage: { output: OUTPUT } });
    });

    /** Three turns, `gapMs` apart; returns each call's result. */
    async function threeTurns(plan: PromptCachePlan, gapMs = 30_000): Promise<CallResult[]> {
      const provider = s.provider(fake);
      const messages: ChatMessage[] = [];
      const results: CallResult[] = [];
      for (let k = 1; k <= 3; k++) {
        if (k > 1) clock += gapMs;
        messages.push({ role: 'user', content: QUESTION(k) });
        const r = await provider.chat({ model: s.model, system: SYSTEM, messages: [...messages], tools: tools(2), cache: plan });
        results.push(r);
        messages.push({ role: 'assistant', content: r.text });
      }
      return results;
    }

    function check(results: CallResult[], ttl: '5m' | '1h', opts: { expired?: boolean } = {}): { cached: number; uncached: number } {
      const prompts = fake.requests.map((r) => r.simulated!.promptTokens);
      let cached = 0;
      let uncached = 0;
      results.forEach((r, i) => {
        const k = i + 1;
        assert.deepEqual(r.usage, { ...s.expect(k, prompts, ttl, opts), output: OUTPUT, reasoning: 0 }, `turn ${k} usage`);
        const priced = costOfCall(pricing, { model: s.model, endpoint: s.priced.name }, r, { time: WHEN });
        const want = dollars(r.usage, rates);
        assert.ok(priced.costUsd !== undefined, `turn ${k} priced`);
        assert.equal(cents(priced.costUsd), cents(want), `turn ${k}: $${priced.costUsd} vs $${want}`);
        assert.ok(Math.abs(priced.costUsd - want) < 1e-9, `turn ${k}: $${priced.costUsd} vs $${want} (exact)`);
        cached += priced.costUsd;
        uncached += (prompts[i] * rates.input + OUTPUT * rates.output) / 1e6;
      });
      return { cached, uncached };
    }

    test('5-minute cache: turn 1 writes the prompt, turns 2 and 3 read it and write only the new turns', async () => {
      const results = await threeTurns({ ttl: '5m', key: 'conv-1' });
      const { cached, uncached } = check(results, '5m');
      assert.ok(results[0].usage.cacheWrite5m > 20_000, 'turn 1 writes the long prefix');
      assert.equal(results[0].usage.cacheRead, 0);
      for (const r of results.slice(1)) assert.ok(r.usage.cacheRead > 20_000, 'later turns read it');
      assert.ok(cached < uncached, `cached $${cached.toFixed(4)} < uncached $${uncached.toFixed(4)}`);
      console.log(`# ${s.name}: 3 turns $${cached.toFixed(4)} with caching vs $${uncached.toFixed(4)} without`);
    });

    test('1-hour cache: writes priced at the 1-hour rate, read after a 20-minute gap', async () => {
      const results = await threeTurns({ ttl: '1h', key: 'conv-1' }, 20 * 60_000);
      if (s.providerId === 'openai') {
        // OpenAI keeps prefixes about 5 minutes from their last use whatever the plan says: 20 minutes apart, all cold.
        const prompts = fake.requests.map((r) => r.simulated!.promptTokens);
        results.forEach((r, i) => assert.equal(r.usage.cacheRead, 0, `turn ${i + 1}: ${prompts[i]} tokens, nothing read`));
        return;
      }
      check(results, '1h');
      assert.ok(results[0].usage.cacheWrite1h > 20_000);
      assert.equal(results[0].usage.cacheWrite5m, 0);
    });

    test('a cache that expired between turns is written again (clock moved past the TTL)', async () => {
      const provider = s.provider(fake);
      const messages: ChatMessage[] = [{ role: 'user', content: QUESTION(1) }];
      const ask = () => provider.chat({ model: s.model, system: SYSTEM, messages: [...messages], tools: tools(2), cache: { ttl: '5m' } });
      const first = await ask();
      messages.push({ role: 'assistant', content: first.text }, { role: 'user', content: QUESTION(2) });
      clock += TTL_MS['5m'] + 1;
      const second = await ask();
      messages.push({ role: 'assistant', content: second.text }, { role: 'user', content: QUESTION(3) });
      clock += TTL_MS['5m'] - 1; // a read refreshes the entry: still warm
      const third = await ask();
      check([first, second, third], '5m', { expired: true });
      assert.equal(second.usage.cacheRead, 0, 'nothing read after the TTL');
      assert.ok(third.usage.cacheRead > 20_000, 'the rewritten prefix is read again');
    });
  });
}
