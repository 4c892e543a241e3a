import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openAt, revertAndClose } from './editor';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

const GHOST = '.ghost-text-decoration, .ghost-text';

describe('inline completion follows the editor’s indentation (real editor)', function () {
  this.timeout(180_000);

  it('re-indents a 4-space answer to the 2-space indentation the editor is set to', async () => {
    const { fake, api } = await useFakeProvider();
    // fib.py's body line is indented by 4 spaces; the editor is told 2. The model indents its own levels by 4 more.
    fake.setDefault({ text: 'if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)', usage: { input: 40, output: 20 } });
    const editor = await openAt('src/fib.py', 1, 4);
    editor.options = { tabSize: 2, insertSpaces: true };
    await eventually(() => editor.options.tabSize === 2 && editor.options.insertSpaces === true, 'the editor set to 2 spaces');
    await vscode.commands.executeCommand('gearshift.completion.trigger');
    await eventually(async () => (await ui.query(GHOST)).length > 0, 'ghost text', 30_000).catch((err: unknown) => {
      console.log(`log: ${api.log.lines().slice(-8).join(' | ')}`);
      throw err;
    });
    // The ghost text seen may still be an earlier one on a loaded machine: commit again until this answer is in.
    const inserted = (): boolean => editor.document.lineCount >= 4 && editor.document.lineAt(3).text.includes('fib(n - 1)');
    await eventually(async () => {
      if (!inserted()) await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return inserted();
    }, 'the suggestion in the document');
    // One level under `if` is 2 columns in this editor, not the model's 4: the inner line sits at 4 + 2.
    assert.deepEqual(
      [1, 2, 3].map((i) => editor.document.lineAt(i).text),
      ['    if n < 2:', '      return n', '    return fib(n - 1) + fib(n - 2)'],
    );
    await revertAndClose(editor);
  });
});
