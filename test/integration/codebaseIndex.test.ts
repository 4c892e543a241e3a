/**
 * @codebase's index in the real VS Code: it is built in the background from the sample workspace, finds a known
 * file's chunk, follows files created, edited (saved) and deleted, never holds an excluded file's content, and
 * gearshift.codebase.rebuild builds it afresh.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CodebaseHit } from '../../src/core/codebase/types';
import type { GearshiftApi } from '../../src/vscode/extension';
import { eventually, gearshift } from './setup';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri;
}

const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder(), ...rel.split('/'));
const write = (rel: string, text: string): Thenable<void> => vscode.workspace.fs.writeFile(file(rel), new TextEncoder().encode(text));

describe('@codebase index in VS Code', function () {
  this.timeout(180_000);
  let api: GearshiftApi;
  const created: string[] = [];

  const search = (q: string): Promise<CodebaseHit[]> => api.codebase.search(q, 10);
  const found = async (q: string, rel: string): Promise<CodebaseHit | undefined> => (await search(q)).find((h) => h.path === rel);

  before(async () => {
    api = await gearshift();
    await eventually(() => api.codebase.status().state === 'ready', 'the codebase index to be ready', 120_000);
  });

  after(async () => {
    for (const rel of created) await vscode.workspace.fs.delete(file(rel), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('gearshift').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('indexes the workspace and finds the chunk that answers, with its lines', async () => {
    const status = api.codebase.status();
    assert.ok(status.indexed >= 5, `${status.indexed} files indexed`);
    const hit = await found('stretch a vector by a factor', 'src/geometry.ts');
    assert.ok(hit, 'src/geometry.ts is among the hits');
    assert.match(hit.text, /export function scaleVector/);
    const line = hit.text.split('\n').findIndex((l) => l.includes('function scaleVector')) + hit.startLine;
    const doc = await vscode.workspace.openTextDocument(file('src/geometry.ts'));
    assert.match(doc.lineAt(line - 1).text, /function scaleVector/, "the hit's line range is the file's");
  });

  it('a file created, then edited and saved, then deleted: the search follows', async () => {
    created.push('src/codebaseProbe.ts');
    await write('src/codebaseProbe.ts', 'export function zebraQuokkaCounter(n: number): number {\n  return n + 1;\n}\n');
    await eventually(() => found('zebraQuokkaCounter', 'src/codebaseProbe.ts'), 'the new file in the index');

    const doc = await vscode.workspace.openTextDocument(file('src/codebaseProbe.ts'));
    const edit = new vscode.WorkspaceEdit();
    const text = 'export function platypusNarwhalTotal(n: number): number {\n  return n * 2;\n}\n';
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    await eventually(() => found('platypusNarwhalTotal', 'src/codebaseProbe.ts'), 'the saved edit in the index');
    assert.equal(await found('zebraQuokkaCounter', 'src/codebaseProbe.ts'), undefined, 'the old text is gone');

    await vscode.workspace.fs.delete(file('src/codebaseProbe.ts'));
    await eventually(async () => (await found('platypusNarwhalTotal', 'src/codebaseProbe.ts')) === undefined, 'the deleted file to leave');
  });

  it("an excluded file's content is never in a hit (built-in secret files and gearshift.exclude)", async () => {
    const question = 'API_TOKEN not a real token okapiSecretPlans okapi plans';
    const everything = async (): Promise<string> => (await search(question)).map((h) => h.text).join('\n');
    assert.ok(!(await everything()).includes('not-a-real-token'), '.env is never indexed');

    const config = vscode.workspace.getConfiguration('gearshift');
    const defaults = config.inspect<string[]>('exclude')?.defaultValue ?? [];
    await config.update('exclude', [...defaults, '**/private/**'], vscode.ConfigurationTarget.Workspace);
    created.push('src/private', 'src/afterPrivate.ts');
    await write('src/private/plans.ts', 'export const okapiSecretPlans = "launch the okapi";\n');
    await write('src/afterPrivate.ts', 'export const wombatAfterPrivate = 1;\n');
    // The file written after the excluded one is indexed: the excluded one's events have been handled by then.
    await eventually(() => found('wombatAfterPrivate', 'src/afterPrivate.ts'), 'the file written after the excluded one');
    await api.codebase.whenIdle();
    const text = await everything();
    assert.ok(!text.includes('okapi'), "the excluded file's text is in no hit");
    assert.ok(!(await search('okapiSecretPlans')).some((h) => h.path.includes('private/')));
  });

  it('Gearshift: Rebuild Codebase Index builds it afresh', async () => {
    await vscode.commands.executeCommand('gearshift.codebase.rebuild');
    const status = api.codebase.status();
    assert.equal(status.state, 'ready');
    assert.ok(status.indexed >= 5);
    assert.ok(await found('stretch a vector by a factor', 'src/geometry.ts'));
  });
});
