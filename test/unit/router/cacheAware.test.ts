/**
 * Cache-aware stickiness: a follow-up in a conversation whose last answer was frontier stays there when its warm
 * cache makes the turn cost no more, or when the classifier is not confident it is cheap; goes cheap when the
 * classifier is confident and the frontier cache is cold or the cheap turn costs less; never goes cheap when the
 * classifier says frontier. Real Router, real Pricing (gearshift.prices), the real warm-cache store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachingOf } from '../../../src/core/cache/caching';
import { promptTokensOf, turnCost } from '../../../src/core/cache/turnCost';
import { WarmCaches } from '../../../src/core/cache/warmCaches';
import { Pricing } from '../../../src/core/cost/pricing';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { ChatMessage, Preference, RouteRequest, Usage } from '../../../src/core/types';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

function settings(extra: Record<string, unknown> = {}) {
  const r = resolveSettings({
    user: {
      'gearshift.models': {
        haiku: { endpoint: 'anthropic', model: 'claude-haiku-4-5' },
        mini: { endpoint: 'openai', model: 'gpt-5-mini' },
        sonnet: { endpoint: 'anthropic', model: 'claude-sonnet-4-5' },
        'bedrock-sonnet': { endpoint: 'bedrock', model: 'us.anthropic.claude-sonnet-4-5-v1:0' },
      },
      'gearshift.tiers': { cheap: ['haiku'], frontier: ['sonnet', 'bedrock-sonnet'] },
      'gearshift.prices': {
        haiku: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25, cacheWrite1h: 2 },
        mini: { input: 0.05, output: 0.4, cacheRead: 0.005 },
        sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 },
        'bedrock-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 },
      },
      ...extra,
    },
  });
  assert.deepEqual(r.problems, []);
  return r.settings;
}

const HARD = 'why does this deadlock?? only in prod under load, tests pass with -race. what is going on?';
/** A long first answer: the conversation's prefix is about 20,000 tokens. */
const LONG_ANSWER = 'x'.repeat(70_000);
const EASY = 'thanks, how do i run go test verbose'; // score ≈ 0.08: confidently cheap at 'balanced'
const UNSURE = 'now refactor the whole module to use async iterators and keep backpressure'; // ≈ 0.115: cheap, not confident

const turns = (...contents: string[]): ChatMessage[] => contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }));
const followUp = (content: string, now: number, extra: Partial<RouteRequest> = {}): RouteRequest => ({
  task: 'chat',
  conversationId: 'c',
  messages: turns(HARD, LONG_ANSWER, content),
  now,
  ...extra,
});

/** A router whose conversation 'c' went frontier at T0 and whose `cachedOn` model then cached 20,000 tokens (TTL `ttl`). */
function frontierConversation(opts: { extra?: Record<string, unknown>; cachedOn?: string; ttl?: '5m' | '1h'; priced?: boolean } = {}) {
  const s = settings(opts.extra);
  const warm = new WarmCaches();
  const pricing = new Pricing({ endpoints: Object.values(s.endpoints), overrides: s.prices });
  const router = new Router(s, { warm, ...(opts.priced !== false && { pricing: () => pricing }) });
  const first = router.decide({ task: 'chat', conversationId: 'c', messages: turns(HARD), now: T0 });
  assert.equal(first.tier, 'frontier');
  const name = opts.cachedOn ?? 'sonnet';
  const model = s.models[name];
  const ttl = opts.ttl ?? '5m';
  const usage: Usage = { input: 0, output: 500, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 };
  usage[ttl === '1h' ? 'cacheWrite1h' : 'cacheWrite5m'] = 20_000;
  warm.record('c', { model, usage, caching: cachingOf(s.endpoints[model.endpoint], { plan: { ttl }, modelId: model.model }), at: T0 });
  return { router, warm, settings: s, pricing };
}

