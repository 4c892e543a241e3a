import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentTaskRequest, AgentTaskResult, AgentTool, ApprovalAnswer, FileChange } from '../../../src/core/agent/types';
import type { AgentBackend } from '../../../src/core/chat/agentSession';
import { messagesFor, wholeToolExchanges, type Conversation, type ReplyTurn } from '../../../src/core/chat/conversation';
import { HistoryStore } from '../../../src/core/chat/historyStore';
import type { HostMessage } from '../../../src/core/chat/messages';
import { ChatSession } from '../../../src/core/chat/session';
import type { ChatMessage } from '../../../src/core/types';
import { FakeBackend, ids, MemoryStorage, streams, tick } from './fakes';

type Run = (req: AgentTaskRequest) => Promise<AgentTaskResult>;

/** An agent loop stand-in: each task runs the next script (the last one repeats); records every request. */
class FakeRunner implements AgentBackend {
  readonly requests: AgentTaskRequest[] = [];
  readonly tool: AgentTool = {
    definition: { name: 'read_file', description: 'reads', inputSchema: { type: 'object' } },
    readOnly: true,
    run: async () => ({ content: '', outcome: 'ok' }),
  };
  constructor(private readonly scripts: Run[]) {}
  run(req: AgentTaskRequest): Promise<AgentTaskResult> {
    this.requests.push(req);
    const script = this.scripts.length > 1 ? this.scripts.shift()! : this.scripts[0];
    return script(req);
  }
  tools(): AgentTool[] {
    return [this.tool];
  }
  limits() {
    return { maxSteps: 25, maxTaskUsd: 0.5 };
  }
}

function setup(scripts: Run[], storage = new MemoryStorage()) {
  const runner = new FakeRunner(scripts);
  const backend = new FakeBackend(streams(['plain answer']));
  const store = new HistoryStore(storage, { newId: ids('c'), now: Date.now, throttleMs: 5 });
  const session = new ChatSession({ backend, agent: runner, store, newId: ids('t'), now: Date.now, log: () => undefined });
  const posted: HostMessage[] = [];
  session.connect((m) => posted.push(m));
  return { runner, backend, store, session, posted, storage };
}

function stored(storage: MemoryStorage): Conversation {
  const key = [...storage.data.keys()].find((k) => k.startsWith('gearshift.chat.conversation.'));
  assert.ok(key);
  return storage.get<Conversation>(key)!;
}

function lastReply(c: Conversation): ReplyTurn {
  const t = c.turns[c.turns.length - 1];
  assert.equal(t.role, 'assistant');
  return t as ReplyTurn;
}

async function until<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(1);
  }
}

const KEY = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';

const change = (path: string, before: string | undefined, after: string): FileChange => ({
  path,
  before,
  after,
  diff: `--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-${before ?? ''}\n+${after}\n`,
});

