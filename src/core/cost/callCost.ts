/**
 * The cost of one finished call and its counterfactual: what the same tokens would have cost on the
 * frontier tier's first model. A cost the provider reported itself (OpenRouter usage.cost, LiteLLM)
 * wins over any computed price.
 */
import type { CallResult } from '../types';
import type { PriceBasis, PriceMatch, PriceTarget, Pricing } from './pricing';

export interface CallCost {
  /** USD; undefined when the model has no price (see `unpriced`). */
  costUsd?: number;
  basis?: PriceBasis | 'provider';
  /** Which price gave costUsd and whether it is the model's own (approximate catalog matches are flagged). */
  priceMatch?: PriceMatch;
  /** Why there is no cost, and how to add a price. */
  unpriced?: string;
  /** USD on the frontier model; undefined when there is none configured or it has no price. */
  frontierCostUsd?: number;
}

export function costOfCall(
  pricing: Pricing,
  target: PriceTarget,
  result: Pick<CallResult, 'usage' | 'providerCostUsd' | 'invokedModel'>,
  opts: { frontier?: PriceTarget; time?: Date } = {},
): CallCost {
  const time = opts.time ?? new Date();
  const out: CallCost = {};
  const reported = result.providerCostUsd;
  if (typeof reported === 'number' && Number.isFinite(reported) && reported >= 0) {
    out.costUsd = reported;
    out.basis = 'provider';
    out.priceMatch = { kind: 'provider', entry: `cost reported by endpoint "${target.endpoint}"`, exact: true };
  } else {
    // Bedrock prompt routers say which model actually answered: price that one.
    const priced = result.invokedModel ? { ...target, model: result.invokedModel } : target;
    const q = pricing.quote(priced, result.usage, time);
    if (q.priced) {
      out.costUsd = q.usd;
      out.basis = q.basis;
      out.priceMatch = q.match;
    } else out.unpriced = q.message;
  }
  if (opts.frontier) {
    const f = pricing.quote(opts.frontier, result.usage, time);
    if (f.priced) out.frontierCostUsd = f.usd;
  }
  return out;
}
