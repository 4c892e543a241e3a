import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

describe('spend dashboard', function () {
  this.timeout(60_000);

  it('opens with the per-model table and the chart, from the shared ledger', async () => {
    const { api, fake } = await useFakeProvider();
    fake.setDefault({ text: 'ok', usage: { input: 1000, output: 10 } });
    await api.gateway.send({ conversationId: 'spend-test', messages: [{ role: 'user', content: 'rename foo' }], attachments: [], override: 'cheap' });
    await vscode.commands.executeCommand('gearshift.showSpend');
    const rows = await eventually(async () => {
      const found = await ui.query('table tbody tr', 'webview');
      return found.length > 0 ? found : undefined;
    }, 'the per-model table');
    assert.ok(rows.some((r) => r.text.includes('fast')), `a row for the model: ${rows.map((r) => r.text).join(' | ')}`);
    const canvases = await ui.query('canvas', 'webview');
    assert.ok(canvases.length > 0, 'the uPlot chart is drawn');
    await ui.screenshot('spend-dashboard');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
