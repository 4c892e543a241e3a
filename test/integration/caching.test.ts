import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeAnthropic, type FakeServer } from '../fakes';
import { TEST_KEY } from './keys';
import { eventually, useFakeProvider } from './setup';

/**
 * Prompt caching in the real VS Code: chat turns to an Anthropic endpoint (the fake, simulating Anthropic's prompt
 * cache from the cache_control breakpoints it receives) declare breakpoints, the second turn reads what the first
 * wrote, the ledger keeps the cache reads and writes with exact costs, and gearshift.cache "off" declares none.
 */
describe('prompt caching (Anthropic endpoint, real extension host)', function () {
  this.timeout(180_000);
  let ant: FakeServer;
  const global = vscode.ConfigurationTarget.Global;
  let saved: { endpoints: unknown; models: unknown };

  before(async () => {
    const { api } = await useFakeProvider();
    ant = await startFakeAnthropic();
    const config = vscode.workspace.getConfiguration('gearshift');
    saved = { endpoints: config.inspect('endpoints')?.globalValue, models: config.inspect('models')?.globalValue };
    await config.update('endpoints', { ...(saved.endpoints as object), 'fake-ant': { kind: 'anthropic', baseUrl: ant.url } }, global);
    await config.update('models', { ...(saved.models as object), cached: { endpoint: 'fake-ant', model: 'claude-sonnet-4-5' } }, global);
    await vscode.commands.executeCommand('gearshift.setApiKey', 'fake-ant', TEST_KEY);
    await eventually(() => api.settings().models.cached !== undefined, 'the model "cached" in the settings');
    await api.refreshAvailability();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('gearshift');
    await config.update('cache', undefined, global);
    await config.update('models', saved.models, global);
    await config.update('endpoints', saved.endpoints, global);
    await ant?.close();
  });

  /** A question long enough to pass the model's minimum cacheable prompt (about 1,000 tokens). */
  const long = (n: number) =>
    `${Array.from({ length: 220 }, (_, i) => `const value${n}_${i} = compute(${i});`).join('\n')}\nWhat does this do?`;

  it('declares breakpoints; turn 2 reads what turn 1 wrote; the ledger has the reads, writes and exact costs', async () => {
    const { api } = await useFakeProvider();
    ant.promptCache.clear();
    const conversationId = `cache-${Date.now()}`;
    const messages: { role: 'user' | 'assistant'; content: string }[] = [{ role: 'user', content: long(1) }];
    const turn = async () => {
      ant.script({ text: 'It computes values.', cache: 'simulate', usage: { output: 6 } });
      const o = await api.gateway.send({ conversationId, messages: [...messages], attachments: [], override: { model: 'cached' } });
      assert.equal(o.error, undefined, o.error?.message);
      messages.push({ role: 'assistant', content: o.result!.text }, { role: 'user', content: 'And the last line?' });
      return o;
    };
    const first = await turn();
    const second = await turn();
    const bodies = ant.bodies().slice(-2) as { messages: { content: unknown }[] }[];
    for (const body of bodies) assert.match(JSON.stringify(body), /"cache_control":\{"type":"ephemeral"/, 'breakpoints declared');
    assert.ok(
      first.result!.usage.cacheWrite5m + first.result!.usage.cacheWrite1h > 1000,
      `turn 1 writes: ${JSON.stringify(first.result!.usage)}`,
    );
    assert.ok(second.result!.usage.cacheRead > 1000, `turn 2 reads: ${JSON.stringify(second.result!.usage)}`);
    const records = await eventually(async () => {
      const mine = (await api.cost.readAll()).filter((r) => r.modelName === 'cached' && r.outcome === 'ok').slice(-2);
      return mine.length === 2 && mine[1].usage.cacheRead > 0 ? mine : undefined;
    }, 'both turns in the ledger');
    assert.deepEqual(
      records.map((r) => r.usage),
      [first.result!.usage, second.result!.usage],
    );
    assert.deepEqual(
      records.map((r) => r.costUsd),
      [first.costUsd, second.costUsd],
    );
    // claude-sonnet-4-5: $3/M input, $3.75/M 5-minute writes, $0.30/M reads, $15/M output.
    const price = (u: (typeof records)[number]['usage']) =>
      (u.input * 3 + u.cacheWrite5m * 3.75 + u.cacheWrite1h * 6 + u.cacheRead * 0.3 + u.output * 15) / 1e6;
    for (const r of records) assert.ok(Math.abs(r.costUsd! - price(r.usage)) < 1e-9, `cost ${r.costUsd} vs ${price(r.usage)}`);
    assert.ok(
      records[1].costUsd! < price({ ...records[1].usage, input: records[1].usage.input + records[1].usage.cacheRead, cacheRead: 0 }),
    );
  });

  it('gearshift.cache "off" declares no breakpoint', async () => {
    const { api } = await useFakeProvider();
    await vscode.workspace.getConfiguration('gearshift').update('cache', 'off', global);
    await eventually(() => api.settings().cache === 'off', 'gearshift.cache off');
    ant.script({ text: 'ok', cache: 'simulate', usage: { output: 1 } });
    const o = await api.gateway.send({
      conversationId: `nocache-${Date.now()}`,
      messages: [{ role: 'user', content: long(2) }],
      attachments: [],
      override: { model: 'cached' },
    });
    assert.equal(o.error, undefined, o.error?.message);
    assert.doesNotMatch(JSON.stringify(ant.bodies().at(-1)), /cache_control/);
    assert.equal(o.result!.usage.cacheWrite5m + o.result!.usage.cacheRead, 0);
  });
});
