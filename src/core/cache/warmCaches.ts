/**
 * Which models hold a warm prompt cache for a conversation (or an agent task), of how long a prefix, and until when:
 * what the router weighs before it moves a follow-up off the model that has the conversation cached, and what the
 * step policy counts as lost when a step would switch models. The gateway updates it after every finished call from
 * the call's usage; no content is kept, only counts and times. Bounded: the least recently used conversation is
 * forgotten first.
 *
 * Keys: a chat conversation's id, or `task:<id>` for an agent task (taskKey).
 */
import { LruCache } from '../lru';
import { totalInput, type CacheTtl, type ModelConfig, type Usage } from '../types';
import { TTL_MS } from './ttl';
import type { PromptCaching } from './caching';

/** One model's cache of a conversation's prompt prefix. */
export interface WarmCache {
  /** The configured model name and endpoint that hold it. */
  modelName: string;
  endpoint: string;
  /** Prompt tokens now cached (the prefix the next call to this model can read). */
  tokens: number;
  /** When the call that wrote or last read it was made (ms since the epoch). */
  usedAt: number;
  /** Until when it is warm (ms since the epoch). */
  expiresAt: number;
  /** Declared with this TTL, or OpenAI's automatic caching. */
  ttl: CacheTtl | 'automatic';
}

/** One finished call, as the store needs it. */
export interface CallFacts {
  model: Pick<ModelConfig, 'name' | 'endpoint'>;
  usage: Usage;
  /** How the call's provider cached (cache/caching.ts cachingOf, with the plan the call was sent with). */
  caching: PromptCaching;
  /** When the call was made (ms since the epoch). */
  at: number;
  /** Usage estimated by a tokenizer (the provider reported none): nothing is known to be cached. */
  estimated?: boolean;
}

interface ConversationState {
  /** Latest first, at most MAX_MODELS. */
  caches: WarmCache[];
  /** When the latest call was made. */
  lastAt?: number;
  /** Gaps between consecutive calls (ms), oldest first, at most MAX_GAPS. */
  gaps: number[];
  outputTokens: number;
  calls: number;
}

const MAX_MODELS = 4;
const MAX_GAPS = 8;

/** The store key of an agent task. */
export function taskKey(taskId: string): string {
  return `task:${taskId}`;
}

export class WarmCaches {
  private readonly conversations: LruCache<ConversationState>;

  constructor(opts: { maxConversations?: number } = {}) {
    this.conversations = new LruCache<ConversationState>(opts.maxConversations ?? 1000);
  }

  /** Remembers a finished call: the gap since the previous one, its output size, and the prefix it left cached. */
  record(key: string, call: CallFacts): void {
    const state = this.conversations.get(key) ?? { caches: [], gaps: [], outputTokens: 0, calls: 0 };
    if (state.lastAt !== undefined && call.at > state.lastAt) {
      state.gaps.push(call.at - state.lastAt);
      if (state.gaps.length > MAX_GAPS) state.gaps.shift();
    }
    if (state.lastAt === undefined || call.at > state.lastAt) state.lastAt = call.at;
    state.outputTokens += call.usage.output;
    state.calls++;
    state.caches = state.caches.filter((c) => c.modelName !== call.model.name);
    const cache = cachedAfter(call);
    if (cache) state.caches.unshift(cache);
    if (state.caches.length > MAX_MODELS) state.caches.length = MAX_MODELS;
    this.conversations.set(key, state);
  }

  /** The model's cache for the conversation when it is still warm at `now`. */
  warm(key: string, modelName: string, now: number): WarmCache | undefined {
    const c = this.latest(key, modelName);
    return c && c.expiresAt > now ? c : undefined;
  }

  /** The model's latest cache for the conversation, warm or expired. */
  latest(key: string, modelName: string): WarmCache | undefined {
    return this.conversations.get(key)?.caches.find((c) => c.modelName === modelName);
  }

  /** The conversation's gaps between calls (ms, oldest first), with the one up to `now` when given. */
  gaps(key: string, now?: number): number[] {
    const s = this.conversations.get(key);
    if (!s) return [];
    const gaps = s.gaps.slice();
    if (now !== undefined && s.lastAt !== undefined && now > s.lastAt) gaps.push(now - s.lastAt);
    return gaps;
  }

  /** When the conversation's latest call was made. */
  lastCallAt(key: string): number | undefined {
    return this.conversations.get(key)?.lastAt;
  }

  /** Mean output tokens of the conversation's calls so far. */
  meanOutput(key: string): number | undefined {
    const s = this.conversations.get(key);
    return s && s.calls > 0 ? s.outputTokens / s.calls : undefined;
  }

  forget(key: string): void {
    this.conversations.delete(key);
  }

  /** Conversations remembered. */
  get size(): number {
    return this.conversations.size;
  }
}

/**
 * The prefix a call left cached. Declared caching (Anthropic, Bedrock): what it read plus what it wrote at its
 * breakpoints (nothing when the prompt was under the model's minimum). Automatic caching (OpenAI): the whole prompt,
 * when it reaches the minimum (fresh input included: the server caches it without being asked).
 */
function cachedAfter(call: CallFacts): WarmCache | undefined {
  const { usage, caching, at } = call;
  if (call.estimated || !caching.reads) return undefined;
  const base = { modelName: call.model.name, endpoint: call.model.endpoint, usedAt: at };
  if (caching.automaticTtlMs) {
    const tokens = totalInput(usage);
    if (tokens < caching.minTokens) return undefined;
    return { ...base, tokens, ttl: 'automatic', expiresAt: at + caching.automaticTtlMs };
  }
  if (!caching.writes) return undefined;
  const tokens = usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h;
  if (tokens <= 0) return undefined;
  const ttl: CacheTtl = usage.cacheWrite1h > 0 ? '1h' : (caching.ttl ?? '5m');
  return { ...base, tokens, ttl, expiresAt: at + TTL_MS[ttl] };
}
