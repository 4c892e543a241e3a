import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router, type BudgetSource } from '../../../src/core/router/router';
import { HealthTracker } from '../../../src/core/router/health';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { ChatMessage, RouteRequest } from '../../../src/core/types';

const user = {
  'gearshift.models': {
    'local-coder': { endpoint: 'ollama', model: 'qwen2.5-coder:7b-base', fim: true },
    mini: { endpoint: 'openai', model: 'gpt-5-mini' },
    sonnet: { endpoint: 'anthropic', model: 'claude-sonnet-5' },
    'bedrock-sonnet': { endpoint: 'bedrock', model: 'us.anthropic.claude-sonnet-5-v1:0' },
  },
  'gearshift.tiers': { cheap: ['local-coder', 'mini'], frontier: ['sonnet', 'bedrock-sonnet'] },
  'gearshift.routing': { completion: 'cheap', chat: 'auto', commitMessage: 'cheap' },
  'gearshift.budget': { dailyUsd: 5, monthlyUsd: 60, onExceed: 'downgrade' },
};
const workspace = { 'gearshift.rules': [{ when: { languages: ['rust'], task: 'chat' }, tier: 'frontier' }] };

function settings(extraUser: Record<string, unknown> = {}, ws: Record<string, unknown> = workspace) {
  const r = resolveSettings({ user: { ...user, ...extraUser }, workspace: ws });
  assert.deepEqual(r.problems, []);
  return r.settings;
}

const EASY = 'how do i reverse a list in python';
const HARD = 'why does this deadlock?? only in prod under load, tests pass with -race. what is going on?';
const chat = (content: string, extra: Partial<RouteRequest> = {}): RouteRequest => ({
  task: 'chat',
  messages: [{ role: 'user', content }],
  ...extra,
});

test('completion follows its task route with the first cheap model', () => {
  const d = new Router(settings()).decide({ task: 'completion', language: 'python' });
  assert.equal(d.tier, 'cheap');
  assert.equal(d.source, 'task');
  assert.equal(d.reason, 'completion → cheap (task route)');
  assert.deepEqual(
    d.chain.map((m) => m.name),
    ['local-coder', 'mini'],
  );
});

test('precedence: override beats workspace rule beats task route beats classifier', () => {
  const router = new Router(settings());
  // classifier alone: an easy ask goes cheap
  assert.equal(router.decide(chat(EASY)).tier, 'cheap');
  // a workspace rule for rust chat wins over the classifier
  const rule = router.decide(chat(EASY, { language: 'rust' }));
  assert.equal(rule.tier, 'frontier');
  assert.equal(rule.source, 'rule');
  assert.equal(rule.reason, 'chat → frontier (workspace rule #1: languages rust; task chat)');
  // the rule does not apply to completion (task condition)
  assert.equal(router.decide({ task: 'completion', language: 'rust' }).tier, 'cheap');
  // the user's override wins over the rule
  const ov = router.decide(chat(EASY, { language: 'rust', override: 'cheap' }));
  assert.equal(ov.tier, 'cheap');
  assert.equal(ov.source, 'override');
  // override by model name puts that model first
  const byModel = router.decide(chat(HARD, { override: { model: 'mini' } }));
  assert.equal(byModel.chain[0].name, 'mini');
  assert.equal(byModel.tier, 'cheap');
});

test('a rule beats the task route, and a fixed chat route beats the classifier', () => {
  const s = settings(
    { 'gearshift.routing': { completion: 'cheap', chat: 'cheap', commitMessage: 'cheap' } },
    {
      'gearshift.rules': [{ when: { task: 'commitMessage', paths: ['infra/**'] }, model: 'sonnet' }],
    },
  );
  const router = new Router(s);
  const hard = router.decide(chat(HARD));
  assert.equal(hard.tier, 'cheap');
  assert.equal(hard.reason, 'chat → cheap (task route)');
  const commit = router.decide({ task: 'commitMessage', filePath: '/home/me/proj/infra/main.tf' });
  assert.equal(commit.source, 'rule');
  assert.equal(commit.chain[0].name, 'sonnet');
  assert.equal(router.decide({ task: 'commitMessage', filePath: '/home/me/proj/src/a.ts' }).source, 'task');
});

test('classifier reasons name the signals and the score', () => {
  const d = new Router(settings()).decide(chat(HARD));
  assert.equal(d.tier, 'frontier');
  assert.equal(d.source, 'classifier');
  assert.match(d.reason, /^chat: .*'why'.* → frontier \(score 0\.\d\d\)$/);
  assert.ok(d.score! > 0.5);
});

