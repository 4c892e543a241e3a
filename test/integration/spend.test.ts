import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { conversationKey } from '../../src/core/cost/record';
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

describe('spend dashboard: chart axis, legend, regret, accept rate and conversations', function () {
  this.timeout(180_000);

  it('draws the x axis over the days with spend, shows values in the legend on hover, and regret and conversation costs', async () => {
    const { api } = await useFakeProvider();
    const time = new Date().toISOString();
    const usage = { input: 900, output: 30, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 };
    const conv = conversationKey('spend-regret-conversation');
    const base = {
      v: 1 as const,
      time,
      workspace: { id: 'regretws', name: 'regretspace' },
      task: 'chat' as const,
      model: 'gpt-5-mini',
      endpoint: 'fake',
      usage,
      estimated: false,
      frontierCostUsd: 0.02,
      latencyMs: 100,
      outcome: 'ok' as const,
      conversation: conv,
      preference: 'cost' as const,
    };
    // A cheap answer, "Retry with frontier", then a cheap follow-up: one regretted of two cheap answers.
    api.cost.record({ ...base, tier: 'cheap', modelName: 'regretmodel', costUsd: 0.001 });
    api.cost.record({ ...base, tier: 'frontier', modelName: 'smart', costUsd: 0.02, escalation: 'retry' });
    api.cost.record({ ...base, tier: 'cheap', modelName: 'regretmodel', costUsd: 0.003 });
    // Completions in a language no other test types in: two shown (one accepted), one empty.
    const completion = { ...base, task: 'completion' as const, tier: 'cheap' as const, modelName: 'acceptmodel', costUsd: 0.0001 };
    delete (completion as { conversation?: string }).conversation;
    delete (completion as { preference?: string }).preference;
    api.cost.record({ ...completion, verdict: 'accepted', language: 'haskell' });
    api.cost.record({ ...completion, verdict: 'rejected', language: 'haskell' });
    api.cost.record({ ...completion, verdict: 'empty', language: 'haskell' });
    await vscode.commands.executeCommand('gearshift.showSpend');
    await eventually(async () => (await ui.query('canvas', 'webview')).length > 0, 'the uPlot chart');
    // Today only: one day of data. uPlot's own range would run 1000 days from it.
    await ui.eval(
      `(() => { const s = document.querySelector('select[aria-label="Period"]'); s.value = 'today';
        s.dispatchEvent(new Event('change')); })()`,
      'webview',
      'select[aria-label="Period"]',
    );
    const today = new Date().toDateString();
    let axis: { from?: string; to?: string } = {};
    await eventually(async () => {
      axis = await ui.eval<{ from?: string; to?: string }>(
        `(() => { const c = document.querySelector('.chart'); return { from: c.dataset.xFrom, to: c.dataset.xTo }; })()`,
        'webview',
        '.chart canvas',
      );
      return axis.from === today && axis.to === today;
    }, 'the x axis to span today only').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; axis: ${JSON.stringify(axis)}`);
    });
    // Hover the middle of the plot: the legend shows the day's dollars per tier.
    let legend: string[] = [];
    await eventually(async () => {
      legend = await ui.eval<string[]>(
        `(() => {
          const over = document.querySelector('.u-over');
          const r = over.getBoundingClientRect();
          const at = { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true };
          over.dispatchEvent(new MouseEvent('mouseenter', at));
          over.dispatchEvent(new MouseEvent('mousemove', at));
          return [...document.querySelectorAll('.u-legend .u-series')].map((s) => s.textContent);
        })()`,
        'webview',
        '.u-over',
      );
      return legend.some((t) => /frontier.*\$\d/.test(t)) && legend.some((t) => /cheap.*\$\d/.test(t));
    }, 'values in the legend on hover').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; legend: ${legend.join(' | ')}`);
    });
    let rows: { text: string }[] = [];
    await eventually(async () => {
      rows = await ui.query('table.regret tbody tr', 'webview');
      return rows.some((r) => r.text.includes('regretmodel') && r.text.includes('50% (1 of 2)'));
    }, 'regret per model').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; rows: ${rows.map((r) => r.text).join(' | ')}`);
    });
    assert.ok(
      rows.some((r) => r.text.includes('regretspace') && r.text.includes('50% (1 of 2)')),
      'regret per workspace',
    );
    // Other tests (the dial's) may have recorded cheap answers at "cost" today too: the seeded regret is among them.
    const costRow = rows.find((r) => r.text.startsWith('cost'))?.text ?? '';
    const [, regretted, answers] = /\((\d+) of (\d+)\)/.exec(costRow) ?? [];
    assert.ok(Number(regretted) >= 1 && Number(answers) >= 2, `regret per preference: ${costRow}`);
    let acceptance: { text: string }[] = [];
    await eventually(async () => {
      acceptance = await ui.query('table.acceptance tbody tr', 'webview');
      return acceptance.some((r) => r.text.startsWith('haskell') && r.text.includes('50% (1 of 2)'));
    }, 'the accept rate per language').catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; rows: ${acceptance.map((r) => r.text).join(' | ')}`);
    });
    assert.ok(
      acceptance.some((r) => r.text.startsWith('acceptmodel') && r.text.includes('50% (1 of 2)')),
      `the accept rate per model: ${acceptance.map((r) => r.text).join(' | ')}`,
    );
    const cards = await ui.query('.card', 'webview');
    assert.ok(
      cards.some((c) => c.text.startsWith('Regret')),
      cards.map((c) => c.text).join(' | '),
    );
    const convRows = await ui.query('table.conversations tbody tr', 'webview');
    assert.ok(
      convRows.some((r) => r.text.includes('regretspace') && r.text.includes('$0.0240') && /chat.*3/.test(r.text)),
      convRows.map((r) => r.text).join(' | '),
    );
    await ui.screenshot('spend-dashboard-regret');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
