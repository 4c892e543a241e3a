import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useFakeProvider } from './setup';

describe('routing commands', function () {
  this.timeout(180_000);

  after(async () => {
    await vscode.workspace.getConfiguration('gearshift').update('routing', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('Set Chat Routing writes the workspace setting and the router follows it', async () => {
    const { api } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.setChatRouting', 'frontier');
    const inspected = vscode.workspace.getConfiguration('gearshift').inspect<{ chat: string }>('routing');
    assert.equal(inspected?.workspaceValue?.chat, 'frontier', 'written to .vscode/settings.json');
    const decision = api.gateway.route({ task: 'chat', messages: [{ role: 'user', content: 'how do i reverse a list' }] });
    assert.equal(decision.tier, 'frontier');
    assert.match(decision.reason, /frontier/);
  });

  it('Explain Last Routing Decision tells the tier, the reason and the chain', async () => {
    const { api } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.setChatRouting', 'auto');
    api.gateway.route({
      task: 'chat',
      messages: [{ role: 'user', content: 'why does this deadlock only under load?\n\n```go\nmu.RLock()\n```' }],
    });
    const text = await vscode.commands.executeCommand<string>('gearshift.explainRouting', { quiet: true });
    assert.match(text, /^chat at .*: (cheap|frontier) tier/m);
    assert.match(text, /Reason: chat/);
    assert.match(text, /Chain: .*\(fake\//);
    // Which price the model gets, and whether the catalog matched it exactly.
    assert.match(text, /^Price of \S+: (priced as .+ \((exact|approximate — confirm with gearshift\.prices)\)|.*gearshift\.prices.*)$/m);
  });
});
