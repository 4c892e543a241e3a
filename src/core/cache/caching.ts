/**
 * How a provider caches prompt prefixes as Gearshift calls it, per endpoint and model: what a turn or an agent step is
 * billed for when part of its prompt is still cached (turnCost.ts for chat, agent/switchCost.ts for agent steps).
 *
 * - OpenAI (api.openai.com and compatible cloud endpoints): automatic; a prompt of ≥ 1,024 tokens reads the prefix
 *   it shares with the previous request to the same model from cache at the cache-read rate, in 128-token blocks
 *   past the first 1,024; nothing is charged for writing. OpenAI keeps such a cache 5–10 minutes after its last use:
 *   Gearshift counts on the first 5 (AUTOMATIC_TTL_MS).
 * - Anthropic and Bedrock cache only at breakpoints the request declares (cache_control / cachePoint), which the
 *   gateway does whenever it sends a PromptCachePlan (gearshift.cache is not "off"): the part of the prompt not read
 *   from cache is written at the cache-write rate of the plan's TTL (5m: 1.25× input, 1h: 2× input), and a later call
 *   to the same model reads it back (0.1× input). Prompts shorter than the model's minimum cacheable length (1,024
 *   tokens for most Claude models, 2,048 or 4,096 for some) are not cached at all. Without a plan: nothing is cached.
 * - Local endpoints are free either way.
 */
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

/**
 * The fewest prompt tokens a model caches at a declared breakpoint. Anthropic's documented minimums: 4,096 for
 * Claude Opus 4.5 and Haiku 4.5, 2,048 for the older Haiku models, 1,024 for the rest (Sonnet, Opus 4/4.1).
 */
export function minCacheTokens(modelId: string): number {
  const id = modelId.toLowerCase();
  if (/haiku-4-5|opus-4-5/.test(id)) return 4096;
  if (/haiku/.test(id)) return 2048;
  return 1024;
}

/**
 * The caching Gearshift gets from an endpoint: OpenAI's automatic caching always; Anthropic and Bedrock breakpoints
 * only when the call carries a cache plan (then with the model's minimum and the plan's TTL); none on local endpoints.
 */
export function cachingOf(endpoint: EndpointConfig | undefined, opts: { plan?: PromptCachePlan; modelId?: string } = {}): PromptCaching {
  if (!endpoint || endpoint.local) return NO_CACHING;
  if (endpoint.kind === 'openai') return OPENAI_CACHING;
  if (!opts.plan) return NO_CACHING;
  return { reads: true, writes: true, minTokens: minCacheTokens(opts.modelId ?? ''), ttl: opts.plan.ttl };
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
