import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../../src/vscode/extension';
import { eventually } from '../setup';

/** Workspace Trust on, the fixture not trusted: only reading tools, for Gearshift's agent and VS Code's alike. */
describe('Agent tools in Restricted Mode', () => {
  let api: GearshiftApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
    assert.ok(ext);
    api = await ext.activate();
  });

  it('offers only the reading tools to an agent task, and no external tools', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await vscode.commands.executeCommand('gearshift.agent.chooseTools', ['some_other_tool']);
    try {
      const tools = api.agentTools.toolsFor();
      assert.ok(tools.length > 0 && tools.every((t) => t.readOnly), tools.map((t) => t.definition.name).join(', '));
      assert.ok(!tools.some((t) => ['propose_edits', 'run_command', 'some_other_tool'].includes(t.definition.name)));
    } finally {
      await vscode.commands.executeCommand('gearshift.agent.chooseTools', []);
    }
  });

  it("the write and run tools refuse when VS Code's agent calls them", async () => {
    await eventually(() => vscode.lm.tools.some((t) => t.name === 'gearshift_run_command'), "Gearshift's tools in vscode.lm.tools");
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const marker = path.join(root, 'ran.txt');
    const token = new vscode.CancellationTokenSource().token;
    const run = api.agentTools.lmTools.tool('run_command')!;
    const command = `node -e "require('fs').writeFileSync('ran.txt', 'x')"`;
    const prepared = await api.agentTools.lmTools.prepare(run, { command }, token);
    assert.equal(prepared.confirmationMessages, undefined, 'nothing to confirm: it will refuse');
    const out = await api.agentTools.lmTools.run(run, { command }, token);
    assert.equal(out.outcome, 'refused');
    assert.match(out.content, /Restricted Mode/);
    const edit = await api.agentTools.lmTools.run(
      api.agentTools.lmTools.tool('propose_edits')!,
      { files: [{ path: 'x.txt', content: 'x' }] },
      token,
    );
    assert.equal(edit.outcome, 'refused');
    // Through VS Code's own invocation path too: refused (or not offered at all), never run.
    const viaVsCode = await vscode.lm
      .invokeTool('gearshift_run_command', { input: { command }, toolInvocationToken: undefined }, token)
      .then(
        (r) => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''),
        (e: unknown) => `rejected: ${String(e)}`,
      );
    console.log(`restricted run_command through vscode.lm.invokeTool: ${viaVsCode}`);
    assert.match(viaVsCode, /Restricted Mode|rejected/);
    assert.equal(fs.existsSync(marker), false);
    assert.equal(fs.existsSync(path.join(root, 'x.txt')), false);
  });
});
