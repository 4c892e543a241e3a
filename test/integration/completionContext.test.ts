import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openAt, revertAndClose } from './editor';
import { eventually, useFakeProvider } from './setup';

const FILE = 'src/useGeometry.ts';
const DEFINITION = 'export function scaleVector(v: Vector, factor: number): Vector {';

describe('completion context from the language service (real editor)', function () {
  this.timeout(180_000);

  it("sends the definition of a symbol from another file, found by VS Code's TypeScript service, in the prompt", async () => {
    const { fake } = await useFakeProvider();
    fake.setDefault({ text: '2', usage: { input: 40, output: 1 } });
    // The cursor after `scaleVector(v, ` on line 3.
    const editor = await openAt(FILE, 3, 24);
    assert.equal(editor.document.lineAt(3).text.slice(0, 24), '  return scaleVector(v, ');
    // The built-in TypeScript service starts with the first TypeScript file: wait until it finds scaleVector itself.
    await eventually(
      async () => {
        const found = await vscode.commands.executeCommand<unknown[]>(
          'vscode.executeDefinitionProvider',
          editor.document.uri,
          new vscode.Position(3, 12),
        );
        return Array.isArray(found) && found.length > 0;
      },
      'the TypeScript service answers',
      90_000,
    );
    const before = fake.requests.length;
    // Each trigger is one completion round; a lookup slower than the context deadline lands in the cache for the next.
    // The cursor moves between two columns so that each round is a new request (the same position reuses the last).
    let round = 0;
    const prompt = await eventually(
      async () => {
        const col = 24 - (round++ % 2);
        editor.selection = new vscode.Selection(3, col, 3, col);
        await vscode.commands.executeCommand('gearshift.completion.trigger');
        const sent = fake.requests
          .slice(before)
          .map((r) => r.body as { prompt?: string; messages?: { content: string }[] })
          .map((b) => b.prompt ?? b.messages?.map((m) => m.content).join('\n') ?? '');
        return sent.find((p) => p.includes(DEFINITION));
      },
      'a prompt holding the definition of scaleVector',
      90_000,
    );
    assert.ok(prompt.includes('// Definition of scaleVector from src/geometry.ts:'), 'under its path, as a comment');
    assert.ok(prompt.includes('  return scaleVector(v, '), 'the file itself follows');
    const explained = await vscode.commands.executeCommand<string>('gearshift.explainRouting', { quiet: true });
    assert.match(explained, /definition of scaleVector: src\/geometry\.ts \(\d+ tokens\)/);
    await revertAndClose(editor);
  });
});
