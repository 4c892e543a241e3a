import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider, EMPTY_CONVERSATION } from './setup';

const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const SEND = '[data-testid="send"]';
const REPLY = '[data-testid="reply"]';
const OPTION = '[data-testid="input-menu-option"]';
const CHIP = '[data-testid="attachment"]';

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder');
  return folder.uri.fsPath;
}

async function newChat(): Promise<void> {
  await vscode.commands.executeCommand('gearshift.chat.focus');
  await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
  await ui.click('[data-testid="new-chat"]', W);
  await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
}

/** Types `text` into the message box (as typed: the popup follows) and picks the suggestion whose text matches `label`. */
async function mention(text: string, label: RegExp): Promise<void> {
  await ui.fill(INPUT, text, W);
  const option = await eventually(async () => {
    const options = await ui.query(OPTION, W);
    const i = options.findIndex((o) => label.test(o.text));
    return i >= 0 ? { i, id: options[i].attrs.id } : undefined;
  }, `a suggestion matching ${label}`);
  await ui.click(`#${option.id}`, W);
}

async function chips(): Promise<string[]> {
  return (await ui.query(CHIP, W)).map((c) => c.text);
}

/** Sends `text` and returns the JSON of the request the fake received for it. */
async function sendAndCapture(text: string): Promise<string> {
  const { fake } = await useFakeProvider();
  const before = fake.requests.length;
  fake.script({ text: 'Noted.' });
  await ui.fill(INPUT, text, W);
  await ui.click(SEND, W);
  await eventually(async () => (await ui.query(REPLY, W)).some((r) => r.attrs['data-status'] === 'done'), 'the reply');
  const req = await eventually(() => fake.requests.slice(before).find((r) => r.path.includes('chat/completions')), 'the request');
  return JSON.stringify(req.body);
}

async function openFile(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), rel)));
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
}

