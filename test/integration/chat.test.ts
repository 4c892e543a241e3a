import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatTaskUsd } from '../../src/core/cost/format';
import { ui } from './ui';
import { TEST_KEY } from './keys';
import { eventually, useFakeProvider, EMPTY_CONVERSATION } from './setup';

const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const SEND = '[data-testid="send"]';
const REPLY = '[data-testid="reply"]';

async function openChat(): Promise<void> {
  await vscode.commands.executeCommand('gearshift.chat.focus');
  await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
}

async function newChat(): Promise<void> {
  await ui.click('[data-testid="new-chat"]', W);
  await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
}

async function ask(text: string): Promise<void> {
  await ui.fill(INPUT, text, W);
  await ui.click(SEND, W);
}

async function replies(): Promise<{ text: string; attrs: Record<string, string> }[]> {
  return ui.query(REPLY, W);
}

async function lastReply(): Promise<{ text: string; attrs: Record<string, string> }> {
  const all = await replies();
  return all[all.length - 1];
}

describe('chat panel (real webview)', function () {
  this.timeout(120_000);

  before(async () => {
    await useFakeProvider();
    await openChat();
  });

  it('streams a reply from the fake server with the model badge, tier and cost', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    fake.script({
      chunks: ['Use ', '`list.reverse()`', ' to reverse ', 'in place.'],
      chunkDelayMs: 40,
      usage: { input: 1000, output: 20 },
    });
    await ask('how do i reverse a list in place in python');
    const reply = await eventually(async () => {
      const r = await lastReply();
      return r && r.attrs['data-status'] === 'done' ? r : undefined;
    }, 'the reply to finish');
    assert.match(reply.text, /list\.reverse\(\)/);
    assert.equal(reply.attrs['data-model'], 'fast');
    assert.equal(reply.attrs['data-tier'], 'cheap');
    const [cost] = await ui.query(`${REPLY}:last-of-type [data-testid="reply-cost"]`, W);
    assert.match(cost.text, /\$0\.000/, `cost shown: ${cost.text}`);
    const [reason] = await ui.query(`${REPLY}:last-of-type [data-testid="reply-tier"]`, W);
    assert.match(reason.attrs.title ?? '', /chat/, 'the routing reason is on the tier badge');
    const sent = fake.requests[fake.requests.length - 1].body as { messages: { content: string }[] };
    assert.ok(sent.messages.some((m) => m.content.includes('reverse a list')));
  });

  it('stops mid-stream: the request is aborted and the partial reply stays', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    const closedBefore = fake.closedSockets;
    fake.script({ chunks: Array.from({ length: 60 }, (_, i) => `word${i} `), chunkDelayMs: 150 });
    await ask('why does this deadlock only in prod under load, explain in depth');
    await ui.waitFor(REPLY, { frame: W, text: 'word2' });
    await ui.click('[data-testid="stop"]', W);
    await ui.waitFor('[data-testid="reply-stopped"]', { frame: W });
    await eventually(() => fake.closedSockets > closedBefore, 'the fake server to see the socket close');
    const reply = await lastReply();
    assert.match(reply.text, /word0 word1 word2/);
    assert.doesNotMatch(reply.text, /word59/);
  });

  it('inserts a code block into the active editor', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: '// target\n' });
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    fake.script({ text: 'Here:\n\n```js\nconst answer = 42;\n```\n' });
    await ask('give me a constant named answer');
    await ui.waitFor('[data-testid="insert"]', { frame: W });
    await ui.click('[data-testid="insert"]', W);
    await eventually(() => doc.getText().includes('const answer = 42;'), 'the code block in the editor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('keeps the partial reply and offers Retry when the provider fails mid-stream', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    fake.script({ chunks: ['The cause ', 'is the recursive ', 'RLock', ' because'], fault: 'resetMidStream', faultAfterChunks: 3 });
    await ask('explain the race in this cache');
    await ui.waitFor('[data-testid="reply-error"]', { frame: W });
    const reply = await lastReply();
    assert.match(reply.text, /The cause is the recursive RLock/);
    const user = await ui.query('[data-testid="user-message"]', W);
    assert.match(user[user.length - 1].text, /explain the race in this cache/, 'the user message is kept');
    fake.script({ text: 'Second try works.' });
    await ui.click('[data-testid="retry"]', W);
    await ui.waitFor(REPLY, { frame: W, text: 'Second try works.' });
  });

  it('shows a rejected key as a clear error, and the key reaches neither the panel nor the log', async () => {
    const { fake, api } = await useFakeProvider();
    await newChat();
    // The fake's 401 body echoes the caller's key, like a careless proxy.
    fake.script({ fault: '401' });
    await ask('rename x to y');
    const [error] = await ui.waitFor('[data-testid="reply-error"]', { frame: W });
    assert.match(error.text, /endpoint 'fake'/);
    assert.match(error.text, /Set API Key/);
    const html = await ui.eval<string>('document.documentElement.outerHTML', W, REPLY);
    assert.ok(!html.includes(TEST_KEY), 'the key is not in the chat webview');
    assert.ok(!api.log.lines().some((l) => l.includes(TEST_KEY)), 'the key is not in the log');
    // Storing the key again clears the model's auth cool-down for the tests that follow.
    await vscode.commands.executeCommand('gearshift.setApiKey', 'fake', TEST_KEY);
  });

  it('a pasted key is redacted in the message, its title and the request: the history never holds it', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    const pasted = `sk-proj-${'Zq8Wx2Lm4N'.repeat(4)}`;
    fake.script({ text: 'Rotate it.' });
    await ask(`${pasted} gives 401, why?`);
    await eventually(async () => (await lastReply())?.attrs['data-status'] === 'done', 'the reply');
    const users = await ui.query('[data-testid="user-message"]', W);
    assert.match(users[users.length - 1].text, /^«redacted:[\w-]+» gives 401, why\?$/, 'the message shows what was sent');
    const html = await ui.eval<string>('document.documentElement.outerHTML', W, REPLY);
    assert.ok(!html.includes(pasted), 'the key is nowhere in the panel, history titles included');
    const sent = JSON.stringify(fake.requests[fake.requests.length - 1].body);
    assert.ok(!sent.includes(pasted), 'nor in the request');
    const titles = await ui.query('[data-testid="history-open"]', W);
    assert.ok(
      titles.some((t) => /^«redacted:[\w-]+» gives 401/.test(t.text)),
      'the conversation is titled from the redacted text',
    );
  });

  it("shows the conversation's cost in the header: the dollars the ledger holds for it, live as replies finish", async () => {
    const { fake, api } = await useFakeProvider();
    await newChat();
    const header = '[data-testid="conversation-cost"]';
    const headerText = async (): Promise<string> =>
      (await ui.query(header, W)).map((e) => (e.attrs.hidden === undefined ? e.text : ''))[0] ?? '';
    assert.equal(await headerText(), '', 'a new conversation has no cost yet');
    /** The ledger's sum for the conversation of the latest chat record (the one just answered). */
    const ledgerSum = async (): Promise<{ usd: number; calls: number } | undefined> => {
      const records = await api.cost.readAll();
      const key = records.filter((r) => r.task === 'chat').pop()?.conversation;
      if (!key) return undefined;
      const mine = records.filter((r) => r.conversation === key);
      return { usd: mine.reduce((s, r) => s + (r.costUsd ?? 0), 0), calls: mine.length };
    };
    for (const [turn, question] of ['what is a monad, briefly', 'and a functor?'].entries()) {
      fake.script({ chunks: ['An answer.'], usage: { input: 2000 + turn * 1000, output: 40 } });
      const before = (await replies()).length;
      await ask(question);
      await eventually(async () => {
        const all = await replies();
        return all.length > before && all[all.length - 1].attrs['data-status'] === 'done';
      }, 'the reply to finish');
      let shown = '';
      let want = '';
      await eventually(
        async () => {
          const sum = await ledgerSum();
          if (!sum) return false;
          want = `conversation ${formatTaskUsd(sum.usd)} · ${sum.calls} call${sum.calls === 1 ? '' : 's'}`;
          shown = await headerText();
          return sum.calls === turn + 1 && shown === want;
        },
        `the header to show the ledger's sum after reply ${turn + 1}`,
      ).catch((err: unknown) => {
        throw new Error(`${err instanceof Error ? err.message : String(err)}; header: ${JSON.stringify(shown)}, ledger: ${want}`);
      });
    }
    // Another conversation shows its own cost (none yet), not this one's.
    await newChat();
    await eventually(async () => (await headerText()) === '', 'the header to clear for a new conversation');
  });

  it('renders hostile model output as inert text', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    const vectors = [
      '<script>window.__xss=1</script>',
      '<img src=x onerror="window.__xss=2">',
      '[click](javascript:window.__xss=3)',
      '<svg onload="window.__xss=4"><circle r=1></svg>',
      '<a href="javascript:window.__xss=5">x</a>',
      '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
      '```html\n<script>window.__xss=7</script>\n```',
      '<details open ontoggle="window.__xss=8">d</details>',
    ];
    fake.script({ text: vectors.join('\n\n') });
    await ask('show me some html');
    await eventually(async () => (await lastReply())?.attrs['data-status'] === 'done', 'the hostile reply to finish');
    const xss = await ui.eval<unknown>('window.__xss ?? null', W, REPLY);
    assert.equal(xss, null, 'no vector ran');
    const dangerous = await ui.eval<number>(
      `document.querySelectorAll('${REPLY} script, ${REPLY} iframe, ${REPLY} [onerror], ${REPLY} [onload], ${REPLY} ` +
        `[ontoggle], ${REPLY} a[href^="javascript"]').length`,
      W,
      REPLY,
    );
    assert.equal(dangerous, 0, 'no active markup survived sanitizing');
    const reply = await lastReply();
    assert.match(reply.text, /window\.__xss=7/, 'code in a fence is shown as text');
  });

  it('saves screenshots of the panel in dark and light themes', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    fake.script({
      text: 'Reverse in place with `list.reverse()`:\n\n```python\nitems = [1, 2, 3]\nitems.reverse()\nprint(items)  # [3, 2, 1]\n```\n',
    });
    await ask('how do i reverse a list in place in python');
    await eventually(async () => (await lastReply())?.attrs['data-status'] === 'done', 'the reply');
    const config = vscode.workspace.getConfiguration('workbench');
    await config.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 800));
    const dark = await ui.screenshot('chat-panel-dark');
    await config.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 800));
    const light = await ui.screenshot('chat-panel-light');
    await config.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    for (const shot of [dark, light]) assert.ok(fs.statSync(shot.path).size > 10_000, `${path.basename(shot.path)} was written`);
  });
});

describe('Ask About Selection', function () {
  this.timeout(60_000);

  it('attaches the selection as a visible chip and sends it with the question', async () => {
    const { fake } = await useFakeProvider();
    const root = process.env.GEARSHIFT_WORKSPACE as string;
    const doc = await vscode.workspace.openTextDocument(path.join(root, 'src/math.ts'));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    await vscode.commands.executeCommand('gearshift.chat.askSelection');
    const chips = await ui.waitFor('[data-testid="attachment"]', { frame: W, text: 'math.ts' });
    assert.ok(chips.some((c) => c.text.includes('math.ts')));
    fake.setDefault({ text: 'It adds two numbers.' });
    await ui.fill(INPUT, 'what does this do?', W);
    await ui.click(SEND, W);
    await ui.waitFor(REPLY, { frame: W, text: 'It adds two numbers.' });
    const sent = fake.requests[fake.requests.length - 1].body as { messages: { content: string }[] };
    const last = sent.messages[sent.messages.length - 1].content;
    assert.match(last, /export function add\(a: number, b: number\): number/, 'the selection went with the question');
    assert.match(last, /what does this do\?/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
