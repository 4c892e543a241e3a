import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

describe('spend dashboard', function () {
  this.timeout(180_000);

  it('opens with the per-model table and the chart, from the shared ledger', async () => {
    const { api, fake } = await useFakeProvider();
    fake.setDefault({ text: 'ok', usage: { input: 1000, output: 10 } });
    await api.gateway.send({
      conversationId: 'spend-test',
      messages: [{ role: 'user', content: 'rename foo' }],
      attachments: [],
      override: 'cheap',
    });
    await vscode.commands.executeCommand('gearshift.showSpend');
    let rows: { text: string }[] = [];
    await eventually(async () => {
      rows = await ui.query('table tbody tr', 'webview');
      return rows.some((r) => r.text.includes('fast'));
    }, 'a row for the model in the per-model table').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; rows: ${rows.map((r) => r.text).join(' | ')}`);
    });
    await eventually(async () => (await ui.query('canvas', 'webview')).length > 0, 'the uPlot chart');
    // An agent task of three steps appears in the "By task" table with its steps and cost.
    const time = new Date().toISOString();
    const usage = { input: 900, output: 30, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 };
    for (const [step, stepRole, costUsd] of [
      [1, 'plan', 0.01],
      [2, 'digest', 0.002],
      [3, 'execute', 0.0003],
    ] as const) {
      api.cost.record({
        v: 1,
        time,
        workspace: { id: 'spendws', name: 'spend' },
        task: 'agent',
        tier: step === 1 ? 'frontier' : 'cheap',
        model: 'gpt-5-mini',
        modelName: step === 1 ? 'smart' : 'fast',
        endpoint: 'fake',
        usage,
        costUsd,
        estimated: false,
        frontierCostUsd: 0.01,
        latencyMs: 100,
        outcome: 'ok',
        taskId: 'spendTask42',
        step,
        stepRole,
      });
    }
    let taskRows: { text: string }[] = [];
    await eventually(async () => {
      taskRows = await ui.query('table.tasks tbody tr', 'webview');
      return taskRows.some((r) => r.text.includes('spendTas') && r.text.includes('$0.0123') && r.text.includes('smart, fast'));
    }, 'the agent task in the "By task" table').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; rows: ${taskRows.map((r) => r.text).join(' | ')}`);
    });
    await ui.screenshot('spend-dashboard');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
