/**
 * Prices of model calls: the user's `gearshift.prices` overrides first, then free local endpoints, then
 * the bundled catalog of @pydantic/genai-prices (provider-specific rates, cache read/write rates,
 * long-context tiers, Bedrock inference-profile ids). A model found nowhere is "unpriced": no number at
 * all, and a message saying how to add a price — never a silent $0.
 */
import type { calcPrice as CalcPrice, ModelPrice, PriceOptions, Provider, Usage as CatalogUsage } from '@pydantic/genai-prices';

import type { PriceOverride } from '../settings/model';
import { totalInput, type EndpointConfig, type Usage } from '../types';

let calcFn: typeof CalcPrice | undefined;

/** The price catalog is large: loaded on the first price asked for, not at activation. */
function calcPrice(...args: Parameters<typeof CalcPrice>): ReturnType<typeof CalcPrice> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  calcFn ??= (require('@pydantic/genai-prices') as { calcPrice: typeof CalcPrice }).calcPrice;
  return calcFn(...args);
}

/** Which model a price is wanted for. */
export interface PriceTarget {
  /** The provider's model id. */
  model: string;
  /** The configured model name, when there is one (overrides may be keyed by it). */
  modelName?: string;
  /** The configured endpoint name. */
  endpoint: string;
}

export type PriceBasis = 'override' | 'local' | 'catalog';

export type Quote =
  | { priced: true; usd: number; basis: PriceBasis; /** Catalog match, e.g. "aws/regional.anthropic.claude-…". */ pricedAs?: string }
  | { priced: false; message: string };

/** Rounds away floating-point noise (to a millionth of a micro-dollar). */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

const OVERRIDE_KEYS: Record<keyof PriceOverride, string> = {
  input: 'input_mtok',
  output: 'output_mtok',
  cacheRead: 'cache_read_mtok',
  cacheWrite: 'cache_write_mtok',
  cacheWrite1h: 'cache_write_1h_mtok',
};

/**
 * The catalog's rates for a model with the user's fields laid over them (a field the user sets replaces
 * the catalog's, tiers included). Undefined when input or output is still missing. Unset cache rates
 * fall back the catalog's way: reads and writes at the input rate, 1-hour writes at the 5-minute rate.
 */
function applyOverride(o: PriceOverride, base: ModelPrice | undefined): ModelPrice | undefined {
  const prices: ModelPrice = { ...base };
  for (const [field, key] of Object.entries(OVERRIDE_KEYS)) {
    const v = o[field as keyof PriceOverride];
    if (v !== undefined) prices[key] = v;
  }
  if (prices.input_mtok === undefined || prices.output_mtok === undefined) return undefined;
  if (prices.cache_write_1h_mtok !== undefined && prices.cache_write_mtok === undefined) prices.cache_write_mtok = prices.input_mtok;
  return prices;
}

function customProvider(modelId: string, prices: ModelPrice): Provider {
  return {
    id: 'gearshift.prices',
    name: 'gearshift.prices',
    api_pattern: '^$',
    models: [{ id: modelId, match: { equals: modelId }, prices }],
  };
}

/**
 * genai-prices wants `input_tokens` to be the WHOLE prompt (cache reads and writes included) and the
 * cache counts as parts of it; the long-context tier is chosen from that whole-prompt size too.
 * Usage.input is fresh tokens only, so add the cache parts back.
 */
function toCatalogUsage(u: Usage): CatalogUsage {
  return {
    input_tokens: totalInput(u),
    cache_read_tokens: u.cacheRead,
    cache_write_tokens: u.cacheWrite5m + u.cacheWrite1h,
    cache_write_1h_tokens: u.cacheWrite1h,
    output_tokens: u.output,
  };
}

/** Where to look a model up in the catalog for an endpoint. */
function catalogOptions(endpoint: EndpointConfig | undefined): PriceOptions | undefined {
  if (!endpoint) return undefined;
  switch (endpoint.kind) {
    case 'anthropic':
      return { providerId: 'anthropic' };
    case 'bedrock':
      return { providerId: 'aws' };
    case 'openai':
      // OpenRouter, Together, Groq… are recognised by their URL; no URL means api.openai.com.
      return endpoint.baseUrl ? { providerApiUrl: endpoint.baseUrl } : { providerId: 'openai' };
  }
}

export interface PricingOptions {
  endpoints?: readonly EndpointConfig[];
  /** The resolved `gearshift.prices` setting (USD per million tokens), keyed by model name or id. */
  overrides?: Readonly<Record<string, PriceOverride>>;
}

export class Pricing {
  private readonly endpoints = new Map<string, EndpointConfig>();
  private readonly overrides: Readonly<Record<string, PriceOverride>>;

  constructor(opts: PricingOptions = {}) {
    for (const e of opts.endpoints ?? []) this.endpoints.set(e.name, e);
    this.overrides = opts.overrides ?? {};
  }

  private override(target: PriceTarget): { key: string; price: PriceOverride } | undefined {
    for (const key of [target.modelName, target.model]) {
      if (key !== undefined && Object.hasOwn(this.overrides, key)) return { key, price: this.overrides[key] };
    }
    return undefined;
  }

  /** Price of a usage on a model at a time (catalog prices can change by date). */
  quote(target: PriceTarget, usage: Usage, time: Date = new Date()): Quote {
    const override = this.override(target);
    const endpoint = this.endpoints.get(target.endpoint);
    if (endpoint?.local && !override) return { priced: true, usd: 0, basis: 'local' };
    const catalogUsage = toCatalogUsage(usage);
    const options = catalogOptions(endpoint);
    // Bedrock reports routed models as ARNs: …:inference-profile/us.anthropic.claude-… → the id after '/'.
    const modelId = (target.model.startsWith('arn:') ? target.model.slice(target.model.lastIndexOf('/') + 1) : target.model).toLowerCase();
    let found = calcPrice(catalogUsage, modelId, { ...options, timestamp: time });
    // An OpenAI-compatible proxy the catalog does not know (LiteLLM, a company gateway) usually serves
    // models under their public ids: match on the id alone, and say so through `pricedAs`.
    if (!found && options?.providerApiUrl) found = calcPrice(catalogUsage, modelId, { timestamp: time });
    if (override) {
      const prices = applyOverride(override.price, found?.model_price);
      if (prices) {
        const custom = calcPrice(catalogUsage, modelId, { provider: customProvider(modelId, prices), timestamp: time });
        if (custom) return { priced: true, usd: roundUsd(custom.total_price), basis: 'override' };
      }
      return {
        priced: false,
        message:
          `gearshift.prices["${override.key}"] has no "input" and "output" price and the catalog does not know model ` +
          `"${target.model}": add both (USD per million tokens).`,
      };
    }
    if (found)
      return { priced: true, usd: roundUsd(found.total_price), basis: 'catalog', pricedAs: `${found.provider.id}/${found.model.id}` };
    const key = target.modelName ?? target.model;
    return {
      priced: false,
      message:
        `No price known for model "${target.model}" (endpoint "${target.endpoint}"). Add one to the gearshift.prices setting, ` +
        `e.g. "gearshift.prices": { "${key}": { "input": 0.5, "output": 1.5 } } (USD per million tokens), ` +
        'or mark the endpoint "local": true if it is free.',
    };
  }
}
