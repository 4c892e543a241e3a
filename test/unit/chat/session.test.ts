import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatAttachment, Conversation, ReplyTurn } from '../../../src/core/chat/conversation';
import { HistoryStore } from '../../../src/core/chat/historyStore';
import type { HostMessage } from '../../../src/core/chat/messages';
import { ChatSession } from '../../../src/core/chat/session';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { decision, FakeBackend, ids, MemoryStorage, streams, tick, type Script } from './fakes';

function setup(script: Script, storage = new MemoryStorage(), throttleMs = 10) {
  const backend = new FakeBackend(script);
  const store = new HistoryStore(storage, { newId: ids('c'), now: Date.now, throttleMs });
  const logs: string[] = [];
  const session = new ChatSession({ backend, store, newId: ids('t'), now: Date.now, log: (m) => logs.push(m) });
  const posted: HostMessage[] = [];
  session.connect((m) => posted.push(m));
  return { backend, store, session, posted, storage, logs };
}

function stored(storage: MemoryStorage, id: string): Conversation {
  const c = storage.get<Conversation>(`gearshift.chat.conversation.${id}`);
  assert.ok(c, `conversation ${id} stored`);
  return c;
}

const attachment: ChatAttachment = {
  id: 'a1',
  path: 'src/app.ts',
  language: 'typescript',
  text: 'const x = 1;',
  label: 'src/app.ts:3-4',
  redactions: 0,
};

test('the user message is stored before the request goes out, and the reply with its route, tokens, cost and latency after', async () => {
  const storage = new MemoryStorage();
  let storedAtSend: Conversation | undefined;
  const t = setup(async (req) => {
    storedAtSend = stored(storage, req.conversationId);
    return streams(['Hello', ' **world**'])(req);
  }, storage);
  t.session.addAttachment(attachment);
  await t.session.send('Why is `x` one?', 'auto');
  assert.deepEqual(
    storedAtSend?.turns.map((x) => [x.role, x.content]),
    [['user', 'Why is `x` one?']],
  );
  assert.equal(storedAtSend?.title, 'Why is x one?', 'titled from the first message');
  const req = t.backend.requests[0];
  assert.equal(req.override, undefined);
  // The label heads the block as it will in the next turn's history (a byte-stable prompt prefix).
  assert.deepEqual(req.attachments, [{ path: 'src/app.ts', language: 'typescript', text: 'const x = 1;', label: 'src/app.ts:3-4' }]);
  assert.equal(req.filePath, 'src/app.ts');
  const c = stored(storage, req.conversationId);
  const reply = c.turns[1] as ReplyTurn;
  assert.equal(reply.status, 'done');
  assert.equal(reply.content, 'Hello **world**');
  assert.deepEqual(
    {
      tier: reply.meta.tier,
      model: reply.meta.modelName,
      in: reply.meta.tokensIn,
      out: reply.meta.tokensOut,
      cost: reply.meta.costUsd,
      ms: reply.meta.latencyMs,
      reason: reply.meta.reason,
    },
    { tier: 'cheap', model: 'mini', in: 120, out: 50, cost: 0.0042, ms: 1234, reason: 'chat → cheap' },
  );
  assert.deepEqual(t.session.attachments(), [], 'attachments are cleared once sent');
  const streamed = t.posted.map((m) => m.type).filter((type) => type === 'route' || type === 'delta' || type === 'replyEnd');
  assert.deepEqual(streamed, ['route', 'delta', 'delta', 'replyEnd'], 'the route is shown first, then the text, then the end');
  assert.deepEqual(
    t.posted.filter((m) => m.type === 'delta').map((m) => (m.type === 'delta' ? m.text : '')),
    ['Hello', ' **world**'],
  );
});

