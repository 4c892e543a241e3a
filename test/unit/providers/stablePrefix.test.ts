/**
 * Automatic prompt caching (OpenAI and compatible servers) hits only when a prompt starts with exactly the bytes of an
 * earlier one: a conversation's next turn, and an agent task's next step, must send every earlier message serialized
 * as before (same order, no per-request values in the system prompt or the history).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { agentSystemPrompt } from '../../../src/core/agent/prompt';
import { messagesFor, type Conversation, type ReplyTurn, type UserTurn } from '../../../src/core/chat/conversation';
import { chatSystemPrompt, withAttachments } from '../../../src/core/gateway/prompt';
import { createProvider } from '../../../src/core/providers';
import type { ChatMessage } from '../../../src/core/types';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes';
import { doc, tools } from './cacheFixtures';
import { TEST_KEY } from './kits';

let fake: FakeOpenAI;
before(async () => (fake = await startFakeOpenAI()));
after(() => fake.close());
beforeEach(() => fake.reset());

const provider = () => createProvider({ name: 'local', kind: 'openai', baseUrl: `${fake.url}/v1` }, async () => TEST_KEY);

/** Each message of request `i` as the JSON the server received. */
const sent = (i: number) => ((fake.requests[i].body as { messages: unknown[] }).messages ?? []).map((m) => JSON.stringify(m));

/** Request `later` starts with every message of request `earlier`, byte for byte. */
function assertPrefix(earlier: number, later: number): void {
  const a = sent(earlier);
  const b = sent(later);
  assert.ok(b.length > a.length, `request ${later} is longer`);
  assert.deepEqual(b.slice(0, a.length), a);
  const toolsOf = (i: number) => JSON.stringify((fake.requests[i].body as { tools?: unknown }).tools);
  assert.equal(toolsOf(later), toolsOf(earlier), 'tool definitions unchanged');
}

const user = (id: string, content: string, attachments: UserTurn['attachments'] = []): UserTurn => ({
  id,
  role: 'user',
  content,
  attachments,
  model: 'auto',
  createdAt: 1,
});
const reply = (id: string, content: string): ReplyTurn => ({
  id,
  role: 'assistant',
  content,
  status: 'done',
  createdAt: 2,
  meta: { fallbacks: [] },
});

test('a chat conversation: turns 2 and 3 start with the exact messages of turns 1 and 2 (attachments included)', async () => {
  const selection = { id: 'a1', path: 'src/app.ts', label: 'src/app.ts:10-24', language: 'ts', text: doc(30, 'app'), redactions: 0 };
  const c: Conversation = { id: 'c1', title: 't', createdAt: 0, updatedAt: 0, draft: '', turns: [] };
  // As the chat session sends a turn: its history, with this turn's attachments placed by the gateway.
  const send = async (userIndex: number) => {
    const u = c.turns[userIndex] as UserTurn;
    const messages = withAttachments(messagesFor(c, userIndex), u.attachments);
    await provider().chat({ model: 'gpt-5.6-luna', system: chatSystemPrompt(), messages });
  };
  c.turns.push(user('u1', 'What does this do?', [selection]));
  await send(0);
  c.turns.push(reply('r1', 'It parses the config.'), user('u2', 'And with an empty file?'));
  await send(2);
  c.turns.push(reply('r2', 'It throws.'), user('u3', 'Fix that.'));
  await send(4);
  assertPrefix(0, 1);
  assertPrefix(1, 2);
  assert.equal(sent(0)[0], sent(2)[0], 'the system prompt is the same on every turn');
});

test('an agent task: each step starts with the exact messages of the step before (tool calls and results)', async () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'Fix the bug in a.ts' }];
  const step = () => provider().chat({ model: 'gpt-5.6-luna', system: agentSystemPrompt(), messages: [...messages], tools: tools(3) });
  await step();
  messages.push(
    { role: 'assistant', content: 'Reading.', toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
    { role: 'user', content: '', toolResults: [{ callId: 'call_1', name: 'read_file', content: doc(20, 'a.ts') }] },
  );
  await step();
  messages.push(
    {
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'call_2', name: 'search', arguments: '{"path":"src","query":"parse"}' },
        { id: 'call_3', name: 'read_file', arguments: '{"path":"b.ts"}' },
      ],
    },
    {
      role: 'user',
      content: '',
      toolResults: [
        { callId: 'call_2', name: 'search', content: 'src/b.ts:3 parse(' },
        { callId: 'call_3', name: 'read_file', content: 'oops', isError: true },
      ],
    },
  );
  await step();
  assertPrefix(0, 1);
  assertPrefix(1, 2);
});
