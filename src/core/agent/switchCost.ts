/**
 * What one agent step is expected to cost on a tier's model, prompt caching included: the step policy compares
 * the model the task is on (its cache warm with the previous step's prompt) with the other tier's model before it
 * moves a step down, and the agent benchmark prices its trace the same way.
 *
 * Which providers cache, as Gearshift calls them today (`cachingOf`):
 * - OpenAI (api.openai.com and compatible cloud endpoints): automatic; a prompt of ≥ 1,024 tokens reads the prefix
 *   it shares with the previous request to the same model from cache at the cache-read rate, in 128-token blocks
 *   past the first 1,024; nothing is charged for writing.
 * - Anthropic and Bedrock cache only at breakpoints the request marks (cache_control / cachePoint), and Gearshift
 *   marks none yet: the whole prompt is fresh input every step. Pass `{ reads: true, writes: true, minTokens: 1024 }`
 *   for them once the providers mark breakpoints: the new part of each prompt is then written at the cache-write
 *   rate, and a later step on the same model reads it back.
 * - Local endpoints are free either way.
 */
import type { PriceTarget, Pricing } from '../cost/pricing';
import { emptyUsage, type EndpointConfig, type ModelConfig, type Tier, type Usage } from '../types';

/** How a model's provider caches prompt prefixes. */
export interface PromptCaching {
  /** A prefix shared with the previous request to the same model is read from cache (at the cache-read rate). */
  reads: boolean;
  /** The uncached part of a prompt is written to cache, charged at the cache-write rate (Anthropic, Bedrock). */
  writes: boolean;
  /** Prompts (and prefixes) shorter than this are not cached at all. */
  minTokens: number;
  /** Past minTokens, a prefix is cached in whole blocks of this many tokens (OpenAI: 128); default 1. */
  blockTokens?: number;
}

export const NO_CACHING: PromptCaching = { reads: false, writes: false, minTokens: 0 };
const OPENAI_CACHING: PromptCaching = { reads: true, writes: false, minTokens: 1024, blockTokens: 128 };

/** The caching Gearshift gets from an endpoint today (see the file's header). */
export function cachingOf(endpoint: EndpointConfig | undefined): PromptCaching {
  if (!endpoint || endpoint.local) return NO_CACHING;
  return endpoint.kind === 'openai' ? OPENAI_CACHING : NO_CACHING;
}

/** One step's expected token counts. */
export interface StepTokens {
  /** The whole prompt of the step. */
  promptTokens: number;
  /** The leading part of the prompt still in the model's cache (the prompt of the last step on that model; 0: cold). */
  warmTokens: number;
  /** Expected output tokens. */
  outputTokens: number;
}

/** The usage a step would be billed for under a provider's caching. */
export function stepUsage(step: StepTokens, caching: PromptCaching): Usage {
  const usage = emptyUsage();
  const prompt = Math.max(0, Math.round(step.promptTokens));
  const cacheable = prompt >= caching.minTokens;
  const shared = Math.min(prompt, Math.max(0, Math.round(step.warmTokens)));
  const block = Math.max(1, caching.blockTokens ?? 1);
  const warm =
    caching.reads && cacheable && shared >= caching.minTokens
      ? caching.minTokens + Math.floor((shared - caching.minTokens) / block) * block
      : 0;
  usage.cacheRead = warm;
  if (caching.writes && cacheable) usage.cacheWrite5m = prompt - warm;
  else usage.input = prompt - warm;
  usage.output = Math.max(0, Math.round(step.outputTokens));
  return usage;
}

/** USD of a step on the tier's model; undefined when the tier has no usable model or it has no price. */
export type StepCost = (tier: Tier, step: StepTokens) => number | undefined;

export interface TierStepCostDeps {
  /** The tier's usable models, first first (Router.usableModels). */
  usableModels(tier: Tier): readonly ModelConfig[];
  endpoints: Readonly<Record<string, EndpointConfig>>;
  pricing(): Pricing;
  /** Default: `cachingOf` the model's endpoint. */
  caching?(model: ModelConfig, endpoint: EndpointConfig | undefined): PromptCaching;
}

/** Prices a step on the first usable model of a tier with the real Pricing (catalog, overrides, local endpoints). */
export function tierStepCost(deps: TierStepCostDeps): StepCost {
  return (tier, step) => {
    const model = deps.usableModels(tier)[0];
    if (!model) return undefined;
    const endpoint = Object.hasOwn(deps.endpoints, model.endpoint) ? deps.endpoints[model.endpoint] : undefined;
    const caching = deps.caching ? deps.caching(model, endpoint) : cachingOf(endpoint);
    const target: PriceTarget = { model: model.model, modelName: model.name, endpoint: model.endpoint };
    const quote = deps.pricing().quote(target, stepUsage(step, caching));
    return quote.priced ? quote.usd : undefined;
  };
}
