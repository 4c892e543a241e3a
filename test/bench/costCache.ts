/**
 * Prompt caching as each provider bills it, for the cost bench's cached rows (assumptions in cost.ts's header). One
 * ProviderCaches is one world's caches: the routed day and each counterfactual get their own. The rules are those of
 * the simulating fakes (test/fakes/cacheSim.ts) applied to the trace's token counts:
 *
 * - OpenAI (api.openai.com) caches automatically: a prompt of ≥ 1,024 tokens is cached in 128-token steps for 5
 *   minutes from its last use, per model (and prompt_cache_key); a later prompt reads the longest step it starts
 *   with. The GPT-5.6 family and later bill the newly cached steps as cache writes (1.25× input; modelTraits).
 * - Anthropic and Bedrock cache only what the request declares: when the gateway sends a cache plan (gearshift.cache
 *   is not "off"), breakpoints at the end of the system prompt, of the previous user turn and of the last user turn,
 *   each only when its prefix reaches the model's minimum (modelTraits). A request reads the longest prefix still
 *   cached (a hit refreshes it) and writes from there to each later breakpoint at the plan's TTL (5m: 1.25× input,
 *   1h: 2×); the rest is plain input. The TTL is the gateway's: cachePlan over the conversation's gaps as the world's
 *   warm-cache store knows them. Completion requests carry no plan.
 * - Anything else (Ollama, other OpenAI-compatible servers) is uncached; Ollama is $0 anyway.
 *
 * After each chat turn the world's WarmCaches store learns what the call left cached, as the gateway's rememberCache
 * does: the routed world's store is the Router's own (router.warm), so cache-aware routing sees the day unfold.
 */
import { cachingOf } from '../../src/core/cache/caching';
import { cachePlan, TTL_MS } from '../../src/core/cache/ttl';
import type { WarmCaches } from '../../src/core/cache/warmCaches';
import type { PromptCachePlan } from '../../src/core/providers/provider';
import { modelTraits } from '../../src/core/providers/modelTraits';
import type { ResolvedSettings } from '../../src/core/settings/model';
import { emptyUsage, type ModelConfig, type Usage } from '../../src/core/types';
import type { TraceEvent } from './costTrace';

const OPENAI_MIN = 1024;
const OPENAI_STEP = 128;

/** OpenAI's automatic prompt caching: ≥ 1,024-token prompts, the shared prefix in 128-token steps. */
export function openAiCached(prompt: number, shared: number): number {
  if (prompt < OPENAI_MIN || shared < OPENAI_MIN) return 0;
  return OPENAI_MIN + Math.floor((Math.min(shared, prompt) - OPENAI_MIN) / OPENAI_STEP) * OPENAI_STEP;
}

interface Entry {
  len: number;
  /** ms since the epoch */
  expires: number;
  ttlMs: number;
}

export class ProviderCaches {
  /** Automatic caches, per key (file or conversation) and model: the last prompt's length and when it expires. */
  private readonly automatic = new Map<string, { len: number; expires: number }>();
  /** Declared caches, per conversation and model: the cached prefixes. */
  private readonly declared = new Map<string, Entry[]>();

  /**
   * `warm`: this world's warm-cache store (the Router's own for the routed world); `declares`: whether the gateway
   * sends a cache plan at all (false: what a user pays without Gearshift).
   */
  constructor(
    private readonly settings: ResolvedSettings,
    readonly warm: WarmCaches,
    private readonly declares: boolean,
  ) {}

  /** What the provider bills for `e` on `model` at `now` (ms), given what earlier calls left cached; records this call. */
  call(model: ModelConfig, e: TraceEvent, now: number): Usage {
    const endpoint = this.settings.endpoints[model.endpoint];
    const id = e.kind === 'chat' ? e.conversationId : undefined;
    let plan: PromptCachePlan | undefined;
    if (this.declares && id) {
      const cached = this.warm.warm(id, model.name, now)?.tokens ?? 0;
      const sizes = { cachedTokens: cached, newTokens: Math.max(1, e.prompt - cached) };
      plan = cachePlan(this.settings.cache, id, this.warm.gaps(id, now), sizes);
    }
    const usage = this.usage(model, e, now, plan);
    if (id) this.warm.record(id, { model, usage, caching: cachingOf(endpoint, { plan, modelId: model.model }), at: now });
    return usage;
  }

  private usage(model: ModelConfig, e: TraceEvent, now: number, plan: PromptCachePlan | undefined): Usage {
    const usage: Usage = { ...emptyUsage(), input: e.prompt, output: e.output };
    const endpoint = this.settings.endpoints[model.endpoint];
    const key = `${e.kind === 'completion' ? `file:${e.file}` : `chat:${e.conversationId}`}|${model.name}`;
    if (endpoint.local) return usage;
    const traits = modelTraits(model.model);
    if (endpoint.kind === 'openai') {
      if (endpoint.baseUrl) return usage;
      const last = this.automatic.get(key);
      const live = last !== undefined && last.expires > now;
      // A completion shares its leading part with the previous one in the file; a chat turn extends every earlier turn.
      const shared = !live ? 0 : e.kind === 'completion' ? e.sharedWithPrevious : Math.min(last.len, e.prompt);
      usage.cacheRead = openAiCached(e.prompt, shared);
      const cachedNow = openAiCached(e.prompt, e.prompt);
      if (traits.openaiCacheWrites) usage.cacheWrite5m = Math.max(0, cachedNow - usage.cacheRead);
      usage.input = e.prompt - usage.cacheRead - usage.cacheWrite5m;
      if (cachedNow > 0) this.automatic.set(key, { len: e.prompt, expires: now + TTL_MS['5m'] });
      return usage;
    }
    const supported = endpoint.kind === 'anthropic' ? traits.anthropicCaching : traits.bedrockCaching !== false;
    if (!plan || !supported || e.kind === 'completion') return usage;
    const no1h = endpoint.kind === 'bedrock' && !(traits.bedrockCaching && traits.bedrockCaching.ttl1h);
    const ttl = no1h ? '5m' : plan.ttl;
    const breakpoints = [...new Set([e.system, e.sharedWithPrevious, e.prompt])]
      .filter((b) => b > 0 && b >= traits.minCacheTokens)
      .sort((a, b) => a - b);
    const entries = (this.declared.get(key) ?? []).filter((x) => x.expires > now && x.len <= e.prompt);
    const hit = entries.reduce<Entry | undefined>((best, x) => (!best || x.len > best.len ? x : best), undefined);
    const read = hit?.len ?? 0;
    if (hit) hit.expires = now + hit.ttlMs;
    let covered = read;
    for (const b of breakpoints) {
      if (b <= covered) continue;
      entries.push({ len: b, expires: now + TTL_MS[ttl], ttlMs: TTL_MS[ttl] });
      covered = b;
    }
    usage.cacheRead = read;
    if (ttl === '1h') usage.cacheWrite1h = covered - read;
    else usage.cacheWrite5m = covered - read;
    usage.input = e.prompt - covered;
    this.declared.set(key, entries);
    return usage;
  }
}
