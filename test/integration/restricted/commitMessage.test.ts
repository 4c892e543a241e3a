import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../../src/vscode/extension';
import type { CommitMessageRun } from '../../../src/vscode/commit';

/**
 * In Restricted Mode the built-in Git extension does not run (it does not support untrusted workspaces), so there is
 * no diff to read: Generate Commit Message says so, and nothing is sent.
 */
describe('Commit messages in Restricted Mode', () => {
  it('say that the Git extension does not run here, and send nothing', async () => {
    const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
    assert.ok(ext);
    const api = await ext.activate();
    assert.equal(vscode.workspace.isTrusted, false);
    const before = (await api.cost.readAll()).filter((r) => r.task === 'commitMessage').length;
    const run = await vscode.commands.executeCommand<CommitMessageRun>('gearshift.commitMessage.generate');
    assert.equal(run.outcome, 'no-repository');
    assert.match(run.notice ?? '', /Restricted Mode: trust this workspace/);
    assert.equal((await api.cost.readAll()).filter((r) => r.task === 'commitMessage').length, before);
  });
});