test('the picker choice becomes the request override; earlier attachments travel inline in later turns', async () => {
  const t = setup(streams(['ok']));
  t.session.addAttachment(attachment);
  await t.session.send('first', 'frontier');
  await t.session.send('second', 'model:sonnet');
  assert.equal(t.backend.requests[0].override, 'frontier');
  assert.deepEqual(t.backend.requests[1].override, { model: 'sonnet' });
  const msgs = t.backend.requests[1].messages;
  assert.deepEqual(
    msgs.map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
  // Exactly as the gateway placed the attachment (headed by its label) when the first turn was sent: a byte-stable prefix.
  assert.equal(msgs[0].content, 'src/app.ts:3-4:\n```typescript\nconst x = 1;\n```\n\nfirst');
  assert.equal(msgs[2].content, 'second');
});

test('a failing provider keeps the partial reply, shows the error, and Retry answers the same message again', async () => {
  const storage = new MemoryStorage();
  const t = setup(async (req) => {
    req.onRoute?.(decision('frontier'));
    req.onDelta?.('Part');
    return {
      decision: decision('frontier'),
      modelName: 'sonnet',
      endpoint: 'anthropic',
      fallbacks: ['sonnet rate-limited → bedrock-sonnet'],
      error: { kind: 'unavailable', message: 'bedrock-sonnet is overloaded (529)', partialText: 'Partial answer' },
    };
  }, storage);
  await t.session.send('explain', 'auto');
  const c = await t.store.active();
  const failed = c.turns[1] as ReplyTurn;
  assert.equal(failed.status, 'error');
  assert.equal(failed.content, 'Partial answer', 'the longer partial text from the gateway is kept');
  assert.deepEqual(failed.meta.error, { kind: 'unavailable', message: 'bedrock-sonnet is overloaded (529)' });
  assert.deepEqual(failed.meta.fallbacks, ['sonnet rate-limited → bedrock-sonnet']);
  assert.equal(stored(storage, c.id).turns[0].content, 'explain', 'the question is still there');

  t.backend.script = streams(['Full answer'], 'frontier');
  await t.session.retry(failed.id, false);
  const after = await t.store.active();
  assert.deepEqual(
    after.turns.map((x) => [x.role, x.content]),
    [
      ['user', 'explain'],
      ['assistant', 'Full answer'],
    ],
  );
  assert.deepEqual(t.backend.requests[1].messages, [{ role: 'user', content: 'explain' }]);
});

test('Retry with frontier replaces a cheap reply with a frontier one and tells the backend', async () => {
  const t = setup(streams(['cheap answer'], 'cheap'));
  await t.session.send('hard question', 'auto');
  const cheap = (await t.store.active()).turns[1] as ReplyTurn;
  t.backend.script = streams(['frontier answer'], 'frontier');
  await t.session.retry(cheap.id, true);
  const c = await t.store.active();
  assert.deepEqual(t.backend.frontierRetries, [c.id]);
  assert.equal(t.backend.requests[1].override, 'frontier');
  assert.deepEqual(
    c.turns.map((x) => x.content),
    ['hard question', 'frontier answer'],
  );
  assert.equal((c.turns[1] as ReplyTurn).meta.tier, 'frontier');
});

test('Stop aborts the request; the reply is kept as stopped with what had arrived', async () => {
  const t = setup(async (req) => {
    req.onRoute?.(decision('cheap'));
    req.onDelta?.('Some text');
    await new Promise<void>((resolve) => req.signal?.addEventListener('abort', () => resolve()));
    return {
      decision: decision('cheap'),
      modelName: 'mini',
      endpoint: 'ep',
      fallbacks: [],
      error: { kind: 'cancelled', message: 'aborted', partialText: 'Some text' },
    };
  });
  const sending = t.session.send('long story', 'auto');
  await tick(5);
  assert.equal(t.session.streaming, true);
  await t.session.send('another', 'auto');
  assert.ok(
    t.posted.some((m) => m.type === 'notice' && /still streaming/.test(m.text)),
    'a second send while streaming is refused with a message',
  );
  await t.session.stop();
  await sending;
  const r = (await t.store.active()).turns[1] as ReplyTurn;
  assert.equal(r.status, 'stopped');
  assert.equal(r.content, 'Some text');
  assert.equal(r.meta.error, undefined);
  assert.equal(t.session.streaming, false);
});

test('a streaming reply is saved while it streams, so a reload mid-reply keeps it', async () => {
  const storage = new MemoryStorage();
  let release!: () => void;
  const t = setup(
    async (req) => {
      req.onDelta?.('The beginning of a long');
      req.onDelta?.(' answer');
      await new Promise<void>((r) => (release = r));
      return streams([])(req);
    },
    storage,
    10,
  );
  const sending = t.session.send('question', 'auto');
  await tick(40);
  const c = await t.store.active();
  const midway = stored(storage, c.id).turns[1] as ReplyTurn;
  assert.equal(midway.status, 'streaming');
  assert.equal(midway.content, 'The beginning of a long answer');
  const afterReload = new HistoryStore(storage, { newId: ids('z'), now: Date.now, throttleMs: 10 });
  const restored = (await afterReload.active()).turns[1] as ReplyTurn;
  assert.equal(restored.status, 'error');
  assert.equal(restored.content, 'The beginning of a long answer');
  release();
  await sending;
});

test('a budget block and a rejecting backend both end as visible errors, never as silence', async () => {
  const t = setup(async () => ({
    decision: { ...decision('frontier'), blocked: 'Daily budget of $5.00 reached.' },
    modelName: '',
    endpoint: '',
    fallbacks: [],
  }));
  await t.session.send('q', 'auto');
  let r = (await t.store.active()).turns[1] as ReplyTurn;
  assert.equal(r.status, 'error');
  assert.equal(r.meta.error?.message, 'Daily budget of $5.00 reached.');
  t.backend.script = async () => {
    throw new Error('boom');
  };
  await t.session.send('q2', 'auto');
  r = (await t.store.active()).turns[3] as ReplyTurn;
  assert.equal(r.status, 'error');
  assert.match(r.meta.error?.message ?? '', /boom/);
  assert.match(t.logs.join('\n'), /rejected: boom/);
});

test('model options list the tiers, then every configured model', () => {
  const t = setup(streams([]));
  assert.deepEqual(
    t.session.modelOptions().map((m) => m.choice),
    ['auto', 'cheap', 'frontier', 'model:mini', 'model:sonnet'],
  );
});

test('new chat, open, rename and delete go through the store and refresh the view', async () => {
  const t = setup(streams(['a']));
  await t.session.send('one', 'auto');
  const first = (await t.store.active()).id;
  const second = await t.session.newChat();
  assert.notEqual(second.id, first);
  await t.session.openChat(first);
  assert.equal((await t.store.active()).id, first);
  await t.session.rename(first, 'Better name');
  assert.equal(t.session.title(first), 'Better name');
  const last = t.posted.filter((m) => m.type === 'history').pop();
  assert.ok(last?.type === 'history' && last.history[0].title === 'Better name');
  await t.session.delete(first);
  assert.equal(t.session.title(first), undefined);
  await t.session.openChat(first);
  assert.ok(t.posted.some((m) => m.type === 'notice' && /no longer exists/.test(m.text)));
});

// Keys of formats the redactor has always known (src/core/privacy/redact.ts).
const PASTED = {
  openai: `sk-proj-${'Ab3dE5fG7h'.repeat(4)}`,
  github: `ghp_${'a1B2c3D4e5'.repeat(4)}`,
  aws: 'AKIAIOSFODNN7EXAMPLE',
};

test('a pasted key is stored, titled, shown and sent redacted: the history never holds it', async () => {
  const storage = new MemoryStorage();
  const t = setup(streams(['ok']), storage);
  const typed = `${PASTED.openai} gives 401, also tried ${PASTED.github} and ${PASTED.aws}`;
  await t.session.send(typed, 'auto');
  const everything =
    [...storage.data.values()].join('\n') + JSON.stringify(t.posted) + JSON.stringify(t.backend.requests.map((r) => r.messages));
  for (const key of Object.values(PASTED))
    assert.ok(!everything.includes(key), `${key.slice(0, 8)}… is in neither storage, the webview nor the request`);
  const c = await t.store.active();
  const user = c.turns[0];
  assert.equal(user.content, redactSecrets(typed).text);
  assert.match(user.content, /^«redacted:[\w-]+» gives 401, also tried «redacted:[\w-]+» and «redacted:[\w-]+»$/);
  assert.match(c.title, /^«redacted:[\w-]+» gives 401/);
  const shown = t.posted.filter((m) => m.type === 'conversation').at(-1);
  assert.equal(
    shown?.type === 'conversation' ? shown.conversation.turns[0].content : undefined,
    user.content,
    'the message in the panel shows the redacted text',
  );
  assert.ok(
    t.posted.some((m) => m.type === 'notice' && /3 secret-looking values were redacted/.test(m.text)),
    'the user is told why',
  );
});

test('a title cut from a message never keeps part of a key (the title is made from the redacted text)', async () => {
  const storage = new MemoryStorage();
  const t = setup(streams(['ok']), storage);
  await t.session.send(`please check this config value ${PASTED.openai}`, 'auto');
  const c = await t.store.active();
  assert.ok(!c.title.includes('sk-proj-'), c.title);
});

test('drafts and renames with a key are stored redacted', async () => {
  const storage = new MemoryStorage();
  const t = setup(streams(['ok']), storage);
  await t.session.send('hello', 'auto');
  const c = await t.store.active();
  await t.session.setDraft(c.id, `next: ${PASTED.github}`);
  await t.session.rename(c.id, `about ${PASTED.aws}`);
  const saved = stored(storage, c.id);
  assert.match(saved.draft, /^next: «redacted:[\w-]+»$/);
  assert.match(saved.title, /^about «redacted:[\w-]+»$/);
  assert.ok(![...storage.data.values()].some((v) => v.includes(PASTED.github) || v.includes(PASTED.aws)));
});

test('a message without secrets is stored exactly as typed, with no notice', async () => {
  const t = setup(streams(['ok']));
  await t.session.send('Why is `sk-` a prefix? AKIA is too short here.', 'auto');
  assert.equal((await t.store.active()).turns[0].content, 'Why is `sk-` a prefix? AKIA is too short here.');
  assert.ok(!t.posted.some((m) => m.type === 'notice'));
});
