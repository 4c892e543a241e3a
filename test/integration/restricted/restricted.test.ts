import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../../src/vscode/extension';
import { eventually } from '../setup';
import { ui } from '../ui';

/**
 * Runs in a window with Workspace Trust ON, on test/fixtures/restricted, whose .vscode/settings.json tries to
 * route code to another endpoint, spend the user's key (a dearer model id, frontier routes and rules, more tokens,
 * no debounce) and lift protections.
 */
describe('Restricted Mode (untrusted workspace)', () => {
  let api: GearshiftApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
    assert.ok(ext);
    api = await ext.activate();
    const config = vscode.workspace.getConfiguration('gearshift');
    // The user's own (trusted) set-up: two endpoints, tiers on one of them.
    await config.update(
      'endpoints',
      {
        // No key needed: the endpoint counts as available, so routing decisions show their real chains.
        fake: { kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', requiresKey: false },
        attacker: { kind: 'openai', baseUrl: 'http://127.0.0.1:2/v1' },
      },
      vscode.ConfigurationTarget.Global,
    );
    await config.update('models', { fast: { endpoint: 'fake', model: 'gpt-5-mini' } }, vscode.ConfigurationTarget.Global);
    await config.update('tiers', { cheap: ['fast'], frontier: ['fast'] }, vscode.ConfigurationTarget.Global);
    await config.update('budget', { dailyUsd: 5, onExceed: 'block' }, vscode.ConfigurationTarget.Global);
    await eventually(() => api.settings().budget.dailyUsd === 5, 'the user settings to apply');
    await api.refreshAvailability();
  });

  it('runs untrusted, with Gearshift active in limited mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(vscode.extensions.getExtension('gearshift-dev.gearshift')?.isActive);
  });

  it('ignores workspace settings that would send code to another endpoint, and says so', async () => {
    const s = await eventually(() => {
      const current = api.settings();
      return current.endpoints.fake ? current : undefined;
    }, 'the user settings to apply');
    // VS Code itself never applies an application-scoped setting from a workspace (and marks it in the editor).
    assert.equal(s.endpoints.evil, undefined, 'a workspace cannot add an endpoint');
    assert.deepEqual(s.tiers, { cheap: ['fast'], frontier: ['fast'] }, "the user's own tiers stand");
    const everyTierModel = [...s.tiers.cheap, ...s.tiers.frontier].map((n) => s.models[n]);
    assert.ok(
      everyTierModel.every((m) => m && m.endpoint !== 'attacker'),
      `tiers: ${JSON.stringify(s.tiers)}`,
    );
    const decision = api.gateway.route({ task: 'completion', language: 'python', filePath: 'src/app.py' });
    const endpoints = decision.chain.map((m) => m.endpoint);
    assert.ok(endpoints.length > 0 && endpoints.every((e) => e === 'fake'), `completion chain: ${endpoints.join(',')}`);
    const told = api
      .settingsProblems()
      .map((p) => p.message)
      .join('\n');
    assert.match(told, /gearshift\.models\.exfil is ignored because this workspace is not trusted/);
  });

  it("ignores a workspace that changes the user's model id, routes to the frontier, raises maxTokens or zeroes the debounce", async () => {
    const s = await eventually(() => {
      const current = api.settings();
      return current.models.fast ? current : undefined;
    }, "the user's model to apply");
    assert.equal(s.models.fast.model, 'gpt-5-mini', 'the workspace\'s "o1-pro" is ignored');
    assert.equal(s.models.fast.maxOutputTokens, undefined);
    assert.deepEqual(s.routing, {
      completion: 'cheap',
      chat: 'auto',
      commitMessage: 'cheap',
      agent: 'auto',
      preference: 'balanced',
      commands: { explain: 'auto', fix: 'frontier', tests: 'frontier', doc: 'cheap', new: 'frontier' },
    });
    assert.deepEqual(s.rules, []);
    assert.equal(s.completion.maxTokens, 128);
    assert.equal(s.completion.debounceMs, 150);
    const completion = api.gateway.route({ task: 'completion', language: 'python', filePath: 'src/app.py' });
    assert.equal(completion.tier, 'cheap');
    assert.deepEqual(
      completion.chain.map((m) => m.model),
      ['gpt-5-mini'],
    );
    const problems = api.settingsProblems();
    const fast = problems.find((p) => p.setting === 'gearshift.models.fast');
    assert.ok(fast, problems.map((p) => p.message).join('\n'));
    assert.match(fast.message, /would change your model "fast" \(model id "gpt-5-mini" → "o1-pro"; maxOutputTokens unset → 100000\)/);
    const spending = ['gearshift.routing.completion', 'gearshift.routing.chat', 'gearshift.rules[0]', 'gearshift.completion.maxTokens'];
    for (const setting of [...spending, 'gearshift.completion.debounceMs']) {
      assert.ok(
        problems.some((p) => p.setting === setting && p.untrusted),
        `no Restricted Mode problem names ${setting}`,
      );
    }
  });

  it('tells the user in one message naming the ignored settings, with the reasons in the log', async () => {
    await eventually(() => api.log.lines().some((l) => l.includes('would change your model "fast"')), 'the reason in the log');
    await vscode.commands.executeCommand('notifications.showList');
    try {
      const shown = await ui.waitFor('.notifications-center .notification-list-item', { text: 'gearshift.models.fast', timeoutMs: 10_000 });
      const mine = shown.filter((n) => n.text.includes('this workspace is not trusted'));
      assert.ok(mine.length >= 1, shown.map((n) => n.text).join('\n'));
      assert.ok(
        mine.some((n) => n.text.includes('gearshift.models.fast')),
        'the message names the model setting',
      );
      const all = mine.map((n) => n.text).join('\n');
      for (const setting of ['gearshift.routing.completion', 'gearshift.completion.maxTokens', 'gearshift.completion.debounceMs']) {
        assert.ok(all.includes(setting), `no message names ${setting}: ${all}`);
      }
      // Restricted Mode problems are not also shown one notification each.
      const single = shown.filter((n) => n.text.includes('Gearshift: gearshift.completion.maxTokens is ignored'));
      assert.equal(single.length, 0, 'one message, not one per setting');
    } finally {
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });

  it('refuses to move the quality/cost dial away from cost, and says why', async () => {
    const written = () => vscode.workspace.getConfiguration('gearshift').inspect<Record<string, unknown>>('routing')?.workspaceValue;
    const before = JSON.stringify(written());
    const result = await vscode.commands.executeCommand('gearshift.setRoutingPreference', 'quality');
    assert.equal(result, undefined, 'nothing written');
    assert.equal(JSON.stringify(written()), before, "the workspace's settings file is untouched");
    assert.equal(api.settings().routing.preference, 'balanced');
    await eventually(
      () => api.log.lines().some((l) => l.includes('Restricted Mode: this workspace can only move the routing preference')),
      'the log',
    );
    await vscode.commands.executeCommand('notifications.showList');
    try {
      await ui.waitFor('.notifications-center .notification-list-item', { text: 'only move the routing preference', timeoutMs: 10_000 });
    } finally {
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });

  it('keeps the built-in exclusions and the user budget', () => {
    const s = api.settings();
    assert.ok(
      s.exclude.some((g) => g.includes('.env')),
      'the .env exclusion stays',
    );
    assert.equal(s.budget.dailyUsd, 5, 'an untrusted workspace cannot raise the budget');
    assert.equal(s.budget.onExceed, 'block', 'nor relax what happens when it is used up');
    assert.equal(s.prices['gpt-5-mini'], undefined, 'an untrusted workspace cannot set prices');
    assert.ok(api.settingsProblems().some((p) => /gearshift\.(exclude|budget|prices)/.test(p.setting)));
  });
});
