/** Reasoning effort as Claude thinking (Anthropic and Bedrock), and the model traits table behind it. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createProvider } from '../../../src/core/providers';
import { modelTraits } from '../../../src/core/providers/modelTraits';
import type { ChatRequest } from '../../../src/core/providers/provider';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, type FakeServer } from '../../fakes';
import { agentSteps, conversation } from './cacheFixtures';
import { TEST_KEY } from './kits';

const key = async () => TEST_KEY;
type Json = Record<string, unknown>;

interface Case {
  name: string;
  model: string;
  req: Partial<ChatRequest>;
  /** What the request carries: thinking, output_config, max tokens, temperature (undefined = absent). */
  want: { thinking?: unknown; output_config?: unknown; maxTokens?: number; temperature?: number };
}

const CASES: Case[] = [
  {
    name: 'budget model, high: 16000-token budget, max tokens raised above it, temperature left out',
    model: 'claude-sonnet-4-5',
    req: { reasoningEffort: 'high', maxTokens: 2000, temperature: 0.2 },
    want: { thinking: { type: 'enabled', budget_tokens: 16000 }, maxTokens: 18000 },
  },
  {
    name: 'budget model, low: 1024-token budget over the default answer room',
    model: 'claude-haiku-4-5',
    req: { reasoningEffort: 'low' },
    want: { thinking: { type: 'enabled', budget_tokens: 1024 }, maxTokens: 1024 + 8192 },
  },
  {
    name: 'budget model, medium: 4096',
    model: 'claude-opus-4-5',
    req: { reasoningEffort: 'medium', maxTokens: 1000 },
    want: { thinking: { type: 'enabled', budget_tokens: 4096 }, maxTokens: 5096 },
  },
  {
    name: 'budget model, minimal: no thinking, temperature kept',
    model: 'claude-sonnet-4-5',
    req: { reasoningEffort: 'minimal', temperature: 0.2, maxTokens: 1000 },
    want: { maxTokens: 1000, temperature: 0.2 },
  },
  {
    name: 'adaptive model (Sonnet 5), medium: adaptive thinking with effort medium',
    model: 'claude-sonnet-5',
    req: { reasoningEffort: 'medium', maxTokens: 1000, temperature: 0.2 },
    want: { thinking: { type: 'adaptive' }, output_config: { effort: 'medium' }, maxTokens: 1000 },
  },
  {
    name: 'adaptive model, minimal: effort low, no thinking, temperature kept',
    model: 'claude-opus-4-8',
    req: { reasoningEffort: 'minimal', maxTokens: 1000, temperature: 0.2 },
    want: { output_config: { effort: 'low' }, maxTokens: 1000, temperature: 0.2 },
  },
  {
    name: 'a model without thinking: nothing',
    model: 'claude-3-5-haiku-20241022',
    req: { reasoningEffort: 'high', maxTokens: 1000 },
    want: { maxTokens: 1000 },
  },
  {
    name: 'no effort: nothing',
    model: 'claude-sonnet-5',
    req: { maxTokens: 1000, temperature: 0 },
    want: { maxTokens: 1000, temperature: 0 },
  },
  {
    name: 'budget model in the middle of a tool loop: no thinking (the API wants the thinking block back)',
    model: 'claude-sonnet-4-5',
    req: { reasoningEffort: 'high', maxTokens: 1000, messages: agentSteps(2) },
    want: { maxTokens: 1000 },
  },
  {
    name: 'adaptive model in the middle of a tool loop: the effort, without thinking',
    model: 'claude-sonnet-5',
    req: { reasoningEffort: 'high', maxTokens: 1000, messages: agentSteps(2) },
    want: { output_config: { effort: 'high' }, maxTokens: 1000 },
  },
];

