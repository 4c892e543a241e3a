/**
 * What this turn of a conversation is expected to cost on a candidate model: its prompt (estimated), the part of it
 * read from a warm cache when that model holds one for the conversation, a cache write for the rest when the call
 * declares caching, and the expected output (the conversation's mean so far, or DEFAULT_OUTPUT_TOKENS), priced with
 * the real Pricing (catalog, gearshift.prices, local endpoints). The router compares these before it moves a
 * follow-up off the model that has the conversation cached.
 *
 * The prompt is estimated by length (tokens.ts approxTokens: a few microseconds even for a long conversation); when
 * the model holds a warm cache, the prompt is at least that cached prefix plus the new message.
 */
import type { PriceTarget, Pricing } from '../cost/pricing';
import { messageTokens } from '../agent/transcriptSize';
import { approxTokens } from '../tokens';
import type { Attachment, CacheSetting, ChatMessage, EndpointConfig, ModelConfig, Usage } from '../types';
import { cachingOf, usageUnder } from './caching';
import { chooseTtl } from './ttl';
import type { WarmCache, WarmCaches } from './warmCaches';

/** Expected output tokens of a turn when the conversation has no answered call yet. */
export const DEFAULT_OUTPUT_TOKENS = 400;
/** The chat system prompt and per-request framing, roughly. */
const OVERHEAD_TOKENS = 80;

/** A turn to price. */
export interface Turn {
  /** The warm-cache store's key (a conversation id, or taskKey(id)); absent: nothing is cached. */
  key?: string;
  /** Estimated prompt tokens of the whole request (promptTokensOf). */
  promptTokens: number;
  /** Estimated tokens of what is new since the previous turn (the last user message and its attachments). */
  newTokens: number;
  /** Default: the conversation's mean output, else DEFAULT_OUTPUT_TOKENS. */
  outputTokens?: number;
  /** ms since the epoch. */
  now: number;
}

/** The turn priced on one model. */
export interface TurnEstimate {
  model: ModelConfig;
  usd: number;
  usage: Usage;
  /** The model's warm cache for the conversation, when it has one now. */
  warm?: WarmCache;
}

/** Prices a turn on a model; undefined when the model has no price. */
export type TurnCost = (model: ModelConfig, turn: Turn) => TurnEstimate | undefined;

export interface TurnCostDeps {
  pricing(): Pricing;
  endpoints(): Readonly<Record<string, EndpointConfig>>;
  /** gearshift.cache */
  cache(): CacheSetting;
  warm: WarmCaches;
}

/** Estimated prompt tokens of a chat request, and of its new part (the last user message and the attachments). */
export function promptTokensOf(
  messages: readonly ChatMessage[],
  attachments: readonly Attachment[] = [],
): { total: number; fresh: number } {
  let total = OVERHEAD_TOKENS;
  for (const m of messages) total += messageTokens(m);
  let fresh = 0;
  for (const a of attachments) fresh += approxTokens(a.path) + approxTokens(a.text) + 8;
  total += fresh;
  const last = messages.at(-1);
  if (last?.role === 'user') fresh += messageTokens(last);
  return { total, fresh };
}

/** A TurnCost over the real pricing, the warm-cache store and gearshift.cache. */
export function turnCost(deps: TurnCostDeps): TurnCost {
  return (model, turn) => {
    const endpoints = deps.endpoints();
    const endpoint = Object.hasOwn(endpoints, model.endpoint) ? endpoints[model.endpoint] : undefined;
    const warm = turn.key === undefined ? undefined : deps.warm.warm(turn.key, model.name, turn.now);
    const warmTokens = warm?.tokens ?? 0;
    const promptTokens = Math.max(turn.promptTokens, warmTokens + turn.newTokens);
    const gaps = turn.key === undefined ? [] : deps.warm.gaps(turn.key, turn.now);
    const ttl = chooseTtl(deps.cache(), gaps, { cachedTokens: warmTokens, newTokens: promptTokens - warmTokens });
    const caching = cachingOf(endpoint, { plan: ttl && { ttl }, modelId: model.model });
    const outputTokens =
      turn.outputTokens ?? (turn.key === undefined ? undefined : deps.warm.meanOutput(turn.key)) ?? DEFAULT_OUTPUT_TOKENS;
    const usage = usageUnder({ promptTokens, warmTokens, outputTokens }, caching);
    const target: PriceTarget = { model: model.model, modelName: model.name, endpoint: model.endpoint };
    const quote = deps.pricing().quote(target, usage, new Date(turn.now));
    if (!quote.priced) return undefined;
    const estimate: TurnEstimate = { model, usd: quote.usd, usage };
    if (warm) estimate.warm = warm;
    return estimate;
  };
}
