/**
 * Prompt-cache declarations on the wire, through the real SDKs against the fakes: Anthropic cache_control breakpoints,
 * Bedrock cachePoint blocks, OpenAI prompt_cache_key; and the breakpoint planner's rules (minimums, the 4 limit).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createProvider } from '../../../src/core/providers';
import { chooseBreakpoints, MAX_BREAKPOINTS, type PrefixPoint } from '../../../src/core/providers/cacheBreakpoints';
import { isOpenAIApi } from '../../../src/core/providers/openai';
import type { ChatRequest, PromptCachePlan } from '../../../src/core/providers/provider';
import type { ChatMessage } from '../../../src/core/types';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeOpenAI, type FakeServer } from '../../fakes';
import { agentSteps, conversation, doc, PNG_1X1, tools } from './cacheFixtures';
import { TEST_KEY } from './kits';

const key = async () => TEST_KEY;
const FIVE: PromptCachePlan = { ttl: '5m', key: 'conv-1' };
const HOUR: PromptCachePlan = { ttl: '1h', key: 'conv-1' };

type Json = Record<string, unknown>;

/** Every cache_control in an Anthropic body, by where it sits: "tools[2]", "system[0]", "messages[4][1]". */
function anthropicMarks(body: unknown): Record<string, unknown> {
  const b = body as { tools?: Json[]; system?: unknown; messages: { content: unknown }[] };
  const out: Record<string, unknown> = {};
  (b.tools ?? []).forEach((t, i) => t.cache_control && (out[`tools[${i}]`] = t.cache_control));
  if (Array.isArray(b.system)) (b.system as Json[]).forEach((s, i) => s.cache_control && (out[`system[${i}]`] = s.cache_control));
  b.messages.forEach((m, i) => {
    if (!Array.isArray(m.content)) return;
    (m.content as Json[]).forEach((c, j) => c.cache_control && (out[`messages[${i}][${j}]`] = c.cache_control));
  });
  return out;
}

const eph = { type: 'ephemeral' };
const eph1h = { type: 'ephemeral', ttl: '1h' };

interface AnthropicCase {
  name: string;
  model?: string;
  req: Omit<ChatRequest, 'model'>;
  marks: Record<string, unknown>;
  /** Block types of the marked message blocks, by mark. */
  types?: Record<string, string>;
}

const longSystem = doc(200, 'system'); // ~2,400 tokens
const ANTHROPIC_CASES: AnthropicCase[] = [
  { name: 'no cache plan: no cache_control at all', req: { system: longSystem, messages: conversation(3), tools: tools(60) }, marks: {} },
  {
    name: 'short tools, long system, one turn: system and the final user turn',
    req: { system: longSystem, messages: conversation(1), tools: tools(), cache: FIVE },
    marks: { 'system[0]': eph, 'messages[0][0]': eph },
  },
  {
    name: 'long tools, system, three turns: all four breakpoints (tools, system, previous and final user turn)',
    req: { system: 'Be brief.', messages: conversation(3), tools: tools(60), cache: FIVE },
    marks: { 'tools[2]': eph, 'system[0]': eph, 'messages[2][0]': eph, 'messages[4][0]': eph },
  },
  {
    name: 'the breakpoints move with the conversation (five turns: turns 4 and 5)',
    req: { system: longSystem, messages: conversation(5), cache: FIVE },
    marks: { 'system[0]': eph, 'messages[6][0]': eph, 'messages[8][0]': eph },
  },
  {
    name: 'a prompt below the minimum (1024 on Sonnet 5): no breakpoints',
    req: { system: 'Be brief.', messages: conversation(3), tools: tools(), cache: FIVE },
    marks: {},
  },
  {
    name: 'a short system prompt is skipped, the long conversation after it is marked',
    req: { system: 'Be brief.', messages: conversation(2, (i) => doc(60, `q${i}`)), cache: FIVE },
    marks: { 'messages[2][0]': eph },
  },
  {
    name: 'the previous turn is marked once its prefix reaches the minimum',
    req: { system: 'Be brief.', messages: conversation(3, (i) => doc(60, `q${i}`)), cache: FIVE },
    marks: { 'messages[2][0]': eph, 'messages[4][0]': eph },
  },
  {
    name: 'Haiku 4.5 needs 4096 tokens: a 2,400-token prompt gets none',
    model: 'claude-haiku-4-5',
    req: { system: longSystem, messages: conversation(2), cache: FIVE },
    marks: {},
  },
  {
    name: 'Opus 5 caches from 512 tokens',
    model: 'claude-opus-5',
    req: { system: doc(60, 'system'), messages: conversation(1), cache: FIVE },
    marks: { 'system[0]': eph, 'messages[0][0]': eph },
  },
  {
    name: 'agent steps: the last tool_result block of the previous and of the final user turn',
    req: { system: longSystem, messages: agentSteps(), tools: tools(), cache: FIVE },
    marks: { 'system[0]': eph, 'messages[2][0]': eph, 'messages[4][0]': eph },
    types: { 'messages[2][0]': 'tool_result', 'messages[4][0]': 'tool_result' },
  },
  {
    name: 'an image after the text: the image block carries the breakpoint',
    req: {
      system: longSystem,
      messages: [{ role: 'user', content: 'What is this?', images: [{ mimeType: 'image/png', data: PNG_1X1 }] }],
      cache: FIVE,
    },
    marks: { 'system[0]': eph, 'messages[0][1]': eph },
    types: { 'messages[0][1]': 'image' },
  },
  {
    name: '1h TTL on every breakpoint',
    req: { system: 'Be brief.', messages: conversation(3), tools: tools(60), cache: HOUR },
    marks: { 'tools[2]': eph1h, 'system[0]': eph1h, 'messages[2][0]': eph1h, 'messages[4][0]': eph1h },
  },
];

