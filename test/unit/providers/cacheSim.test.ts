/** The fakes' prompt-cache simulation itself: lookback, minimums, TTL refresh, and OpenAI's 128-token steps. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOOKBACK_BLOCKS, PromptCacheSim, TTL_MS, type SimBlock } from '../../fakes/cacheSim';

const block = (i: number, tokens = 100, breakpoint?: '5m' | '1h'): SimBlock => ({ canon: `b${i}`, tokens, breakpoint });
/** Blocks 0..n-1, with breakpoints at the given indexes. */
const blocks = (n: number, marks: number[], ttl: '5m' | '1h' = '5m') =>
  Array.from({ length: n }, (_, i) => block(i, 100, marks.includes(i) ? ttl : undefined));

test('a breakpoint writes its prefix; a later prompt reads it within the 20-block lookback, not beyond', () => {
  const sim = new PromptCacheSim();
  sim.now = () => 0;
  assert.deepEqual(sim.declared('m', blocks(5, [4]), 1024 / 4), {
    promptTokens: 500,
    input: 0,
    cacheRead: 0,
    cacheWrite5m: 500,
    cacheWrite1h: 0,
  });
  // 20 blocks later, the final breakpoint alone still finds block 4's entry…
  const near = sim.declared('m', blocks(4 + LOOKBACK_BLOCKS, [3 + LOOKBACK_BLOCKS]), 256);
  assert.equal(near.cacheRead, 500);
  // …21 blocks later it does not, unless a breakpoint sits on the previous turn (what the providers declare).
  sim.clear();
  sim.declared('m', blocks(5, [4]), 256);
  assert.equal(sim.declared('m', blocks(5 + LOOKBACK_BLOCKS, [4 + LOOKBACK_BLOCKS]), 256).cacheRead, 0);
  sim.clear();
  sim.declared('m', blocks(5, [4]), 256);
  assert.equal(sim.declared('m', blocks(5 + LOOKBACK_BLOCKS, [4, 4 + LOOKBACK_BLOCKS]), 256).cacheRead, 500);
});

test('prefixes below the minimum are not cached; another model or other content misses', () => {
  const sim = new PromptCacheSim();
  sim.now = () => 0;
  assert.equal(sim.declared('m', blocks(5, [4]), 1024).cacheWrite5m, 0);
  assert.equal(sim.declared('m', blocks(5, [4]), 1024).cacheRead, 0);
  sim.declared('m', blocks(5, [4]), 256);
  assert.equal(sim.declared('other', blocks(5, [4]), 256).cacheRead, 0);
  const changed = blocks(5, [4]);
  changed[0] = { ...changed[0], canon: 'edited' };
  assert.equal(sim.declared('m', changed, 256).cacheRead, 0);
});

test('TTLs: an entry expires after its TTL from its last use; a read refreshes it; 1h writes are reported apart', () => {
  const sim = new PromptCacheSim();
  let t = 0;
  sim.now = () => t;
  assert.equal(sim.declared('m', blocks(5, [4], '1h'), 256).cacheWrite1h, 500);
  t += TTL_MS['5m'] + 1;
  assert.equal(sim.declared('m', blocks(5, [4], '1h'), 256).cacheRead, 500, '1h entry still warm after 5 minutes');
  sim.clear();
  t = 0;
  sim.declared('m', blocks(5, [4]), 256);
  t += TTL_MS['5m'] - 1;
  assert.equal(sim.declared('m', blocks(5, [4]), 256).cacheRead, 500, 'read just in time refreshes');
  t += TTL_MS['5m'] - 1;
  assert.equal(sim.declared('m', blocks(5, [4]), 256).cacheRead, 500);
  t += TTL_MS['5m'] + 1;
  assert.equal(sim.declared('m', blocks(5, [4]), 256).cacheRead, 0, 'expired');
});

test('OpenAI automatic caching: from 1024 tokens, in 128-token steps, per prompt_cache_key; writes only where billed', () => {
  const sim = new PromptCacheSim();
  sim.now = () => 0;
  const tokens = (n: number, seed = 1) => Array.from({ length: n }, (_, i) => (i * seed) % 50000);
  const u1000 = sim.automatic('gpt', 'k', tokens(1000), true);
  assert.deepEqual(u1000, { promptTokens: 1000, input: 1000, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
  // 1300 tokens: steps 1024, 1152, 1280 cached; 2000 tokens (same start): reads 1280, caches up to 1920.
  const u1300 = sim.automatic('gpt', 'k', tokens(1300), true);
  assert.deepEqual(u1300, { promptTokens: 1300, input: 20, cacheRead: 0, cacheWrite5m: 1280, cacheWrite1h: 0 });
  const u2000 = sim.automatic('gpt', 'k', tokens(2000), true);
  assert.deepEqual(u2000, { promptTokens: 2000, input: 80, cacheRead: 1280, cacheWrite5m: 640, cacheWrite1h: 0 });
  assert.equal(sim.automatic('gpt', 'other-key', tokens(2000), true).cacheRead, 0);
  assert.equal(sim.automatic('gpt', 'k', tokens(2000, 3), false).cacheWrite5m, 0, 'no writes reported where not billed');
});
