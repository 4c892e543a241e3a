import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStepPolicy, ESCALATE_AFTER, FEW_FILES, toolKindByName, usdText } from '../../../src/core/agent/stepPolicy';
import { cachingOf, NO_CACHING, stepUsage, tierStepCost, type PromptCaching } from '../../../src/core/agent/switchCost';
import type { StepChoice, StepFacts, StepInput, ToolOutcomeKind } from '../../../src/core/agent/types';
import { Pricing } from '../../../src/core/cost/pricing';
import { Router } from '../../../src/core/router/router';
import { defaultSettings } from '../../../src/core/settings/defaults';
import type { Tier } from '../../../src/core/types';

type Call = StepFacts['toolCalls'][number];

const call = (name: string, outcome: ToolOutcomeKind = 'ok', editFiles?: number): Call =>
  editFiles === undefined ? { name, outcome } : { name, outcome, editFiles };

/** A finished step; model names follow the tier ('' when no model answered). */
function step(
  n: number,
  tier: Tier,
  calls: Call[],
  promptTokens = 4000,
  modelName: string = tier === 'cheap' ? 'mini' : 'sonnet',
): StepFacts {
  return { step: n, role: n === 1 ? 'plan' : 'digest', tier, modelName, toolCalls: calls, promptTokens };
}

/** The input for the step after `history`. */
function next(taskTier: Tier, history: StepFacts[], extra: Partial<StepInput> = {}): StepInput {
  return { taskTier, step: history.length + 1, history, promptTokens: 6000, ...extra };
}

const policy = createStepPolicy();

test('roles: each rule gives its role, tier and reason (cheap task, no prices: no switch weighing)', () => {
  const cases: { name: string; input: StepInput; want: Pick<StepChoice, 'role' | 'tier' | 'reason'> }[] = [
    { name: 'first step plans on frontier', input: next('cheap', []), want: { role: 'plan', tier: 'frontier', reason: 'planning' } },
    {
      name: 'after a search: digest on the task tier',
      input: next('cheap', [step(1, 'frontier', [call('search_text')])]),
      want: { role: 'digest', tier: 'cheap', reason: 'reading search results' },
    },
    {
      name: 'after a file read',
      input: next('cheap', [step(1, 'frontier', [call('read_file')])]),
      want: { role: 'digest', tier: 'cheap', reason: 'reading a file' },
    },
    {
      name: 'after reading three files at once',
      input: next('cheap', [step(1, 'frontier', [call('read_file'), call('read_file'), call('read_file')])], { filesInPlay: 3 }),
      want: { role: 'digest', tier: 'cheap', reason: 'reading 3 files' },
    },
    {
      name: 'after a passing command',
      input: next('cheap', [step(1, 'frontier', [call('run_command')])]),
      want: { role: 'digest', tier: 'cheap', reason: 'reading command output' },
    },
    {
      name: 'after an accepted edit: carrying out the plan',
      input: next('cheap', [step(1, 'frontier', [call('propose_edits', 'ok', 2)])], { filesInPlay: 2 }),
      want: { role: 'execute', tier: 'cheap', reason: 'carrying out the plan' },
    },
    {
      name: 'after a tool error',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file', 'toolError')])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a tool error' },
    },
    {
      name: 'after a failing command',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('run_command', 'commandFailed')])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a failing command' },
    },
    {
      name: 'after a rejected edit',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('propose_edits', 'rejected', 1)])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a rejected edit' },
    },
    {
      name: 'after a rejected command',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('run_command', 'rejected')])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a rejected command' },
    },
    {
      name: 'after malformed arguments',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file', 'badArguments')])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a malformed tool call' },
    },
    {
      name: 'after a refused call (an excluded file)',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file', 'refused')])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a refused tool call' },
    },
    {
      name: 'one failing call among good ones still recovers',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file'), call('run_command', 'commandFailed')])]),
      want: { role: 'recover', tier: 'frontier', reason: 'after a failing command' },
    },
    {
      name: `more than ${FEW_FILES} files in play: planning the edit on frontier`,
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file')])], { filesInPlay: FEW_FILES + 2 }),
      want: { role: 'plan', tier: 'frontier', reason: 'editing 5 files' },
    },
    {
      name: `exactly ${FEW_FILES} files in play is still a few`,
      input: next('cheap', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file')])], { filesInPlay: FEW_FILES }),
      want: { role: 'digest', tier: 'cheap', reason: 'reading a file' },
    },
    {
      name: 'files already edited no longer count as about to be edited',
      input: next('cheap', [step(1, 'frontier', []), step(2, 'frontier', [call('propose_edits', 'ok', 3)])], { filesInPlay: 5 }),
      want: { role: 'execute', tier: 'cheap', reason: 'carrying out the plan' },
    },
    {
      name: 'a rejected edit does not count as edited',
      input: next(
        'cheap',
        [step(1, 'frontier', []), step(2, 'frontier', [call('propose_edits', 'rejected', 5)]), step(3, 'frontier', [])],
        {
          filesInPlay: 5,
        },
      ),
      want: { role: 'plan', tier: 'frontier', reason: 'editing 5 files' },
    },
    {
      name: 'a multi-file plan made on frontier is carried out on the task tier (one plan per round of edits)',
      input: next(
        'cheap',
        [step(1, 'frontier', []), step(2, 'cheap', [call('read_file')]), { ...step(3, 'frontier', [call('read_file')]), role: 'plan' }],
        { filesInPlay: 5 },
      ),
      want: { role: 'digest', tier: 'cheap', reason: 'reading a file' },
    },
    {
      name: 'after a recovery on frontier, many files in play do not plan again',
      input: next(
        'cheap',
        [
          step(1, 'frontier', []),
          { ...step(2, 'frontier', [call('search_text')]), role: 'recover' },
          step(3, 'cheap', [call('read_file')]),
        ],
        { filesInPlay: 6 },
      ),
      want: { role: 'digest', tier: 'cheap', reason: 'reading a file' },
    },
    {
      name: 'an accepted edit starts a new round: many files in play plan again',
      input: next(
        'cheap',
        [
          step(1, 'frontier', []),
          { ...step(2, 'frontier', [call('read_file')]), role: 'plan' },
          step(3, 'cheap', [call('propose_edits', 'ok', 1)]),
          step(4, 'cheap', [call('read_file')]),
        ],
        { filesInPlay: 6 },
      ),
      want: { role: 'plan', tier: 'frontier', reason: 'editing 5 files' },
    },
    {
      name: 'a frontier task keeps its mechanical steps on frontier',
      input: next('frontier', [step(1, 'frontier', [call('search_text')])]),
      want: { role: 'digest', tier: 'frontier', reason: 'reading search results' },
    },
    {
      name: 'a frontier task that the budget moved to cheap goes back up for a mechanical step',
      input: next('frontier', [step(1, 'frontier', []), step(2, 'cheap', [call('read_file')])]),
      want: { role: 'digest', tier: 'frontier', reason: 'reading a file' },
    },
  ];
  for (const c of cases) {
    const got = policy.choose(c.input);
    assert.deepEqual({ role: got.role, tier: got.tier, reason: got.reason }, c.want, c.name);
    assert.equal(got.escalated, undefined, c.name);
  }
});

