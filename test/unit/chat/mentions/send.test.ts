import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodebaseHit, CodebaseSearch, CodebaseStatus } from '../../../../src/core/codebase/types';
import { HistoryStore } from '../../../../src/core/chat/historyStore';
import type { HostMessage } from '../../../../src/core/chat/messages';
import { parseWebviewMessage } from '../../../../src/core/chat/messages';
import { codebaseAttachments, codebaseMarker } from '../../../../src/core/chat/mentions/codebase';
import type { MentionSupport } from '../../../../src/core/chat/mentions/send';
import { ChatSession } from '../../../../src/core/chat/session';
import { FakeBackend, ids, MemoryStorage, streams } from '../fakes';

const HIT: CodebaseHit = {
  path: 'src/retry.ts',
  startLine: 10,
  endLine: 24,
  text: 'export function backoff(n: number) {\n  return 2 ** n;\n}\n',
  score: 3,
};

class FakeIndex implements CodebaseSearch {
  queries: string[] = [];
  constructor(
    public state: CodebaseStatus,
    public hits: CodebaseHit[] = [HIT],
  ) {}
  async search(query: string, limit: number): Promise<CodebaseHit[]> {
    this.queries.push(query);
    return this.hits.slice(0, limit);
  }
  status(): CodebaseStatus {
    return this.state;
  }
}

const READY: CodebaseStatus = { state: 'ready', indexed: 10, total: 10 };

function setup(index: CodebaseSearch | undefined, contextWindow = 200_000) {
  const backend = new FakeBackend(streams(['ok']));
  const store = new HistoryStore(new MemoryStorage(), { newId: ids('c'), now: Date.now, throttleMs: 10 });
  const mentions: MentionSupport = {
    budget: () => ({ contextWindow, outputReserve: 1000 }),
    codebaseAttachments: (hits) => codebaseAttachments(hits, '/w', ['src/secret/**'], ids('h')),
  };
  const session = new ChatSession({ backend, store, newId: ids('t'), now: Date.now, log: () => undefined, codebase: index, mentions });
  const posted: HostMessage[] = [];
  session.connect((m) => posted.push(m));
  return { backend, store, session, posted };
}

const notices = (posted: HostMessage[]) => posted.flatMap((m) => (m.type === 'notice' ? [m.text] : []));

test("@codebase searches the index with the message and sends the top chunks, labelled path:start-end, as the turn's chips", async () => {
  const index = new FakeIndex(READY, [HIT, { ...HIT, path: 'src/secret/keys.ts', startLine: 1, endLine: 2 }]);
  const t = setup(index);
  t.session.addAttachment(codebaseMarker('cb'));
  await t.session.send('where is the retry backoff computed?', 'auto');
  assert.deepEqual(index.queries, ['where is the retry backoff computed?']);
  const req = t.backend.requests[0];
  assert.deepEqual(
    req.attachments.map((a) => a.label),
    ['src/retry.ts:10-24'],
    'an excluded hit is dropped again',
  );
  assert.equal(req.attachments[0].text, HIT.text);
  const turn = (await t.store.active()).turns[0];
  assert.ok(turn.role === 'user');
  assert.deepEqual(turn.role === 'user' && turn.attachments.map((a) => [a.kind, a.label, a.tokens! > 0]), [
    ['codebase', 'src/retry.ts:10-24', true],
  ]);
  assert.deepEqual(notices(t.posted), []);
});

test('@codebase while the index is not ready, or without one: the message goes without it and the user is told why', async () => {
  const cases: [CodebaseSearch | undefined, RegExp][] = [
    [new FakeIndex({ state: 'indexing', indexed: 3, total: 10 }), /index is not ready \(indexing \(3 of 10 files\)\); sent without it/],
    [new FakeIndex({ state: 'off', indexed: 0, total: 0, message: 'Restricted Mode' }), /not ready \(Restricted Mode\)/],
    [undefined, /no codebase index in this window/],
    [new FakeIndex(READY, []), /nothing in the index matched/],
  ];
  for (const [index, want] of cases) {
    const t = setup(index);
    t.session.addAttachment(codebaseMarker('cb'));
    await t.session.send('how does retry work?', 'auto');
    assert.equal(t.backend.requests.length, 1, 'sent anyway');
    assert.deepEqual(t.backend.requests[0].attachments, []);
    assert.match(notices(t.posted).join('\n'), want);
  }
});

test("attachments over the model's budget are cut at send, the user is told, and the sent chip keeps the cut", async () => {
  const t = setup(undefined, 3_000);
  const text = Array.from({ length: 2000 }, (_, i) => `const v${i} = ${i};\n`).join('');
  t.session.addAttachment({ id: 'f', path: 'src/big.ts', label: 'src/big.ts', text, redactions: 0, kind: 'file', tokens: 20_000 });
  const preview = t.posted.filter((m) => m.type === 'attachments').pop();
  assert.match(
    preview?.type === 'attachments' ? (preview.attachments[0].cut ?? '') : '',
    /cut to fit the 3k-token budget/,
    'the chip shows the cut before sending',
  );
  await t.session.send('explain', 'auto');
  const sent = t.backend.requests[0].attachments[0].text;
  assert.ok(sent.length < text.length && text.startsWith(sent) && sent.endsWith('\n'));
  const turn = (await t.store.active()).turns[0];
  assert.match(turn.role === 'user' ? (turn.attachments[0].cut ?? '') : '', /^lines \d+–2000 cut to fit the 3k-token budget$/);
  assert.match(notices(t.posted).join('\n'), /Cut to fit the model's 3k-token context window: src\/big\.ts: lines \d+–2000 cut/);
});

test('the mention messages are checked like every other message from the webview', () => {
  const ok: unknown[] = [
    { type: 'mentionQuery', requestId: 'q1', query: 'sess' },
    { type: 'mentionQuery', requestId: 'q2', query: '' },
    { type: 'mentionPick', id: 'm12' },
  ];
  for (const m of ok) assert.ok(parseWebviewMessage(m).ok, JSON.stringify(m));
  const bad: [unknown, RegExp][] = [
    [{ type: 'mentionQuery', requestId: 'q1' }, /mentionQuery\.query: expected a string/],
    [{ type: 'mentionQuery', requestId: 'q 1', query: 'x' }, /requestId: has characters/],
    [{ type: 'mentionQuery', requestId: 'q1', query: 'x'.repeat(101) }, /longer than 100/],
    [{ type: 'mentionPick', id: '../../etc/passwd' }, /mentionPick\.id: has characters/],
    [{ type: 'mentionPick', id: 'm1', path: '/etc/passwd' }, /unexpected field "path"/],
  ];
  for (const [m, want] of bad) {
    const r = parseWebviewMessage(m);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, want);
  }
});
