import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openAt, revertAndClose, typeInto } from './editor';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

const GHOST = '.ghost-text-decoration, .ghost-text';
const QUICK_SUGGESTIONS_ON = { other: 'on', comments: 'off', strings: 'off' };
/** The body line of src/total.js where the test types (0-based), indented by two spaces. */
const LINE = 3;
const ANSWER = ' sum;';

/** The rendered editor line that holds ghost text (typed text and ghost text together), as the user reads it. */
function lineWithGhost(): Promise<string> {
  return ui.eval<string>(`(() => {
    const line = [...document.querySelectorAll('.editor-group-container.active .view-line')].find((l) => l.querySelector('${GHOST}'));
    return line ? line.textContent.replace(/\\u00a0/g, ' ') : '';
  })()`);
}

/** The label of the suggestion list's selected item while the list is open, else ''. */
function selectedSuggestion(): Promise<string> {
  return ui.eval<string>(`(() => {
    const row = document.querySelector('.editor-group-container.active .suggest-widget.visible .monaco-list-row.focused');
    const name = row && row.querySelector('.label-name');
    return name ? name.textContent.trim() : '';
  })()`);
}

/** The suggestion list (IntelliSense) shows, as it does for a user typing in a JavaScript file. */
let quickSuggestions: unknown;

describe('ghost text with the suggestion list open (real editor)', function () {
  this.timeout(180_000);

  before(async () => {
    const editorConfig = () => vscode.workspace.getConfiguration('editor');
    quickSuggestions = editorConfig().inspect('quickSuggestions')?.globalValue;
    await editorConfig().update('quickSuggestions', QUICK_SUGGESTIONS_ON, vscode.ConfigurationTarget.Global);
    await eventually(
      () => JSON.stringify(editorConfig().get('quickSuggestions')) === JSON.stringify(QUICK_SUGGESTIONS_ON),
      'quick suggestions on',
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration('editor').update('quickSuggestions', quickSuggestions, vscode.ConfigurationTarget.Global);
  });

  it("extends the selected suggestion with the model's completion; Tab inserts the item, then the completion", async () => {
    const { fake, api } = await useFakeProvider();
    fake.setDefault({ text: ANSWER, usage: { input: 40, output: 3 } });
    const before = fake.requests.length;
    const completionRecords = async () => (await api.cost.readAll()).filter((r) => r.task === 'completion');
    const recordsAtStart = (await completionRecords()).length;
    const editor = await openAt('src/total.js', LINE, 2);
    await typeInto(editor, 're', 80);
    // The built-in TypeScript service opens the list; its first item is selected.
    const item = await eventually(selectedSuggestion, 'the suggestion list open with an item selected');
    // The ghost text continues the selected item (whichever the list put first): the item, then the model's answer.
    await eventually(async () => (await lineWithGhost()) === `  ${item}${ANSWER}`, `ghost text after the item "${item}"`).catch(
      async (err: unknown) => {
        await ui.screenshot('suggest-widget-no-ghost');
        console.log(
          `line ${JSON.stringify(await lineWithGhost())}, selected ${JSON.stringify(await selectedSuggestion())}; fake saw ` +
            `${fake.requests.length - before} request(s); log: ${api.log.lines().slice(-8).join(' | ')}`,
        );
        throw err;
      },
    );
    // Down the list to "return": the ghost text follows the selected item (a new request for each item that the
    // answer shown does not continue; the one before is cancelled).
    for (let moves = 0; moves < 30 && (await selectedSuggestion()) !== 'return'; moves++) {
      const was = await selectedSuggestion();
      await ui.press('ArrowDown');
      await eventually(async () => (await selectedSuggestion()) !== was, 'the selection to move down the list');
    }
    assert.equal(await selectedSuggestion(), 'return', 'the list offers "return" inside a function');
    await eventually(async () => (await lineWithGhost()) === `  return${ANSWER}`, 'ghost text after the item "return"');
    await ui.screenshot('suggest-widget-ghost-text');
    // The model was asked to continue after the item's text, not after the "re" typed so far.
    const prompts = fake.requests
      .slice(before)
      .filter((r) => r.path.endsWith('/completions'))
      .map((r) => (r.body as { prompt?: string }).prompt ?? '');
    for (const shown of [item, 'return']) {
      assert.ok(
        prompts.some((p) => p.endsWith(`sum += item;\n  ${shown}`)),
        `a prompt ends with "${shown}": ${JSON.stringify(prompts.map((p) => p.slice(-30)))}`,
      );
    }
    // Tab takes the list's item; the completion stays as ghost text after it, and Tab takes that too.
    await ui.press('Tab');
    await eventually(() => editor.document.lineAt(LINE).text === '  return', 'the item in the document');
    await eventually(async () => (await lineWithGhost()) === `  return${ANSWER}`, 'the completion still shown after the item');
    const callsBefore = (await completionRecords()).length;
    await ui.press('Tab');
    await eventually(() => editor.document.lineAt(LINE).text === `  return${ANSWER}`, 'the completion in the document');
    // Each shown suggestion is recorded with its verdict: the one for "return" accepted, the first item's (replaced by
    // the move down the list) rejected.
    const accepted = async () => (await completionRecords()).slice(callsBefore).find((r) => r.verdict === 'accepted');
    const rec = await eventually(accepted, 'an accepted completion record in the ledger');
    assert.equal(rec.language, 'javascript');
    if (item !== 'return') {
      const earlier = (await completionRecords()).slice(recordsAtStart, callsBefore);
      assert.ok(
        earlier.some((r) => r.verdict === 'rejected'),
        `the first item's suggestion rejected: ${JSON.stringify(earlier.map((r) => r.verdict ?? r.outcome))}`,
      );
    }
    await revertAndClose(editor);
  });
});
