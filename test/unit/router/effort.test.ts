import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effortFor, effortTraits, type EffortContext } from '../../../src/core/router/effort';
import { ChatClassifier, BORDERLINE_MARGIN } from '../../../src/core/router/classifier';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import { FEATURES } from '../../../src/core/router/features';
import type { ModelConfig, Preference, RouteDecision } from '../../../src/core/types';

const model = (id: string): ModelConfig => ({ name: id, endpoint: 'e', model: id });

test('effortTraits: which models reason by default and which take minimal', () => {
  const cases: [string, string | undefined, boolean | undefined][] = [
    ['gpt-5', 'medium', true],
    ['gpt-5-mini', 'medium', true],
    ['openai/gpt-5-nano', 'medium', true],
    ['gpt-5-chat-latest', undefined, undefined],
    ['gpt-5.1', undefined, false],
    ['o3', 'medium', false],
    ['o4-mini', 'medium', false],
    ['claude-sonnet-4-5', undefined, false],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined, false],
    ['claude-3-7-sonnet-latest', undefined, false],
    ['claude-3-5-haiku-latest', undefined, undefined],
    ['gpt-4.1-mini', undefined, undefined],
    ['qwen2.5-coder:7b', undefined, undefined],
  ];
  for (const [id, dflt, minimal] of cases) {
    const t = effortTraits(id);
    assert.equal(t?.default, dflt, id);
    assert.equal(t?.minimal, minimal, id);
  }
});

const B = BORDERLINE_MARGIN;
type Row = [string, Preference, Partial<RouteDecision>, Omit<EffortContext, 'preference'>, string | undefined];
const frontier = (id = 'gpt-5'): Partial<RouteDecision> => ({ tier: 'frontier', chain: [model(id)], source: 'classifier' });
const sticky = (id = 'gpt-5'): Partial<RouteDecision> => ({ tier: 'frontier', chain: [model(id)], source: 'sticky' });

const rows: Row[] = [
  ['quality never lowers, even a borderline turn', 'quality', frontier(), { cheapMargin: -0.1 }, undefined],
  ['quality never lowers a warm simple follow-up', 'quality', sticky(), { cheapMargin: 3, warmFollowUp: true }, undefined],
  ['balanced: borderline frontier → low', 'balanced', frontier(), { cheapMargin: -0.5 }, 'low'],
  ['balanced: at the threshold → low', 'balanced', frontier(), { cheapMargin: 0 }, 'low'],
  ['balanced: clearly frontier keeps the default', 'balanced', frontier(), { cheapMargin: -(B + 0.2) }, undefined],
  ['balanced: warm follow-up the classifier calls cheap → low', 'balanced', sticky(), { cheapMargin: 2, warmFollowUp: true }, 'low'],
  ['balanced: warm follow-up that needs frontier keeps it', 'balanced', sticky(), { cheapMargin: -3, warmFollowUp: true }, undefined],
  ['cost: wider borderline band → low', 'cost', frontier(), { cheapMargin: -(B + 0.2) }, 'low'],
  ['cost: beyond twice the band keeps the default', 'cost', frontier(), { cheapMargin: -(2 * B + 0.1) }, undefined],
  ['cost: warm simple follow-up → minimal on gpt-5', 'cost', sticky(), { cheapMargin: 2, warmFollowUp: true }, 'minimal'],
  ['cost: warm simple follow-up → low on o3 (no minimal)', 'cost', sticky('o3'), { cheapMargin: 2, warmFollowUp: true }, 'low'],
  [
    'a cheap decision takes no effort',
    'cost',
    { tier: 'cheap', chain: [model('gpt-5-mini')], source: 'classifier' },
    { cheapMargin: 2 },
    undefined,
  ],
  ['Claude does not think unless asked: nothing to lower', 'cost', frontier('claude-sonnet-4-5'), { cheapMargin: -0.1 }, undefined],
  ['a model that does not reason', 'balanced', frontier('gpt-4.1'), { cheapMargin: -0.1 }, undefined],
  ['a retry with frontier is never lowered', 'cost', sticky(), { cheapMargin: 2, warmFollowUp: true, escalated: true }, undefined],
  ['an escalated decision is never lowered', 'cost', { ...sticky(), escalation: 'pushback' }, { cheapMargin: -0.1 }, undefined],
  ["the user's override is kept", 'cost', { ...frontier(), source: 'override' }, { cheapMargin: -0.1 }, undefined],
  ['a rule is kept', 'cost', { ...frontier(), source: 'rule' }, { cheapMargin: -0.1 }, undefined],
  ['no classifier score: left alone', 'cost', frontier(), {}, undefined],
];

