/**
 * Prices of model calls: the user's `gearshift.prices` overrides first, then free local endpoints, then
 * the bundled catalog of @pydantic/genai-prices (provider-specific rates, cache read/write rates,
 * long-context tiers, Bedrock inference-profile ids). A model found nowhere is "unpriced": no number at
 * all, and a message saying how to add a price — never a silent $0.
 *
 * The catalog matches ids loosely (by prefix: `claude-sonnet-5-5` gets `claude-sonnet-5`'s price), so every
 * price says which entry gave it and whether that match was exact (`PriceMatch`); an approximate one is a
 * price to confirm, shown as such, until a `gearshift.prices` entry makes it exact.
 */
import type {
  calcPrice as CalcPrice,
  MatchLogic,
  ModelInfo,
  ModelPrice,
  PriceOptions,
  Provider,
  Usage as CatalogUsage,
} from '@pydantic/genai-prices';

import type { PriceOverride } from '../settings/model';
import { emptyUsage, totalInput, type EndpointConfig, type Usage } from '../types';
import type { PriceKind } from './record';

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

/** Which price a model got, and whether it is known to be that model's own. */
export interface PriceMatch {
  kind: PriceKind;
  /**
   * What priced it: a catalog entry as provider/model ("anthropic/claude-sonnet-5"), a `gearshift.prices["key"]`
   * entry, a local endpoint, or the provider's reported cost.
   */
  entry: string;
  /** False for an approximate catalog match: a price to confirm (a gearshift.prices entry for the model makes it exact). */
  exact: boolean;
}

export type Quote =
  | {
      priced: true;
      usd: number;
      basis: PriceBasis;
      /** Catalog match, e.g. "aws/regional.anthropic.claude-…" (also under an override that only fills some rates). */
      pricedAs?: string;
      match: PriceMatch;
    }
  | { priced: false; message: string };

/**
 * Decorations that leave a model id the same model: a Bedrock region/vendor prefix ("us.", "global.", "anthropic."),
 * a Bedrock version suffix ("-v1:0"), and a dated snapshot ("-20250929", "-2025-08-07", "@20250514").
 */
function bareModelId(id: string): string {
  let s = id.toLowerCase().trim();
  // Leading dot-separated namespaces made of letters only: us. eu. apac. us-gov. global. regional. anthropic. meta. …
  s = s.replace(/^(?:[a-z][a-z-]*\.)+/, '');
  s = s.replace(/-v\d+:\d+$/, '');
  s = s.replace(/(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2})$/, '');
  return s;
}

function literals(m: MatchLogic, out: string[] = []): string[] {
  if ('or' in m) m.or.forEach((x) => literals(x, out));
  else if ('and' in m) m.and.forEach((x) => literals(x, out));
  else if ('equals' in m) out.push(m.equals);
  else if ('starts_with' in m) out.push(m.starts_with);
  else if ('contains' in m) out.push(m.contains);
  else if ('ends_with' in m) out.push(m.ends_with);
  return out;
}

function anchoredRegexes(m: MatchLogic, out: string[] = []): string[] {
  if ('or' in m) m.or.forEach((x) => anchoredRegexes(x, out));
  else if ('and' in m) m.and.forEach((x) => anchoredRegexes(x, out));
  else if ('regex' in m && m.regex.startsWith('^') && m.regex.endsWith('$')) out.push(m.regex);
  return out;
}

/**
 * Whether a catalog entry the catalog matched `modelId` to is that model's own: the id is the entry's id or one of
 * the names its match lists, give or take a dated snapshot, a Bedrock region/vendor prefix or version suffix, or it
 * fits one of the entry's fully anchored patterns (e.g. ^claude-opus-5-\d{8}$). A prefix that merely begins the id
 * (claude-sonnet-5 for claude-sonnet-5-5) or a substring of it is not.
 */
