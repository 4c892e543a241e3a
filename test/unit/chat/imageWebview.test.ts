/**
 * Images in the real chat webview bundle, in a real Chromium under the page's CSP: a pasted PNG is posted as it is, a
 * dropped GIF is converted to PNG through a canvas, an image over the side limit is scaled down; pending images show
 * as thumbnail chips that can be removed; a refused message gets its text back and a button that sends it with the
 * frontier tier. Skipped when no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Conversation } from '../../../src/core/chat/conversation';
import { MAX_IMAGE_SIDE } from '../../../src/core/chat/imageLimits';
import type { HostMessage } from '../../../src/core/chat/messages';
import { open, posted, send, skip } from './chromePage';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const GIF_1x1 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const conversation: Conversation = { id: 'c1', title: 'Chat', createdAt: 1, updatedAt: 1, turns: [], draft: '' };
const init: HostMessage = {
  type: 'init',
  conversation,
  history: [],
  models: [
    { choice: 'auto', label: 'Auto (routed)' },
    { choice: 'cheap', label: 'Cheap' },
    { choice: 'frontier', label: 'Frontier' },
  ],
  model: 'cheap',
  attachments: [],
};

type Added = { type: 'addImage'; name: string; mimeType: string; data: string };

async function addedImages(page: Page, n: number): Promise<Added[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = (await posted(page)).filter((m) => m.type === 'addImage') as unknown as Added[];
    if (got.length >= n || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Decodes base64 image data in the page (as an <img>, which the CSP allows for data: URLs): its size in pixels. */
function size(page: Page, img: Added): Promise<{ w: number; h: number }> {
  return page.evaluate(async (i) => {
    const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const el = g.document.createElement('img');
    el.src = `data:${i.mimeType};base64,${i.data}`;
    await el.decode();
    return { w: el.naturalWidth as number, h: el.naturalHeight as number };
  }, img);
}

test('paste a PNG, drop a GIF, paste an oversized image: what reaches the host', { skip }, async () => {
  const page = await open(false);
  await send(page, init);
  // Paste: a ClipboardEvent carrying a PNG file, as the OS clipboard gives a screenshot.
  await page.evaluate((data) => {
    const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const bytes = Uint8Array.from(g.atob(data), (c: string) => c.charCodeAt(0));
    const dt = new g.DataTransfer();
    dt.items.add(new g.File([bytes], 'image.png', { type: 'image/png' }));
    g.document
      .querySelector('[data-testid="chat-input"]')
      .dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
  }, PNG_1x1);
  const [png] = await addedImages(page, 1);
  assert.deepEqual(png, { type: 'addImage', name: 'image.png', mimeType: 'image/png', data: PNG_1x1 }, 'a PNG that fits goes as it is');
  // Drop: a GIF file from the OS is converted to PNG in a canvas.
  await page.evaluate((data) => {
    const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const bytes = Uint8Array.from(g.atob(data), (c: string) => c.charCodeAt(0));
    const dt = new g.DataTransfer();
    dt.items.add(new g.File([bytes], 'anim.gif', { type: 'image/gif' }));
    g.document.body.dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, GIF_1x1);
  const [, gif] = await addedImages(page, 2);
  assert.equal(gif.name, 'anim.gif');
  assert.equal(gif.mimeType, 'image/png');
  assert.equal(Buffer.from(gif.data, 'base64').subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual(await size(page, gif), { w: 1, h: 1 });
  // A wide screenshot is scaled to the side limit, keeping its aspect ratio.
  await page.evaluate(async () => {
    const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const canvas = g.document.createElement('canvas');
    canvas.width = 3000;
    canvas.height = 1000;
    canvas.getContext('2d').fillRect(0, 0, 10, 10);
    const blob: Blob = await new Promise((r) => canvas.toBlob(r, 'image/png'));
    const dt = new g.DataTransfer();
    dt.items.add(new g.File([blob], 'wide.png', { type: 'image/png' }));
    g.document.body.dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
  });
  const [, , wide] = await addedImages(page, 3);
  assert.deepEqual(await size(page, wide), { w: MAX_IMAGE_SIDE, h: Math.round((1000 * MAX_IMAGE_SIDE) / 3000) });
  // Text on the clipboard pastes as text: nothing is posted.
  await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const dt = new g.DataTransfer();
    dt.setData('text/plain', 'hello');
    g.document
      .querySelector('[data-testid="chat-input"]')
      .dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
  });
  assert.equal((await addedImages(page, 3)).length, 3);
  // Files dragged from VS Code's explorer arrive as URIs: the host is asked to read them.
  await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const dt = new g.DataTransfer();
    dt.setData('text/uri-list', 'file:///work/ws/diagram.webp\r\nfile:///work/ws/b.png');
    g.document.body.dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  const drops = (await posted(page)).filter((m) => m.type === 'dropFile');
  assert.deepEqual(drops, [
    { type: 'dropFile', uri: 'file:///work/ws/diagram.webp' },
    { type: 'dropFile', uri: 'file:///work/ws/b.png' },
  ]);
  await page.context().close();
});

