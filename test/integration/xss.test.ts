import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

const W = 'webview' as const;
const REPLY = '[data-testid="reply"]';
const vectors = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../test/data/xss-vectors.json'), 'utf8')) as string[];

/** Anything in the conversation that could run code or load something. */
const DANGEROUS = `(() => {
  const root = document.querySelector('[data-testid="conversation"]');
  const bad = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'form', 'base', 'meta', 'link', 'style', 'input', 'template', 'noscript', 'video', 'source', 'marquee', 'body'].includes(tag)) bad.push(tag);
    for (const a of el.getAttributeNames()) {
      const v = (el.getAttribute(a) || '').replace(/\\s+/g, '').toLowerCase();
      if (a.startsWith('on')) bad.push(tag + '[' + a + ']');
      if (['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'srcdoc'].includes(a) && /^(javascript|data:text\\/html|vbscript)/.test(v)) bad.push(tag + '[' + a + '=' + v.slice(0, 20) + ']');
      if (a === 'style') bad.push(tag + '[style]');
    }
  }
  return bad;
})()`;

describe('XSS corpus in the real chat webview', function () {
  this.timeout(300_000);

  it(`renders all ${vectors.length} vectors as inert content`, async () => {
    assert.ok(vectors.length >= 30, 'at least 30 vectors');
    const { fake } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor('[data-testid="chat-input"]', { frame: W, timeoutMs: 30_000 });
    await ui.click('[data-testid="new-chat"]', W);
    await eventually(async () => (await ui.query(REPLY, W)).length === 0, 'an empty conversation');
    for (let i = 0; i < vectors.length; i++) {
      // The default script, not a queued one: whatever request comes next (this one) gets this vector.
      fake.setDefault({ chunks: [`Vector ${i}: `, ...vectors[i].match(/[\s\S]{1,7}/g)!, '\n\nend.'] });
      await ui.fill('[data-testid="chat-input"]', `show vector ${i}`, W);
      await ui.click('[data-testid="send"]', W);
      await eventually(async () => {
        const all = await ui.query(REPLY, W);
        return all.length === i + 1 && all[i].attrs['data-status'] === 'done';
      }, `reply ${i} to finish`).catch(async (err: unknown) => {
        await ui.screenshot(`xss-reply-${i}-not-done`);
        throw err;
      });
      const ran = await ui.eval<unknown>('window.__xss ?? null', W, REPLY);
      assert.equal(ran, null, `vector ${i} ran: ${vectors[i]}`);
    }
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await ui.eval<unknown>('window.__xss ?? null', W, REPLY), null, 'nothing ran later either');
    const dangerous = await ui.eval<string[]>(DANGEROUS, W, REPLY);
    assert.deepEqual(dangerous, [], 'no active markup survived sanitizing');
    console.log(`XSS corpus: ${vectors.length} vectors tried, 0 executed, 0 active elements or attributes left`);
  });
});
