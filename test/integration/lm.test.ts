import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, useFakeProvider } from './setup';

describe("Gearshift's models in VS Code's language-model API", function () {
  this.timeout(180_000);

  it('offers Gearshift Auto, Cheap and Frontier', async () => {
    await useFakeProvider();
    const models = await eventually(async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'gearshift' });
      return found.length >= 3 ? found : undefined;
    }, 'the gearshift models');
    assert.deepEqual(models.map((m) => m.name).sort(), ['Gearshift Auto', 'Gearshift Cheap', 'Gearshift Frontier']);
  });

  it('routes, streams and records a request sent through it', async () => {
    const { fake, api } = await useFakeProvider();
    const [frontier] = await vscode.lm.selectChatModels({ vendor: 'gearshift', id: 'gearshift-frontier' });
    assert.ok(frontier, 'Gearshift Frontier is selectable');
    fake.setDefault({ chunks: ['Routed ', 'through ', 'the frontier ', 'tier.'], usage: { input: 300, output: 4 } });
    const before = (await api.cost.readAll()).length;
    const response = await frontier.sendRequest([vscode.LanguageModelChatMessage.User('compare two designs for a cache')], {}, new vscode.CancellationTokenSource().token);
    let text = '';
    for await (const chunk of response.text) text += chunk;
    assert.equal(text, 'Routed through the frontier tier.');
    // This request, not a completion request an earlier test may have left in flight.
    const request = fake.requests.filter((r) => r.rawBody.includes('compare two designs for a cache')).pop()?.body as { model: string };
    assert.equal(request.model, 'claude-sonnet-5', 'the frontier tier\'s model answered');
    const last = await eventually(
      async () => (await api.cost.readAll()).slice(before).find((r) => r.task !== 'completion'),
      'a ledger record',
    );
    assert.equal(last.tier, 'frontier');
    assert.equal(last.usage.input, 300);
    const tokens = await frontier.countTokens('hello world');
    assert.ok(tokens > 0 && tokens < 5);
  });
});
