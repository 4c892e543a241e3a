import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

const GHOST = '.ghost-text-decoration, .ghost-text';

/** The ghost text the editor shows now (VS Code splits it into one span per syntax token). */
function ghostText(): Promise<string> {
  // Monaco renders spaces as no-break spaces.
  return ui.eval<string>(`[...document.querySelectorAll('${GHOST}')].map((e) => e.textContent).join('').replace(/\\u00a0/g, ' ')`);
}

async function openAt(relative: string, line: number, character: number): Promise<vscode.TextEditor> {
  const root = process.env.GEARSHIFT_WORKSPACE as string;
  const doc = await vscode.workspace.openTextDocument(path.join(root, relative));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

describe('inline completion (real editor)', function () {
  this.timeout(120_000);

  it('shows the fake model\'s suggestion as ghost text, inserts it on accept, and records it', async () => {
    const { fake, api } = await useFakeProvider();
    fake.setDefault({ text: 'turn n if n < 2 else fib(n - 1) + fib(n - 2)', usage: { input: 40, output: 16 } });
    const before = fake.requests.length;
    const callsBefore = (await api.cost.readAll()).filter((r) => r.task === 'completion').length;
    const editor = await openAt('src/fib.py', 1, 4);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    editor.selection = new vscode.Selection(1, 4, 1, 4);
    await new Promise((r) => setTimeout(r, 300));
    await ui.type('re', 80);
    const ghost = await eventually(async () => ((await ghostText()).includes('n < 2') ? ghostText() : undefined), 'ghost text', 20_000)
      .catch(async (err: unknown) => {
        await ui.screenshot('completion-no-ghost');
        console.log(`fake saw ${fake.requests.length - before} request(s); log: ${api.log.lines().slice(-8).join(' | ')}`);
        throw err;
      });
    assert.equal(ghost.trim(), 'turn n if n < 2 else fib(n - 1) + fib(n - 2)');
    await ui.screenshot('completion-ghost-text');
    const sent = fake.requests.slice(before).find((r) => r.path.endsWith('/completions'));
    assert.ok(sent, 'a completion request reached the fake server');
    const body = sent.body as { prompt?: string; suffix?: string };
    assert.match(body.prompt ?? '', /def fib\(n\):/, 'the prefix was sent');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    await eventually(() => editor.document.lineAt(1).text.includes('fib(n - 1) + fib(n - 2)'), 'the suggestion in the document');
    assert.equal(editor.document.lineAt(1).text, '    return n if n < 2 else fib(n - 1) + fib(n - 2)');
    await eventually(async () => (await api.cost.readAll()).filter((r) => r.task === 'completion').length > callsBefore, 'a completion record in the ledger');
    const rec = (await api.cost.readAll()).filter((r) => r.task === 'completion').pop()!;
    assert.equal(rec.tier, 'cheap');
    assert.equal(rec.modelName, 'fast');
    assert.ok(api.cost.summary().today.calls >= 1, 'the status bar summary counts it');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('sends nothing while typing in an excluded file', async () => {
    const { fake } = await useFakeProvider();
    const editor = await openAt('.env', 0, 0);
    const before = fake.requests.length;
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await ui.type('SECRET_KEY=', 60);
    await vscode.commands.executeCommand('gearshift.completion.trigger');
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(fake.requests.length, before, 'no request left the machine');
    assert.equal(await ghostText(), '', 'no ghost text');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('pauses from the status-bar menu command', async () => {
    const { fake } = await useFakeProvider();
    assert.equal(await vscode.commands.executeCommand('gearshift.toggleCompletions', true), true);
    const editor = await openAt('src/fib.py', 1, 4);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    editor.selection = new vscode.Selection(1, 4, 1, 4);
    const before = fake.requests.length;
    await ui.type('ret', 60);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(fake.requests.length, before, 'paused: nothing sent');
    const paused = await ui.query('.statusbar-item .codicon-debug-pause');
    assert.equal(paused.length, 1, 'the status bar shows that completions are paused');
    await vscode.commands.executeCommand('gearshift.toggleCompletions', false);
    await eventually(async () => (await ui.query('.statusbar-item .codicon-debug-pause')).length === 0, 'the pause mark to go');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
