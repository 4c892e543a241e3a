import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider } from './setup';

describe('budget', function () {
  this.timeout(180_000);

  after(async () => {
    // "Set Budget" writes the workspace's settings when a folder is open.
    const config = vscode.workspace.getConfiguration('gearshift');
    await config.update('budget', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('budget', undefined, vscode.ConfigurationTarget.Global);
    const { api } = await useFakeProvider();
    await eventually(() => api.settings().budget.dailyUsd === undefined, 'the budget to be lifted');
  });

  it('warns once when the daily budget is used up, then blocks paid requests', async () => {
    const { fake, api } = await useFakeProvider();
    await api.cost.whenLoaded(); // the first ledger read is asynchronous: totals are complete from then on
    const spent = api.cost.summary().today.costUsd;
    // A limit just above today's spend; one call of $0.70 (2M gpt-5-mini input + 100k output) crosses it.
    await vscode.commands.executeCommand('gearshift.setBudget', { dailyUsd: Number((spent + 0.05).toFixed(2)), onExceed: 'block' });
    await eventually(() => api.settings().budget.onExceed === 'block', 'the budget setting');
    fake.setDefault({ text: 'expensive', usage: { input: 2_000_000, output: 100_000 } });
    const first = await api.gateway.send({
      conversationId: 'budget',
      messages: [{ role: 'user', content: 'rename a to b' }],
      attachments: [],
      override: 'cheap',
    });
    assert.equal(first.error, undefined);
    // The workbench under test keeps notifications in the notification center (no toasts): read them there.
    await eventually(() => api.log.lines().some((l) => l.includes('daily budget is used up')), 'the warning');
    await vscode.commands.executeCommand('notifications.showList');
    const shown = await ui.waitFor('.notifications-center .notification-list-item', { text: 'daily budget is used up', timeoutMs: 10_000 });
    assert.equal(shown.filter((t) => t.text.includes('daily budget is used up')).length, 1, 'one warning');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
    const items = await ui.query('.statusbar-item');
    assert.ok(
      items.some((i) => /\$0\.\d\d today/.test(i.text) && (i.attrs['aria-label'] ?? '').length > 0),
      'the status bar item is still there',
    );
    // Until the spend reaches the router a request may still pass (and reach the provider): the one blocked must not.
    let before = fake.requests.length;
    const blocked = await eventually(async () => {
      before = fake.requests.length;
      const o = await api.gateway.send({
        conversationId: 'budget-2',
        messages: [{ role: 'user', content: 'rename c to d' }],
        attachments: [],
        override: 'cheap',
      });
      return o.error?.kind === 'blocked' ? o : undefined;
    }, 'the next request to be blocked');
    assert.match(blocked.error!.message, /budget/i);
    const reached = fake.requests.slice(before).filter((r) => r.rawBody.includes('rename c to d'));
    assert.equal(reached.length, 0, 'a blocked request never reaches the provider');
    assert.match(blocked.decision.reason, /budget/);
  });
});
