/**
 * The gateway's agent road: Gateway.step (a step already routed, tagged, recorded as task 'agent', every message part
 * redacted) and Gateway.send with tools (VS Code's agent through the language-model API).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ToolCall } from '../../../src/core/toolCalls';
import type { ChatMessage } from '../../../src/core/types';
import { bench, calls } from './harness';

const tool = { name: 'read_file', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };

test('send with tools: the tools and tool choice reach the provider, tool calls come back, recorded as an agent request', async () => {
  const b = bench();
  b.provider.script.push(calls([['read_file', '{"path":"a.ts"}']], 'Reading.'));
  const seen: ToolCall[] = [];
  const out = await b.gateway.send({
    conversationId: 'vscode-1',
    messages: [{ role: 'user', content: 'what is in a.ts?' }],
    attachments: [],
    tools: [tool],
    toolChoice: 'required',
    onToolCall: (c) => seen.push(c),
  });
  assert.equal(out.error, undefined);
  assert.deepEqual(
    out.result?.toolCalls?.map((c) => [c.name, c.arguments]),
    [['read_file', '{"path":"a.ts"}']],
  );
  assert.deepEqual(seen, out.result?.toolCalls);
  const req = b.provider.requests[0];
  assert.deepEqual([req.tools, req.toolChoice], [[tool], 'required']);
  assert.deepEqual(
    b.records.map((r) => [r.task, r.tier]),
    [['agent', 'cheap']],
  );
  assert.match(out.decision.reason, /^agent → cheap \(task route\)/);
});

test('send without tools stays a chat request and offers none', async () => {
  const b = bench();
  b.provider.script.push(calls([], 'hello'));
  await b.gateway.send({ conversationId: 'c', messages: [{ role: 'user', content: 'hi' }], attachments: [] });
  assert.equal(b.provider.requests[0].tools, undefined);
  assert.equal(b.records[0].task, 'chat');
});

test('send keeps tool calls, tool results and images of the conversation, redacted (VS Code sends results back this way)', async () => {
  const b = bench();
  b.provider.script.push(calls([], 'It holds a key; rotate it.'));
  const image = { mimeType: 'image/png' as const, data: 'iVBORw0KGgo=' };
  const messages: ChatMessage[] = [
    { role: 'user', content: 'what is in a.ts?', images: [image] },
    { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
    { role: 'user', content: '', toolResults: [{ callId: 'c1', name: 'read_file', content: 'const id = "AKIAIOSFODNN7EXAMPLE";' }] },
  ];
  await b.gateway.send({ conversationId: 'c', messages, attachments: [], tools: [tool] });
  const sent = b.provider.requests[0].messages;
  assert.deepEqual(sent[0].images, [image]);
  assert.deepEqual(sent[1].toolCalls, messages[1].toolCalls);
  assert.deepEqual(sent[2].toolResults, [{ callId: 'c1', name: 'read_file', content: 'const id = "«redacted:aws-access-key»";' }]);
});

test('step: the tag is on the outcome; the call goes along the decision given; no tools → none offered', async () => {
  const b = bench();
  b.provider.script.push(calls([], 'done'));
  const decision = b.router.decideStep('frontier', 'step 3 · frontier · after a failing command');
  const out = await b.gateway.step({
    decision,
    step: { taskId: 't', step: 3, role: 'recover' },
    system: 'be careful',
    messages: [{ role: 'user', content: 'go' }],
    tools: [],
  });
  assert.deepEqual(out.step, { taskId: 't', step: 3, role: 'recover' });
  assert.equal(b.provider.requests[0].model, 'mem-big');
  assert.equal(b.provider.requests[0].system, 'be careful');
  assert.equal(b.provider.requests[0].tools, undefined);
  assert.deepEqual(
    b.records.map((r) => [r.task, r.tier, r.modelName]),
    [['agent', 'frontier', 'big']],
  );
  assert.equal(b.gateway.lastDecision()?.decision.reason, 'step 3 · frontier · after a failing command');
});
