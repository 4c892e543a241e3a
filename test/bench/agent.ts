/**
 * Agent benchmarks (`npm run bench -- agent`).
 *
 * Cost: the synthetic agent trace (test/bench/agentTrace.ts; seeded) replayed through the real Router and the real
 * Pricing with Gearshift's DEFAULT settings and the step policy (src/core/agent/stepPolicy.ts): each task's tier is
 * decided once from its first request (`decide({ task: 'agent' })`), each step's tier by the policy and then
 * `decideStep`, and the step is priced on the first model of the chain. Counterfactuals: every step on the
 * frontier model, and every step on the cheap model. The same tokens in all three (the trace does not change with
 * the model). Set-ups, as cost.ts's:
 *   (a) OpenAI + Anthropic keys (the default set-up with both keys): cheap = mini (gpt-5.6-luna), frontier = sonnet;
 *   (b) OpenAI key only: cheap = mini, frontier = gpt-5 (gpt-5.6-sol);
 *   (c) Anthropic key only: cheap = haiku, frontier = sonnet (haiku's rates are half sonnet's, so no routing can
 *       get under 50% of all-frontier there);
 *   (d) as (c), had the Anthropic provider marked cache breakpoints (it does not today): shows how caching moves
 *       the policy's switch-cost choices;
 *   (e) OpenAI + Anthropic keys and a running Ollama: cheap = local-coder (qwen2.5-coder:7b, free), frontier = sonnet.
 * The trace's mix (about 40% of requests written as hard asks, which are also the longer tasks) is an assumption, not
 * tuned to the target; the ratio row also gives the ratio over the tasks the router classified cheap (where the step
 * policy decides) and the share of all-frontier cost in tasks classified frontier (all their steps stay on frontier).
 * Tokens: each step's prompt is the previous step's prompt plus the previous reply (text and tool-call arguments)
 * and the tool results, counted with the real tokenizer (o200k; +4 tokens of framing per message and per tool
 * call), on top of the system prompt with the tool definitions. Output is the step's reply. Prompt caching follows
 * switchCost.ts's `cachingOf` (what Gearshift gets today): OpenAI reads the prefix the same model saw on its last
 * step of the task (≥ 1,024 tokens, 128-token blocks); Anthropic caches nothing. Reasoning tokens are not modelled.
 *
 * Overhead: what an agent step costs apart from the model and the tools, per step, p50/p99 over the whole trace.
 */
import { performance } from 'node:perf_hooks';
import { createStepPolicy } from '../../src/core/agent/stepPolicy';
import { cachingOf, NO_CACHING, stepUsage, tierStepCost, type PromptCaching } from '../../src/core/agent/switchCost';
import type { StepFacts, StepRole, StepPolicy } from '../../src/core/agent/types';
import { STEP_ROLES } from '../../src/core/agent/types';
import { costOfCall } from '../../src/core/cost/callCost';
import { Pricing } from '../../src/core/cost/pricing';
import { Router } from '../../src/core/router/router';
import type { ResolvedSettings } from '../../src/core/settings/model';
import { resolveSettings } from '../../src/core/settings/resolve';
import { countTokens } from '../../src/core/tokens';
import type { EndpointConfig, ModelConfig, Tier } from '../../src/core/types';
import { agentTrace, AGENT_SYSTEM_PROMPT, AGENT_TOOLS, FRAMING, tokensOf, type TaskTokens } from './agentTrace';
import { measureLoopOverhead } from './agentLoopOverhead';
import { measureOverhead } from './agentOverhead';
import type { BenchRow } from './types';

const AREA = 'agent';
const TARGET = 0.4;

interface Scenario {
  id: string;
  label: string;
  available: string[];
  caching?: (endpoint: EndpointConfig | undefined) => PromptCaching;
}

const ANTHROPIC_BREAKPOINTS = (e: EndpointConfig | undefined): PromptCaching =>
  e?.kind === 'anthropic' ? { reads: true, writes: true, minTokens: 1024 } : e ? cachingOf(e) : NO_CACHING;

const SCENARIOS: Scenario[] = [
  { id: 'a', label: 'OpenAI + Anthropic keys', available: ['openai', 'anthropic'] },
  { id: 'b', label: 'OpenAI key only', available: ['openai'] },
  { id: 'c', label: 'Anthropic key only', available: ['anthropic'] },
  {
    id: 'd',
    label: 'Anthropic key only, with cache breakpoints (not sent today)',
    available: ['anthropic'],
    caching: ANTHROPIC_BREAKPOINTS,
  },
  { id: 'e', label: 'OpenAI + Anthropic keys + local Ollama', available: ['openai', 'anthropic', 'ollama'] },
];

