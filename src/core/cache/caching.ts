/**
 * How a provider caches prompt prefixes as Gearshift calls it, per endpoint and model: what a turn or an agent step is
 * billed for when part of its prompt is still cached (turnCost.ts for chat, agent/switchCost.ts for agent steps).
 *
 * - OpenAI (api.openai.com and compatible cloud endpoints): automatic; a prompt of ≥ 1,024 tokens reads the prefix
 *   it shares with the previous request to the same model from cache at the cache-read rate, in 128-token blocks
 *   past the first 1,024; writing is free, except on the models that bill it (GPT-5.6 and later: 1.25 × input). OpenAI
 *   keeps such a cache 5–10 minutes after its last use: Gearshift counts on the first 5 (AUTOMATIC_TTL_MS).
 * - Anthropic and Bedrock cache only at breakpoints the request declares (cache_control / cachePoint), which the
 *   gateway does whenever it sends a PromptCachePlan (gearshift.cache is not "off"): the part of the prompt not read
 *   from cache is written at the cache-write rate of the plan's TTL (5m: 1.25× input, 1h: 2× input), and a later call
 *   to the same model reads it back (0.1× input). Prompts shorter than the model's minimum cacheable length
 *   (providers/modelTraits.ts) are not cached at all; Bedrock models without cache points never are. Without a plan:
 *   nothing is cached.
 * - Local endpoints are free either way.
 */
import { modelTraits } from '../providers/modelTraits';
import type { PromptCachePlan } from '../providers/provider';
import { emptyUsage, type CacheTtl, type EndpointConfig, type Usage } from '../types';

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
  /** Declared caches: the TTL writes are made (and charged) with; default '5m'. */
  ttl?: CacheTtl;
  /** Automatic caches: how long one stays warm after its last use (ms). */
  automaticTtlMs?: number;
}

/** OpenAI keeps an automatic prompt cache 5–10 minutes after its last use; routing counts on the first 5. */
export const AUTOMATIC_TTL_MS = 5 * 60_000;
export const NO_CACHING: PromptCaching = { reads: false, writes: false, minTokens: 0 };
const OPENAI_CACHING: PromptCaching = { reads: true, writes: false, minTokens: 1024, blockTokens: 128, automaticTtlMs: AUTOMATIC_TTL_MS };
/** The GPT-5.6 family and later bill the cached part of a prompt as a write (1.25 × input) the first time. */
const OPENAI_WRITES: PromptCaching = { ...OPENAI_CACHING, writes: true };

/**
 * The caching Gearshift gets from an endpoint for a model (providers/modelTraits.ts): OpenAI's automatic caching
 * always (its cache writes billed for the models that bill them); Anthropic and Bedrock breakpoints only when the call
 * carries a cache plan and the model takes them, with the model's minimum and the plan's TTL (5m on Bedrock models
 * that refuse 1h); none on local endpoints.
 */
export function cachingOf(endpoint: EndpointConfig | undefined, opts: { plan?: PromptCachePlan; modelId?: string } = {}): PromptCaching {
  if (!endpoint || endpoint.local) return NO_CACHING;
  const traits = modelTraits(opts.modelId ?? '');
  if (endpoint.kind === 'openai') return traits.openaiCacheWrites ? OPENAI_WRITES : OPENAI_CACHING;
  const plan = opts.plan;
  if (!plan) return NO_CACHING;
  const declared = { reads: true, writes: true, minTokens: traits.minCacheTokens };
  if (endpoint.kind === 'anthropic') return traits.anthropicCaching ? { ...declared, ttl: plan.ttl } : NO_CACHING;
  const bedrock = traits.bedrockCaching;
  if (!bedrock) return NO_CACHING;
  return { ...declared, ttl: plan.ttl === '1h' && bedrock.ttl1h ? '1h' : '5m' };
}

/** One call's expected token counts. */
export interface CallTokens {
  /** The whole prompt of the call. */
  promptTokens: number;
  /** The leading part of the prompt still in the model's cache (0: cold). */
  warmTokens: number;
  /** Expected output tokens. */
  outputTokens: number;
}

/** The usage a call would be billed for under a provider's caching. */
export function usageUnder(call: CallTokens, caching: PromptCaching): Usage {
  const usage = emptyUsage();
  const prompt = Math.max(0, Math.round(call.promptTokens));
  const cacheable = prompt >= caching.minTokens;
  const shared = Math.min(prompt, Math.max(0, Math.round(call.warmTokens)));
  const block = Math.max(1, caching.blockTokens ?? 1);
  const warm =
    caching.reads && cacheable && shared >= caching.minTokens
      ? caching.minTokens + Math.floor((shared - caching.minTokens) / block) * block
      : 0;
  usage.cacheRead = warm;
  if (caching.writes && cacheable) {
    if (caching.ttl === '1h') usage.cacheWrite1h = prompt - warm;
    else usage.cacheWrite5m = prompt - warm;
  } else usage.input = prompt - warm;
  usage.output = Math.max(0, Math.round(call.outputTokens));
  return usage;
}