test('a confident cheap follow-up stays on a warm frontier cache when that costs less, goes cheap once it is cold', () => {
  const cases: {
    name: string;
    content: string;
    after: number;
    opts?: Parameters<typeof frontierConversation>[0];
    tier: 'cheap' | 'frontier';
    source: string;
    reason: RegExp;
    first?: string;
  }[] = [
    {
      name: 'warm 5m cache, 2 min later: the cached prefix makes sonnet cheaper than haiku cold',
      content: EASY,
      after: 2 * MIN,
      tier: 'frontier',
      source: 'sticky',
      reason: /^chat → frontier: stayed on sonnet: cached prefix, \$0\.014 vs \$0\.028 on haiku$/,
      first: 'sonnet',
    },
    {
      // A 12-minute gap makes 'auto' declare 1h for the next write (2× input): haiku writes 20,129 tokens at $2/M.
      name: 'cold 5m cache, 12 min later, confident: haiku',
      content: EASY,
      after: 12 * MIN,
      tier: 'cheap',
      source: 'classifier',
      reason: /^chat → cheap: frontier cache cold \(idle 12 min\), confident cheap \(score 0\.08\): haiku \$0\.043 vs sonnet \$0\.13$/,
      first: 'haiku',
    },
    {
      name: 'a 1h cache is still warm 12 min later',
      content: EASY,
      after: 12 * MIN,
      opts: { ttl: '1h' },
      tier: 'frontier',
      source: 'sticky',
      reason: /stayed on sonnet: cached prefix, \$0\.014 vs \$0\.043 on haiku$/, // 1h writes on haiku after a 12-min gap
    },
    {
      name: 'cold but not confident: stays (and says so, with the dollars)',
      content: UNSURE,
      after: 12 * MIN,
      tier: 'frontier',
      source: 'sticky',
      reason: /^chat → frontier: stayed on sonnet: not confident it is cheap \(score 0\.11\d > 0\.1\d\d\), \$0\.13 vs \$0\.043 on haiku$/,
    },
    {
      name: 'the verdict is frontier: frontier, even with a cold cache and a cheaper haiku',
      content: 'why does the worker pool deadlock when the context is cancelled under load? it only happens in prod',
      after: 30 * MIN,
      tier: 'frontier',
      source: 'classifier',
      reason: /→ frontier \(score 0\.\d\d\)$/,
    },
    {
      name: 'warm, confident, but the cheap model is far cheaper (mini): cheap despite the cache',
      content: EASY,
      after: 2 * MIN,
      opts: { extra: { 'gearshift.tiers': { cheap: ['mini'], frontier: ['sonnet'] } } },
      tier: 'cheap',
      source: 'classifier',
      reason:
        /^chat → cheap: cheaper despite sonnet's cached prefix, confident cheap \(score 0\.08\): mini \$0\.001\d* vs sonnet \$0\.014$/,
    },
    {
      name: 'the fallback model holds the cache: the stay puts it first',
      content: EASY,
      after: 2 * MIN,
      opts: { cachedOn: 'bedrock-sonnet' },
      tier: 'frontier',
      source: 'sticky',
      reason: /stayed on bedrock-sonnet: cached prefix/,
      first: 'bedrock-sonnet',
    },
    {
      name: 'no prices: a warm cache keeps it',
      content: EASY,
      after: 2 * MIN,
      opts: { priced: false },
      tier: 'frontier',
      source: 'sticky',
      reason: /^chat → frontier: stayed on sonnet: cached prefix \(no prices to compare\)$/,
    },
    {
      name: 'no prices, cold: confident goes cheap',
      content: EASY,
      after: 6 * MIN,
      opts: { priced: false },
      tier: 'cheap',
      source: 'classifier',
      reason: /^chat → cheap: frontier cache cold \(idle 6 min\), confident cheap \(score 0\.08\)$/,
    },
  ];
  for (const c of cases) {
    const { router } = frontierConversation(c.opts);
    const d = router.decide(followUp(c.content, T0 + c.after));
    assert.equal(d.tier, c.tier, c.name);
    assert.equal(d.source, c.source, c.name);
    assert.match(d.reason, c.reason, `${c.name}: ${d.reason}`);
    if (c.first) assert.equal(d.chain[0].name, c.first, c.name);
    assert.equal(d.escalation, undefined, c.name);
  }
});

test('the dollars in the reason are the turn costs of both candidates', () => {
  const { router, warm, settings: s, pricing } = frontierConversation();
  const now = T0 + 2 * MIN;
  const req = followUp(EASY, now);
  const d = router.decide(req);
  const size = promptTokensOf(req.messages!);
  const cost = turnCost({ pricing: () => pricing, endpoints: () => s.endpoints, cache: () => 'auto', warm });
  const turn = { key: 'c', promptTokens: size.total, newTokens: size.fresh, now };
  const sonnet = cost(s.models.sonnet, turn)!;
  const haiku = cost(s.models.haiku, turn)!;
  // The prompt: 80 (system, framing) + 4 + 26 (first question) + 4 + 20,000 (the answer) + 4 + 11 (the follow-up).
  assert.deepEqual(size, { total: 20_129, fresh: 15 });
  // sonnet: 20,000 read at $0.30/M, the other 129 written (5m: the one gap is 2 min) at $3.75/M, 500 output at $15/M.
  assert.deepEqual([sonnet.usage.cacheRead, sonnet.usage.cacheWrite5m, sonnet.usage.output], [20_000, 129, 500]);
  assert.equal(sonnet.usd, 0.01398375); // 0.006 + 0.00048375 + 0.0075
  // haiku: nothing cached there: all 20,129 written at $1.25/M, 500 output at $5/M.
  assert.deepEqual([haiku.usage.cacheRead, haiku.usage.cacheWrite5m], [0, 20_129]);
  assert.equal(haiku.usd, 0.02766125); // 0.02516125 + 0.0025
  assert.match(d.reason, /\$0\.014 vs \$0\.028 on haiku/);
});

