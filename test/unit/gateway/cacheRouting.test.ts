/**
 * Cache-aware routing end to end: the real Router, Gateway, Anthropic provider (official SDK) and pricing against the
 * fake Anthropic server simulating its prompt cache. A frontier conversation's easy follow-up stays on sonnet while
 * its cache is warm (and reads it), and goes to haiku once the cache has gone cold.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Pricing } from '../../../src/core/cost/pricing';
import { Gateway } from '../../../src/core/gateway/gateway';
import { withBlocks } from '../../../src/core/gateway/prompt';
import { createProvider, type Provider } from '../../../src/core/providers';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { Attachment, ChatMessage } from '../../../src/core/types';
import { startFakeAnthropic, type FakeServer } from '../../fakes';

const KEY = 'sk-ant-test-ROUTING-0123456789abcdef';
const MIN = 60_000;
let ant: FakeServer;
before(async () => (ant = await startFakeAnthropic()));
after(() => ant.close());

test('a frontier conversation: warm follow-up stays on sonnet and reads its cache; cold, it goes to haiku', async () => {
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.endpoints': { 'fake-ant': { kind: 'anthropic', baseUrl: ant.url } },
      'gearshift.models': {
        haiku: { endpoint: 'fake-ant', model: 'claude-haiku-4-5' },
        sonnet: { endpoint: 'fake-ant', model: 'claude-sonnet-4-5' },
      },
      'gearshift.tiers': { cheap: ['haiku'], frontier: ['sonnet'] },
      'gearshift.prices': {
        haiku: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25, cacheWrite1h: 2 },
        sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 },
      },
    },
  });
  assert.deepEqual(problems, []);
  let clock = Date.UTC(2026, 11, 2, 9, 0, 0);
  ant.promptCache.clear();
  ant.promptCache.now = () => clock;
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  const router = new Router(settings, { available: new Set(['fake-ant']), pricing: () => pricing });
  const providers = new Map<string, Provider>();
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider: (name) => {
      if (!providers.has(name))
        providers.set(
          name,
          createProvider(settings.endpoints[name], async () => KEY, { retryBaseMs: 5 }),
        );
      return providers.get(name);
    },
    pricing: () => pricing,
    record: () => undefined,
    workspace: { id: 'ws', name: 'ws' },
    clock: () => clock,
  });

  // About 18,000 tokens of context: the cached prefix outweighs the answer (at 3,700 tokens haiku is cheaper even cold).
  const code: Attachment = {
    path: 'src/pool.go',
    label: 'src/pool.go',
    language: 'go',
    text: 'func worker() { mu.Lock() }\n'.repeat(2000),
  };
  const hard = 'why does this deadlock?? only in prod under load, tests pass with -race. what is going on?';
  const send = (messages: ChatMessage[], attachments: Attachment[] = []) => {
    ant.script({ cache: 'simulate', text: 'Lock order.', usage: { output: 300 } });
    return gateway.send({ conversationId: 'c', messages, attachments });
  };

  const first = await send([{ role: 'user', content: hard }], [code]);
  assert.equal(first.error, undefined);
  assert.deepEqual([first.decision.tier, first.modelName], ['frontier', 'sonnet']);
  const written = first.result!.usage.cacheWrite5m;
  assert.ok(written > 1024, `turn 1 writes its prefix (${written})`);
  assert.match(ant.requests[0].rawBody, /"cache_control":\{"type":"ephemeral"/);

  clock += MIN;
  const history: ChatMessage[] = [
    { role: 'user', content: withBlocks(hard, [code]) },
    { role: 'assistant', content: 'Lock order.' },
  ];
  const second = await send([...history, { role: 'user', content: 'thanks, how do i run go test verbose' }]);
  assert.equal(second.error, undefined);
  assert.equal(second.decision.source, 'sticky', second.decision.reason);
  assert.match(second.decision.reason, /^chat → frontier: stayed on sonnet: cached prefix, \$0\.0\d+ vs \$0\.0\d+ on haiku$/);
  assert.equal(second.modelName, 'sonnet');
  assert.equal(second.result!.usage.cacheRead, written, 'turn 2 reads all that turn 1 wrote');

  clock += 20 * MIN;
  const third = await send([
    ...history,
    { role: 'user', content: 'thanks, how do i run go test verbose' },
    { role: 'assistant', content: 'go test -v ./...' },
    { role: 'user', content: 'and only one test?' },
  ]);
  assert.equal(third.error, undefined);
  assert.deepEqual([third.decision.tier, third.modelName], ['cheap', 'haiku']);
  assert.match(third.decision.reason, /^chat → cheap: frontier cache cold \(idle 20 min\), confident cheap \(score 0\.\d\d\): haiku \$/);
});