test(`escalation: ${ESCALATE_AFTER} failures of one kind, consecutive or not, send the rest of a cheap task to frontier`, () => {
  const failedTwice = [
    step(1, 'frontier', [call('search_text')]),
    step(2, 'cheap', [call('run_command', 'commandFailed')]),
    step(3, 'frontier', [call('read_file')]),
    step(4, 'cheap', [call('run_command', 'commandFailed')]),
  ];
  const recover = policy.choose(next('cheap', failedTwice));
  assert.deepEqual(recover, {
    role: 'recover',
    tier: 'frontier',
    reason: 'after a failing command; escalated: 2 failing commands',
    escalated: true,
  });
  // Later mechanical steps stay on frontier.
  const later = policy.choose(next('cheap', [...failedTwice, step(5, 'frontier', [call('search_text')])]));
  assert.deepEqual(later, {
    role: 'digest',
    tier: 'frontier',
    reason: 'reading search results; escalated: 2 failing commands',
    escalated: true,
  });

  // Two failures of different kinds do not escalate.
  const mixed = [
    step(1, 'frontier', []),
    step(2, 'cheap', [call('run_command', 'commandFailed')]),
    step(3, 'frontier', [call('propose_edits', 'rejected', 1)]),
    step(4, 'frontier', [call('read_file')]),
  ];
  const notEscalated = policy.choose(next('cheap', mixed));
  assert.deepEqual(notEscalated, { role: 'digest', tier: 'cheap', reason: 'reading a file' });

  // Two failing calls in one step count as two.
  const parallel = [step(1, 'frontier', []), step(2, 'cheap', [call('read_file', 'toolError'), call('read_file', 'toolError')])];
  assert.equal(policy.choose(next('cheap', parallel)).reason, 'after a tool error; escalated: 2 tool errors');

  // A frontier task is on frontier anyway: nothing to escalate.
  assert.equal(policy.choose(next('frontier', failedTwice)).escalated, undefined);
});

// --- switching must pay for itself, with the catalog prices of the default models ---

const settings = defaultSettings();
const pricing = new Pricing({ endpoints: Object.values(settings.endpoints) });

