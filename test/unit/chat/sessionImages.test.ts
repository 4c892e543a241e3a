/**
 * Images in the chat session: pending images added (checked, capped), sent with the message and kept with it in the
 * history (surviving a new session over the same storage); a message whose picked tier or model takes no images is
 * not sent, its text handed back and its images kept, with the frontier tier offered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Conversation, UserTurn } from '../../../src/core/chat/conversation';
import { HistoryStore } from '../../../src/core/chat/historyStore';
import type { HostMessage } from '../../../src/core/chat/messages';
import { ChatSession } from '../../../src/core/chat/session';
import type { ChatBackend } from '../../../src/core/types';
import type { AgentBackend } from '../../../src/core/chat/agentSession';
import { FakeBackend, ids, MemoryStorage, streams } from './fakes';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]).toString('base64');

class VisionBackend extends FakeBackend {
  constructor(private readonly cheapVision: boolean) {
    super(streams(['It shows a stack trace.'], 'frontier'));
  }
  override models(): ReturnType<ChatBackend['models']> {
    return [
      { name: 'local', tier: 'cheap', model: 'qwen2.5-coder:7b', endpoint: 'ollama', vision: this.cheapVision },
      { name: 'sonnet', tier: 'frontier', model: 'claude-sonnet-5', endpoint: 'anthropic', vision: true },
    ];
  }
}

function setup(cheapVision = false, storage = new MemoryStorage()) {
  const backend = new VisionBackend(cheapVision);
  const store = new HistoryStore(storage, { newId: ids('c'), now: Date.now, throttleMs: 10 });
  const session = new ChatSession({ backend, store, newId: ids('t'), now: Date.now, log: () => undefined });
  const posted: HostMessage[] = [];
  session.connect((m) => posted.push(m));
  return { backend, store, session, posted, storage };
}

const of = <T extends HostMessage['type']>(posted: HostMessage[], type: T) =>
  posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);

test('a pasted image goes with the message to the backend, is stored with the turn, and survives a new session', async () => {
  const storage = new MemoryStorage();
  const t = setup(false, storage);
  assert.equal(await t.session.addImage({ name: 'shot.png', mimeType: 'image/png', data: PNG }), true);
  assert.deepEqual(
    of(t.posted, 'images')
      .at(-1)
      ?.images.map((i) => [i.name, i.bytes]),
    [['shot.png', 12]],
  );
  await t.session.send('What is in this screenshot?', 'auto');
  const req = t.backend.requests[0];
  assert.deepEqual(req.messages.at(-1)?.images, [{ mimeType: 'image/png', data: PNG }]);
  assert.deepEqual(of(t.posted, 'images').at(-1)?.images, [], 'the pending images are cleared once sent');
  assert.equal(t.session.images().length, 0);
  // A new session over the same storage (a window reload): the image is still on the turn, and goes with a follow-up.
  const again = setup(false, storage);
  const c: Conversation = await again.store.active();
  const user = c.turns[0] as UserTurn;
  assert.deepEqual(
    user.images?.map((i) => [i.name, i.mimeType, i.data]),
    [['shot.png', 'image/png', PNG]],
  );
  await again.session.send('And how do I fix it?', 'auto');
  assert.deepEqual(again.backend.requests[0].messages[0].images, [{ mimeType: 'image/png', data: PNG }]);
});

test('an image-only message can be sent; its title comes from the image name', async () => {
  const t = setup();
  await t.session.addImage({ name: 'diagram.png', mimeType: 'image/png', data: PNG });
  await t.session.send('', 'frontier');
  assert.equal(t.backend.requests.length, 1);
  assert.equal((await t.store.active()).title, 'About diagram.png');
});

test('the picked tier takes no images: nothing is sent or stored, the text comes back, the frontier tier is offered', async () => {
  const t = setup(false);
  await t.session.addImage({ name: 'shot.png', mimeType: 'image/png', data: PNG });
  await t.session.send('What is this?', 'cheap');
  assert.equal(t.backend.requests.length, 0, 'nothing sent');
  assert.equal((await t.store.active()).turns.length, 0, 'nothing stored');
  const refused = of(t.posted, 'imagesRefused');
  assert.equal(refused.length, 1);
  assert.equal(refused[0].text, 'What is this?');
  assert.equal(refused[0].offer, 'frontier');
  assert.match(
    refused[0].message,
    /Your message has images, and Cheap has no model that takes images: nothing was sent\. Send it with the frontier tier/,
  );
  assert.equal(t.session.images().length, 1, 'the image is still pending');
  // The offer's button sends it again with Frontier.
  await t.session.send('What is this?', 'frontier');
  assert.equal(t.backend.requests.length, 1);
  assert.equal(t.backend.requests[0].override, 'frontier');
});

test('a picked model without images is refused; with vision on the cheap model the cheap tier is fine', async () => {
  const t = setup(false);
  await t.session.addImage({ name: 'a.png', mimeType: 'image/png', data: PNG });
  await t.session.send('?', 'model:local');
  assert.match(of(t.posted, 'imagesRefused')[0]?.message ?? '', /local \(cheap\) does not take images/);
  const v = setup(true);
  await v.session.addImage({ name: 'a.png', mimeType: 'image/png', data: PNG });
  await v.session.send('?', 'cheap');
  assert.equal(v.backend.requests.length, 1);
  assert.equal(of(v.posted, 'imagesRefused').length, 0);
});

test('agent mode takes no images: told so, nothing sent, the image kept', async () => {
  const backend = new VisionBackend(true);
  const store = new HistoryStore(new MemoryStorage(), { newId: ids('c'), now: Date.now, throttleMs: 10 });
  const runs: unknown[] = [];
  const agent: AgentBackend = {
    run: async (req) => {
      runs.push(req);
      throw new Error('not expected');
    },
    tools: () => [],
    limits: () => ({ maxSteps: 5 }) as ReturnType<AgentBackend['limits']>,
  };
  const session = new ChatSession({ backend, agent, store, newId: ids('t'), now: Date.now, log: () => undefined });
  const posted: HostMessage[] = [];
  session.connect((m) => posted.push(m));
  await session.addImage({ name: 'a.png', mimeType: 'image/png', data: PNG });
  await session.send('fix it', 'auto', 'agent');
  assert.equal(runs.length, 0);
  assert.match(of(posted, 'imagesRefused')[0]?.message ?? '', /Images go with Ask messages only/);
  assert.equal(session.images().length, 1);
});

test('refused images: a mismatched type, and the per-message cap', async () => {
  const t = setup();
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64');
  assert.equal(await t.session.addImage({ name: 'fake.png', mimeType: 'image/png', data: jpeg }), false);
  assert.match(of(t.posted, 'notice').at(-1)?.text ?? '', /fake\.png: the data is a JPEG, not image\/png/);
  for (let i = 0; i < 5; i++) assert.ok(await t.session.addImage({ name: `${i}.png`, mimeType: 'image/png', data: PNG }));
  assert.equal(await t.session.addImage({ name: 'six.png', mimeType: 'image/png', data: PNG }), false);
  assert.match(of(t.posted, 'notice').at(-1)?.text ?? '', /six\.png was not added: A message can carry at most 5 images/);
  t.session.removeImage(t.session.images()[0].id);
  assert.equal(t.session.images().length, 4);
});
