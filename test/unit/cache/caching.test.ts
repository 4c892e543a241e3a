import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachingOf, NO_CACHING, usageUnder, type PromptCaching } from '../../../src/core/cache/caching';
import type { EndpointConfig } from '../../../src/core/types';

const ep = (kind: EndpointConfig['kind'], extra: Partial<EndpointConfig> = {}): EndpointConfig => ({ name: kind, kind, ...extra });

test('what caching a call gets, per endpoint, model and plan (modelTraits)', () => {
  const plan5m = { ttl: '5m' as const };
  const plan1h = { ttl: '1h' as const };
  const cases: { name: string; got: PromptCaching; want: Partial<PromptCaching> | typeof NO_CACHING }[] = [
    { name: 'anthropic, no plan (off)', got: cachingOf(ep('anthropic'), { modelId: 'claude-sonnet-4-5' }), want: NO_CACHING },
    {
      name: 'anthropic sonnet 4.5, 1h plan',
      got: cachingOf(ep('anthropic'), { plan: plan1h, modelId: 'claude-sonnet-4-5' }),
      want: { reads: true, writes: true, minTokens: 1024, ttl: '1h' },
    },
    {
      name: 'anthropic haiku 4.5: 4,096-token minimum',
      got: cachingOf(ep('anthropic'), { plan: plan5m, modelId: 'claude-haiku-4-5' }),
      want: { reads: true, writes: true, minTokens: 4096, ttl: '5m' },
    },
    {
      name: 'bedrock claude 4.5 accepts 1h',
      got: cachingOf(ep('bedrock'), { plan: plan1h, modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }),
      want: { reads: true, writes: true, minTokens: 1024, ttl: '1h' },
    },
    {
      name: 'bedrock claude sonnet 4: 1h asked, 5m written',
      got: cachingOf(ep('bedrock'), { plan: plan1h, modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0' }),
      want: { reads: true, writes: true, minTokens: 1024, ttl: '5m' },
    },
    {
      name: 'bedrock model without cache points',
      got: cachingOf(ep('bedrock'), { plan: plan5m, modelId: 'meta.llama3-70b-instruct-v1:0' }),
      want: NO_CACHING,
    },
    {
      name: 'openai gpt-5: automatic, free writes',
      got: cachingOf(ep('openai'), { modelId: 'gpt-5' }),
      want: { reads: true, writes: false },
    },
    { name: 'openai gpt-5.6: automatic, billed writes', got: cachingOf(ep('openai'), { modelId: 'gpt-5.6-luna' }), want: { writes: true } },
    { name: 'local endpoint', got: cachingOf(ep('openai', { local: true }), { plan: plan5m }), want: NO_CACHING },
  ];
  for (const c of cases) {
    if (c.want === NO_CACHING) assert.deepEqual(c.got, NO_CACHING, c.name);
    else for (const [k, v] of Object.entries(c.want)) assert.equal(c.got[k as keyof PromptCaching], v, `${c.name}: ${k}`);
  }
  // A 1h plan's writes are billed as 1h writes.
  const u = usageUnder(
    { promptTokens: 5000, warmTokens: 3000, outputTokens: 10 },
    cachingOf(ep('anthropic'), { plan: plan1h, modelId: 'claude-sonnet-4-5' }),
  );
  assert.deepEqual([u.cacheRead, u.cacheWrite1h, u.cacheWrite5m, u.input], [3000, 2000, 0, 0]);
});
