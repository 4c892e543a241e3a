/**
 * The gateway's side of prompt caching: the plan each chat turn and agent step is sent with (TTL from
 * gearshift.cache and the conversation's gaps, a key that hashes the conversation), the conversation on every
 * outcome, the decision's reasoning effort, and the warm-cache store learning from each answer. A stub provider
 * captures the ChatRequest exactly as the gateway built it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheKey } from '../../../src/core/cache/ttl';
import { taskKey } from '../../../src/core/cache/warmCaches';
import { withInlineAttachments } from '../../../src/core/chat/conversation';
import { Pricing } from '../../../src/core/cost/pricing';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { Gateway } from '../../../src/core/gateway/gateway';
import type { ChatRequest, Provider } from '../../../src/core/providers/provider';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { CacheSetting, RouteDecision, RouteRequest, Usage } from '../../../src/core/types';

const MIN = 60_000;

function usage(over: Partial<Usage>): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0, ...over };
}

function setup(cache: CacheSetting = 'auto', opts: { effort?: boolean } = {}) {
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.models': {
        claude: { endpoint: 'anthropic', model: 'claude-sonnet-4-5' },
        small: { endpoint: 'openai', model: 'gpt-5-mini' },
      },
      'gearshift.tiers': { cheap: ['small'], frontier: ['claude'] },
      'gearshift.routing': { chat: 'frontier', agent: 'frontier' },
      'gearshift.prices': { claude: { input: 3, output: 15 }, small: { input: 0.25, output: 2 } },
      'gearshift.cache': cache,
    },
  });
  assert.deepEqual(problems, []);
  let now = Date.UTC(2026, 11, 2, 9, 0, 0);
  const sent: ChatRequest[] = [];
  let reply: Usage = usage({ cacheWrite5m: 3000, output: 200 });
  const provider = (name: string): Provider => ({
    endpoint: settings.endpoints[name],
    supportsFim: false,
    chat: async (req) => {
      sent.push(req);
      return { text: 'ok', usage: reply, estimated: false, totalMs: 5 };
    },
    complete: async () => {
      throw new Error('no FIM');
    },
  });
  class EffortRouter extends Router {
    override decide(req: RouteRequest): RouteDecision {
      const d = super.decide(req);
      return opts.effort ? { ...d, effort: 'low' } : d;
    }
  }
  const router = new EffortRouter(settings, { available: new Set(['anthropic', 'openai']) });
  const records: LedgerRecord[] = [];
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider,
    pricing: () => new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices }),
    record: (r) => records.push(r),
    workspace: { id: 'ws', name: 'ws' },
    clock: () => now,
  });
  return {
    gateway,
    router,
    sent,
    records,
    advance: (ms: number) => (now += ms),
    now: () => now,
    setReply: (u: Usage) => (reply = u),
  };
}

const turn = (content: string) => ({ conversationId: 'conv-1', messages: [{ role: 'user' as const, content }], attachments: [] });

test('chat turns carry the plan: 5m first, 1h once the gaps say a 5m cache would be rewritten; the key hides the id', async () => {
  const t = setup('auto');
  const first = await t.gateway.send(turn('hello'));
  assert.equal(first.error, undefined);
  assert.equal(first.conversationId, 'conv-1');
  assert.deepEqual(t.sent[0].cache, { ttl: '5m', key: cacheKey('conv-1') });
  assert.match(t.sent[0].cache!.key!, /^gs-[0-9a-f]{32}$/);
  assert.ok(!t.sent[0].cache!.key!.includes('conv-1'));
  assert.equal(t.sent[0].reasoningEffort, undefined);
  // The store learned that claude holds the 3,000 written tokens for 5 minutes.
  const warm = t.router.warm.warm('conv-1', 'claude', t.now() + 4 * MIN);
  assert.deepEqual([warm?.tokens, warm?.ttl], [3000, '5m']);
  assert.equal(t.router.warm.warm('conv-1', 'claude', t.now() + 5 * MIN + 1), undefined);

  t.advance(2 * MIN);
  await t.gateway.send(turn('and then?'));
  assert.equal(t.sent[1].cache?.ttl, '5m', 'one 2-minute gap: 5m');
  t.advance(12 * MIN);
  t.setReply(usage({ cacheRead: 3000, cacheWrite1h: 400, output: 100 }));
  await t.gateway.send(turn('back from a meeting'));
  // gaps 2 min and 12 min: q = 0.5, and 1.15 × (cached + new) beats 0.75 × new by far.
  assert.equal(t.sent[2].cache?.ttl, '1h');
  const after = t.router.warm.warm('conv-1', 'claude', t.now() + 50 * MIN);
  assert.deepEqual([after?.tokens, after?.ttl], [3400, '1h']);
  assert.deepEqual(t.router.warm.gaps('conv-1'), [2 * MIN, 12 * MIN]);
  assert.equal(t.records.length, 3);
});

test('fixed TTLs and off', async () => {
  for (const [setting, want] of [
    ['5m', { ttl: '5m' }],
    ['1h', { ttl: '1h' }],
    ['off', undefined],
  ] as const) {
    const t = setup(setting);
    await t.gateway.send(turn('hello'));
    assert.deepEqual(t.sent[0].cache && { ttl: t.sent[0].cache.ttl }, want, setting);
    if (setting === 'off') {
      assert.equal('cache' in t.sent[0], false);
      // Nothing declared: claude holds nothing (its usage reported writes only because the stub always does).
      assert.equal(t.router.warm.warm('conv-1', 'claude', t.now()), undefined);
    }
  }
});

test("the decision's reasoning effort reaches the request", async () => {
  const t = setup('auto', { effort: true });
  await t.gateway.send(turn('hello'));
  assert.equal(t.sent[0].reasoningEffort, 'low');
});

test('agent steps carry the plan under the task, and the outcome names the task', async () => {
  const t = setup('auto');
  const decision = t.router.decideStep('frontier', 'step 1 · frontier · planning');
  const out = await t.gateway.step({
    decision,
    step: { taskId: 'task-9', step: 1, role: 'plan' },
    system: 'You are an agent.',
    messages: [{ role: 'user', content: 'fix the bug' }],
    tools: [],
  });
  assert.equal(out.error, undefined);
  assert.equal(out.conversationId, 'task-9');
  assert.deepEqual(t.sent[0].cache, { ttl: '5m', key: cacheKey('task-9') });
  assert.equal(t.router.warm.warm(taskKey('task-9'), 'claude', t.now())?.tokens, 3000);
  assert.equal(t.router.warm.warm('task-9', 'claude', t.now()), undefined, 'tasks and chats do not share keys');
});

test("an attachment sent with its turn reads the same in the next turn's history: the prompt prefix stays byte-stable", async () => {
  const t = setup('auto');
  const attachments = [
    { id: 'a1', path: 'src/app.ts', label: 'src/app.ts:10-24', language: 'ts', text: 'const x = 1;\n```inner```\n', redactions: 0 },
    { id: 'a2', path: 'README.md', label: 'README.md', text: 'has ```` four ticks', redactions: 0 },
  ];
  const user = { id: 'u1', role: 'user' as const, content: 'what does this do?', attachments, model: 'auto' as const, createdAt: 0 };
  await t.gateway.send({
    conversationId: 'conv-1',
    messages: [{ role: 'user', content: user.content }],
    attachments: attachments.map(({ path, language, text, label }) => ({ path, language, text, label })),
  });
  const sentFirst = t.sent[0].messages[0].content;
  assert.equal(sentFirst, withInlineAttachments(user));
  assert.match(sentFirst, /^src\/app\.ts:10-24:\n````ts\n/);
  assert.match(sentFirst, /README\.md:\n`````\nhas/);
});
