/**
 * The chat webview's @-mention and slash-command popup in a real Chromium (the page's CSP in force): queries carry
 * request ids and older answers are ignored, the keyboard picks and closes without sending or stopping, and the
 * listbox is wired for screen readers. Skipped when no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { HostMessage } from '../../../src/core/chat/messages';
import type { MentionItem } from '../../../src/core/chat/mentions/kinds';
import { open, posted, send, skip } from './chromePage';

const INPUT = '[data-testid="chat-input"]';
const OPTION = '[data-testid="input-menu-option"]';

function init(streamingReplyId?: string): HostMessage {
  return {
    type: 'init',
    conversation: { id: 'c1', title: 'Test', createdAt: 1, updatedAt: 1, turns: [], draft: '' },
    history: [],
    models: [{ choice: 'auto', label: 'Auto' }],
    model: 'auto',
    attachments: [],
    streamingReplyId,
  };
}

async function queries(page: Page): Promise<{ requestId: string; query: string }[]> {
  return (await posted(page)).filter((m) => m.type === 'mentionQuery') as unknown as { requestId: string; query: string }[];
}

async function nextQuery(page: Page, count: number): Promise<{ requestId: string; query: string }> {
  await page.waitForFunction(
    (n) => (globalThis as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'mentionQuery').length >= n,
    count,
  );
  return (await queries(page))[count - 1];
}

const items = (...labels: string[]): MentionItem[] => labels.map((label, i) => ({ id: `m${i + 1}`, group: 'files', label }));

test('@ queries carry request ids; an older answer is ignored; Down + Enter picks without sending', { skip }, async () => {
  const page = await open(false);
  await send(page, init());
  const input = page.locator(INPUT);
  await input.pressSequentially('why @ge');
  const first = await nextQuery(page, 1);
  assert.equal(first.query, 'ge');
  await input.pressSequentially('o');
  const second = await nextQuery(page, 2);
  assert.equal(second.query, 'geo');
  assert.notEqual(first.requestId, second.requestId);
  await send(page, { type: 'mentionResults', requestId: second.requestId, items: items('geometry.ts', 'geo.ts') });
  await page.locator(OPTION).first().waitFor();
  await send(page, { type: 'mentionResults', requestId: first.requestId, items: items('stale.ts') });
  await page.waitForTimeout(50);
  assert.deepEqual(await page.locator(OPTION).allTextContents(), ['geometry.ts', 'geo.ts'], 'the stale answer changed nothing');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('[role="listbox"]').count(), 1);
  await input.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  assert.equal(await page.locator(`#${active}`).textContent(), 'geo.ts');
  assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
  await input.press('Enter');
  const all = await posted(page);
  assert.deepEqual(
    all.filter((m) => m.type === 'mentionPick'),
    [{ type: 'mentionPick', id: 'm2' }],
  );
  assert.ok(!all.some((m) => m.type === 'send'), 'Enter picked; it did not send');
  assert.equal(await input.inputValue(), 'why ', 'the typed @query left the text');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator(OPTION).count(), 0);
  await page.context().close();
});

test('Escape closes the popup and leaves a streaming reply alone; the next Escape stops it; / lists the commands', { skip }, async () => {
  const page = await open(false);
  await send(page, init('r1'));
  const input = page.locator(INPUT);
  await input.pressSequentially('@');
  const q = await nextQuery(page, 1);
  await send(page, { type: 'mentionResults', requestId: q.requestId, items: items('a.ts') });
  await page.locator(OPTION).first().waitFor();
  await input.press('Escape');
  assert.equal(await page.locator(OPTION).count(), 0);
  assert.ok(!(await posted(page)).some((m) => m.type === 'stop'), 'the reply goes on');
  await input.press('Escape');
  assert.ok(
    (await posted(page)).some((m) => m.type === 'stop'),
    'with the popup closed, Escape stops the reply',
  );
  await input.fill('');
  await input.pressSequentially('/t');
  assert.deepEqual(await page.locator(OPTION).allTextContents(), ['/testsWrite unit tests for the selected code']);
  await input.press('Tab');
  assert.equal(await input.inputValue(), '/tests ');
  await page.context().close();
});
