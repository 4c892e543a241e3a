/**
 * Tool calling through each provider's real SDK against its fake, in its own wire format: streamed calls (single,
 * several in one reply, arguments in many pieces, malformed arguments), tool choice and tool definitions on the wire,
 * tool results (ok, error, with images) and images sent back, a two-step round trip with exact usage per step, and
 * hostile servers (huge arguments, too many calls) ending in a clear error without stalling.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ProviderError, type ChatRequest, type Provider } from '../../../src/core/providers';
import { BEDROCK_NO_TOOLS_NOTE } from '../../../src/core/providers/bedrock';
import { MAX_TOOL_CALLS } from '../../../src/core/providers/toolStream';
import { countTokens } from '../../../src/core/tokens';
import type { ImagePart, ToolCall, ToolChoice, ToolDefinition } from '../../../src/core/toolCalls';
import type { ChatMessage } from '../../../src/core/types';
import type { FakeServer } from '../../fakes';
import { KITS, type Kit } from './kits';

type Body = Record<string, unknown> & { messages?: unknown[]; toolConfig?: Record<string, unknown> };

const SCHEMA_READ = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
const SCHEMA_RUN = { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] };
const TOOLS: ToolDefinition[] = [
  { name: 'read_file', description: 'Read a file of the workspace.', inputSchema: SCHEMA_READ },
  { name: 'run', description: 'Run a shell command.', inputSchema: SCHEMA_RUN },
];
const PNG: ImagePart = { mimeType: 'image/png', data: 'iVBORw0KGgo=' };
const JPEG: ImagePart = { mimeType: 'image/jpeg', data: '/9j/4AAQ' };
/** The first bytes of an 800×600 PNG (signature and IHDR): enough for the size estimate. */
const PNG_800x600: ImagePart = { mimeType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAyAAAAJYCAYAAAAAAAAA' };
const ASK: ChatMessage = { role: 'user', content: 'Fix the failing test.' };

/** A conversation with a past step: two calls (the second's arguments malformed), their results (one an error). */
const HISTORY: ChatMessage[] = [
  ASK,
  {
    role: 'assistant',
    content: 'Looking.',
    toolCalls: [
      { id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { id: 'c2', name: 'run', arguments: '{"cmd": "npm te' },
    ],
  },
  {
    role: 'user',
    content: 'Also see this.',
    images: [JPEG],
    toolResults: [
      { callId: 'c1', name: 'read_file', content: 'export const a = 1;', images: [PNG] },
      { callId: 'c2', name: 'run', content: 'arguments are not valid JSON', isError: true },
    ],
  },
];

/** What each wire format must carry (the tests compare the fake's captured request body with these). */
interface Wire {
  toolStop: string;
  idPrefix: string;
  tools(b: Body): unknown;
  expectedTools: unknown;
  /** The choice on the wire; undefined when the request carries none. */
  choice(b: Body): unknown;
  expectedChoice: Record<'auto' | 'required' | 'none' | 'named', unknown>;
  expectedHistory: unknown[];
}

const WIRES: Record<Kit['name'], Wire> = {
  openai: {
    toolStop: 'tool_calls',
    idPrefix: 'call_fake_',
    tools: (b) => b.tools,
    expectedTools: TOOLS.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.inputSchema },
    })),
    choice: (b) => b.tool_choice,
    expectedChoice: { auto: 'auto', required: 'required', none: 'none', named: { type: 'function', function: { name: 'run' } } },
    expectedHistory: [
      { role: 'user', content: 'Fix the failing test.' },
      {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
          { id: 'c2', type: 'function', function: { name: 'run', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' },
      { role: 'tool', tool_call_id: 'c2', content: 'Error: arguments are not valid JSON' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Images returned by tool call c1 (read_file):' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.data}` } },
          { type: 'text', text: 'Also see this.' },
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${JPEG.data}` } },
        ],
      },
    ],
  },
  anthropic: {
    toolStop: 'tool_use',
    idPrefix: 'toolu_fake_',
    tools: (b) => b.tools,
    expectedTools: TOOLS.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })),
    choice: (b) => b.tool_choice,
    expectedChoice: { auto: { type: 'auto' }, required: { type: 'any' }, none: { type: 'none' }, named: { type: 'tool', name: 'run' } },
    expectedHistory: [
      { role: 'user', content: 'Fix the failing test.' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'c1', name: 'read_file', input: { path: 'a.ts' } },
          { type: 'tool_use', id: 'c2', name: 'run', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'c1',
            content: [
              { type: 'text', text: 'export const a = 1;' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.data } },
            ],
          },
          { type: 'tool_result', tool_use_id: 'c2', content: [{ type: 'text', text: 'arguments are not valid JSON' }], is_error: true },
          { type: 'text', text: 'Also see this.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: JPEG.data } },
        ],
      },
    ],
  },
  bedrock: {
    toolStop: 'tool_use',
    idPrefix: 'tooluse_fake_',
    tools: (b) => b.toolConfig?.tools,
    expectedTools: TOOLS.map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema } } })),
    choice: (b) => b.toolConfig?.toolChoice,
    // Converse has no 'none': without tool history the request carries no toolConfig at all.
    expectedChoice: { auto: { auto: {} }, required: { any: {} }, none: undefined, named: { tool: { name: 'run' } } },
    expectedHistory: [
      { role: 'user', content: [{ text: 'Fix the failing test.' }] },
      {
        role: 'assistant',
        content: [
          { text: 'Looking.' },
          { toolUse: { toolUseId: 'c1', name: 'read_file', input: { path: 'a.ts' } } },
          { toolUse: { toolUseId: 'c2', name: 'run', input: {} } },
        ],
      },
      {
        role: 'user',
        content: [
          {
            toolResult: {
              toolUseId: 'c1',
              content: [{ text: 'export const a = 1;' }, { image: { format: 'png', source: { bytes: PNG.data } } }],
              status: 'success',
            },
          },
          { toolResult: { toolUseId: 'c2', content: [{ text: 'arguments are not valid JSON' }], status: 'error' } },
          { text: 'Also see this.' },
          { image: { format: 'jpeg', source: { bytes: JPEG.data } } },
        ],
      },
    ],
  },
};

function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timer = new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([p, timer]).finally(() => clearTimeout(t));
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected a ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

const usage = (input: number, output: number, cacheRead = 0) => ({
  input,
  output,
  cacheRead,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  reasoning: 0,
});

for (const kit of KITS) {
  const wire = WIRES[kit.name];
  describe(`${kit.name} tool calling`, () => {
    let fake: FakeServer;
    let provider: Provider;
    const chat = (extra: Partial<ChatRequest> = {}) => provider.chat({ model: kit.model, messages: [ASK], tools: TOOLS, ...extra });
    const body = (i = 0) => fake.bodies()[i] as Body;

    before(async () => {
      fake = await kit.start();
      provider = kit.provider(fake);
    });
    after(() => fake.close());
    beforeEach(() => fake.reset());

    test('a reply that is one tool call and no text is complete: the call comes back whole, usage exact', async () => {
      fake.script({ toolCalls: [{ name: 'read_file', arguments: '{"path":"src/a.ts"}' }], usage: { input: 310, output: 24 } });
      const seen: ToolCall[] = [];
      const r = await chat({ onToolCall: (c) => seen.push(c) });
      const call = { id: `${wire.idPrefix}0`, name: 'read_file', arguments: '{"path":"src/a.ts"}' };
      assert.deepEqual(r.toolCalls, [call]);
      assert.deepEqual(seen, [call]);
      assert.equal(r.text, '');
      assert.equal(r.finishReason, wire.toolStop);
      assert.deepEqual(r.usage, usage(310, 24));
      assert.equal(r.estimated, false);
      assert.ok(r.firstTokenMs !== undefined, 'a tool call is the reply starting');
    });

    test('several calls in one reply after some text: text, calls and onToolCall all in order', async () => {
      const calls = [
        { name: 'read_file', arguments: '{"path":"a.ts"}' },
        { name: 'read_file', arguments: '{"path":"b.ts"}' },
        { name: 'run', arguments: '{"cmd":"npm test"}' },
      ];
      fake.script({ text: 'Let me look at both files.', toolCalls: calls });
      const events: string[] = [];
      const r = await chat({ onDelta: (d) => events.push(`text:${d}`), onToolCall: (c) => events.push(`call:${c.arguments}`) });
      assert.equal(r.text, 'Let me look at both files.');
      assert.deepEqual(
        r.toolCalls,
        calls.map((c, i) => ({ id: `${wire.idPrefix}${i}`, ...c })),
      );
      const firstCall = events.findIndex((e) => e.startsWith('call:'));
      assert.ok(
        events.slice(0, firstCall).every((e) => e.startsWith('text:')),
        'text arrives before the calls',
      );
      assert.deepEqual(
        events.filter((e) => e.startsWith('call:')),
        calls.map((c) => `call:${c.arguments}`),
      );
    });

    test('arguments streamed in many pieces, split at odd byte boundaries, are reassembled exactly', async () => {
      const args = JSON.stringify({ path: 'src/ünïcode/世界.ts', note: 'emoji 🎉 and "quotes" and \\ backslash', n: [1, 2, 3] });
      fake.script({ toolCalls: [{ name: 'read_file', arguments: args, pieces: 15 }], splitAtOddBytes: true });
      const r = await chat();
      assert.equal(r.toolCalls?.[0].arguments, args);
    });

    test('malformed and empty arguments are passed through as sent, never thrown on', async () => {
      fake.script({
        toolCalls: [
          { name: 'read_file', arguments: '{"path": "a.ts"' },
          { name: 'run', arguments: 'not json at all' },
          { name: 'run', arguments: '' },
        ],
      });
      const r = await chat();
      assert.deepEqual(
        r.toolCalls?.map((c) => c.arguments),
        ['{"path": "a.ts"', 'not json at all', ''],
      );
    });

    test('tool definitions go on the wire in its own shape', async () => {
      fake.script({ text: 'ok' });
      await chat();
      assert.deepEqual(wire.tools(body()), wire.expectedTools);
    });

    const choices: [keyof Wire['expectedChoice'], ToolChoice][] = [
      ['auto', 'auto'],
      ['required', 'required'],
      ['none', 'none'],
      ['named', { name: 'run' }],
    ];
    for (const [label, choice] of choices) {
      test(`tool choice '${label}' is mapped on the wire`, async () => {
        fake.script({ text: 'ok' });
        await chat({ toolChoice: choice });
        assert.deepEqual(wire.choice(body()), wire.expectedChoice[label]);
      });
    }

    test('no tool choice given means auto; no tools means no tool fields at all', async () => {
      fake.script({ text: 'ok' }, { text: 'ok' });
      await chat();
      await chat({ tools: undefined });
      assert.deepEqual(wire.choice(body(0)), wire.expectedChoice.auto);
      assert.equal(wire.tools(body(1)), undefined);
      assert.equal(wire.choice(body(1)), undefined);
    });

    test('past calls, ok and error results, and images are serialized in the wire format', async () => {
      fake.script({ text: 'Fixed.' });
      await chat({ messages: HISTORY });
      assert.deepEqual(body().messages, wire.expectedHistory);
    });

    test('two steps, call → result → answer: each step priced from its own exact usage', async () => {
      fake.script(
        { text: 'Reading.', toolCalls: [{ name: 'read_file', arguments: '{"path":"a.ts"}' }], usage: { input: 500, output: 31 } },
        { text: 'Line 1 exports a; the test imports b.', usage: { input: 90, output: 12, cacheRead: 500 } },
      );
      const messages: ChatMessage[] = [ASK];
      const step1 = await chat({ messages });
      assert.deepEqual(step1.usage, usage(500, 31));
      assert.equal(step1.toolCalls?.length, 1);
      const call = step1.toolCalls![0];
      messages.push(
        { role: 'assistant', content: step1.text, toolCalls: step1.toolCalls },
        { role: 'user', content: '', toolResults: [{ callId: call.id, name: call.name, content: 'export const a = 1;' }] },
      );
      const step2 = await chat({ messages });
      assert.equal(step2.text, 'Line 1 exports a; the test imports b.');
      assert.equal(step2.toolCalls, undefined);
      assert.deepEqual(step2.usage, usage(90, 12, 500));
      assert.equal(step2.estimated, false);
      const sent = JSON.stringify(body(1).messages);
      assert.ok(sent.includes(call.id) && sent.includes('export const a = 1;'), 'the result went back with the call id');
      assert.equal(fake.requests.length, 2);
    });

    test('a reply of tool calls only meets the first-token limit (a tool piece is the reply starting)', async () => {
      fake.script({ toolCalls: [{ name: 'run', arguments: '{"cmd":"node check.js"}', pieces: 8 }], chunkDelayMs: 120 });
      const r = await chat({ timeouts: { firstTokenMs: 600 } });
      assert.equal(r.toolCalls?.[0].arguments, '{"cmd":"node check.js"}');
    });

    test('with no usage reported, the estimate counts tool definitions, results, their images and calls', async () => {
      const longResult = 'const value = compute(input); '.repeat(120);
      const args = JSON.stringify({ cmd: 'echo '.repeat(150) });
      const messages: ChatMessage[] = [
        ASK,
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
        { role: 'user', content: '', toolResults: [{ callId: 'c1', name: 'read_file', content: longResult, images: [PNG_800x600] }] },
      ];
      fake.script({ fault: 'noUsage', toolCalls: [{ name: 'run', arguments: args }] });
      const r = await chat({ messages });
      assert.equal(r.estimated, true);
      // The 800×600 image is 640 tokens by Anthropic's rule (w×h/750).
      const floor = countTokens(longResult) + countTokens(JSON.stringify(SCHEMA_READ)) + countTokens(ASK.content) + 640;
      assert.ok(r.usage.input >= floor, `input ${r.usage.input} counts the result, its image and the tools (≥ ${floor})`);
      assert.ok(r.usage.output >= countTokens(args), `output ${r.usage.output} counts the call's arguments`);
    });

    test('a connection lost after a tool call began is not retried (the reply had started)', async () => {
      fake.script({ toolCalls: [{ name: 'run', arguments: '{"cmd":"ls -la"}', pieces: 4 }], fault: 'resetMidStream', faultAfterChunks: 2 });
      fake.script({ text: 'must not be asked' });
      const err = await failure(chat());
      assert.equal(err.kind, 'network');
      assert.equal(err.partialToolCalls?.[0].name, 'run');
      assert.equal(fake.requests.length, 1);
    });

    test('hostile: arguments past 1 MiB end the call at once with an error naming the endpoint', async () => {
      const huge = `{"cmd":"${'x'.repeat(3 << 19)}"}`;
      fake.script({ toolCalls: [{ name: 'run', arguments: huge, pieces: 48 }] }, { text: 'must not be asked' });
      const err = await withinMs(failure(chat()), 15_000, 'the capped call to fail');
      assert.equal(err.kind, 'network');
      assert.match(err.message, new RegExp(`endpoint '${kit.endpoint(fake).name}'`));
      assert.match(err.message, /tool call 'run' ran past the 1 MiB cap/);
      assert.equal(fake.requests.length, 1, 'not retried');
    });

    test(`hostile: more than ${MAX_TOOL_CALLS} calls in one reply end the call with a clear error`, async () => {
      const many = Array.from({ length: MAX_TOOL_CALLS + 40 }, (_, i) => ({ name: 'run', arguments: `{"cmd":"echo ${i}"}` }));
      fake.script({ toolCalls: many }, { text: 'must not be asked' });
      const seen: ToolCall[] = [];
      const err = await withinMs(failure(chat({ onToolCall: (c) => seen.push(c) })), 15_000, 'the capped call to fail');
      assert.match(err.message, new RegExp(`endpoint '${kit.endpoint(fake).name}'.*more than ${MAX_TOOL_CALLS} tool calls`));
      assert.ok(seen.length <= MAX_TOOL_CALLS, `${seen.length} calls announced`);
      assert.equal(fake.requests.length, 1, 'not retried');
    });

    if (kit.name === 'anthropic') {
      test('a proxy that sends the input whole in content_block_start (no deltas) still gives the arguments', async () => {
        fake.script({ toolCalls: [{ name: 'read_file', arguments: '{"path":"a.ts"}', inputInStart: true }] });
        const r = await chat();
        assert.deepEqual(r.toolCalls, [{ id: 'toolu_fake_0', name: 'read_file', arguments: '{"path":"a.ts"}' }]);
      });
    }

    if (kit.name !== 'openai') {
      test('tool history with no tools offered declares the tools it used, and forbids calling them', async () => {
        fake.script({ text: 'Fixed.' });
        await chat({ messages: HISTORY, tools: undefined });
        const b = body();
        const names = (wire.tools(b) as { name?: string; toolSpec?: { name: string } }[]).map((t) => t.name ?? t.toolSpec?.name);
        assert.deepEqual(names, ['read_file', 'run']);
        if (kit.name === 'anthropic') assert.deepEqual(b.tool_choice, { type: 'none' });
        else assert.match(JSON.stringify(b.system), new RegExp(BEDROCK_NO_TOOLS_NOTE.slice(0, 30)));
      });
    }

    if (kit.name === 'bedrock') {
      test("'none' with tool history keeps toolConfig (Converse requires it) and tells the model in the system prompt", async () => {
        fake.script({ text: 'Fixed.' });
        await chat({ messages: HISTORY, toolChoice: 'none', system: 'You are an agent.' });
        const b = body();
        assert.deepEqual(b.toolConfig, { tools: wire.expectedTools });
        assert.deepEqual(b.system, [{ text: `You are an agent.\n\n${BEDROCK_NO_TOOLS_NOTE}` }]);
      });
    }
  });
}
