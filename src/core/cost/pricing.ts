/**
 * Prices of model calls: the user's `gearshift.prices` overrides first, then free local endpoints, then
 * the bundled catalog of @pydantic/genai-prices (provider-specific rates, cache read/write rates,
 * long-context tiers, Bedrock inference-profile ids). A model found nowhere is "unpriced": no number at
 * all, and a message saying how to add a price — never a silent $0.
 */
import { calcPrice, type PriceOptions, type Usage as CatalogUsage } from '@pydantic/genai-prices';
import { totalInput, type EndpointConfig, type Usage } from '../types';

/** A `gearshift.prices` entry: USD per million tokens. */
export interface PriceOverride {
  input: number;
  output: number;
  /** Default: the input rate. */
  cacheRead?: number;
  /** 5-minute cache writes. Default: the input rate. */
  cacheWrite?: number;
  /** 1-hour cache writes. Default: the cacheWrite rate. */
  cacheWrite1h?: number;
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

const OVERRIDE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;

/**
 * Checks the raw `gearshift.prices` setting. Bad entries are left out and each is named in `problems`
 * with the fix, so one typo never breaks the other prices.
 */
export function parsePriceOverrides(raw: unknown): { overrides: Map<string, PriceOverride>; problems: string[] } {
  const overrides = new Map<string, PriceOverride>();
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { overrides, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('gearshift.prices must be an object keyed by model name, e.g. { "my-model": { "input": 0.5, "output": 1.5 } }.');
    return { overrides, problems };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const where = `gearshift.prices["${key}"]`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${where} must be an object like { "input": 0.5, "output": 1.5 } (USD per million tokens).`);
      continue;
    }
    const entry = value as Record<string, unknown>;
    const bad = OVERRIDE_FIELDS.filter((f) => entry[f] !== undefined && !(typeof entry[f] === 'number' && Number.isFinite(entry[f]) && (entry[f] as number) >= 0));
    const unknown = Object.keys(entry).filter((k) => !(OVERRIDE_FIELDS as readonly string[]).includes(k));
    if (typeof entry.input !== 'number' || typeof entry.output !== 'number') {
      problems.push(`${where} needs both "input" and "output" (USD per million tokens).`);
      continue;
    }
    if (bad.length) {
      problems.push(`${where}: ${bad.join(', ')} must be a non-negative number of USD per million tokens.`);
      continue;
    }
    if (unknown.length) problems.push(`${where}: unknown field ${unknown.join(', ')} ignored (allowed: ${OVERRIDE_FIELDS.join(', ')}).`);
    const o: PriceOverride = { input: entry.input, output: entry.output };
    for (const f of ['cacheRead', 'cacheWrite', 'cacheWrite1h'] as const) if (typeof entry[f] === 'number') o[f] = entry[f] as number;
    overrides.set(key, o);
  }
  return { overrides, problems };
}

/** Rounds away floating-point noise (to a millionth of a micro-dollar). */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

function priceWithOverride(o: PriceOverride, u: Usage): number {
  const write5m = o.cacheWrite ?? o.input;
  const usd =
    u.input * o.input + u.cacheRead * (o.cacheRead ?? o.input) + u.cacheWrite5m * write5m + u.cacheWrite1h * (o.cacheWrite1h ?? write5m) + u.output * o.output;
  return roundUsd(usd / 1e6);
}

/**
 * genai-prices wants `input_tokens` to be the WHOLE prompt (cache reads and writes included) and the
 * cache counts as parts of it; the long-context tier is chosen from that whole-prompt size too.
 * Usage.input is fresh tokens only, so add the cache parts back.
 */
export function toCatalogUsage(u: Usage): CatalogUsage {
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
  /** From parsePriceOverrides. */
  overrides?: ReadonlyMap<string, PriceOverride>;
}

export class Pricing {
  private readonly endpoints = new Map<string, EndpointConfig>();
  private readonly overrides: ReadonlyMap<string, PriceOverride>;

  constructor(opts: PricingOptions = {}) {
    for (const e of opts.endpoints ?? []) this.endpoints.set(e.name, e);
    this.overrides = opts.overrides ?? new Map();
  }

  /** Price of a usage on a model at a time (catalog prices can change by date). */
  quote(target: PriceTarget, usage: Usage, time: Date = new Date()): Quote {
    const override = (target.modelName !== undefined ? this.overrides.get(target.modelName) : undefined) ?? this.overrides.get(target.model);
    if (override) return { priced: true, usd: priceWithOverride(override, usage), basis: 'override' };
    const endpoint = this.endpoints.get(target.endpoint);
    if (endpoint?.local) return { priced: true, usd: 0, basis: 'local' };
    const catalogUsage = toCatalogUsage(usage);
    const options = catalogOptions(endpoint);
    // Bedrock reports routed models as ARNs: …:inference-profile/us.anthropic.claude-… → the id after '/'.
    const modelId = target.model.startsWith('arn:') ? target.model.slice(target.model.lastIndexOf('/') + 1) : target.model;
    let found = calcPrice(catalogUsage, modelId, { ...options, timestamp: time });
    // An OpenAI-compatible proxy the catalog does not know (LiteLLM, a company gateway) usually serves
    // models under their public ids: match on the id alone, and say so through `pricedAs`.
    if (!found && options?.providerApiUrl) found = calcPrice(catalogUsage, modelId, { timestamp: time });
    if (found) return { priced: true, usd: roundUsd(found.total_price), basis: 'catalog', pricedAs: `${found.provider.id}/${found.model.id}` };
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
