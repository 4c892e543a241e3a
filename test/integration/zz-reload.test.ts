import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './ui';
import { EMPTY_CONVERSATION, eventually, useFakeProvider } from './setup';

/** Runs last (file order): a conversation and an unsent draft, then a real window reload (see index.ts). */
const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const REPLY = '[data-testid="reply"]';

describe('chat panel before reload', function () {
  this.timeout(180_000);

  it('keeps the conversation for after a window reload', async () => {
    const { fake } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
    await ui.click('[data-testid="new-chat"]', W);
    await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
    fake.setDefault({ text: 'Remember the walrus.' });
    await ui.fill(INPUT, 'a message to find after reload', W);
    await ui.click('[data-testid="send"]', W);
    await ui.waitFor(REPLY, { frame: W, text: 'Remember the walrus.' }).catch(async (err: unknown) => {
      await ui.screenshot('reload-reply-missing');
      throw err;
    });
    await eventually(async () => (await ui.query(REPLY, W)).pop()?.attrs['data-status'] === 'done', 'the reply');
    // A draft typed but not sent must survive the reload too.
    await ui.fill(INPUT, 'unsent draft text', W);
    await new Promise((r) => setTimeout(r, 1000));
  });
});

describe('chat panel after reload @after-reload', function () {
  this.timeout(180_000);

  it('restores the last conversation and the unsent draft', async () => {
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(REPLY, { frame: W, text: 'Remember the walrus.', timeoutMs: 60_000 });
    const user = await ui.query('[data-testid="user-message"]', W);
    assert.ok(user.some((u) => u.text.includes('a message to find after reload')));
    const draft = await ui.eval<string>(`document.querySelector('${INPUT}').value`, W, INPUT);
    assert.equal(draft, 'unsent draft text');
  });
});
