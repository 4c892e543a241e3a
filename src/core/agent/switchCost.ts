/**
 * What one agent step is expected to cost on a tier's model, prompt caching included: the step policy compares
 * the model the task is on (its cache warm with the previous step's prompt) with the other tier's model before it
 * moves a step down, and the agent benchmark prices its trace the same way.
 *
 * Which providers cache, and how, is cache/caching.ts (`cachingOf`): OpenAI automatically; Anthropic and Bedrock at
 * the breakpoints the gateway declares whenever gearshift.cache is not "off" (pass the plan: `cachingOf(endpoint,
 * { plan, modelId })`); local endpoints are free. Which prefix a model still holds for a task is the warm-cache store
 * (cache/warmCaches.ts), fed by the gateway after every step.
 */
import type { PriceTarget, Pricing } from '../cost/pricing';
import { cachingOf, usageUnder, type CallTokens, type PromptCaching } from '../cache/caching';
import type { EndpointConfig, ModelConfig, Tier, Usage } from '../types';

export { cachingOf, NO_CACHING, type PromptCaching } from '../cache/caching';

/** One step's expected token counts. */
export type StepTokens = CallTokens;

/** The usage a step would be billed for under a provider's caching. */
export function stepUsage(step: StepTokens, caching: PromptCaching): Usage {
  return usageUnder(step, caching);
}

/** USD of a step on the tier's model; undefined when the tier has no usable model or it has no price. */
export type StepCost = (tier: Tier, step: StepTokens) => number | undefined;

export interface TierStepCostDeps {
  /** The tier's usable models, first first (Router.usableModels). */
  usableModels(tier: Tier): readonly ModelConfig[];
  endpoints: Readonly<Record<string, EndpointConfig>>;
  pricing(): Pricing;
  /** Default: `cachingOf` the model's endpoint (without a plan: no breakpoints on Anthropic and Bedrock). */
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