/** Cheap by the classifier after an answer, but not confidently (score ≈ 0.115 against 0.6 × 0.186 at 'balanced'). */
const UNSURE = 'now refactor the whole module to use async iterators and keep backpressure';
/** A follow-up after a hard question and its answer. */
const later = (content: string, extra: Partial<RouteRequest> = {}): RouteRequest => ({
  task: 'chat',
  messages: [
    { role: 'user', content: 'why does my rust borrow fail' },
    { role: 'assistant', content: 'because the reference outlives the value' },
    { role: 'user', content },
  ],
  ...extra,
});

test('stickiness: an unsure follow-up stays frontier; a confident one with no frontier cache goes cheap; a new one does not stick', () => {
  const router = new Router(settings());
  assert.equal(router.decide(chat(HARD, { conversationId: 'c1' })).tier, 'frontier');
  const follow = router.decide(later(UNSURE, { conversationId: 'c1' }));
  assert.equal(follow.tier, 'frontier');
  assert.equal(follow.source, 'sticky');
  assert.match(follow.reason, /^chat → frontier: stayed on sonnet: not confident it is cheap \(score 0\.11\d > 0\.1\d\d\)$/);
  assert.equal(router.decide(later(UNSURE, { conversationId: 'c2' })).tier, 'cheap');
  // Confidently cheap, and no model holds a cache of the conversation (nothing was recorded): cheap.
  const easy = router.decide(later('thanks, how do i run go test verbose', { conversationId: 'c1' }));
  assert.equal(easy.tier, 'cheap');
  assert.match(easy.reason, /^chat → cheap: no frontier cache, confident cheap \(score 0\.08\)$/);
  // the user overriding to cheap ends the stickiness
  assert.equal(router.decide(chat(HARD, { conversationId: 'c3' })).tier, 'frontier');
  assert.equal(router.decide(chat(EASY, { conversationId: 'c3', override: 'cheap' })).tier, 'cheap');
  assert.equal(router.decide(later(UNSURE, { conversationId: 'c3' })).tier, 'cheap');
});

test('escalation: pushing back on a cheap answer, repeating the question, or retryWithFrontier', () => {
  const router = new Router(settings());
  const turns = (...contents: string[]): ChatMessage[] => contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }));
  assert.equal(router.decide({ task: 'chat', conversationId: 'e', messages: turns(EASY) }).tier, 'cheap');
  const pushback = router.decide({
    task: 'chat',
    conversationId: 'e',
    messages: turns(EASY, 'use xs.reverse()', "that's wrong, it returns None"),
  });
  assert.equal(pushback.tier, 'frontier');
  assert.match(pushback.reason, /that's wrong.*→ frontier \(escalated\)/);
  const repeated = router.decide({
    task: 'chat',
    messages: turns('how do i reverse a list in place in python', 'use reversed(xs)', 'how do i reverse a list in place in python?'),
  });
  assert.equal(repeated.tier, 'frontier');
  assert.match(repeated.reason, /repeated question/);
  // "no" as a word inside a sentence is not pushback
  assert.equal(router.decide({ task: 'chat', messages: turns(EASY, 'xs.reverse()', 'great, and is there no copy made?') }).tier, 'cheap');
  router.retryWithFrontier('r');
  const retried = router.decide(chat(EASY, { conversationId: 'r' }));
  assert.equal(retried.tier, 'frontier');
  assert.equal(retried.source, 'sticky');
});

test('conversation memory is bounded (least recently used forgotten)', () => {
  const router = new Router(settings(), { maxConversations: 2 });
  router.decide(chat(HARD, { conversationId: 'a' }));
  router.decide(chat(HARD, { conversationId: 'b' }));
  router.decide(later(UNSURE, { conversationId: 'a' })); // touches a (still frontier)
  router.decide(chat(HARD, { conversationId: 'c' })); // evicts b
  assert.equal(router.decide(later(UNSURE, { conversationId: 'a' })).source, 'sticky');
  assert.equal(router.decide(later(UNSURE, { conversationId: 'b' })).tier, 'cheap');
});

const spent = (dailyFraction: number, monthlyFraction = 0): BudgetSource => ({ status: () => ({ dailyFraction, monthlyFraction }) });

