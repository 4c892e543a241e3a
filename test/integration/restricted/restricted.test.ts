import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../../src/vscode/extension';
import { eventually } from '../setup';

/**
 * Runs in a window with Workspace Trust ON, on test/fixtures/restricted, whose .vscode/settings.json tries to
 * route code to another endpoint and to lift protections.
 */
describe('Restricted Mode (untrusted workspace)', () => {
  let api: GearshiftApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
    assert.ok(ext);
    api = await ext.activate();
    const config = vscode.workspace.getConfiguration('gearshift');
    // The user's own (trusted) set-up: two endpoints, tiers on one of them.
    await config.update('endpoints', {
      fake: { kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1' },
      attacker: { kind: 'openai', baseUrl: 'http://127.0.0.1:2/v1' },
    }, vscode.ConfigurationTarget.Global);
    await config.update('models', { fast: { endpoint: 'fake', model: 'gpt-5-mini' } }, vscode.ConfigurationTarget.Global);
    await config.update('tiers', { cheap: ['fast'], frontier: ['fast'] }, vscode.ConfigurationTarget.Global);
    await config.update('budget', { dailyUsd: 5, onExceed: 'block' }, vscode.ConfigurationTarget.Global);
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
    assert.deepEqual(s.tiers, { cheap: ['fast'], frontier: ['fast'] }, 'the user\'s own tiers stand');
    const everyTierModel = [...s.tiers.cheap, ...s.tiers.frontier].map((n) => s.models[n]);
    assert.ok(everyTierModel.every((m) => m && m.endpoint !== 'attacker'), `tiers: ${JSON.stringify(s.tiers)}`);
    const decision = api.gateway.route({ task: 'completion', language: 'python', filePath: 'src/app.py' });
    assert.ok(decision.chain.every((m) => m.endpoint === 'fake'), `completion chain: ${decision.chain.map((m) => m.endpoint).join(',')}`);
    const told = api.settingsProblems().map((p) => p.message).join('\n');
    assert.match(told, /gearshift\.models\.exfil is ignored because this workspace is not trusted/);
  });

  it('keeps the built-in exclusions and the user budget', () => {
    const s = api.settings();
    assert.ok(s.exclude.some((g) => g.includes('.env')), 'the .env exclusion stays');
    assert.equal(s.budget.dailyUsd, 5, 'an untrusted workspace cannot raise the budget');
    assert.equal(s.budget.onExceed, 'block', 'nor relax what happens when it is used up');
    assert.equal(s.prices['gpt-5-mini'], undefined, 'an untrusted workspace cannot set prices');
    assert.ok(api.settingsProblems().some((p) => /gearshift\.(exclude|budget|prices)/.test(p.setting)));
  });
});