export function isExactCatalogMatch(modelId: string, entry: Pick<ModelInfo, 'id' | 'match'>): boolean {
  const id = modelId.toLowerCase().trim();
  const bare = bareModelId(id);
  if ([entry.id, ...literals(entry.match)].some((name) => bareModelId(name) === bare)) return true;
  return anchoredRegexes(entry.match).some((re) => {
    try {
      return new RegExp(re).test(id);
    } catch {
      return false;
    }
  });
}

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
    if (endpoint?.local && !override) {
      return { priced: true, usd: 0, basis: 'local', match: { kind: 'local', entry: `local endpoint "${target.endpoint}"`, exact: true } };
    }
    const catalogUsage = toCatalogUsage(usage);
    const options = catalogOptions(endpoint);
    // Bedrock reports routed models as ARNs: …:inference-profile/us.anthropic.claude-… → the id after '/'.
    const modelId = (target.model.startsWith('arn:') ? target.model.slice(target.model.lastIndexOf('/') + 1) : target.model).toLowerCase();
    let found = calcPrice(catalogUsage, modelId, { ...options, timestamp: time });
    // An OpenAI-compatible proxy the catalog does not know (LiteLLM, a company gateway) usually serves
    // models under their public ids: match on the id alone, and say so through `pricedAs`.
    if (!found && options?.providerApiUrl) found = calcPrice(catalogUsage, modelId, { timestamp: time });
    const pricedAs = found ? `${found.provider.id}/${found.model.id}` : undefined;
    const catalogExact = found ? isExactCatalogMatch(modelId, found.model) : false;
    if (override) {
      const prices = applyOverride(override.price, found?.model_price);
      if (prices) {
        const custom = calcPrice(catalogUsage, modelId, { provider: customProvider(modelId, prices), timestamp: time });
        // The user's own input and output rates are the price; an override of some rates only (cache) over an
        // approximate catalog match is still approximate.
        const own = override.price.input !== undefined && override.price.output !== undefined;
        const match: PriceMatch =
          own || !pricedAs || catalogExact
            ? { kind: 'override', entry: `gearshift.prices["${override.key}"]`, exact: true }
            : { kind: 'approximate', entry: pricedAs, exact: false };
        if (custom) return { priced: true, usd: roundUsd(custom.total_price), basis: 'override', ...(own ? {} : { pricedAs }), match };
      }
      return {
        priced: false,
        message:
          `gearshift.prices["${override.key}"] has no "input" and "output" price and the catalog does not know model ` +
          `"${target.model}": add both (USD per million tokens).`,
      };
    }
    if (found && pricedAs) {
      const match: PriceMatch = { kind: catalogExact ? 'exact' : 'approximate', entry: pricedAs, exact: catalogExact };
      return { priced: true, usd: roundUsd(found.total_price), basis: 'catalog', pricedAs, match };
    }
    const key = target.modelName ?? target.model;
    return {
      priced: false,
      message:
        `No price known for model "${target.model}" (endpoint "${target.endpoint}"). Add one to the gearshift.prices setting, ` +
        `e.g. "gearshift.prices": { "${key}": { "input": 0.5, "output": 1.5 } } (USD per million tokens), ` +
        'or mark the endpoint "local": true if it is free.',
    };
  }

  /** Which price a model gets (the catalog entry, override or local endpoint), or undefined when it has none. */
  match(target: PriceTarget, time: Date = new Date()): PriceMatch | undefined {
    const q = this.quote(target, emptyUsage(), time);
    return q.priced ? q.match : undefined;
  }
}

/** "approximate — confirm with gearshift.prices" for an approximate match; "exact" otherwise. */
export function matchWord(match: Pick<PriceMatch, 'exact'>): string {
  return match.exact ? 'exact' : 'approximate — confirm with gearshift.prices';
}

/**
 * One line for Explain: `priced as anthropic/claude-sonnet-5 (approximate — confirm with gearshift.prices)`,
 * `priced as anthropic/claude-sonnet-4-5 (exact)`, `priced as gearshift.prices["sonnet"] (exact)`, or the
 * unpriced message.
 */
export function explainPrice(pricing: Pricing, target: PriceTarget, time: Date = new Date()): string {
  const q = pricing.quote(target, emptyUsage(), time);
  if (!q.priced) return q.message;
  return `priced as ${q.match.entry} (${matchWord(q.match)})`;
}
