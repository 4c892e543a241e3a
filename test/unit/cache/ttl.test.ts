import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheKey, cachePlan, chooseTtl } from '../../../src/core/cache/ttl';
import type { CacheSetting, CacheTtl } from '../../../src/core/types';

const MIN = 60_000;

test('TTL choice: off, fixed, and auto from the recent gaps (1h when a 5m cache would be rewritten)', () => {
  const cases: {
    name: string;
    setting: CacheSetting;
    gaps: number[];
    sizes?: { cachedTokens: number; newTokens: number };
    want: CacheTtl | undefined;
  }[] = [
    { name: 'off declares nothing', setting: 'off', gaps: [12 * MIN], want: undefined },
    { name: 'fixed 5m', setting: '5m', gaps: [12 * MIN, 20 * MIN], want: '5m' },
    { name: 'fixed 1h', setting: '1h', gaps: [], want: '1h' },
    { name: 'auto, first turn (no gaps): 5m', setting: 'auto', gaps: [], want: '5m' },
    { name: 'auto, quick back-and-forth: 5m', setting: 'auto', gaps: [MIN, 2 * MIN, 30_000], want: '5m' },
    { name: 'auto, every gap 6-40 min: 1h', setting: 'auto', gaps: [6 * MIN, 40 * MIN, 12 * MIN], want: '1h' },
    { name: 'auto, exactly 5 min is still warm on 5m', setting: 'auto', gaps: [5 * MIN, 5 * MIN], want: '5m' },
    { name: 'auto, gaps over an hour: neither survives, the cheaper write', setting: 'auto', gaps: [70 * MIN, 3 * 60 * MIN], want: '5m' },
    // q = 1/4: 0.25 × 1.15 × 2Δ = 0.575Δ > 0.75 × 0.75Δ = 0.5625Δ (P = Δ assumed)
    { name: 'auto, one long gap in four (P = Δ): just pays', setting: 'auto', gaps: [MIN, MIN, MIN, 10 * MIN], want: '1h' },
    // q = 1/5 of the last four only: the oldest gap is forgotten
    { name: 'auto, only the last four gaps count', setting: 'auto', gaps: [10 * MIN, MIN, MIN, MIN, MIN], want: '5m' },
    // q = 1/4 with a big new part: 0.25 × 1.15 × (1,000 + 9,000) = 2,875 < 0.75 × 0.75 × 9,000 = 5,062
    {
      name: 'auto, one long gap in four but mostly new tokens: 5m',
      setting: 'auto',
      gaps: [MIN, MIN, MIN, 10 * MIN],
      sizes: { cachedTokens: 1000, newTokens: 9000 },
      want: '5m',
    },
    // q = 1/4 with a long cached prefix: 0.25 × 1.15 × 20,100 = 5,779 > 0.5625 × 100 = 56
    {
      name: 'auto, one long gap in four with a long cached prefix: 1h',
      setting: 'auto',
      gaps: [MIN, MIN, MIN, 10 * MIN],
      sizes: { cachedTokens: 20_000, newTokens: 100 },
      want: '1h',
    },
  ];
  for (const c of cases) assert.equal(chooseTtl(c.setting, c.gaps, c.sizes), c.want, c.name);
});

test('the plan: TTL plus a key that is a stable hash of the conversation id, never the id', () => {
  assert.equal(cachePlan('off', 'c1'), undefined);
  const plan = cachePlan('auto', 'my secret project chat');
  assert.deepEqual(plan, { ttl: '5m', key: cacheKey('my secret project chat') });
  assert.equal(cacheKey('my secret project chat'), cacheKey('my secret project chat'));
  assert.notEqual(cacheKey('a'), cacheKey('b'));
  assert.doesNotMatch(plan!.key!, /secret/);
  assert.deepEqual(cachePlan('1h', undefined), { ttl: '1h' });
});
