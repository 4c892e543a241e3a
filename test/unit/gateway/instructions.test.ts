/**
 * The system prompt with gearshift.instructions and the rules files: after Gearshift's own, each headed by its label,
 * redacted, and byte-identical from one chat turn (or agent step) to the next so prompt caches keep hitting.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentSystemPrompt } from '../../../src/core/agent/prompt';
import { chatSystemPrompt, withInstructions } from '../../../src/core/gateway/prompt';
import type { ChatSendRequest } from '../../../src/core/types';
import { answer, bench, calls, readFileTool } from '../agent/harness';

const RULES = [
  { label: 'gearshift.instructions (your user settings)', text: 'Answer in French.' },
  { label: 'AGENTS.md', text: '# Project rules\n\nUse tabs, never spaces.\n' },
];
const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';

test('withInstructions: nothing added without instructions; each after the base, headed by its label, in order', () => {
  assert.equal(withInstructions('BASE', undefined), 'BASE');
  assert.equal(withInstructions('BASE', [{ label: 'AGENTS.md', text: '  \n' }]), 'BASE', 'an empty file adds nothing');
  const s = withInstructions('BASE', RULES);
  assert.ok(s.startsWith('BASE\n\n'));
  const user = s.indexOf('## Instructions from gearshift.instructions (your user settings)\n\nAnswer in French.');
  const agents = s.indexOf('## Instructions from AGENTS.md\n\n# Project rules\n\nUse tabs, never spaces.');
  assert.ok(user > 0 && agents > user, s);
  assert.equal(withInstructions('BASE', RULES), s, 'the same input, the same bytes');
});

test('chat: the instructions reach the system prompt after chatSystemPrompt(), redacted, the same bytes every turn', async () => {
  const b = bench();
  b.provider.otherwise = answer('ok');
  const req = (content: string, prior: ChatSendRequest['messages'] = []): ChatSendRequest => ({
    conversationId: 'c1',
    messages: [...prior, { role: 'user', content }],
    attachments: [],
    instructions: [...RULES, { label: '.github/copilot-instructions.md', text: `token ${SECRET}` }],
  });
  await b.gateway.send(req('how do i reverse a list'));
  await b.gateway.send(
    req('and a tuple?', [
      { role: 'user', content: 'how do i reverse a list' },
      { role: 'assistant', content: 'ok' },
    ]),
  );
  const [first, second] = b.provider.requests.map((r) => r.system!);
  assert.ok(first.startsWith(chatSystemPrompt() + '\n\n'));
  assert.match(first, /## Instructions from AGENTS\.md\n\n# Project rules/);
  assert.ok(!first.includes(SECRET), 'redacted before it leaves');
  assert.equal(second, first, 'byte-stable across turns');
  await b.gateway.send({ conversationId: 'c2', messages: [{ role: 'user', content: 'hi' }], attachments: [] });
  assert.equal(b.provider.requests[2].system, chatSystemPrompt(), 'without instructions: the prompt as before');
});

test('agent: every step of a task gets the same system prompt, the instructions after the agent prompt', async () => {
  const b = bench();
  b.provider.script.push(calls([['read_file', '{"path":"a.ts"}']]), answer('done'));
  const r = await b.runner.run(b.task({ tools: [readFileTool({ 'a.ts': 'x' })], instructions: RULES }));
  assert.equal(r.status, 'finished');
  const systems = b.provider.requests.map((x) => x.system);
  assert.equal(systems.length, 2);
  assert.equal(systems[0], withInstructions(agentSystemPrompt(), RULES));
  assert.equal(systems[1], systems[0], 'byte-stable across steps');
  const plain = bench();
  await plain.runner.run(plain.task());
  assert.equal(plain.provider.requests[0].system, agentSystemPrompt(), 'without instructions: the agent prompt as before');
});
