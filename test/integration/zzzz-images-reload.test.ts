import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './ui';

/**
 * Runs last in phase 2 (after the window reload, see index.ts): the conversation images.test.ts sent an image in is
 * still in the history, and opening it shows the image on its turn (stored in workspace storage with the conversation).
 */
const W = 'webview' as const;

describe('images after reload @after-reload', function () {
  this.timeout(180_000);

  it('the image sent before the reload is still on its turn', async () => {
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor('[data-testid="chat-input"]', { frame: W, timeoutMs: 60_000 });
    await ui.click('[data-testid="history-toggle"]', W);
    const items = await ui.waitFor('[data-testid="history-open"]', { frame: W, text: 'what is in this screenshot' });
    assert.ok(items.length > 0);
    await ui.click(`[data-testid="history-open"]:has-text("what is in this screenshot")`, W);
    const [img] = await ui.waitFor('[data-testid="user-message"] [data-testid="turn-image"]', { frame: W, timeoutMs: 30_000 });
    assert.equal(img.attrs.alt, 'screenshot.png');
    const loaded = await ui.eval<number>(
      `document.querySelector('[data-testid="turn-image"]').naturalWidth`,
      W,
      '[data-testid="turn-image"]',
    );
    assert.equal(loaded, 4, 'the stored image decodes (4×4 PNG)');
  });
});
