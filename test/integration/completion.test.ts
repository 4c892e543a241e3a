import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openAt, revertAndClose, typeInto } from './editor';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

const GHOST = '.ghost-text-decoration, .ghost-text';
const QUICK_SUGGESTIONS_OFF = { other: 'off', comments: 'off', strings: 'off' };

/** The ghost text the editor shows now (VS Code splits it into one span per syntax token). */
function ghostText(): Promise<string> {
  // Monaco renders spaces as no-break spaces.
  return ui.eval<string>(`[...document.querySelectorAll('${GHOST}')].map((e) => e.textContent).join('').replace(/\\u00a0/g, ' ')`);
}

/** The rendered editor line that holds ghost text, typed text and ghost text together, as the user reads it. */
function lineWithGhost(): Promise<string> {
  return ui.eval<string>(`(() => {
    const line = [...document.querySelectorAll('.editor-group-container.active .view-line')].find((l) => l.querySelector('${GHOST}'));
    return line ? line.textContent.replace(/\\u00a0/g, ' ') : '';
  })()`);
}

/**
 * Asks for a suggestion explicitly and resolves once VS Code has every provider's answer for this cursor (the
 * trigger command awaits the whole round): after it, whatever Gearshift was going to send for this position is sent.
 */
async function completionRoundDone(): Promise<void> {
  await vscode.commands.executeCommand('gearshift.completion.trigger');
}

/** The suggest widget's quick suggestions as the user had them, restored after these tests. */
let quickSuggestions: unknown;

describe('inline completion (real editor)', function () {
  this.timeout(180_000);

  before(async () => {
    // With quick suggestions on, VS Code waits at most 750 ms for inline completions after a keystroke, then stops
    // them and opens the suggest widget: on a loaded machine the fake's answer takes longer. These tests are about
    // inline completion, so the widget stays closed; the ext host sees the setting once the workbench applied it.
    const editorConfig = () => vscode.workspace.getConfiguration('editor');
    quickSuggestions = editorConfig().inspect('quickSuggestions')?.globalValue;
    await editorConfig().update('quickSuggestions', QUICK_SUGGESTIONS_OFF, vscode.ConfigurationTarget.Global);
    await eventually(
      () => JSON.stringify(editorConfig().get('quickSuggestions')) === JSON.stringify(QUICK_SUGGESTIONS_OFF),
      'quick suggestions off',
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration('editor').update('quickSuggestions', quickSuggestions, vscode.ConfigurationTarget.Global);
  });

  it("shows the fake model's suggestion as ghost text, inserts it on accept, and records it", async () => {
    const { fake, api } = await useFakeProvider();
    const FULL_LINE = '    return n if n < 2 else fib(n - 1) + fib(n - 2)';
    fake.setDefault({ text: 'turn n if n < 2 else fib(n - 1) + fib(n - 2)', usage: { input: 40, output: 16 } });
    const before = fake.requests.length;
    const callsBefore = (await api.cost.readAll()).filter((r) => r.task === 'completion').length;
    const editor = await openAt('src/fib.py', 1, 4);
    await typeInto(editor, 're', 80);
    // The ghost text after the typed "re", on the same rendered line: the line reads as the finished statement.
    await eventually(async () => (await lineWithGhost()) === FULL_LINE, 'the ghost text after "re"', 30_000).catch(async (err: unknown) => {
      await ui.screenshot('completion-no-ghost');
      console.log(
        `ghost ${JSON.stringify(await ghostText())} on line ${JSON.stringify(await lineWithGhost())}; fake saw ` +
          `${fake.requests.length - before} request(s); log: ${api.log.lines().slice(-8).join(' | ')}`,
      );
      throw err;
    });
    assert.equal((await ghostText()).trim(), 'turn n if n < 2 else fib(n - 1) + fib(n - 2)');
    await ui.screenshot('completion-ghost-text');
    const sent = fake.requests.slice(before).find((r) => r.path.endsWith('/completions'));
    assert.ok(sent, 'a completion request reached the fake server');
    const body = sent.body as { prompt?: string; suffix?: string };
    assert.match(body.prompt ?? '', /def fib\(n\):/, 'the prefix was sent');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    await eventually(() => editor.document.lineAt(1).text.includes('fib(n - 1) + fib(n - 2)'), 'the suggestion in the document');
    assert.equal(editor.document.lineAt(1).text, FULL_LINE);
    // The accepted suggestion's call is recorded with its verdict and language (the dashboard's accept rate).
    const acceptedRecord = async () =>
      (await api.cost.readAll())
        .filter((r) => r.task === 'completion')
        .slice(callsBefore)
        .find((r) => r.verdict === 'accepted');
    await eventually(async () => (await acceptedRecord()) !== undefined, 'an accepted completion record in the ledger');
    const rec = (await acceptedRecord())!;
    assert.equal(rec.language, 'python');
    assert.equal(rec.tier, 'cheap');
    assert.equal(rec.modelName, 'fast');
    await eventually(() => api.cost.summary().today.calls >= 1, 'the status bar summary counts it');
    // The SDK came from the vendor file next to the bundle, loaded on this first use (esbuild.js).
    assert.ok(
      Object.keys(require.cache).some((k) => k.endsWith('/dist/vendor/openai.js')),
      'dist/vendor/openai.js is loaded',
    );
    await revertAndClose(editor);
  });

  it('sends nothing while typing in an excluded file', async () => {
    const { fake } = await useFakeProvider();
    const editor = await openAt('.env', 1, 0);
    await typeInto(editor, 'SECRET_KEY=', 60);
    await completionRoundDone();
    const leaked = fake.requests.filter((r) => /SECRET_KEY|API_TOKEN|not-a-real-token/.test(r.rawBody));
    assert.deepEqual(
      leaked.map((r) => r.path),
      [],
      'nothing of the excluded file left the machine',
    );
    assert.equal(await ghostText(), '', 'no ghost text');
    await revertAndClose(editor);
  });

  it('pauses from the status-bar menu command', async () => {
    const { fake } = await useFakeProvider();
    assert.equal(await vscode.commands.executeCommand('gearshift.toggleCompletions', true), true);
    await ui.waitFor('.statusbar-item .codicon-debug-pause');
    const editor = await openAt('src/fib.py', 1, 4);
    const before = fake.requests.length;
    await typeInto(editor, 'ret', 60);
    await completionRoundDone();
    // Only requests for this typing count: one left over from an earlier test may still arrive.
    const forThis = fake.requests
      .slice(before)
      .filter((r) => /\n {4}ret\b/.test((r.body as { prompt?: string } | undefined)?.prompt ?? r.rawBody));
    assert.equal(forThis.length, 0, 'paused: nothing sent');
    assert.equal(await ghostText(), '', 'no ghost text');
    const paused = await ui.query('.statusbar-item .codicon-debug-pause');
    assert.equal(paused.length, 1, 'the status bar shows that completions are paused');
    await vscode.commands.executeCommand('gearshift.toggleCompletions', false);
    await eventually(async () => (await ui.query('.statusbar-item .codicon-debug-pause')).length === 0, 'the pause mark to go');
    await revertAndClose(editor);
  });
});