function defaults(): ResolvedSettings {
  const { settings, problems } = resolveSettings({});
  if (problems.length) throw new Error(`default settings report problems: ${problems.map((p) => p.message).join('; ')}`);
  return settings;
}

interface Replay {
  routed: number[];
  frontier: number[];
  cheap: number[];
  /** Each task's tier as classified from its first request. */
  tiers: Tier[];
  steps: number;
  byTier: Record<Tier, number>;
  byRole: Record<StepRole, number>;
  stayed: number;
  escalatedTasks: number;
  frontierTasks: number;
  models: string;
}

/** Prices one task with every step on `model` (its cache always its own). */
function allOn(model: ModelConfig, t: TaskTokens, price: (m: ModelConfig, prompt: number, warm: number, out: number) => number): number {
  let usd = 0;
  t.prompts.forEach((p, i) => (usd += price(model, p, i ? t.prompts[i - 1] : 0, t.outputs[i])));
  return usd;
}

function replay(tasks: TaskTokens[], scenario: Scenario, settings: ResolvedSettings): Replay {
  const router = new Router(settings, { available: new Set(scenario.available) });
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  const caching = (m: ModelConfig): PromptCaching => {
    const e = settings.endpoints[m.endpoint];
    return scenario.caching ? scenario.caching(e) : cachingOf(e);
  };
  const price = (m: ModelConfig, promptTokens: number, warmTokens: number, outputTokens: number): number => {
    const usage = stepUsage({ promptTokens, warmTokens, outputTokens }, caching(m));
    const c = costOfCall(pricing, { model: m.model, modelName: m.name, endpoint: m.endpoint }, { usage });
    if (c.costUsd === undefined) throw new Error(c.unpriced ?? `${m.name} unpriced`);
    return c.costUsd;
  };
  const policy: StepPolicy = createStepPolicy({
    stepCost: tierStepCost({
      usableModels: (t) => router.usableModels(t),
      endpoints: settings.endpoints,
      pricing: () => pricing,
      caching: (m) => caching(m),
    }),
  });
  const cheapModel = router.usableModels('cheap')[0];
  const frontierModel = router.usableModels('frontier')[0];
  const r: Replay = {
    routed: [],
    frontier: [],
    cheap: [],
    tiers: [],
    steps: 0,
    byTier: { cheap: 0, frontier: 0 },
    byRole: { plan: 0, recover: 0, digest: 0, execute: 0 },
    stayed: 0,
    escalatedTasks: 0,
    frontierTasks: 0,
    models: `${cheapModel.name} / ${frontierModel.name}`,
  };
  for (const t of tasks) {
    const taskTier = router.decide({ task: 'agent', messages: [{ role: 'user', content: t.task.request }] }).tier;
    if (taskTier === 'frontier') r.frontierTasks++;
    r.tiers.push(taskTier);
    const history: StepFacts[] = [];
    const warm = new Map<string, number>();
    let usd = 0;
    let escalated = false;
    t.task.steps.forEach((s, i) => {
      const choice = policy.choose({ taskTier, step: i + 1, history, promptTokens: t.prompts[i], filesInPlay: t.filesInPlay[i] });
      const decision = router.decideStep(choice.tier, choice.reason);
      const model = decision.chain[0];
      if (!model) throw new Error(`set-up (${scenario.id}) has no model for step ${i + 1}: ${decision.blocked ?? decision.reason}`);
      const cost = price(model, t.prompts[i], warm.get(model.name) ?? 0, t.outputs[i]);
      warm.set(model.name, t.prompts[i]);
      usd += cost;
      r.steps++;
      r.byTier[decision.tier]++;
      r.byRole[choice.role]++;
      if (choice.reason.includes('stayed on')) r.stayed++;
      escalated ||= choice.escalated === true;
      history.push({
        step: i + 1,
        role: choice.role,
        tier: decision.tier,
        modelName: model.name,
        toolCalls: s.calls.map((c) => ({ name: c.name, outcome: c.outcome, ...(c.editFiles ? { editFiles: c.editFiles } : {}) })),
        promptTokens: t.prompts[i],
        costUsd: cost,
      });
    });
    if (escalated) r.escalatedTasks++;
    r.routed.push(usd);
    r.frontier.push(allOn(frontierModel, t, price));
    r.cheap.push(allOn(cheapModel, t, price));
  }
  return r;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const usd = (x: number): string => (x >= 1 ? `$${x.toFixed(2)}` : `$${x.toFixed(4)}`);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export async function rows(): Promise<BenchRow[]> {
  const t0 = performance.now();
  const trace = agentTrace();
  const base = countTokens(AGENT_SYSTEM_PROMPT) + countTokens(JSON.stringify(AGENT_TOOLS)) + FRAMING;
  const tasks = trace.map((t) => tokensOf(t, base));
  const steps = sum(tasks.map((t) => t.task.steps.length));
  const outputKb = sum(trace.flatMap((t) => t.steps.flatMap((s) => s.calls.map((c) => c.result.length)))) / 1024;
  const outcomes = new Map<string, number>();
  for (const c of trace.flatMap((t) => t.steps.flatMap((s) => s.calls))) outcomes.set(c.outcome, (outcomes.get(c.outcome) ?? 0) + 1);
  const lastPrompts = tasks.map((t) => t.prompts.at(-1)!).sort((a, b) => a - b);
  const settings = defaults();
  const out: BenchRow[] = [
    {
      area: AREA,
      name: 'trace: tasks · steps (min–max) · tool output · calls by outcome',
      value:
        `${trace.length} tasks · ${steps} steps (${Math.min(...tasks.map((t) => t.prompts.length))}–` +
        `${Math.max(...tasks.map((t) => t.prompts.length))}) · ${outputKb.toFixed(0)} KB · ` +
        [...outcomes].map(([k, n]) => `${k} ${n}`).join(', '),
    },
    {
      area: AREA,
      name: 'trace: last prompt per task, median / max (tokens); system + tools',
      value: `${lastPrompts[lastPrompts.length >> 1]} / ${lastPrompts.at(-1)}; ${base}`,
    },
  ];
  for (const s of SCENARIOS) {
    const r = replay(tasks, s, settings);
    const ratio = sum(r.routed) / sum(r.frontier);
    const onTier = (xs: number[], tier: Tier): number[] => xs.filter((_, i) => r.tiers[i] === tier);
    const cheapRatio = sum(onTier(r.routed, 'cheap')) / sum(onTier(r.frontier, 'cheap'));
    const frontierShare = sum(onTier(r.frontier, 'frontier')) / sum(r.frontier);
    const ok = ratio <= TARGET;
    const n = r.routed.length;
    out.push(
      {
        area: AREA,
        name: `(${s.id}) ${s.label} [${r.models}]: cost per task, routed · all-frontier · all-cheap (mean; total)`,
        value:
          `${usd(sum(r.routed) / n)} · ${usd(sum(r.frontier) / n)} · ${usd(sum(r.cheap) / n)}; ` +
          `${usd(sum(r.routed))} · ${usd(sum(r.frontier))} · ${usd(sum(r.cheap))}`,
      },
      {
        area: AREA,
        name: `(${s.id}) routed ÷ all-frontier (tasks classified frontier: ${r.frontierTasks}/${n})`,
        value:
          `${pct(ratio)} ${ok ? 'PASS' : 'FAIL'} (tasks classified cheap: ${pct(cheapRatio)}; ` +
          `tasks classified frontier, all on frontier by design: ${pct(frontierShare)} of all-frontier)`,
        target: `≤ ${TARGET * 100}%`,
        ok,
      },
      {
        area: AREA,
        name: `(${s.id}) steps per tier | per role | stayed up to save / escalated tasks`,
        value:
          `cheap ${pct(r.byTier.cheap / r.steps)} · frontier ${pct(r.byTier.frontier / r.steps)} | ` +
          STEP_ROLES.map((role) => `${role} ${pct(r.byRole[role] / r.steps)}`).join(' · ') +
          ` | ${r.stayed} / ${r.escalatedTasks}`,
      },
    );
  }
  const loop = await measureLoopOverhead(tasks, settings);
  const parts = 'policy + router + redaction once + bookkeeping, without the loop';
  out.push(...(await measureOverhead(trace, settings, loop ? parts : `${parts}: the loop is not in this tree`)));
  if (loop) out.push(...loop);
  out.push({ area: AREA, name: 'whole agent bench, wall time', value: `${((performance.now() - t0) / 1000).toFixed(1)} s` });
  return out;
}
