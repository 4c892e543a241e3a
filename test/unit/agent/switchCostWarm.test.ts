/**
 * The step policy as createGearshift wires it: a move down is priced with what each model really holds warm for the
 * task (the warm-cache store the gateway feeds), so a cache that expired while the user looked at a diff no longer
 * keeps a step on frontier. Catalog prices of the default models (sonnet: claude-sonnet-5, haiku: claude-haiku-4-5).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachingOf } from '../../../src/core/cache/caching';
import { taskKey } from '../../../src/core/cache/warmCaches';
import type { StepFacts } from '../../../src/core/agent/types';
import { createGearshift, fixedSettings } from '../../../src/core/gearshift';
import { defaultSettings } from '../../../src/core/settings/defaults';
import type { CacheSetting } from '../../../src/core/types';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

function core(cache: CacheSetting = 'auto') {
  const settings = { ...defaultSettings(), cache };
  return createGearshift({
    settings: fixedSettings(settings),
    keyLookup: async () => undefined,
    recordSink: () => undefined,
    workspace: { id: 'ws', name: 'ws' },
    availability: { fixed: new Set(['anthropic']) },
  });
}

const step1: StepFacts = {
  step: 1,
  role: 'plan',
  tier: 'frontier',
  modelName: 'sonnet',
  toolCalls: [{ name: 'search_text', outcome: 'ok' }],
  promptTokens: 38_000,
};

test('a switch down counts the frontier cache it would give up, as long as that cache is warm', () => {
  const g = core();
  const s = g.settings();
  g.router.warm.record(taskKey('t1'), {
    model: s.models.sonnet,
    usage: { input: 0, output: 700, cacheRead: 0, cacheWrite5m: 38_000, cacheWrite1h: 0, reasoning: 0 },
    caching: cachingOf(s.endpoints.anthropic, { plan: { ttl: '5m' }, modelId: s.models.sonnet.model }),
    at: T0,
  });
  const input = { taskTier: 'cheap' as const, step: 2, history: [step1], promptTokens: 40_000, taskId: 't1' };
  // 1 min later: sonnet reads 38,000 (× $0.2) and writes 2,000 (× $2.5) + 300 out (× $10) = $0.0156;
  // haiku writes all 40,000 (× $1.25) + 300 × $5 = $0.0515: stay, $0.036 more to switch.
  const warm = g.stepPolicy.choose({ ...input, now: T0 + MIN });
  assert.deepEqual(
    [warm.tier, warm.reason],
    ['frontier', 'reading search results; stayed on frontier: switching would cost $0.036 more than it saves'],
  );
  // 7 min later the 5m cache is gone: sonnet writes all 40,000 (× $2.5) = $0.103 against haiku's $0.0515: move down.
  const cold = g.stepPolicy.choose({ ...input, now: T0 + 7 * MIN });
  assert.deepEqual([cold.tier, cold.reason], ['cheap', 'reading search results']);
  // A task the store knows nothing of (another window's, forgotten): the history stands in, as before.
  const unknown = g.stepPolicy.choose({ ...input, taskId: 'other', now: T0 + 7 * MIN });
  assert.equal(unknown.tier, 'frontier');
  g.dispose();
});

test('with gearshift.cache "off" Anthropic declares no breakpoints: the warm prefix is worth nothing, the step moves down', () => {
  const g = core('off');
  const input = { taskTier: 'cheap' as const, step: 2, history: [step1], promptTokens: 40_000, taskId: 't1', now: T0 + MIN };
  assert.equal(g.stepPolicy.choose(input).tier, 'cheap');
  g.dispose();
});