test('budget downgrade: frontier goes cheap at 100%, not at 99%', () => {
  assert.equal(new Router(settings(), { budget: spent(0.99) }).decide(chat(HARD)).tier, 'frontier');
  const d = new Router(settings(), { budget: spent(1.0) }).decide(chat(HARD));
  assert.equal(d.tier, 'cheap');
  assert.equal(d.source, 'budget');
  assert.match(d.reason, /^budget 100% → downgraded to cheap/);
  assert.equal(d.chain[0].name, 'local-coder');
});

test('budget warn routes normally and says so; block stops paid calls with a message naming the budget', () => {
  const warn = new Router(settings({ 'gearshift.budget': { dailyUsd: 5, onExceed: 'warn' } }), { budget: spent(1.2) }).decide(chat(HARD));
  assert.equal(warn.tier, 'frontier');
  assert.match(warn.reason, /over the daily budget: 120% used/);
  assert.equal(warn.blocked, undefined);

  const blockSettings = settings({ 'gearshift.budget': { monthlyUsd: 60, onExceed: 'block' } });
  const blocked = new Router(blockSettings, { budget: spent(0, 1.05) }).decide(chat(HARD));
  assert.match(blocked.blocked!, /monthly budget of \$60 is used up \(105%\).*gearshift\.budget\.monthlyUsd/);
  // cheap tier has a local model: block still lets free local calls through
  const local = new Router(blockSettings, { budget: spent(0, 1.05) }).decide({ task: 'completion' });
  assert.equal(local.blocked, undefined);
  assert.deepEqual(
    local.chain.map((m) => m.name),
    ['local-coder'],
  );
  // a fraction reported for a limit that is not configured is ignored
  assert.equal(new Router(blockSettings, { budget: spent(3, 0.5) }).decide(chat(HARD)).blocked, undefined);
});

test('health: a rate-limited model moves behind a healthy one until Retry-After passes', () => {
  let now = 1_000_000;
  const health = new HealthTracker(() => now);
  const router = new Router(settings(), { health });
  health.markFailure('sonnet', 'rateLimited', 20_000);
  const d = router.decide(chat(HARD));
  assert.deepEqual(
    d.chain.map((m) => m.name),
    ['bedrock-sonnet', 'sonnet'],
  );
  assert.match(d.reason, /; sonnet rate-limited → bedrock-sonnet$/);
  now += 20_001;
  assert.deepEqual(
    router.decide(chat(HARD)).chain.map((m) => m.name),
    ['sonnet', 'bedrock-sonnet'],
  );
});

test('health: cool-downs grow with repeated failures, auth waits longest, success clears', () => {
  let now = 0;
  const h = new HealthTracker(() => now);
  h.markFailure('a', 'network');
  const first = h.coolingFor('a');
  h.markFailure('a', 'network');
  assert.equal(h.coolingFor('a'), first * 2);
  h.markFailure('b', 'auth');
  assert.ok(h.coolingFor('b') > h.coolingFor('a'));
  assert.equal(h.fallbackNote('b', 'c'), 'b key rejected → c');
  h.markSuccess('a');
  assert.equal(h.problem('a'), undefined);
  now += 10 * 60_000 + 1;
  assert.equal(h.problem('b'), undefined);
});

test('health: when every model is cooling, the soonest to recover comes first', () => {
  const h = new HealthTracker(() => 0);
  const chain = [
    { name: 'x', endpoint: 'e', model: 'x' },
    { name: 'y', endpoint: 'e', model: 'y' },
  ];
  h.markFailure('x', 'unavailable', 50_000);
  h.markFailure('y', 'unavailable', 5_000);
  assert.deepEqual(
    h.orderChain(chain).map((m) => m.name),
    ['y', 'x'],
  );
});

test('availability: models on endpoints without a key are skipped, an empty tier falls back, none → blocked', () => {
  const s = resolveSettings({}).settings; // the defaults
  const openaiOnly = new Router(s, { available: new Set(['openai']) });
  assert.deepEqual(
    openaiOnly.decide(chat(HARD)).chain.map((m) => m.name),
    ['gpt-5'],
  );
  assert.deepEqual(
    openaiOnly.decide({ task: 'completion' }).chain.map((m) => m.name),
    ['mini'],
  );
  const ollamaOnly = new Router(s, { available: new Set(['ollama']) }).decide(chat(HARD));
  assert.equal(ollamaOnly.chain[0].name, 'local-coder');
  assert.match(ollamaOnly.reason, /no usable frontier model → cheap/);
  const none = new Router(s, { available: new Set() }).decide(chat(EASY));
  assert.match(none.blocked!, /No model is usable.*Set an API key/);
});