/** The default models with only these endpoints usable; `caching` replaces what Gearshift gets today. */
function costed(available: string[], caching?: (kind: string) => PromptCaching) {
  const router = new Router(settings, { available: new Set(available) });
  const stepCost = tierStepCost({
    usableModels: (t) => router.usableModels(t),
    endpoints: settings.endpoints,
    pricing: () => pricing,
    ...(caching ? { caching: (_m, e) => caching(e?.kind ?? '') } : {}),
  });
  return { router, stepCost, policy: createStepPolicy({ stepCost }) };
}

/** Anthropic as it would be billed with cache breakpoints: the new part written at 1.25×, the warm prefix read at 0.1×. */
const ANTHROPIC_BREAKPOINTS = (kind: string): PromptCaching =>
  kind === 'anthropic' ? { reads: true, writes: true, minTokens: 1024 } : NO_CACHING;

test('the default models price a step with their caching: catalog rates, cache reads on the warm prefix', () => {
  const { router, stepCost } = costed(['openai', 'anthropic']);
  assert.deepEqual(
    [router.usableModels('cheap')[0].name, router.usableModels('frontier')[0].name],
    ['mini', 'sonnet'],
    'cheap = mini (gpt-5.6-luna), frontier = sonnet (claude-sonnet-5)',
  );
  // mini (gpt-5.6-luna): input $0.20, cache read $0.02, output $1.20 per Mtok; OpenAI caches by itself.
  // 10240 warm × 0.02 + 2000 × 0.2 + 300 × 1.2 = 204.8 + 400 + 360 = 964.8 µ$
  assert.ok(Math.abs(stepCost('cheap', { promptTokens: 12240, warmTokens: 10240, outputTokens: 300 })! - 0.0009648) < 1e-12);
  // OpenAI caches the first 1,024 tokens, then whole 128-token blocks: 1024 + 70 × 128 of a 10,000-token prefix.
  const openai = cachingOf(settings.endpoints.openai);
  assert.equal(stepUsage({ promptTokens: 12000, warmTokens: 10000, outputTokens: 0 }, openai).cacheRead, 9984);
  // sonnet (claude-sonnet-5): input $2, output $10; Gearshift marks no cache breakpoints → all fresh.
  // 12000 × 2 + 300 × 10 = 24000 + 3000 = 27000 µ$
  assert.ok(Math.abs(stepCost('frontier', { promptTokens: 12000, warmTokens: 10000, outputTokens: 300 })! - 0.027) < 1e-12);
  // Under OpenAI's 1,024-token minimum nothing is read from cache.
  assert.deepEqual(stepUsage({ promptTokens: 900, warmTokens: 800, outputTokens: 10 }, cachingOf(settings.endpoints.openai)).cacheRead, 0);
  assert.deepEqual(cachingOf(settings.endpoints.ollama), NO_CACHING);
});

