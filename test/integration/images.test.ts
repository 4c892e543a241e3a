import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from './ui';
import { EMPTY_CONVERSATION, eventually, useFakeProvider } from './setup';

/**
 * Images in the real chat panel: pasted into the webview (a ClipboardEvent carrying a PNG file, as a screenshot from the
 * OS clipboard), sent with Auto to the tier that has an image model, received by the fake in OpenAI's wire format; the
 * cheap tier without one says so before sending and offers Frontier; the look of the panel in dark, light and
 * high-contrast themes, as screenshots in test-results/. zzzz-images-reload.test.ts checks the image after a reload.
 */
const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const SEND = '[data-testid="send"]';
const REPLY = '[data-testid="reply"]';
const CHIP = '[data-testid="image-chip"]';
/** A 4×4 red PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGO4YGAARwzEcQD4QxMBrujpGwAAAABJRU5ErkJggg==';
export const IMAGE_CHAT_TITLE = 'what is in this screenshot';

type Body = { messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] }[] };

async function newChat(): Promise<void> {
  await ui.click('[data-testid="new-chat"]', W);
  await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
}

async function paste(name: string): Promise<void> {
  await ui.eval(
    `(() => {
      const bytes = Uint8Array.from(atob('${PNG}'), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], '${name}', { type: 'image/png' }));
      document.querySelector('${INPUT}').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
      return true;
    })()`,
    W,
    INPUT,
  );
  await ui.waitFor(CHIP, { frame: W, text: name });
}

async function pick(choice: string): Promise<void> {
  await ui.eval(
    `(() => { const p = document.querySelector('[data-testid="model-picker"]'); p.value = '${choice}';
      p.dispatchEvent(new Event('change')); return p.value; })()`,
    W,
    INPUT,
  );
}

async function lastReply(): Promise<{ text: string; attrs: Record<string, string> }> {
  const all = await ui.query(REPLY, W);
  return all[all.length - 1];
}

/** The image parts of the last user message the fake received (OpenAI's wire: image_url with a data URL). */
function sentImages(body: Body): string[] {
  const user = body.messages.filter((m) => m.role === 'user').pop();
  return Array.isArray(user?.content) ? user.content.filter((p) => p.type === 'image_url').map((p) => p.image_url?.url ?? '') : [];
}

