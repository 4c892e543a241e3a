/**
 * A chat message with an image, from the conversation to the wire: messagesFor keeps the user turn's images (earlier
 * turns' too), the gateway's withAttachments keeps them while it puts the attachments in front of the text, and each
 * provider's real SDK sends them in its own format to its fake: OpenAI an image_url data URL, Anthropic a base64
 * image block, Bedrock the image bytes.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { messagesFor, type Conversation, type UserTurn } from '../../../src/core/chat/conversation';
import { withAttachments } from '../../../src/core/gateway/prompt';
import type { Provider } from '../../../src/core/providers';
import type { FakeServer } from '../../fakes';
import { KITS } from './kits';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8M' +
  'CgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=';

function turn(id: string, content: string, images: UserTurn['images']): UserTurn {
  return { id, role: 'user', content, attachments: [], model: 'auto', createdAt: 0, ...(images && { images }) };
}

const CONVERSATION: Conversation = {
  id: 'c',
  title: 't',
  createdAt: 0,
  updatedAt: 0,
  draft: '',
  turns: [
    turn('u1', 'What does this screenshot show?', [{ id: 'i1', name: 'shot.png', mimeType: 'image/png', data: PNG, bytes: 70 }]),
    { id: 'r1', role: 'assistant', content: 'A failing test.', status: 'done', createdAt: 0, meta: { fallbacks: [] } },
    turn('u2', 'And this photo of the whiteboard?', [{ id: 'i2', name: 'board.jpg', mimeType: 'image/jpeg', data: JPEG, bytes: 160 }]),
  ],
};
const ATTACHMENT = { path: 'src/a.ts', label: 'src/a.ts', language: 'typescript', text: 'export const a = 1;' };

test('messagesFor sends each user turn with its images (mime type and base64 only); an agent task gets the text only', () => {
  const m = messagesFor(CONVERSATION, 2);
  assert.deepEqual(m[0].images, [{ mimeType: 'image/png', data: PNG }]);
  assert.deepEqual(m[2].images, [{ mimeType: 'image/jpeg', data: JPEG }]);
  assert.equal(m[2].content, 'And this photo of the whiteboard?');
  const agent = messagesFor(CONVERSATION, 2, { agent: true });
  assert.ok(
    agent.every((x) => x.images === undefined),
    'an agent task is sent no images',
  );
});

test("withAttachments puts the attachments before the last user message's text and keeps its images", () => {
  const out = withAttachments(messagesFor(CONVERSATION, 2), [ATTACHMENT]);
  assert.match(out[2].content, /^src\/a\.ts:\n```typescript\nexport const a = 1;\n```\n\nAnd this photo/);
  assert.deepEqual(out[2].images, [{ mimeType: 'image/jpeg', data: JPEG }]);
  assert.deepEqual(out[0].images, [{ mimeType: 'image/png', data: PNG }]);
});

/** The user messages' image parts as each provider's wire has them. */
const WIRE: Record<string, (body: Record<string, unknown>) => unknown[]> = {
  openai: (b) =>
    (b.messages as { role: string; content: unknown }[])
      .filter((m) => m.role === 'user' && Array.isArray(m.content))
      .flatMap((m) => (m.content as { type: string }[]).filter((p) => p.type === 'image_url')),
  anthropic: (b) =>
    (b.messages as { role: string; content: unknown }[])
      .filter((m) => m.role === 'user' && Array.isArray(m.content))
      .flatMap((m) => (m.content as { type: string }[]).filter((p) => p.type === 'image'))
      .map((p) => ({ ...p, cache_control: undefined })),
  bedrock: (b) =>
    (b.messages as { role: string; content: { image?: unknown }[] }[])
      .filter((m) => m.role === 'user')
      .flatMap((m) => m.content.filter((p) => p.image)),
};
const EXPECTED: Record<string, unknown[]> = {
  openai: [
    { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
    { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${JPEG}` } },
  ],
  anthropic: [
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG }, cache_control: undefined },
    { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: JPEG }, cache_control: undefined },
  ],
  bedrock: [{ image: { format: 'png', source: { bytes: PNG } } }, { image: { format: 'jpeg', source: { bytes: JPEG } } }],
};

for (const kit of KITS) {
  describe(`${kit.name}: chat images on the wire`, () => {
    let fake: FakeServer;
    let provider: Provider;
    before(async () => {
      fake = await kit.start();
      provider = kit.provider(fake);
    });
    after(() => fake.close());
    beforeEach(() => fake.reset());

    test('both turns\u2019 images reach the fake in the provider\u2019s own format, the text beside them', async () => {
      fake.script({ text: 'A whiteboard with a sequence diagram.' });
      const messages = withAttachments(messagesFor(CONVERSATION, 2), [ATTACHMENT]);
      const r = await provider.chat({ model: kit.model, messages });
      assert.equal(r.text, 'A whiteboard with a sequence diagram.');
      const body = fake.bodies()[0] as Record<string, unknown>;
      assert.deepEqual(WIRE[kit.name](body), EXPECTED[kit.name]);
      const sent = JSON.stringify(body);
      assert.ok(
        sent.includes('And this photo of the whiteboard?') && sent.includes('export const a = 1;'),
        'the text and attachment went too',
      );
    });
  });
}