test('effortFor: the dial lowers effort only where it keeps the model and the turn allows it', () => {
  for (const [name, preference, d, ctx, want] of rows) {
    const got = effortFor(d as RouteDecision, { preference, ...ctx });
    assert.equal(got?.effort, want, name);
    if (got) assert.match(got.note, new RegExp(`^effort ${want} \\((borderline|simple follow-up kept on its model)`), name);
  }
});

test('effortFor: with prices the note says what lowering saves next to the cheap model', () => {
  const got = effortFor(frontier() as RouteDecision, {
    preference: 'balanced',
    cheapMargin: -0.2,
    costs: { outputUsdPerMTok: 10, cheapTurnUsd: 0.0042, cheapModel: 'mini' },
  });
  // (2000 - 500) reasoning tokens × $10 per million = $0.015
  assert.equal(got?.note, 'effort low (borderline; ≈$0.015 less than medium, mini $0.0042 without the cache)');
});

/** A classifier whose score is the same for every request: sigmoid(bias). */
function fixedScore(score: number, thresholds: Record<Preference, number>): ChatClassifier {
  return new ChatClassifier({
    features: FEATURES.map((f) => f.name),
    weights: FEATURES.map(() => 0),
    bias: Math.log(score / (1 - score)),
    threshold: thresholds.balanced,
    operatingPoints: {
      quality: { threshold: thresholds.quality },
      balanced: { threshold: thresholds.balanced },
      cost: { threshold: thresholds.cost },
    },
  });
}

function router(preference: Preference, classifier: ChatClassifier): Router {
  const s = resolveSettings({
    user: {
      'gearshift.models': { mini: { endpoint: 'openai', model: 'gpt-5-mini' }, big: { endpoint: 'openai', model: 'gpt-5' } },
      'gearshift.tiers': { cheap: ['mini'], frontier: ['big'] },
      'gearshift.routing': { preference },
    },
  });
  assert.deepEqual(s.problems, []);
  return new Router(s.settings, { classifier });
}

const ask = { task: 'chat' as const, messages: [{ role: 'user' as const, content: 'is this right?' }] };

test('router: a borderline frontier turn keeps gpt-5 at low effort on balanced, default effort on quality', () => {
  const c = fixedScore(0.3, { quality: 0.2, balanced: 0.25, cost: 0.28 });
  const balanced = router('balanced', c).decide(ask);
  assert.equal(balanced.tier, 'frontier');
  assert.equal(balanced.effort, 'low');
  assert.match(balanced.reason, /→ frontier \(score 0\.30\) · effort low \(borderline\)$/);
  const quality = router('quality', c).decide(ask);
  assert.equal(quality.effort, undefined);
  assert.equal(quality.preference, 'quality');
  assert.doesNotMatch(quality.reason, /effort/);
});

test('router: a simple follow-up kept on frontier goes minimal on cost; the retry itself is never lowered', () => {
  // 0.25 is cheap at cost (threshold 0.28) but not confidently so: the follow-up stays on gpt-5 (router.followUp).
  const c = fixedScore(0.25, { quality: 0.2, balanced: 0.25, cost: 0.28 });
  const r = router('cost', c);
  r.retryWithFrontier('conv');
  const retry = r.decide({ ...ask, conversationId: 'conv' });
  assert.equal(retry.tier, 'frontier');
  assert.equal(retry.escalation, 'retry');
  assert.equal(retry.effort, undefined, retry.reason);
  const next = r.decide({ ...ask, conversationId: 'conv' });
  assert.equal(next.tier, 'frontier');
  assert.equal(next.effort, 'minimal', next.reason);
  assert.match(next.reason, /stayed on big: .* · effort minimal \(simple follow-up kept on its model\)$/);
});