describe('images in the chat (real webview)', function () {
  this.timeout(180_000);
  let models: unknown;

  before(async () => {
    await useFakeProvider();
    const config = vscode.workspace.getConfiguration('gearshift');
    models = config.get('models');
    // The cheap model takes no images here (its catalog entry would say it does): only frontier may get them.
    await config.update(
      'models',
      { fast: { endpoint: 'fake', model: 'gpt-5-mini', fim: true, vision: false }, smart: { endpoint: 'fake', model: 'claude-sonnet-5' } },
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
  });

  after(async () => {
    await pick('auto');
    await vscode.workspace.getConfiguration('gearshift').update('models', models, vscode.ConfigurationTarget.Global);
  });

  it('a pasted image goes with Auto to the frontier model, in the wire format, and shows on the turn', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    await pick('auto');
    await paste('screenshot.png');
    fake.script({ text: 'A red square.' });
    const before = fake.requests.length;
    await ui.fill(INPUT, IMAGE_CHAT_TITLE, W);
    await ui.click(SEND, W);
    await ui.waitFor(REPLY, { frame: W, text: 'A red square.' });
    await eventually(async () => (await lastReply())?.attrs['data-status'] === 'done', 'the reply');
    assert.equal(fake.requests.length, before + 1);
    const body = fake.requests[fake.requests.length - 1].body as Body & { model: string };
    assert.equal(body.model, 'claude-sonnet-5', 'the model that takes images answered');
    assert.deepEqual(sentImages(body), [`data:image/png;base64,${PNG}`]);
    const reply = await lastReply();
    assert.equal(reply.attrs['data-tier'], 'frontier');
    const [reason] = await ui.query(`${REPLY}:last-of-type [data-testid="reply-reason"]`, W);
    assert.match(reason.text, /image attached → frontier/);
    await ui.waitFor('[data-testid="user-message"] [data-testid="turn-image"]', { frame: W });
    assert.equal((await ui.query(CHIP, W)).length, 0, 'no pending image left');
  });

  it('with the cheap tier picked the panel says it takes no images, keeps the message, and sends it with Frontier', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    await pick('cheap');
    await paste('photo.png');
    const before = fake.requests.length;
    await ui.fill(INPUT, 'and this one?', W);
    await ui.click(SEND, W);
    const [notice] = await ui.waitFor('[data-testid="notice"]', { frame: W, text: 'takes images' });
    assert.match(notice.text, /Cheap has no model that takes images: nothing was sent/);
    assert.equal(fake.requests.length, before, 'nothing went to the cheap model');
    assert.equal(await ui.eval<string>(`document.querySelector('${INPUT}').value`, W, INPUT), 'and this one?', 'the text is kept');
    assert.equal((await ui.query(CHIP, W)).length, 1, 'the image is kept');
    fake.script({ text: 'Another red square.' });
    await ui.click('[data-testid="images-offer"]', W);
    await ui.waitFor(REPLY, { frame: W, text: 'Another red square.' });
    const body = fake.requests[fake.requests.length - 1].body as Body & { model: string };
    assert.equal(body.model, 'claude-sonnet-5');
    assert.deepEqual(sentImages(body), [`data:image/png;base64,${PNG}`]);
    const picked = await ui.eval<string>(`document.querySelector('[data-testid="model-picker"]').value`, W, INPUT);
    assert.equal(picked, 'frontier', 'the picker switched to Frontier');
  });

  it('saves screenshots of the panel in dark, light and high-contrast themes', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    await pick('auto');
    const root = process.env.GEARSHIFT_WORKSPACE as string;
    const doc = await vscode.workspace.openTextDocument(path.join(root, 'src/math.ts'));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    fake.script({
      text:
        'It adds two numbers. A version that also accepts strings:\n\n```ts\n' +
        'export function add(a: number | string, b: number): number {\n  return Number(a) + b;\n}\n```\n\nCall it as `add("2", 3)`.',
    });
    await vscode.commands.executeCommand('gearshift.chat.askSelection');
    await ui.waitFor('[data-testid="attachment"]', { frame: W, text: 'math.ts' });
    await ui.fill(INPUT, 'what does this do, and can it take strings?', W);
    await ui.click(SEND, W);
    await eventually(async () => (await lastReply())?.attrs['data-status'] === 'done', 'the reply');
    // The composer with chips pending: the file and a pasted image; the reason opened to its full text.
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.click('[data-testid="attach-file"]', W);
    await ui.waitFor('[data-testid="attachment"]', { frame: W, text: 'math.ts' });
    await paste('screenshot.png');
    // Room for the panel: VS Code's own chat (the secondary side bar) closed, the side bar wider.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    for (let i = 0; i < 8; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.click(`${REPLY}:last-of-type [data-testid="reply-reason"] summary`, W);
    await ui.fill(INPUT, 'now with this screenshot', W);
    const config = vscode.workspace.getConfiguration('workbench');
    const shots: string[] = [];
    for (const [theme, name, bodyClass] of [
      ['Default Dark Modern', 'chat-look-dark', 'vscode-dark'],
      ['Default Light Modern', 'chat-look-light', 'vscode-light'],
      ['Default High Contrast', 'chat-look-high-contrast', 'vscode-high-contrast'],
    ]) {
      await config.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      // VS Code marks the webview's body with the theme's kind when it hands it the theme's colours.
      await eventually(() => ui.eval<boolean>(`document.body.classList.contains('${bodyClass}')`, W, INPUT), `the ${theme} theme`);
      await ui.eval('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))', W, INPUT);
      await ui.eval('getSelection()?.removeAllRanges() ?? true', W, INPUT);
      shots.push((await ui.screenshot(name)).path);
    }
    await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    for (const shot of shots) assert.ok(fs.statSync(shot).size > 10_000, `${path.basename(shot)} was written`);
    // Leave nothing pending for the next tests (each click waits for the host's update before the next).
    for (const sel of ['[data-testid="remove-image"]', '[data-testid="remove-attachment"]']) {
      await eventually(async () => {
        if ((await ui.query(sel, W)).length === 0) return true;
        await ui.click(sel, W).catch(() => undefined);
        return false;
      }, `no ${sel} left`);
    }
    await ui.fill(INPUT, '', W);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