/** A 3-step task: search, a 2-file edit (approval), a command (approval), then a final answer. */
function fullTask(answers: ApprovalAnswer[]): Run {
  return async (req) => {
    const ev = req.onEvent;
    const call = (id: string, name: string, args: object) => ({ id, name, arguments: JSON.stringify(args) });
    ev({ type: 'step', step: 1, role: 'plan', tier: 'frontier', modelName: 'smart', reason: 'first step' });
    ev({ type: 'text', step: 1, text: 'Let me ' });
    ev({ type: 'text', step: 1, text: 'look.' });
    ev({ type: 'toolCall', step: 1, call: call('c1', 'search_text', { query: 'add' }) });
    ev({ type: 'toolResult', step: 1, callId: 'c1', name: 'search_text', outcome: 'ok', summary: `2 matches ${KEY}` });
    ev({ type: 'stepEnd', step: 1, modelName: 'smart', costUsd: 0.01 });
    ev({ type: 'progress', steps: 1, maxSteps: 25, costUsd: 0.01, maxTaskUsd: 0.5 });
    ev({ type: 'step', step: 2, role: 'execute', tier: 'cheap', modelName: 'fast', reason: 'carrying out the plan' });
    ev({ type: 'toolCall', step: 2, call: call('c2', 'propose_edits', { files: 2 }) });
    answers.push(
      await req.approve({ kind: 'edit', id: 'e1', files: [change('a.js', 'one', 'uno'), change('b.js', undefined, 'dos')] }, req.signal),
    );
    ev({
      type: 'toolResult',
      step: 2,
      callId: 'c2',
      name: 'propose_edits',
      outcome: 'ok',
      summary: 'a.js written',
      detail: { kind: 'edit', files: [{ path: 'a.js', diff: '-one\n+uno', created: false, accepted: true }] },
    });
    ev({ type: 'stepEnd', step: 2, modelName: 'fast', costUsd: 0.001 });
    ev({ type: 'step', step: 3, role: 'execute', tier: 'cheap', modelName: 'fast', reason: 'carrying out the plan' });
    ev({ type: 'toolCall', step: 3, call: call('c3', 'run_command', { command: 'node check.js' }) });
    answers.push(await req.approve({ kind: 'command', id: 'r1', command: 'node check.js', cwd: '' }, req.signal));
    ev({ type: 'toolResult', step: 3, callId: 'c3', name: 'run_command', outcome: 'ok', summary: 'exit 0' });
    ev({ type: 'stepEnd', step: 3, modelName: 'fast', costUsd: 0.001 });
    ev({ type: 'step', step: 4, role: 'digest', tier: 'cheap', modelName: 'fast', reason: 'reading command output' });
    ev({ type: 'text', step: 4, text: 'All **done**.' });
    ev({ type: 'stepEnd', step: 4, modelName: 'fast', costUsd: 0.001 });
    ev({ type: 'done', status: 'finished' });
    const added: ChatMessage[] = [
      { role: 'assistant', content: 'Let me look.', toolCalls: [call('c1', 'search_text', { query: 'add' })] },
      { role: 'user', content: '', toolResults: [{ callId: 'c1', name: 'search_text', content: `a.js:1 add ${KEY}` }] },
      { role: 'assistant', content: 'All **done**.' },
    ];
    return { status: 'finished', steps: 4, costUsd: 0.013, messages: [...req.messages, ...added] };
  };
}

test('an agent task streams its events, waits for per-file and command approvals, and is kept whole in the history', async () => {
  const answers: ApprovalAnswer[] = [];
  const t = setup([fullTask(answers)]);
  await t.session.setMode('agent');
  const sending = t.session.send('add a check', 'auto', 'agent');
  const card = await until(() => t.posted.find((m) => m.type === 'agentEvent' && m.event.type === 'approval'), 'the edit card');
  assert.equal(card.type === 'agentEvent' && card.event.type === 'approval' && card.event.request.kind === 'edit', true);
  if (card.type === 'agentEvent' && card.event.type === 'approval' && card.event.request.kind === 'edit') {
    assert.equal(card.event.request.files[0].after, '', 'the card carries diffs, not whole files');
    assert.match(card.event.request.files[0].diff, /\+uno/);
  }
  t.session.answerFile('e1', 'a.js', true);
  const partial = t.posted.filter((m) => m.type === 'approval').pop();
  assert.deepEqual(partial?.type === 'approval' && [partial.decided, partial.record], [[{ path: 'a.js', accepted: true }], undefined]);
  t.session.answerFile('e1', 'a.js', false); // answered already: ignored
  t.session.answerFile('e1', 'b.js', false);
  await until(
    () => t.posted.find((m) => m.type === 'agentEvent' && m.event.type === 'approval' && m.event.request.kind === 'command'),
    'cmd',
  );
  t.session.answerCommand('r1', 'always');
  await sending;
  assert.deepEqual(answers, [
    { kind: 'edit', accepted: ['a.js'] },
    { kind: 'command', run: true, always: true },
  ]);
  const req = t.runner.requests[0];
  assert.deepEqual(req.limits, { maxSteps: 25, maxTaskUsd: 0.5 });
  assert.deepEqual(
    req.tools.map((x) => x.definition.name),
    ['read_file'],
  );
  assert.equal(req.messages[req.messages.length - 1].content, 'add a check');

  const c = stored(t.storage);
  const reply = lastReply(c);
  assert.equal(reply.status, 'done');
  assert.equal(reply.content, 'All **done**.', 'the answer is the last step’s text');
  assert.equal(reply.meta.costUsd, 0.013);
  const tr = reply.agent!;
  assert.equal(tr.status, 'finished');
  const texts = tr.events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.text : ''));
  assert.deepEqual(texts, ['Let me look.', 'All **done**.'], 'text deltas are merged per step');
  assert.ok(!tr.events.some((e) => e.type === 'progress'), 'progress is kept once, not per event');
  assert.deepEqual(tr.progress, { steps: 4, maxSteps: 25, costUsd: 0.013, maxTaskUsd: 0.5 });
  assert.deepEqual(
    tr.answers.map((a) => a.id),
    ['e1', 'r1'],
  );
  assert.equal(tr.messages.length, 3, 'only the messages the task added are kept');
  const text = JSON.stringify(c);
  assert.ok(!text.includes(KEY), 'tool results and summaries are redacted in the history');
  const shown = JSON.stringify(t.posted);
  assert.ok(!shown.includes(KEY), 'and in what the panel is sent');
  assert.equal(c.turns[0].role === 'user' && c.turns[0].mode, 'agent');
});