describe('reasoning effort → Anthropic thinking', () => {
  let fake: FakeServer;
  before(async () => (fake = await startFakeAnthropic()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  for (const c of CASES) {
    test(c.name, async () => {
      const p = createProvider({ name: 'a', kind: 'anthropic', baseUrl: fake.url }, key);
      await p.chat({ model: c.model, messages: conversation(1), ...c.req });
      const b = fake.requests[0].body as Json;
      assert.deepEqual(b.thinking, c.want.thinking);
      assert.deepEqual(b.output_config, c.want.output_config);
      assert.equal(b.max_tokens, c.want.maxTokens);
      assert.equal(b.temperature, c.want.temperature);
    });
  }
});

describe('reasoning effort → Bedrock additionalModelRequestFields', () => {
  let fake: FakeServer;
  before(async () => (fake = await startFakeBedrock()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  const bedrockId = (m: string) => (m.startsWith('claude') ? `us.anthropic.${m}-v1:0` : m);
  for (const c of CASES) {
    test(c.name, async () => {
      const p = createProvider({ name: 'b', kind: 'bedrock', baseUrl: fake.url, region: 'us-east-1' }, key, {
        awsCredentials: FAKE_AWS_CREDENTIALS,
      });
      await p.chat({ model: bedrockId(c.model), messages: conversation(1), ...c.req });
      const b = fake.requests[0].body as { additionalModelRequestFields?: Json; inferenceConfig?: Json };
      const extra = b.additionalModelRequestFields;
      assert.deepEqual(extra?.thinking, c.want.thinking);
      assert.deepEqual(extra?.output_config, c.want.output_config);
      assert.equal(b.inferenceConfig?.maxTokens, c.want.maxTokens);
      assert.equal(b.inferenceConfig?.temperature, c.want.temperature);
    });
  }
  test('Nova takes no thinking', async () => {
    const p = createProvider({ name: 'b', kind: 'bedrock', baseUrl: fake.url, region: 'us-east-1' }, key, {
      awsCredentials: FAKE_AWS_CREDENTIALS,
    });
    await p.chat({ model: 'us.amazon.nova-pro-v1:0', messages: conversation(1), reasoningEffort: 'high' });
    assert.equal((fake.requests[0].body as Json).additionalModelRequestFields, undefined);
  });
});

test('modelTraits: minimum cacheable tokens, Bedrock caching, thinking, reasoning effort, by any spelling of the id', () => {
  const table: [string, Partial<ReturnType<typeof modelTraits>>][] = [
    ['claude-sonnet-5', { minCacheTokens: 1024, thinking: 'adaptive', reasoningEffort: true }],
    ['claude-sonnet-5-5', { minCacheTokens: 512, thinking: 'adaptive' }],
    ['claude-opus-5', { minCacheTokens: 512 }],
    ['claude-haiku-4-5-20251001', { minCacheTokens: 4096, thinking: 'budget' }],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', { minCacheTokens: 4096, bedrockCaching: { tools: true, ttl1h: true } }],
    ['global.anthropic.claude-sonnet-5-v1:0', { minCacheTokens: 1024, bedrockCaching: { tools: true, ttl1h: true } }],
    ['anthropic.claude-3-7-sonnet-20250219-v1:0', { bedrockCaching: { tools: true, ttl1h: false }, thinking: 'budget' }],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', { minCacheTokens: 2048, thinking: 'none', reasoningEffort: false }],
    ['claude-opus-4-7', { minCacheTokens: 2048, thinking: 'adaptive' }],
    ['claude-some-future-9', { minCacheTokens: 1024, thinking: 'none', bedrockCaching: false, anthropicCaching: true }],
    ['us.amazon.nova-lite-v1:0', { family: 'nova', bedrockCaching: { tools: false, ttl1h: false } }],
    ['meta.llama3-70b-instruct-v1:0', { family: 'other', bedrockCaching: false }],
    ['gpt-5.6-sol', { family: 'openai', openaiCacheWrites: true, reasoningEffort: true, minCacheTokens: 1024 }],
    ['gpt-5-mini', { openaiCacheWrites: false, reasoningEffort: true }],
    ['gpt-5-chat-latest', { reasoningEffort: false }],
    ['gpt-4.1', { reasoningEffort: false, openaiCacheWrites: false }],
    ['o3-mini', { reasoningEffort: true }],
    ['qwen2.5-coder:7b', { family: 'other', reasoningEffort: false }],
  ];
  for (const [id, want] of table) {
    const got = modelTraits(id);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, `${id}.${k}`);
  }
});

describe('streamed thinking', () => {
  const kits: [string, () => Promise<FakeServer>, (f: FakeServer) => ReturnType<typeof createProvider>, string][] = [
    ['Anthropic', startFakeAnthropic, (f) => createProvider({ name: 'a', kind: 'anthropic', baseUrl: f.url }, key), 'claude-sonnet-4-5'],
    [
      'Bedrock',
      startFakeBedrock,
      (f) =>
        createProvider({ name: 'b', kind: 'bedrock', baseUrl: f.url, region: 'us-east-1' }, key, { awsCredentials: FAKE_AWS_CREDENTIALS }),
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    ],
  ];
  for (const [name, start, provider, model] of kits) {
    test(`${name}: a long think before the first word meets the first-token limit; only the answer is reply text`, async () => {
      const fake = await start();
      try {
        // Six thinking pieces 150 ms apart: the first word comes after ~1 s, past a 400 ms first-token limit.
        fake.script({ thinking: ['Let', ' me', ' think', ' about', ' it', '.'], text: 'The answer.', chunkDelayMs: 150 });
        const r = await provider(fake).chat({
          model,
          messages: conversation(1),
          reasoningEffort: 'high',
          timeouts: { firstTokenMs: 400 },
          maxRetries: 0,
        });
        assert.equal(r.text, 'The answer.');
      } finally {
        await fake.close();
      }
    });
  }
});