test('pending images are thumbnail chips under the CSP; the remove button asks the host to drop one', { skip }, async () => {
  const page = await open(false);
  await send(page, init);
  await send(page, {
    type: 'images',
    images: [{ id: 'img1', name: 'shot.png', mimeType: 'image/png', data: PNG_1x1, bytes: 70 }],
  });
  const chip = page.locator('[data-testid="image-chip"]');
  await chip.waitFor();
  assert.equal(await chip.getAttribute('title'), 'shot.png (1 KB)');
  const loaded = await page.waitForFunction(() => {
    const img = (
      globalThis as unknown as { document: { querySelector(s: string): { naturalWidth: number } | null } }
    ).document.querySelector('[data-testid="image-chip"] img');
    return img && img.naturalWidth > 0;
  });
  assert.ok(await loaded.jsonValue(), 'the data: thumbnail loads under the CSP');
  assert.equal(await page.locator('[data-testid="remove-image"]').getAttribute('aria-label'), 'Remove shot.png');
  await page.click('[data-testid="remove-image"]');
  assert.deepEqual(
    (await posted(page)).filter((m) => m.type === 'removeImage'),
    [{ type: 'removeImage', id: 'img1' }],
  );
  await page.context().close();
});

test('a refused message: its text comes back, and the offer switches the picker to Frontier and sends', { skip }, async () => {
  const page = await open(false);
  await send(page, init);
  await page.fill('[data-testid="chat-input"]', 'what is in this screenshot?');
  await page.click('[data-testid="send"]');
  assert.equal(await page.inputValue('[data-testid="chat-input"]'), '', 'cleared on send');
  await send(page, {
    type: 'imagesRefused',
    text: 'what is in this screenshot?',
    message: 'Your message has images, and Cheap has no model that takes images: nothing was sent.',
    offer: 'frontier',
  });
  await page.locator('[data-testid="images-offer"]').waitFor();
  assert.equal(await page.inputValue('[data-testid="chat-input"]'), 'what is in this screenshot?', 'the text is back');
  assert.match((await page.locator('[data-testid="notice"]').textContent()) ?? '', /Cheap has no model that takes images/);
  assert.match((await page.locator('[data-testid="images-offer"]').textContent()) ?? '', /Send with Frontier/);
  await page.click('[data-testid="images-offer"]');
  const after = (await posted(page)).filter((m) => m.type === 'selectModel' || m.type === 'send');
  assert.deepEqual(after.slice(-2), [
    { type: 'selectModel', model: 'frontier' },
    { type: 'send', text: 'what is in this screenshot?', model: 'frontier', mode: 'ask' },
  ]);
  assert.equal(await page.inputValue('[data-testid="model-picker"]'), 'frontier');
  await page.context().close();
});

test('sent images show on the user turn', { skip }, async () => {
  const page = await open(false);
  await send(page, {
    ...init,
    conversation: {
      ...conversation,
      turns: [
        {
          id: 'u1',
          role: 'user',
          content: 'look',
          attachments: [],
          model: 'auto',
          createdAt: 1,
          images: [{ id: 'i1', name: 'shot.png', mimeType: 'image/png', data: PNG_1x1, bytes: 70 }],
        },
      ],
    },
  } as HostMessage);
  const img = page.locator('[data-testid="user-message"] [data-testid="turn-image"]');
  await img.waitFor();
  assert.equal(await img.getAttribute('alt'), 'shot.png');
  await page.context().close();
});