test('switch cost: moves down only when the step costs less there; stays up and says by how much otherwise', () => {
  const history = (prompts: number[], tiers: Tier[]): StepFacts[] =>
    prompts.map((p, i) => step(i + 1, tiers[i], [call(i === 0 ? 'search_text' : 'read_file')], p));
  const cases: {
    name: string;
    available: string[];
    caching?: (kind: string) => PromptCaching;
    history: StepFacts[];
    prompt: number;
    want: { tier: Tier; reason: string };
  }[] = [
    {
      // sonnet warm (no caching today): 40000 × 2 + 300 × 10 = 83000 µ$; mini cold: 40000 × 0.2 + 300 × 1.2 = 8360 µ$.
      name: 'sonnet → mini (default keys): mini is cheaper even cold',
      available: ['openai', 'anthropic'],
      history: history([38000], ['frontier']),
      prompt: 40000,
      want: { tier: 'cheap', reason: 'reading search results' },
    },
    {
      // sonnet warm: 38000 × 0.2 + 2000 × 2.5 + 300 × 10 = 7600 + 5000 + 3000 = 15600 µ$;
      // haiku cold: 40000 × 1.25 + 300 × 5 = 50000 + 1500 = 51500 µ$ → 35900 µ$ more.
      name: 'sonnet → haiku with Anthropic cache breakpoints, long prompt: stays on frontier',
      available: ['anthropic'],
      caching: ANTHROPIC_BREAKPOINTS,
      history: history([38000], ['frontier']),
      prompt: 40000,
      want: { tier: 'frontier', reason: 'reading search results; stayed on frontier: switching would cost $0.036 more than it saves' },
    },
    {
      // sonnet warm: 1100 × 0.2 + 1900 × 2.5 + 3000 = 7970 µ$; haiku cold: 3000 × 1.25 + 1500 = 5250 µ$.
      name: 'sonnet → haiku with breakpoints, short prompt: the cold cheap model is still cheaper',
      available: ['anthropic'],
      caching: ANTHROPIC_BREAKPOINTS,
      history: history([1100], ['frontier']),
      prompt: 3000,
      want: { tier: 'cheap', reason: 'reading search results' },
    },
    {
      // haiku still has step 2's 30000 tokens: 30000 × 0.1 + 4000 × 1.25 + 1500 = 9500 µ$;
      // sonnet warm (32000): 32000 × 0.2 + 2000 × 2.5 + 3000 = 14400 µ$ → back down.
      name: 'back to haiku when its cache is still warm from an earlier step',
      available: ['anthropic'],
      caching: ANTHROPIC_BREAKPOINTS,
      history: history([20000, 30000, 32000], ['frontier', 'cheap', 'frontier']),
      prompt: 34000,
      want: { tier: 'cheap', reason: 'reading a file' },
    },
    {
      // gpt-5.6-sol warm: 38000 × 0.4 + 2000 × 4 + 300 × 20 = 15200 + 8000 + 6000 = 29200 µ$; mini cold 8360 µ$.
      name: 'gpt-5 → mini (OpenAI key only): switches',
      available: ['openai'],
      history: history([38000], ['frontier']),
      prompt: 40000,
      want: { tier: 'cheap', reason: 'reading search results' },
    },
    {
      name: 'to the free local model: always switches',
      available: ['anthropic', 'ollama'],
      caching: ANTHROPIC_BREAKPOINTS,
      history: history([38000], ['frontier']),
      prompt: 40000,
      want: { tier: 'cheap', reason: 'reading search results' },
    },
  ];
  for (const c of cases) {
    const { policy: p } = costed(c.available, c.caching);
    const got = p.choose({ taskTier: 'cheap', step: c.history.length + 1, history: c.history, promptTokens: c.prompt });
    assert.deepEqual({ tier: got.tier, reason: got.reason }, c.want, c.name);
    assert.equal(got.role, 'digest', c.name);
  }
});

test('switch cost never keeps a recovery or planning step down, even when frontier costs more', () => {
  const { policy: p } = costed(['openai', 'anthropic']);
  const history = [step(1, 'frontier', [], 2000), step(2, 'cheap', [call('run_command', 'commandFailed')], 40000)];
  assert.deepEqual(p.choose(next('cheap', history, { promptTokens: 41000 })), {
    role: 'recover',
    tier: 'frontier',
    reason: 'after a failing command',
  });
  const many = [step(1, 'frontier', [], 2000), step(2, 'cheap', [call('read_file')], 40000)];
  assert.equal(p.choose(next('cheap', many, { promptTokens: 41000, filesInPlay: 4 })).tier, 'frontier');
});

test('an unpriced tier or an unanswered previous step: the step goes to its tier without weighing', () => {
  const unpriced = createStepPolicy({ stepCost: (t) => (t === 'cheap' ? undefined : 0.001) });
  assert.equal(unpriced.choose(next('cheap', [step(1, 'frontier', [call('read_file')])])).tier, 'cheap');
  // The previous step got no answer (modelName ''): no cache is warm anywhere.
  const alwaysStay = createStepPolicy({ stepCost: (t) => (t === 'cheap' ? 1 : 0) });
  assert.equal(alwaysStay.choose(next('cheap', [step(1, 'frontier', [call('read_file')], 4000, '')])).tier, 'cheap');
  assert.equal(alwaysStay.choose(next('cheap', [step(1, 'frontier', [call('read_file')])])).tier, 'frontier');
});

test('tool kinds by name and the dollar text of reasons', () => {
  const kinds: [string, ReturnType<typeof toolKindByName>][] = [
    ['read_file', 'read'],
    ['gearshift_readFile', 'read'],
    ['find_files', 'search'],
    ['search_text', 'search'],
    ['workspace_symbols', 'search'],
    ['get_problems', 'read'],
    ['propose_edits', 'edit'],
    ['create_file', 'edit'],
    ['run_command', 'command'],
    ['runInTerminal', 'command'],
  ];
  for (const [name, kind] of kinds) assert.equal(toolKindByName(name), kind, name);
  const texts: [number, string][] = [
    [0.0119, '$0.012'],
    [0.00042, '$0.00042'],
    [0.25, '$0.25'],
    [1.234, '$1.23'],
    [0.00001, 'under $0.0001'],
  ];
  for (const [usd, text] of texts) assert.equal(usdText(usd), text);
  // A custom kind function wins over names.
  const custom = createStepPolicy({ toolKind: () => 'command' });
  assert.equal(custom.choose(next('cheap', [step(1, 'frontier', [call('read_file')])])).reason, 'reading command output');
});