describe('@-mentions in the chat (real webview)', function () {
  this.timeout(180_000);

  before(async () => {
    await useFakeProvider();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('@ + part of a file name: pick it, the chip shows its tokens, and the prompt holds the file', async () => {
    await newChat();
    await mention('@geome', /geometry\.ts/);
    const [chip] = await eventually(async () => {
      const c = await chips();
      return c.length === 1 ? c : undefined;
    }, 'the chip');
    assert.match(chip, /^src\/geometry\.ts · \d+ tokens/);
    const input = await ui.eval<string>('document.querySelector("[data-testid=chat-input]").value', W, INPUT);
    assert.equal(input, '', 'the typed @query left the text');
    const body = await sendAndCapture('what does scaleVector do?');
    assert.ok(body.includes('export function scaleVector(v: Vector, factor: number): Vector'), 'the file text is in the prompt');
    const sent = await ui.query('[data-testid="sent-attachment"]', W);
    assert.match(sent[sent.length - 1].text, /src\/geometry\.ts · \d+ tokens/, 'the sent message shows its chip');
  });

  it('an excluded file is never offered and never sent', async () => {
    await newChat();
    const envelope = path.join(root(), 'src/envelope.ts');
    fs.writeFileSync(envelope, 'export const envelope = 1;\n');
    try {
      // "env" matches both .env (excluded) and src/envelope.ts: only the second is offered.
      const options = await eventually(async () => {
        await ui.fill(INPUT, '', W);
        await ui.fill(INPUT, '@env', W);
        const o = await ui.waitFor(OPTION, { frame: W, text: 'envelope.ts', timeoutMs: 3000 }).catch(() => undefined);
        return o && (await ui.query(OPTION, W));
      }, 'envelope.ts offered');
      assert.ok(!options.some((o) => /^\.env/.test(o.text)), `no .env suggestion: ${options.map((o) => o.text).join(' | ')}`);
      await ui.press('Escape', INPUT, W);
      const body = await sendAndCapture('is there an API token?');
      assert.ok(!body.includes('not-a-real-token'));
    } finally {
      fs.rmSync(envelope, { force: true });
    }
  });

  it('keyboard: Down/Enter pick, Escape closes the popup without stopping a reply; / lists the slash commands', async () => {
    const { fake } = await useFakeProvider();
    await newChat();
    await ui.fill(INPUT, '/', W);
    const options = await eventually(async () => {
      const o = await ui.query(OPTION, W);
      return o.length === 5 ? o : undefined;
    }, 'the five slash commands');
    assert.match(options[1].text, /^\/fix\s*Fix the selected code/, 'listed with its description');
    await ui.press('ArrowDown', INPUT, W);
    const active = await ui.eval<string>(
      'document.querySelector("[data-testid=chat-input]").getAttribute("aria-activedescendant")',
      W,
      INPUT,
    );
    assert.equal(active, options[1].attrs.id, 'the box names the active option');
    await ui.press('Enter', INPUT, W);
    assert.equal(await ui.eval<string>('document.querySelector("[data-testid=chat-input]").value', W, INPUT), '/fix ');
    assert.equal((await ui.query(OPTION, W)).length, 0, 'Enter picked and the popup closed');
    assert.equal((await ui.query(EMPTY_CONVERSATION, W)).length, 1, 'Enter picked: nothing was sent');
    fake.script({ chunks: Array.from({ length: 40 }, (_, i) => `w${i} `), chunkDelayMs: 100 });
    await ui.fill(INPUT, 'explain slowly', W);
    await ui.click(SEND, W);
    await ui.waitFor(REPLY, { frame: W, text: 'w2' });
    await ui.fill(INPUT, '@ter', W);
    await ui.waitFor(OPTION, { frame: W, text: '@terminal' });
    const expanded = await ui.eval<string>('document.querySelector("[data-testid=chat-input]").getAttribute("aria-expanded")', W, INPUT);
    assert.equal(expanded, 'true');
    await ui.press('Escape', INPUT, W);
    await eventually(async () => (await ui.query(OPTION, W)).length === 0, 'the popup to close');
    const [reply] = (await ui.query(REPLY, W)).slice(-1);
    assert.notEqual(reply.attrs['data-status'], 'stopped', 'Escape closed only the popup');
    await ui.click('[data-testid="stop"]', W);
    await ui.waitFor('[data-testid="reply-stopped"]', { frame: W });
    await ui.fill(INPUT, '', W);
  });

  it("@problems attaches the active file's diagnostics", async () => {
    await newChat();
    const editor = await openFile('src/math.ts');
    const diagnostics = vscode.languages.createDiagnosticCollection('mentions-test');
    try {
      diagnostics.set(editor.document.uri, [
        new vscode.Diagnostic(new vscode.Range(0, 0, 0, 5), 'Gearshift test diagnostic: missing return', vscode.DiagnosticSeverity.Error),
      ]);
      await mention('@probl', /^@problems(?!:)/);
      await eventually(async () => (await chips()).some((c) => /^@problems \(1\) · \d+ tokens/.test(c)), 'the @problems chip');
      const body = await sendAndCapture('fix it');
      assert.ok(body.includes('src/math.ts:1:1 error: Gearshift test diagnostic: missing return'));
    } finally {
      diagnostics.dispose();
    }
  });

  it('@editors attaches every open editor', async () => {
    await newChat();
    await openFile('src/math.ts');
    await openFile('src/total.js');
    await mention('@edit', /^@editors/);
    const shown = await eventually(async () => {
      const c = await chips();
      return c.length === 2 ? c : undefined;
    }, 'two chips');
    assert.deepEqual(shown.map((c) => c.split(' · ')[0]).sort(), ['src/math.ts', 'src/total.js']);
    const body = await sendAndCapture('how do these relate?');
    const math = fs.readFileSync(path.join(root(), 'src/math.ts'), 'utf8').split('\n')[0];
    const total = fs.readFileSync(path.join(root(), 'src/total.js'), 'utf8').split('\n')[0];
    assert.ok(body.includes(JSON.stringify(math).slice(1, -1)) && body.includes(JSON.stringify(total).slice(1, -1)));
  });

  it("@diff attaches staged and unstaged changes of a real Git repository, without an excluded file's hunks", async function () {
    const git = vscode.extensions.getExtension('vscode.git');
    if (!git) this.skip();
    const repo = path.join(root(), 'mentions-repo');
    fs.mkdirSync(repo, { recursive: true });
    const run = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    fs.writeFileSync(path.join(repo, 'staged.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(repo, 'loose.ts'), 'export const b = 1;\n');
    fs.writeFileSync(path.join(repo, '.env'), 'SECRET=one\n');
    run('init', '-q');
    run('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'add', '-A');
    run('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qm', 'init');
    fs.writeFileSync(path.join(repo, 'staged.ts'), 'export const a = 2; // staged change\n');
    fs.writeFileSync(path.join(repo, '.env'), 'SECRET=two-staged\n');
    run('add', 'staged.ts', '.env');
    fs.writeFileSync(path.join(repo, 'loose.ts'), 'export const b = 3; // unstaged change\n');
    await vscode.commands.executeCommand('git.openRepository', repo);
    await openFile('mentions-repo/loose.ts');
    await newChat();
    await mention('@dif', /^@diff/);
    const chip = await eventually(async () => (await chips()).find((c) => c.startsWith('@diff')), 'the @diff chip');
    assert.match(chip, /^@diff \(staged \+ unstaged\) · \d+ tokens/);
    const body = await sendAndCapture('write a commit message');
    assert.ok(body.includes('staged change') && body.includes('unstaged change'));
    assert.ok(!body.includes('SECRET=two-staged') && !body.includes('SECRET=one'), 'the .env hunk never reaches the model');
  });

  it('@terminal attaches the last command and its output (shell integration)', async function () {
    const terminal = vscode.window.createTerminal({ name: 'mentions-test', shellPath: '/bin/bash' });
    try {
      terminal.show();
      const integration = await eventually(() => terminal.shellIntegration, 'shell integration', 20_000).catch(() => undefined);
      if (!integration) {
        // Named in the report: without shell integration only the selection path could be used.
        this.skip();
      }
      integration!.executeCommand('echo gearshift-term-$((40+2))');
      await newChat();
      const chip = await eventually(
        async () => {
          await mention('@termi', /^@terminal/);
          return (await chips()).find((c) => c.startsWith('@terminal'));
        },
        'the @terminal chip',
        30_000,
      );
      assert.match(chip, /^@terminal: echo gearshift-term-\$\(\(40\+2\)\) · \d+ tokens/);
      const body = await sendAndCapture('what did it print?');
      assert.ok(body.includes('gearshift-term-42'), 'the output is in the prompt');
    } finally {
      terminal.dispose();
    }
  });

  it('@codebase searches the local index at send and attaches the right chunk with its path and lines', async () => {
    const { api } = await useFakeProvider();
    await api.codebase.whenIdle();
    await eventually(() => api.codebase.status().state === 'ready', 'the codebase index to be ready', 60_000);
    await newChat();
    await mention('@codeb', /^@codebase/);
    await eventually(async () => (await chips()).some((c) => c.startsWith('@codebase (searched when sent)')), 'the @codebase chip');
    const body = await sendAndCapture('how is a vector scaled by a factor? scaleVector');
    assert.match(body, /src\/geometry\.ts:\d+-\d+/, 'the chunk is labelled with its path and lines');
    assert.ok(body.includes('return { x: v.x * factor, y: v.y * factor };'), "the chunk's code is in the prompt");
    const sent = await ui.query('[data-testid="sent-attachment"]', W);
    assert.ok(
      sent.some((s) => /^src\/geometry\.ts:\d+-\d+ · \d+ tokens/.test(s.text)),
      'shown as a chip on the sent message',
    );
  });
});
