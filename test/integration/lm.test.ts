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
    const response = await frontier.sendRequest(
      [vscode.LanguageModelChatMessage.User('compare two designs for a cache')],
      {},
      new vscode.CancellationTokenSource().token,
    );
    let text = '';
    for await (const chunk of response.text) text += chunk;
    assert.equal(text, 'Routed through the frontier tier.');
    // This request, not a completion request an earlier test may have left in flight.
    const request = fake.requests.filter((r) => r.rawBody.includes('compare two designs for a cache')).pop()?.body as { model: string };
    assert.equal(request.model, 'claude-sonnet-5', "the frontier tier's model answered");
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

describe("VS Code's agent through Gearshift's models: tools", function () {
  this.timeout(180_000);

  const weather = {
    name: 'get_weather',
    description: 'The weather in a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  /** Sends one request and collects what came back: text and tool calls. */
  async function send(
    model: vscode.LanguageModelChat,
    messages: vscode.LanguageModelChatMessage[],
  ): Promise<{ text: string; calls: vscode.LanguageModelToolCallPart[] }> {
    const response = await model.sendRequest(
      messages,
      { tools: [weather], toolMode: vscode.LanguageModelChatToolMode.Auto },
      new vscode.CancellationTokenSource().token,
    );
    let text = '';
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of response.stream) {
      if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
      else if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    }
    return { text, calls };
  }

  it('declares tool calling, answers with a tool call, takes the result back, and records both steps of the task', async () => {
    const { fake, api } = await useFakeProvider();
    const [auto] = await vscode.lm.selectChatModels({ vendor: 'gearshift', id: 'gearshift-auto' });
    assert.ok(auto, 'Gearshift Auto is selectable');
    const caps = (auto as unknown as { capabilities?: { supportsToolCalling?: boolean } }).capabilities;
    if (caps) assert.equal(caps.supportsToolCalling, true, 'VS Code sees tool calling');
    const before = (await api.cost.readAll()).length;
    fake.script(
      { toolCalls: [{ id: 'call_lm_1', name: 'get_weather', arguments: '{"city":"Paris"}' }], usage: { input: 400, output: 20 } },
      { text: 'It is sunny in Paris.', usage: { input: 520, output: 6 } },
    );
    const messages = [vscode.LanguageModelChatMessage.User('What is the weather in Paris? Use the tool.')];
    const first = await send(auto, messages);
    assert.equal(first.calls.length, 1, 'one tool call came back');
    assert.equal(first.calls[0].callId, 'call_lm_1');
    assert.equal(first.calls[0].name, 'get_weather');
    assert.deepEqual(first.calls[0].input, { city: 'Paris' });

    messages.push(
      vscode.LanguageModelChatMessage.Assistant([first.calls[0]]),
      vscode.LanguageModelChatMessage.User([
        new vscode.LanguageModelToolResultPart('call_lm_1', [new vscode.LanguageModelTextPart('sunny, 21 °C')]),
      ]),
    );
    const second = await send(auto, messages);
    assert.equal(second.text, 'It is sunny in Paris.');
    assert.equal(second.calls.length, 0);

    // The tool call and its result reached the model in OpenAI's wire format.
    const body = fake.requests.filter((r) => r.rawBody.includes('sunny, 21 °C')).pop()?.body as {
      messages: { role: string; tool_call_id?: string; content?: unknown; tool_calls?: { id: string }[] }[];
      tools?: { function: { name: string } }[];
    };
    assert.ok(body, 'the second request reached the fake');
    assert.deepEqual(
      body.tools?.map((t) => t.function.name),
      ['get_weather'],
    );
    assert.ok(body.messages.some((m) => m.role === 'assistant' && m.tool_calls?.[0]?.id === 'call_lm_1'));
    assert.ok(body.messages.some((m) => m.role === 'tool' && m.tool_call_id === 'call_lm_1'));

    const steps = await eventually(async () => {
      const agent = (await api.cost.readAll()).slice(before).filter((r) => r.task === 'agent');
      return agent.length >= 2 ? agent : undefined;
    }, 'two agent step records');
    assert.deepEqual(
      steps.map((r) => [r.step, r.stepRole]),
      [
        [1, 'plan'],
        [2, 'digest'],
      ],
    );
    assert.ok(steps[0].taskId && /^[A-Za-z0-9_-]{1,64}$/.test(steps[0].taskId), 'a task id');
    assert.equal(steps[1].taskId, steps[0].taskId, 'both steps are one task');
    assert.equal(steps[0].tier, 'frontier', 'the planning step ran on frontier');
    assert.deepEqual(
      steps.map((r) => r.usage.input),
      [400, 520],
    );

    // Explain covers the step.
    const explained = (await vscode.commands.executeCommand('gearshift.explainRouting', { quiet: true })) as string;
    assert.match(explained, new RegExp(`Task: ${steps[0].taskId} · step 2 · role digest`));
    assert.match(explained, /Task tier: (cheap|frontier) \(classified once/);
  });

  it('reports a tool call with malformed arguments as {} instead of failing the request', async () => {
    const { fake } = await useFakeProvider();
    const [cheap] = await vscode.lm.selectChatModels({ vendor: 'gearshift', id: 'gearshift-cheap' });
    fake.script({ toolCalls: [{ id: 'call_bad', name: 'get_weather', arguments: '{"city": "Par' }] });
    const { calls } = await send(cheap, [vscode.LanguageModelChatMessage.User('weather in Paris, please')]);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].callId, 'call_bad');
    assert.deepEqual(calls[0].input, {});
  });

  it('refuses a tool name no provider accepts, naming it', async () => {
    await useFakeProvider();
    const [auto] = await vscode.lm.selectChatModels({ vendor: 'gearshift', id: 'gearshift-auto' });
    await assert.rejects(
      async () => {
        const r = await auto.sendRequest(
          [vscode.LanguageModelChatMessage.User('hi')],
          { tools: [{ name: 'my tool!', description: 'x', inputSchema: { type: 'object' } }] },
          new vscode.CancellationTokenSource().token,
        );
        for await (const _ of r.stream) void _;
      },
      (err: Error) => /my tool!/.test(err.message) && /cannot be sent to a model/.test(err.message),
    );
  });
});
