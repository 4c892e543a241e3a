import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from './ui';
import { eventually, useFakeProvider, EMPTY_CONVERSATION } from './setup';

const W = 'webview' as const;
const INPUT = '[data-testid="chat-input"]';
const REPLY = '[data-testid="reply"]';
const DIAL = '[data-testid="preference-picker"]';

type Routing = { chat?: string; preference?: string };
const workspaceRouting = (): Routing | undefined =>
  vscode.workspace.getConfiguration('gearshift').inspect<Routing>('routing')?.workspaceValue;

/** Picks an item of the open quick pick by typing its label and pressing Enter. */
async function pick(title: string, label: string): Promise<void> {
  await ui.waitFor('.quick-input-widget .quick-input-title', { text: title });
  await ui.type(label);
  await ui.waitFor('.quick-input-widget .monaco-list-row', { text: label });
  await ui.press('Enter');
}

describe('quality/cost dial (status-bar menu and chat picker)', function () {
  this.timeout(180_000);

  after(async () => {
    await vscode.workspace.getConfiguration('gearshift').update('routing', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('choosing Cost in the status-bar menu writes the workspace setting and the next chat is routed at the cost point', async () => {
    const { fake, api } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.setChatRouting', 'auto');
    await ui.click('.statusbar-item:has-text("today")');
    await pick('Gearshift', 'Routing Preference');
    await pick('routing preference for this workspace', 'Cost');
    await eventually(() => workspaceRouting()?.preference === 'cost', 'gearshift.routing.preference "cost" in the workspace');
    assert.equal(workspaceRouting()?.chat, 'auto', 'the routing object keeps its other keys');
    await eventually(
      () => api.gateway.route({ task: 'chat', messages: [{ role: 'user', content: 'x' }] }).preference === 'cost',
      'the router',
    );

    // The chat panel shows the dial and its next decision uses the cost operating point.
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(INPUT, { frame: W, timeoutMs: 30_000 });
    await eventually(
      async () => (await ui.eval<string>(`document.querySelector('${DIAL}').value`, W, DIAL)) === 'cost',
      'the picker at cost',
    );
    await ui.click('[data-testid="new-chat"]', W);
    await eventually(async () => (await ui.query(EMPTY_CONVERSATION, W)).length === 1, 'an empty conversation');
    fake.script({ chunks: ['Use reversed().'], usage: { input: 100, output: 5 } });
    await ui.fill(INPUT, 'how do i reverse a list in python', W);
    await ui.click('[data-testid="send"]', W);
    let seen = 'no reply';
    const reply = await eventually(
      async () => {
        const last = (await ui.query(REPLY, W)).pop();
        if (last) seen = `${last.attrs['data-status']}: ${last.text.slice(0, 200)}`;
        return last?.attrs['data-status'] === 'done' ? last : undefined;
      },
      'the reply',
      60_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message} (last seen: ${seen})`);
    });
    assert.equal(reply.attrs['data-tier'], 'cheap');
    const [tier] = await ui.query(`${REPLY}:last-of-type [data-testid="reply-tier"]`, W);
    assert.match(tier.attrs.title ?? '', /\(score 0\.\d\d, cost dial\)/, `reason: ${tier.attrs.title}`);
  });

  it('the chat picker switches the preference, and follows a change made elsewhere', async () => {
    const { api } = await useFakeProvider();
    await vscode.commands.executeCommand('gearshift.chat.focus');
    await ui.waitFor(DIAL, { frame: W, timeoutMs: 30_000 });
    await ui.eval(
      `(() => { const s = document.querySelector('${DIAL}'); s.value = 'quality'; s.dispatchEvent(new Event('change')); return true; })()`,
      W,
      DIAL,
    );
    await eventually(() => workspaceRouting()?.preference === 'quality', 'gearshift.routing.preference "quality" in the workspace');
    const d = await eventually(() => {
      const r = api.gateway.route({ task: 'chat', messages: [{ role: 'user', content: 'how do i reverse a list' }] });
      return r.preference === 'quality' ? r : undefined;
    }, 'the router at quality');
    assert.match(d.reason, /quality dial/);
    await vscode.commands.executeCommand('gearshift.setRoutingPreference', 'balanced');
    await eventually(
      async () => (await ui.eval<string>(`document.querySelector('${DIAL}').value`, W, DIAL)) === 'balanced',
      'the picker to follow the setting',
    );
  });
});
