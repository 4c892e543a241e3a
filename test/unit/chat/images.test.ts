/**
 * Images in the chat: the webview's image messages checked strictly, each image checked on the host (decoded size,
 * bytes against the claimed type), the caps per message, conversation and history, and which picker choices may
 * take images (a model's `vision` setting, else the catalog).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatImage, Conversation } from '../../../src/core/chat/conversation';
import {
  MAX_CONVERSATION_IMAGE_BYTES,
  MAX_HISTORY_IMAGE_BYTES,
  MAX_IMAGE_BASE64,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_MESSAGE,
} from '../../../src/core/chat/imageLimits';
import { checkImage, choiceTakesImages, imageCapProblem, sniffImage, type VisionModel } from '../../../src/core/chat/images';
import { parseWebviewMessage } from '../../../src/core/chat/messages';
import { modelTakesImages } from '../../../src/core/lm/capabilities';

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF_BYTES = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const PNG = PNG_BYTES.toString('base64');
const JPEG = JPEG_BYTES.toString('base64');

test('addImage messages: PNG/JPEG only, strict base64 within the cap, a name without control characters', () => {
  const ok = { type: 'addImage', name: 'shot.png', mimeType: 'image/png', data: PNG };
  const cases: [string, Record<string, unknown>, RegExp | null][] = [
    ['a PNG', ok, null],
    ['a JPEG', { ...ok, mimeType: 'image/jpeg', data: JPEG }, null],
    ['a GIF type', { ...ok, mimeType: 'image/gif' }, /mimeType: expected one of image\/png, image\/jpeg/],
    ['an SVG type', { ...ok, mimeType: 'image/svg+xml' }, /mimeType/],
    ['base64 with a space', { ...ok, data: 'iVBO Rw0K' }, /data: is not base64/],
    ['a data: URL instead of base64', { ...ok, data: `data:image/png;base64,${PNG}` }, /data: is not base64/],
    ['base64 with bad padding', { ...ok, data: 'iVBORw0KG=' }, /data: is not base64/],
    ['base64 padded in the middle', { ...ok, data: 'iV==Rw0K' }, /data: is not base64/],
    ['base64url', { ...ok, data: 'iVBO-w0_' }, /data: is not base64/],
    ['the largest accepted', { ...ok, data: 'A'.repeat(MAX_IMAGE_BASE64) }, null],
    ['too long', { ...ok, data: 'A'.repeat(MAX_IMAGE_BASE64 + 4) }, /data: longer than/],
    ['a name with a newline', { ...ok, name: 'a\nb.png' }, /name: has characters/],
    ['an extra field', { ...ok, bytes: 12 }, /unexpected field "bytes"/],
    ['no data', { type: 'addImage', name: 'x', mimeType: 'image/png' }, /data: expected a string/],
  ];
  for (const [what, msg, error] of cases) {
    const parsed = parseWebviewMessage(msg);
    if (error === null) assert.ok(parsed.ok, `${what}: ${parsed.ok ? '' : parsed.error}`);
    else assert.match(parsed.ok ? 'accepted' : parsed.error, error, what);
  }
  assert.ok(parseWebviewMessage({ type: 'removeImage', id: 'img-1' }).ok);
  assert.ok(!parseWebviewMessage({ type: 'removeImage', id: '../x' }).ok);
  assert.ok(parseWebviewMessage({ type: 'dropFile', uri: 'file:///work/a%20b.png' }).ok);
  assert.ok(!parseWebviewMessage({ type: 'dropFile', uri: 'file:///a.png\nfile:///b.png' }).ok, 'one URI per message');
  assert.ok(!parseWebviewMessage({ type: 'dropFile', uri: '/etc/passwd' }).ok, 'a URI, not a path');
});

test('each image is checked on the host: decoded size, and its bytes must be the type it claims', () => {
  assert.deepEqual(checkImage({ name: 'a.png', mimeType: 'image/png', data: PNG }, 'i1'), {
    ok: true,
    image: { id: 'i1', name: 'a.png', mimeType: 'image/png', data: PNG, bytes: PNG_BYTES.length },
  });
  const refused = (input: Parameters<typeof checkImage>[0]): string => {
    const r = checkImage(input, 'i');
    assert.ok(!r.ok);
    return r.message;
  };
  assert.match(refused({ name: 'a.png', mimeType: 'image/png', data: JPEG }), /a\.png: the data is a JPEG, not image\/png/);
  assert.match(refused({ name: 'a.gif', mimeType: 'image/png', data: GIF_BYTES.toString('base64') }), /a GIF, not image\/png/);
  assert.match(refused({ name: 'x', mimeType: 'image/jpeg', data: Buffer.from('hello').toString('base64') }), /not an image/);
  assert.match(refused({ name: 'x', mimeType: 'image/png', data: '' }), /empty/);
  const big = Buffer.alloc(MAX_IMAGE_BYTES + 1);
  PNG_BYTES.copy(big);
  assert.match(
    refused({ name: 'big.png', mimeType: 'image/png', data: big.toString('base64') }),
    /big\.png is 3\.75 MB; images can be at most 3\.75 MB/,
  );
  const exact = Buffer.alloc(MAX_IMAGE_BYTES);
  PNG_BYTES.copy(exact);
  assert.ok(checkImage({ name: 'edge.png', mimeType: 'image/png', data: exact.toString('base64') }, 'i').ok, 'exactly the cap is accepted');
  assert.equal((checkImage({ name: '\u0007', mimeType: 'image/png', data: PNG }, 'i') as { image: ChatImage }).image.name, 'pasted image');
});

test('file types are told by their first bytes', () => {
  assert.equal(sniffImage(PNG_BYTES), 'image/png');
  assert.equal(sniffImage(JPEG_BYTES), 'image/jpeg');
  assert.equal(sniffImage(GIF_BYTES), 'image/gif');
  assert.equal(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1')), 'image/webp');
  assert.equal(sniffImage(Buffer.from('BM\0\0', 'latin1')), 'image/bmp');
  assert.equal(sniffImage(Buffer.from('<svg xmlns=', 'latin1')), undefined);
  assert.equal(sniffImage(new Uint8Array()), undefined);
});

function conv(id: string, imageBytes: number[]): Conversation {
  return {
    id,
    title: id,
    createdAt: 0,
    updatedAt: 0,
    draft: '',
    turns: imageBytes.map((bytes, i) => ({
      id: `${id}-u${i}`,
      role: 'user' as const,
      content: 'look',
      attachments: [],
      model: 'auto' as const,
      createdAt: 0,
      images: [{ id: `${id}-i${i}`, name: 'x.png', mimeType: 'image/png' as const, data: '', bytes }],
    })),
  };
}

test('caps: images per message, bytes per conversation, bytes over the whole history', () => {
  const one = [{ bytes: 1_000_000 }];
  const empty = conv('a', []);
  assert.equal(imageCapProblem(one, [], empty, [empty]), undefined);
  const full = Array.from({ length: MAX_IMAGES_PER_MESSAGE }, () => ({ bytes: 10 }));
  assert.match(imageCapProblem(one, full, empty, [empty]) ?? '', /at most 5 images/);
  const heavy = conv('a', [3_000_000, 3_000_000, 3_000_000]);
  assert.match(imageCapProblem(one, [{ bytes: 100_000 }], heavy, [heavy]) ?? '', /conversation's images would pass 10 MB.*new chat/);
  assert.equal(
    imageCapProblem([{ bytes: MAX_CONVERSATION_IMAGE_BYTES - 9_000_000 }], [], heavy, [heavy]),
    undefined,
    'exactly the cap fits',
  );
  const others = Array.from({ length: 4 }, (_, i) => conv(`o${i}`, [3_500_000, 3_500_000, 2_500_000]));
  const active = conv('a', []);
  assert.ok(others.reduce((n, c) => n + c.turns.length, 0) > 0);
  const stored = 4 * 9_500_000;
  assert.ok(stored + 2_500_000 > MAX_HISTORY_IMAGE_BYTES);
  assert.match(
    imageCapProblem([{ bytes: 2_500_000 }], [], active, [active, ...others]) ?? '',
    /history's images would pass 40 MB.*delete older/,
  );
  assert.equal(imageCapProblem([{ bytes: 1_000_000 }], [], active, [active, ...others]), undefined);
});

test('which models take images: their vision setting, else the catalog of model families', () => {
  const cases: [string, { model: string; vision?: boolean }, boolean][] = [
    ['GPT-5 from the catalog', { model: 'gpt-5.6-luna' }, true],
    ['Claude from the catalog', { model: 'claude-sonnet-5' }, true],
    ['Claude on Bedrock from the catalog', { model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' }, true],
    ['a local coder model', { model: 'qwen2.5-coder:7b' }, false],
    ['a local model set to vision: true', { model: 'llava:13b', vision: true }, true],
    ['a catalog vision model set to vision: false', { model: 'gpt-5-mini', vision: false }, false],
  ];
  for (const [what, m, expected] of cases) assert.equal(modelTakesImages(m), expected, what);
});

test('which picker choices can take a message with images', () => {
  const models: VisionModel[] = [
    { name: 'local', tier: 'cheap', vision: false },
    { name: 'sonnet', tier: 'frontier', vision: true },
    { name: 'llava', tier: undefined, vision: true },
  ];
  const cases: [Parameters<typeof choiceTakesImages>[0], VisionModel[], boolean][] = [
    ['auto', models, true],
    ['cheap', models, false],
    ['frontier', models, true],
    ['model:sonnet', models, true],
    ['model:local', models, false],
    ['model:llava', models, true],
    ['model:missing', models, false],
    [
      'auto',
      [
        { name: 'local', tier: 'cheap', vision: false },
        { name: 'llava', tier: undefined, vision: true },
      ],
      false,
    ],
    ['cheap', [{ name: 'mini', tier: 'cheap', vision: true }], true],
  ];
  for (const [choice, list, expected] of cases)
    assert.equal(choiceTakesImages(choice, list), expected, `${choice} over ${list.map((m) => m.name)}`);
});
