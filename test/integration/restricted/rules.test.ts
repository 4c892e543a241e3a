import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../../src/vscode/extension';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes';
import { eventually } from '../setup';
import { ui } from '../ui';

const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const USER_MARK = 'RESTRICTED-USER-MARK-a81c';

/**
 * Rules files in Restricted Mode: the workspace's AGENTS.md (test/fixtures/restricted/AGENTS.md) is not read, the
 * composer's chip says why, and the user's own gearshift.instructions still reach the model.
 */
describe('Rules files in Restricted Mode', function () {
  this.timeout(180_000);
  let fake: FakeOpenAI;
  let api: GearshiftApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
    assert.ok(ext);
    api = await ext.activate();
    fake = await startFakeOpenAI();
    const config = vscode.workspace.getConfiguration('gearshift');
    const global = vscode.ConfigurationTarget.Global;
    await config.update('endpoints', { fake: { kind: 'openai', baseUrl: `${fake.url}/v1`, requiresKey: false } }, global);
    await config.update('models', { fast: { endpoint: 'fake', model: 'gpt-5-mini' } }, global);
    await config.update('tiers', { cheap: ['fast'], frontier: ['fast'] }, global);
    await config.update('instructions', USER_MARK, global);
    await eventually(() => api.settings().instructions === USER_MARK, 'the user settings to apply');
    await api.refreshAvailability();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('gearshift').update('instructions', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('does not read AGENTS.md, says why on the chip, and still sends the user instructions', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
    const [chip] = await ui.waitFor('[data-testid="rules-untrusted"]', { frame: W, timeoutMs: 30_000 });
    assert.match(chip.text, /Restricted Mode/);
    assert.match(chip.attrs.title ?? '', /not read in Restricted Mode: trust the workspace/);
    assert.equal((await ui.query('[data-testid="rules-file"]', W)).length, 0, 'no rules file is listed');
    fake.script({ text: 'ok' });
    await ui.fill(INPUT, 'how do i reverse a list', W);
    await ui.click('[data-testid="send"]', W);
    const body = await eventually(() => {
      const r = fake.requests.find((x) => x.path.endsWith('/chat/completions'));
      return r?.body as { messages: { role: string; content: string }[] } | undefined;
    }, 'the request to reach the fake');
    const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
    assert.ok(system.includes(USER_MARK), 'the user instructions apply');
    assert.ok(!system.includes('RESTRICTED-AGENTS-MARK'), 'AGENTS.md is not read');
  });
});