describe('Anthropic cache_control breakpoints', () => {
  let fake: FakeServer;
  before(async () => (fake = await startFakeAnthropic()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  const provider = () => createProvider({ name: 'a', kind: 'anthropic', baseUrl: fake.url }, key, { retryBaseMs: 5 });

  for (const c of ANTHROPIC_CASES) {
    test(c.name, async () => {
      await provider().chat({ model: c.model ?? 'claude-sonnet-5', ...c.req });
      const body = fake.requests[0].body as { messages: { content: Json[] }[] };
      const marks = anthropicMarks(body);
      assert.deepEqual(marks, c.marks);
      assert.ok(Object.keys(marks).length <= MAX_BREAKPOINTS);
      if (!c.req.cache) assert.ok(!fake.requests[0].rawBody.includes('cache_control'));
      for (const [where, type] of Object.entries(c.types ?? {})) {
        const [, i, j] = /messages\[(\d+)\]\[(\d+)\]/.exec(where)!;
        assert.equal(body.messages[Number(i)].content[Number(j)].type, type, where);
      }
    });
  }

  test('the text of a marked turn is sent unchanged, as a text block', async () => {
    await provider().chat({ model: 'claude-sonnet-5', system: longSystem, messages: conversation(1), cache: FIVE });
    const body = fake.requests[0].body as { system: Json[]; messages: { content: Json[] }[] };
    assert.deepEqual(body.system, [{ type: 'text', text: longSystem, cache_control: eph }]);
    assert.deepEqual(body.messages[0].content, [{ type: 'text', text: 'question 1', cache_control: eph }]);
  });
});

test('chooseBreakpoints: only prefixes that reach the minimum, never more than four (the longest kept)', () => {
  const p = (at: PrefixPoint['at'], prefixTokens: number): PrefixPoint => ({ at, prefixTokens });
  const five = [p('tools', 2000), p('system', 3000), p('previousUser', 4000), p('previousUser', 4500), p('lastUser', 5000)];
  assert.deepEqual(
    chooseBreakpoints(five, 1024).map((x) => x.prefixTokens),
    [3000, 4000, 4500, 5000],
  );
  assert.deepEqual(
    chooseBreakpoints([p('tools', 100), p('system', 1023), p('lastUser', 1024)], 1024).map((x) => x.at),
    ['lastUser'],
  );
  assert.deepEqual(chooseBreakpoints([p('tools', 10)], 1024), []);
});

/** Where the cachePoint blocks sit in a Converse body: "tools@3" (after 3 tools), "system@1", "messages[2]@1". */
function bedrockPoints(body: unknown): Record<string, unknown> {
  const b = body as { toolConfig?: { tools: Json[] }; system?: Json[]; messages: { content: Json[] }[] };
  const out: Record<string, unknown> = {};
  const scan = (name: string, list: Json[] | undefined) =>
    (list ?? []).forEach((x, i) => x.cachePoint && (out[`${name}@${i}`] = x.cachePoint));
  scan('tools', b.toolConfig?.tools);
  scan('system', b.system);
  b.messages.forEach((m, i) => scan(`messages[${i}]`, m.content));
  return out;
}

const def = { type: 'default' };
const def1h = { type: 'default', ttl: '1h' };

describe('Bedrock cachePoint blocks', () => {
  let fake: FakeServer;
  before(async () => (fake = await startFakeBedrock()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  const provider = () =>
    createProvider({ name: 'b', kind: 'bedrock', baseUrl: fake.url, region: 'us-east-1' }, key, {
      retryBaseMs: 5,
      awsCredentials: FAKE_AWS_CREDENTIALS,
    });
  const cases: { name: string; model: string; req: Omit<ChatRequest, 'model'>; points: Record<string, unknown> }[] = [
    {
      name: 'Claude Sonnet 5: after the tools, the system prompt, the previous and the final user turn',
      model: 'us.anthropic.claude-sonnet-5-v1:0',
      req: { system: 'Be brief.', messages: conversation(3), tools: tools(60), cache: FIVE },
      points: { 'tools@3': def, 'system@1': def, 'messages[2]@1': def, 'messages[4]@1': def },
    },
    {
      name: '1h TTL where the model accepts it (Claude 4.5 and later)',
      model: 'us.anthropic.claude-sonnet-5-v1:0',
      req: { system: longSystem, messages: conversation(1), cache: HOUR },
      points: { 'system@1': def1h, 'messages[0]@1': def1h },
    },
    {
      name: 'Claude 3.7 Sonnet: cache points, but 5 minutes only',
      model: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      req: { system: longSystem, messages: conversation(1), cache: HOUR },
      points: { 'system@1': def, 'messages[0]@1': def },
    },
    {
      name: 'Nova: no cache point after the tools (Nova caches system and messages only)',
      model: 'us.amazon.nova-pro-v1:0',
      req: { system: 'Be brief.', messages: conversation(3), tools: tools(60), cache: FIVE },
      points: { 'system@1': def, 'messages[2]@1': def, 'messages[4]@1': def },
    },
    {
      name: 'a model without prompt caching on Bedrock: none',
      model: 'meta.llama3-70b-instruct-v1:0',
      req: { system: longSystem, messages: conversation(3), cache: FIVE },
      points: {},
    },
    {
      name: 'no cache plan: none',
      model: 'us.anthropic.claude-sonnet-5-v1:0',
      req: { system: longSystem, messages: conversation(3), tools: tools(60) },
      points: {},
    },
    {
      name: 'agent steps: after the toolResult blocks of the previous and the final user turn',
      model: 'us.anthropic.claude-sonnet-5-v1:0',
      req: { system: longSystem, messages: agentSteps(), tools: tools(), cache: FIVE },
      points: { 'system@1': def, 'messages[2]@1': def, 'messages[4]@1': def },
    },
    {
      name: 'a prompt below the minimum: none',
      model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      req: { system: longSystem, messages: conversation(2), cache: FIVE },
      points: {},
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      await provider().chat({ model: c.model, ...c.req });
      assert.deepEqual(bedrockPoints(fake.requests[0].body), c.points);
    });
  }
});

describe('OpenAI prompt_cache_key', () => {
  test('only api.openai.com (or no base URL) is OpenAI itself', () => {
    const table: [string | undefined, boolean][] = [
      [undefined, true],
      ['https://api.openai.com/v1', true],
      ['https://API.OPENAI.COM/v1/', true],
      ['http://api.openai.com/v1', false],
      ['https://api.openai.com.evil.example/v1', false],
      ['https://openrouter.ai/api/v1', false],
      ['http://127.0.0.1:11434/v1', false],
      ['not a url', false],
    ];
    for (const [url, want] of table) assert.equal(isOpenAIApi(url), want, String(url));
  });

  let fake: FakeOpenAI;
  const realFetch = globalThis.fetch;
  before(async () => {
    fake = await startFakeOpenAI();
    // api.openai.com, served by the fake: the SDK sees its real URL.
    globalThis.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      return realFetch(url.replace(/^https:\/\/api\.openai\.com/, fake.url), init);
    };
  });
  after(async () => {
    globalThis.fetch = realFetch;
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const messages: ChatMessage[] = conversation(2);
  test('sent to api.openai.com with the plan key', async () => {
    await createProvider({ name: 'openai', kind: 'openai' }, key).chat({ model: 'gpt-5.6-luna', messages, cache: FIVE });
    assert.equal((fake.requests[0].body as Json).prompt_cache_key, 'conv-1');
  });
  test('never to another OpenAI-compatible server, nor without a plan', async () => {
    await createProvider({ name: 'local', kind: 'openai', baseUrl: `${fake.url}/v1` }, key).chat({ model: 'm', messages, cache: FIVE });
    await createProvider({ name: 'openai', kind: 'openai' }, key).chat({ model: 'gpt-5.6-luna', messages });
    for (const r of fake.requests) assert.ok(!r.rawBody.includes('prompt_cache_key'));
  });
});
