/**
 * VS Code's language-model parts mapped to Gearshift's messages and tools, and the model's tool calls back: parts
 * are plain objects shaped like VS Code's classes (LanguageModelTextPart { value }, LanguageModelToolCallPart
 * { callId, name, input }, LanguageModelToolResultPart { callId, content }, LanguageModelDataPart { mimeType, data }).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IMAGE_TOKENS,
  LM_ROLE,
  LmInputError,
  lmTokenCount,
  toChatMessages,
  toolChoiceOf,
  toolInputOf,
  toToolDefinitions,
  type LmMessage,
} from '../../../src/core/lm/messages';

const text = (value: string) => ({ value });
const call = (callId: string, name: string, input: unknown) => ({ callId, name, input });
const result = (callId: string, content: unknown[], extra: Record<string, unknown> = {}) => ({ callId, content, ...extra });
const data = (mimeType: string, bytes: string | number[]) => ({
  mimeType,
  data: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes),
});
const user = (...content: unknown[]): LmMessage => ({ role: LM_ROLE.user, content });
const assistant = (...content: unknown[]): LmMessage => ({ role: LM_ROLE.assistant, content });
const system = (...content: unknown[]): LmMessage => ({ role: LM_ROLE.system, content });

const PNG = [0x89, 0x50, 0x4e, 0x47, 1, 2, 3];
const KEY = 'sk-proj-' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0uVwX';

test('a tool-using conversation maps part by part: text, tool calls (JSON arguments), tool results, images', () => {
  const { system: sys, messages } = toChatMessages([
    system(text('You are an agent.')),
    user(text('Look at '), text('this screenshot'), data('image/png', PNG), data('cache_control', 'ephemeral')),
    assistant(text('Reading it.'), call('call_1', 'read_file', { path: 'a.ts', range: [1, 2] })),
    user(result('call_1', [text('line 1\n'), data('text/plain', 'line 2'), data('image/jpeg', [0xff, 0xd8])])),
    assistant(call('call_2', 'run', { command: 'npm test' }), call('call_3', 'search', {})),
    user(result('call_2', [text('ERROR while calling tool: exit 1')]), result('call_3', [text('none')], { isError: true })),
  ]);
  assert.equal(sys, 'You are an agent.');
  assert.deepEqual(messages, [
    { role: 'user', content: 'Look at this screenshot', images: [{ mimeType: 'image/png', data: Buffer.from(PNG).toString('base64') }] },
    {
      role: 'assistant',
      content: 'Reading it.',
      toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts","range":[1,2]}' }],
    },
    {
      role: 'user',
      content: '',
      toolResults: [
        {
          callId: 'call_1',
          name: 'read_file',
          content: 'line 1\nline 2',
          images: [{ mimeType: 'image/jpeg', data: Buffer.from([0xff, 0xd8]).toString('base64') }],
        },
      ],
    },
    {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'call_2', name: 'run', arguments: '{"command":"npm test"}' },
        { id: 'call_3', name: 'search', arguments: '{}' },
      ],
    },
    {
      role: 'user',
      content: '',
      toolResults: [
        { callId: 'call_2', name: 'run', content: 'ERROR while calling tool: exit 1', isError: true },
        { callId: 'call_3', name: 'search', content: 'none', isError: true },
      ],
    },
  ]);
});

test('secrets are redacted from text, tool results and tool-call arguments', () => {
  const { messages } = toChatMessages([
    user(text(`my key is ${KEY}`)),
    assistant(call('c1', 'write', { content: `OPENAI_API_KEY=${KEY}` })),
    user(result('c1', [text(`wrote OPENAI_API_KEY=${KEY}`)])),
  ]);
  const all = JSON.stringify(messages);
  assert.ok(!all.includes(KEY), all);
  assert.match(messages[2].toolResults![0].content, /^wrote OPENAI_API_KEY=/);
});

test('empty messages are dropped; unknown parts (prompt-tsx, cache hints) are not sent', () => {
  const { messages } = toChatMessages([
    user(text('hi')),
    assistant({ value: { node: 'tsx' } }, data('cache_control', 'ephemeral')),
    user(result('x', [{ value: { tsx: 1 } }])),
  ]);
  assert.deepEqual(messages, [
    { role: 'user', content: 'hi' },
    { role: 'user', content: '', toolResults: [{ callId: 'x', name: 'unknown', content: '' }] },
  ]);
});

// [what, messages, the error's words]
const REFUSED: [string, LmMessage[], RegExp][] = [
  ['a GIF image', [user(text('see'), data('image/gif', [1]))], /message 1 has an image of type image\/gif; .*PNG or JPEG only/],
  ['a WebP image in a tool result', [user(result('c', [data('image/webp', [1])]))], /image\/webp; .*PNG or JPEG/],
  ['a tool result in an assistant message', [assistant(result('c', [text('x')]))], /message 1 \(assistant\) has a tool result/],
  ['a tool call in a user message', [user(call('c', 'read', {}))], /message 1 \(user\) has a tool call/],
  ['an image in an assistant message', [user(text('a')), assistant(data('image/png', PNG))], /message 2 \(assistant\) has an image/],
];
for (const [what, messages, words] of REFUSED) {
  test(`refused with a clear message: ${what}`, () => {
    assert.throws(
      () => toChatMessages(messages),
      (err: unknown) => err instanceof LmInputError && words.test(err.message) && err.message.startsWith('Gearshift: '),
    );
  });
}

test('options.tools become tool definitions; a name no provider takes is refused by name', () => {
  const schema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
  assert.deepEqual(
    toToolDefinitions([
      { name: 'read_file', description: 'Read a file', inputSchema: schema },
      { name: 'get-time', description: 'Now', inputSchema: undefined },
    ]),
    [
      { name: 'read_file', description: 'Read a file', inputSchema: schema },
      { name: 'get-time', description: 'Now', inputSchema: { type: 'object', properties: {} } },
    ],
  );
  assert.deepEqual(toToolDefinitions(undefined), []);
  for (const name of ['mcp.github.search', 'a'.repeat(65), '', 'has space']) {
    assert.throws(
      () => toToolDefinitions([{ name, description: '' }]),
      (err: unknown) => err instanceof LmInputError && err.message.includes('cannot be sent to a model') && err.message.includes('1 to 64'),
      name,
    );
  }
  assert.throws(
    () =>
      toToolDefinitions([
        { name: 'x', description: '' },
        { name: 'x', description: '' },
      ]),
    /offered twice/,
  );
});

test('tool mode: Required (2) → required, Auto (1) or none → auto', () => {
  assert.equal(toolChoiceOf(2), 'required');
  assert.equal(toolChoiceOf(1), 'auto');
  assert.equal(toolChoiceOf(undefined), 'auto');
});

// [arguments the model sent, input reported to VS Code, a problem is named?]
const ARGS: [string, object, boolean][] = [
  ['{"path":"a.ts"}', { path: 'a.ts' }, false],
  ['', {}, false],
  ['  ', {}, false],
  ['{"path": "a.ts"', {}, true],
  ['not json', {}, true],
  ['[1,2]', {}, true],
  ['42', {}, true],
  ['null', {}, true],
];
for (const [args, input, problem] of ARGS) {
  const named = problem ? ', with the problem named' : '';
  test(`the model's tool arguments ${JSON.stringify(args)} are reported as ${JSON.stringify(input)}${named}`, () => {
    const out = toolInputOf({ id: 'c', name: 'read_file', arguments: args });
    assert.deepEqual(out.input, input);
    assert.equal(out.problem !== undefined, problem);
    if (problem) assert.match(out.problem!, /read_file/);
  });
}

test('token counts cover every part kind', () => {
  const count = (s: string): number => s.length;
  assert.equal(lmTokenCount('abcd', count), 4);
  assert.equal(
    lmTokenCount(user(text('ab'), data('image/png', PNG), data('text/plain', 'xyz'), data('cache_control', 'e')), count),
    2 + IMAGE_TOKENS + 3,
  );
  assert.equal(lmTokenCount(assistant(call('c', 'read', { p: 1 })), count), 'read'.length + '{"p":1}'.length);
  assert.equal(lmTokenCount(user(result('c', [text('12345'), data('image/jpeg', [1])])), count), 5 + IMAGE_TOKENS);
  assert.ok(lmTokenCount(user(text('hello world'))) > 0, 'the default counter is a tokenizer');
});