test('the transcript survives a reload; a follow-up continues with the tool calls (agent) or a plain account (ask)', async () => {
  const storage = new MemoryStorage();
  const first = setup([fullTask([])], storage);
  const sending = first.session.send('add a check', 'auto', 'agent');
  await until(() => first.posted.find((m) => m.type === 'approval' || (m.type === 'agentEvent' && m.event.type === 'approval')), 'card');
  first.session.answerEdit('e1', true);
  await until(() => first.posted.find((m) => m.type === 'agentEvent' && m.event.type === 'approval' && m.event.request.id === 'r1'), 'cmd');
  first.session.answerCommand('r1', 'run');
  await sending;

  // A new window: a new store and session over the same workspace storage.
  const seen: AgentTaskRequest[] = [];
  const again = setup(
    [
      async (req) => {
        seen.push(req);
        req.onEvent({ type: 'done', status: 'finished' });
        return { status: 'finished', steps: 1, costUsd: 0, messages: [...req.messages, { role: 'assistant', content: 'ok' }] };
      },
    ],
    storage,
  );
  const init = await again.session.init();
  assert.equal(init.type, 'init');
  const restored = lastReply(init.conversation);
  assert.equal(restored.agent?.events.filter((e) => e.type === 'step').length, 4);
  assert.equal(restored.agent?.answers.length, 2);

  await again.session.send('now run it again', 'auto', 'agent');
  const sent = seen[0].messages;
  assert.deepEqual(
    sent.map((m) => [m.role, m.toolCalls?.length ?? 0, m.toolResults?.length ?? 0]),
    [
      ['user', 0, 0],
      ['assistant', 1, 0],
      ['user', 0, 1],
      ['assistant', 0, 0],
      ['user', 0, 0],
    ],
  );
  assert.equal(sent[4].content, 'now run it again');

  await again.session.send('what did it change?', 'auto', 'ask');
  const ask = again.backend.requests[0].messages;
  assert.ok(
    ask.every((m) => !m.toolCalls && !m.toolResults),
    'Ask sends no tool calls',
  );
  const account = ask.find((m) => m.role === 'assistant' && m.content.includes('[tool call] search_text'));
  assert.ok(account, 'an agent task reaches an Ask follow-up as a plain account of its steps');
  assert.match(account.content, /\[tool result\] run_command: ok — exit 0/);
});

