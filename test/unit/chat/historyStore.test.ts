import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplyTurn } from '../../../src/core/chat/conversation';
import { HistoryStore, INTERRUPTED } from '../../../src/core/chat/historyStore';
import { ids, MemoryStorage, tick } from './fakes';

function store(storage = new MemoryStorage(), throttleMs = 10): HistoryStore {
  let t = 1000;
  return new HistoryStore(storage, { newId: ids('c'), now: () => ++t, throttleMs });
}

function userTurn(id: string, content: string) {
  return { id, role: 'user' as const, content, attachments: [], model: 'auto' as const, createdAt: 1 };
}

test('creates, lists (newest first, empty ones hidden), renames and deletes conversations; all survive a reload', async () => {
  const storage = new MemoryStorage();
  const s = store(storage);
  const a = await s.create();
  assert.deepEqual(s.list(), [], 'an empty conversation is not listed');
  assert.equal((await s.create()).id, a.id, 'new chat on an empty one reuses it');
  a.turns.push(userTurn('u1', 'first'));
  await s.save(a);
  const b = await s.create();
  b.turns.push(userTurn('u2', 'second'));
  await s.save(b);
  assert.deepEqual(s.list().map((c) => c.id), [b.id, a.id]);
  assert.equal(await s.rename(a.id, 'Renamed'), true);
  assert.deepEqual(s.list().map((c) => c.id), [a.id, b.id], 'renaming counts as activity');

  const reloaded = store(storage);
  assert.deepEqual(reloaded.list().map((c) => [c.id, c.title]), [[a.id, 'Renamed'], [b.id, 'New chat']]);
  assert.equal((await reloaded.active()).id, b.id, 'the active conversation is restored');
  assert.deepEqual(reloaded.get(a.id)?.turns.map((t) => t.content), ['first']);

  await reloaded.delete(b.id);
  assert.deepEqual(reloaded.list().map((c) => c.id), [a.id]);
  assert.equal(storage.get(`gearshift.chat.conversation.${b.id}`), undefined, 'the deleted conversation is gone from storage');
  const fresh = await reloaded.active();
  assert.notEqual(fresh.id, b.id, 'deleting the active conversation opens another one');
  assert.equal(await reloaded.rename(b.id, 'x'), false);
});

test('keeps the unsent draft of each conversation across a reload', async () => {
  const storage = new MemoryStorage();
  const s = store(storage);
  const a = await s.active();
  await s.setDraft(a.id, 'half-typed question');
  const again = store(storage);
  assert.equal((await again.active()).draft, 'half-typed question');
});

test('saveSoon writes a streaming reply at most once per throttle window, and flush writes it now', async () => {
  const storage = new MemoryStorage();
  const s = store(storage, 40);
  const c = await s.active();
  c.turns.push(userTurn('u1', 'q'));
  await s.save(c);
  const reply: ReplyTurn = { id: 'r1', role: 'assistant', content: '', status: 'streaming', createdAt: 1, meta: { fallbacks: [] } };
  c.turns.push(reply);
  const before = storage.writes;
  for (let i = 0; i < 50; i++) {
    reply.content += 'x';
    s.saveSoon(c);
  }
  assert.equal(storage.writes, before, 'nothing written synchronously');
  await tick(60);
  assert.equal(storage.writes, before + 1, 'fifty deltas, one write');
  const saved = storage.get<{ turns: ReplyTurn[] }>(`gearshift.chat.conversation.${c.id}`);
  assert.equal(saved?.turns[1].content, 'x'.repeat(50));
  reply.content += 'yz';
  s.saveSoon(c);
  await s.flush();
  assert.equal(storage.get<{ turns: ReplyTurn[] }>(`gearshift.chat.conversation.${c.id}`)?.turns[1].content, `${'x'.repeat(50)}yz`);
});

test('a reply that was streaming when the window went away is restored as a failed reply with its partial text', async () => {
  const storage = new MemoryStorage();
  const s = store(storage);
  const c = await s.active();
  c.turns.push(userTurn('u1', 'explain'), { id: 'r1', role: 'assistant', content: 'The first half', status: 'streaming', createdAt: 1, meta: { fallbacks: [] } });
  await s.save(c);
  const after = store(storage);
  const r = (await after.active()).turns[1] as ReplyTurn;
  assert.equal(r.status, 'error');
  assert.equal(r.content, 'The first half');
  assert.equal(r.meta.error?.kind, 'interrupted');
  assert.equal(r.meta.error?.message, INTERRUPTED);
});

test('remembers the model picker choice and ignores a corrupt one', async () => {
  const storage = new MemoryStorage();
  const s = store(storage);
  assert.equal(s.modelChoice(), 'auto');
  await s.setModelChoice('model:sonnet');
  assert.equal(store(storage).modelChoice(), 'model:sonnet');
  await storage.update('gearshift.chat.index', { ids: [], model: 'nonsense' });
  assert.equal(store(storage).modelChoice(), 'auto');
});

test('a conversation stored by an earlier version with a pasted key is redacted when read, and written back', async () => {
  const key = `sk-proj-${'Ab3dE5fG7h'.repeat(4)}`;
  const storage = new MemoryStorage();
  const old = { id: 'old', title: `my key ${key}`, createdAt: 1, updatedAt: 5, draft: `draft ${key}`, turns: [userTurn('u1', `is ${key} valid?`)] };
  await storage.update('gearshift.chat.index', { ids: ['old'], activeId: 'old' });
  await storage.update('gearshift.chat.conversation.old', old);
  const s = store(storage);
  const c = s.get('old');
  assert.match(c?.turns[0].content ?? '', /^is «redacted:[\w-]+» valid\?$/);
  assert.match(c?.title ?? '', /^my key «redacted:[\w-]+»$/);
  assert.match(c?.draft ?? '', /^draft «redacted:[\w-]+»$/);
  assert.equal(c?.updatedAt, 5, 'redacting is not activity');
  for (let i = 0; i < 50 && [...storage.data.values()].some((v) => v.includes(key)); i++) await tick(5);
  assert.ok(![...storage.data.values()].some((v) => v.includes(key)), 'the stored copy no longer holds the key');
  assert.deepEqual(s.list().map((x) => x.title), [c?.title]);
});
