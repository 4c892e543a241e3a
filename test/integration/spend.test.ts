import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

describe('spend dashboard', function () {
  this.timeout(180_000);

  it('opens with the per-model table and the chart, from the shared ledger', async () => {
    const { api, fake } = await useFakeProvider();
    fake.setDefault({ text: 'ok', usage: { input: 1000, output: 10 } });
    await api.gateway.send({ conversationId: 'spend-test', messages: [{ role: 'user', content: 'rename foo' }], attachments: [], override: 'cheap' });
    await vscode.commands.executeCommand('gearshift.showSpend');
    let rows: { text: string }[] = [];
    await eventually(async () => {
      rows = await ui.query('table tbody tr', 'webview');
      return rows.some((r) => r.text.includes('fast'));
    }, 'a row for the model in the per-model table').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; rows: ${rows.map((r) => r.text).join(' | ')}`);
    });
    await eventually(async () => (await ui.query('canvas', 'webview')).length > 0, 'the uPlot chart');
    await ui.screenshot('spend-dashboard');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