test('Stop aborts the task and rejects its pending approval; the reply ends stopped', async () => {
  let answer: ApprovalAnswer | undefined;
  let aborted = false;
  const t = setup([
    async (req) => {
      req.onEvent({ type: 'step', step: 1, role: 'plan', tier: 'frontier', modelName: 'smart', reason: 'first step' });
      answer = await req.approve({ kind: 'command', id: 'r1', command: 'npm test', cwd: 'pkg' }, req.signal);
      aborted = req.signal.aborted;
      req.onEvent({ type: 'done', status: 'stopped' });
      return { status: 'stopped', steps: 1, costUsd: 0.002, messages: req.messages };
    },
  ]);
  const sending = t.session.send('test it', 'auto', 'agent');
  await until(() => t.posted.find((m) => m.type === 'agentEvent' && m.event.type === 'approval'), 'the command card');
  await t.session.stop();
  await sending;
  assert.deepEqual(answer, { kind: 'command', run: false });
  assert.equal(aborted, true, 'the task’s signal is aborted');
  const reply = lastReply(stored(t.storage));
  assert.equal(reply.status, 'stopped');
  assert.deepEqual(reply.agent?.answers, [{ id: 'r1', answer: { kind: 'command', run: false }, cancelled: true }]);
  const update = t.posted.filter((m) => m.type === 'approval').pop();
  assert.equal(update?.type === 'approval' && update.record?.cancelled, true, 'the card is told it was not answered');
  t.session.answerCommand('r1', 'run'); // too late: a notice, nothing else
  assert.equal(t.posted[t.posted.length - 1].type, 'notice');
});

test('closing the view rejects a pending approval (the task goes on); with no view, a new one is rejected at once', async () => {
  const answers: ApprovalAnswer[] = [];
  const t = setup([
    async (req) => {
      answers.push(await req.approve({ kind: 'edit', id: 'e1', files: [change('a.js', 'x', 'y')] }, req.signal));
      answers.push(await req.approve({ kind: 'edit', id: 'e2', files: [change('a.js', 'x', 'z')] }, req.signal));
      req.onEvent({ type: 'text', step: 1, text: 'Nothing was changed.' });
      return { status: 'finished', steps: 2, costUsd: 0, messages: req.messages };
    },
  ]);
  const sending = t.session.send('edit it', 'auto', 'agent');
  await until(() => t.posted.find((m) => m.type === 'agentEvent' && m.event.type === 'approval'), 'the edit card');
  t.session.disconnect();
  await sending;
  assert.deepEqual(answers, [
    { kind: 'edit', accepted: [] },
    { kind: 'edit', accepted: [] },
  ]);
  assert.equal(lastReply(stored(t.storage)).status, 'done');
});

test('a task ending on a limit or failure shows why, with Retry; a runner that throws ends as an error', async () => {
  const t = setup([
    async (req) => ({ status: 'stepLimit', steps: 25, costUsd: 0.2, messages: req.messages }),
    async () => {
      throw new Error('loop bug');
    },
  ]);
  await t.session.send('big task', 'auto', 'agent');
  let reply = lastReply(stored(t.storage));
  assert.equal(reply.status, 'error');
  assert.match(reply.meta.error?.message ?? '', /step limit \(25 steps; gearshift\.agent\.maxSteps\)/);
  await t.session.retry(reply.id, false);
  reply = lastReply(stored(t.storage));
  assert.equal(t.runner.requests.length, 2, 'Retry of an agent task runs the task again');
  assert.equal(reply.status, 'error');
  assert.match(reply.meta.error?.message ?? '', /loop bug/);
});