test('the confidence margin follows the preference: quality keeps more follow-ups on frontier than cost', () => {
  const pick = (preference: Preference, content: string) => {
    const { router } = frontierConversation({
      extra: { 'gearshift.routing': { completion: 'cheap', chat: 'auto', commitMessage: 'cheap', preference } },
    });
    const d = router.decide(followUp(content, T0 + 12 * MIN));
    assert.equal(d.preference, preference);
    return d.tier;
  };
  // EASY scores about 0.076: under 0.6 and 0.8 of the threshold (0.186), not under 0.4 of it.
  assert.deepEqual(
    (['quality', 'balanced', 'cost'] as const).map((p) => pick(p, EASY)),
    ['frontier', 'cheap', 'cheap'],
  );
  // UNSURE scores about 0.115: confident only at 'cost'.
  assert.deepEqual(
    (['quality', 'balanced', 'cost'] as const).map((p) => pick(p, UNSURE)),
    ['frontier', 'frontier', 'cheap'],
  );
});

test('escalation: pushback after a cheap answer and Retry with frontier are marked; pushback after frontier is not', () => {
  const router = new Router(settings());
  assert.equal(router.decide({ task: 'chat', conversationId: 'e', messages: turns('how do i reverse a list in python') }).tier, 'cheap');
  const pushback = router.decide({
    task: 'chat',
    conversationId: 'e',
    messages: turns('how do i reverse a list', 'xs.reverse()', "that's wrong"),
  });
  assert.equal(pushback.tier, 'frontier');
  assert.equal(pushback.escalation, 'pushback');
  assert.match(pushback.reason, /'that's wrong' after an answer → frontier \(escalated\)/);
  // The conversation is now on frontier: pushing back again is no escalation from a cheap answer.
  const again = router.decide({
    task: 'chat',
    conversationId: 'e',
    messages: turns('how do i reverse a list', 'xs.reverse()', "that's wrong", 'use xs[::-1]', 'still wrong'),
  });
  assert.equal(again.tier, 'frontier');
  assert.equal(again.escalation, undefined);
  assert.match(again.reason, /after a frontier answer → frontier$/);

  // Retry with frontier: the next decision of that conversation (the retry is sent with the frontier override) says so.
  assert.equal(router.decide({ task: 'chat', conversationId: 'r', messages: turns('how do i reverse a list in python') }).tier, 'cheap');
  router.retryWithFrontier('r');
  const retried = router.decide({
    task: 'chat',
    conversationId: 'r',
    messages: turns('how do i reverse a list in python'),
    override: 'frontier',
  });
  assert.equal(retried.tier, 'frontier');
  assert.equal(retried.escalation, 'retry');
  // Without the override (another caller): frontier all the same, and marked.
  router.retryWithFrontier('r2');
  const auto = router.decide({ task: 'chat', conversationId: 'r2', messages: turns('how do i reverse a list in python') });
  assert.deepEqual([auto.tier, auto.escalation, auto.reason], ['frontier', 'retry', 'chat → frontier (Retry with frontier)']);
  // Only the next decision.
  assert.equal(router.decide({ task: 'chat', conversationId: 'r', messages: turns('and sort it?') }).escalation, undefined);
  assert.equal(router.decide({ task: 'chat', conversationId: 'other', messages: turns('and sort it?') }).escalation, undefined);
});

test('every decision carries the preference it was made under (steps and blocked ones too)', () => {
  const s = settings({ 'gearshift.routing': { completion: 'cheap', chat: 'auto', commitMessage: 'cheap', preference: 'cost' } });
  const router = new Router(s, { available: new Set() });
  assert.equal(router.decide({ task: 'chat', messages: turns(HARD) }).preference, 'cost');
  assert.ok(router.decide({ task: 'chat', messages: turns(HARD) }).blocked);
  assert.equal(router.decideStep('cheap', 'step 2').preference, 'cost');
});