test('the mode is remembered per workspace; without an agent only Ask is offered', async () => {
  const storage = new MemoryStorage();
  const t = setup([async (req) => ({ status: 'finished', steps: 0, costUsd: 0, messages: req.messages })], storage);
  assert.equal((await t.session.init()).mode, 'ask');
  await t.session.setMode('agent');
  const again = setup([async (req) => ({ status: 'finished', steps: 0, costUsd: 0, messages: req.messages })], storage);
  const init = await again.session.init();
  assert.equal(init.mode, 'agent');
  assert.equal(init.agentAvailable, true);

  const store = new HistoryStore(storage, { newId: ids('x'), now: Date.now, throttleMs: 5 });
  const plain = new ChatSession({ backend: new FakeBackend(streams(['a'])), store, newId: ids('y'), now: Date.now, log: () => undefined });
  const posted: HostMessage[] = [];
  plain.connect((m) => posted.push(m));
  const i2 = await plain.init();
  assert.deepEqual([i2.mode, i2.agentAvailable], ['ask', false]);
  await plain.send('do it', 'auto', 'agent');
  const notice = posted.find((m) => m.type === 'notice');
  assert.match(notice?.type === 'notice' ? notice.text : '', /Agent mode is not available/);
  assert.equal((await store.active()).turns.length, 0, 'nothing is sent or stored');
});

test('Open diff gets the pending change with both texts; answered or unknown requests have none', async () => {
  const t = setup([
    async (req) => {
      await req.approve({ kind: 'edit', id: 'e1', files: [change('src/a.js', 'old', 'new'), change('b.js', undefined, 'x')] }, req.signal);
      return { status: 'finished', steps: 1, costUsd: 0, messages: req.messages };
    },
  ]);
  const sending = t.session.send('edit', 'auto', 'agent');
  await until(() => t.posted.find((m) => m.type === 'agentEvent' && m.event.type === 'approval'), 'card');
  assert.deepEqual(t.session.proposedChange('e1', 'src/a.js'), { path: 'src/a.js', before: 'old', after: 'new' });
  assert.deepEqual(t.session.proposedChange('e1', 'b.js'), { path: 'b.js', before: '', after: 'x' });
  assert.equal(t.session.proposedChange('e1', '../etc/passwd'), undefined);
  t.session.answerFile('e1', '../etc/passwd', true); // not a file of the request: ignored
  assert.equal((await t.session.init()).approvals?.length, 1, 'still pending');
  t.session.answerEdit('e1', false);
  await sending;
  assert.equal(t.session.proposedChange('e1', 'src/a.js'), undefined);
});

test('wholeToolExchanges answers tool calls a stopped task left without a result', () => {
  const call = (id: string) => ({ id, name: 'read_file', arguments: '{}' });
  const out = wholeToolExchanges([
    { role: 'assistant', content: '', toolCalls: [call('a'), call('b')] },
    { role: 'user', content: '', toolResults: [{ callId: 'a', name: 'read_file', content: 'x' }] },
    { role: 'assistant', content: '', toolCalls: [call('c')] },
  ]);
  assert.deepEqual(
    out.map((m) => m.toolResults?.map((r) => [r.callId, r.isError ?? false])),
    [
      undefined,
      [
        ['a', false],
        ['b', true],
      ],
      undefined,
      [['c', true]],
    ],
  );
  // And a follow-up after it does not make two user messages in a row.
  const c: Conversation = {
    id: 'c',
    title: 't',
    createdAt: 0,
    updatedAt: 0,
    draft: '',
    turns: [
      { id: 'u', role: 'user', content: 'go', attachments: [], model: 'auto', createdAt: 0, mode: 'agent' },
      {
        id: 'r',
        role: 'assistant',
        content: '',
        status: 'stopped',
        createdAt: 0,
        meta: { fallbacks: [] },
        agent: { taskId: 't', events: [], answers: [], messages: [{ role: 'assistant', content: '', toolCalls: [call('c')] }] },
      },
      { id: 'u2', role: 'user', content: 'continue', attachments: [], model: 'auto', createdAt: 0, mode: 'agent' },
    ],
  };
  const sent = messagesFor(c, 2, { agent: true });
  assert.deepEqual(
    sent.map((m) => [m.role, m.content, m.toolResults?.length ?? 0]),
    [
      ['user', 'go', 0],
      ['assistant', '', 0],
      ['user', 'continue', 1],
    ],
  );
});
