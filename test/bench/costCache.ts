/**
 * Prompt caching as each provider bills it, for the cost bench's cached rows (assumptions in cost.ts's header).
 * One ProviderCaches is one world's caches: the routed day and each counterfactual get their own.
 *
 * - OpenAI (api.openai.com) caches automatically: a prompt of ≥ 1,024 tokens reads from cache the prefix it shares
 *   with an earlier request to the SAME model within 5 minutes, in 128-token steps. Reads are billed at the
 *   model's cache-read rate; there is no write charge.
 * - Anthropic and Bedrock cache only what the request declares: breakpoints on the stable prefix of a chat request
 *   (end of the system prompt, end of the previous user turn, end of the last user turn), each cached only when the
 *   prefix up to it reaches the model's minimum cacheable length. A request reads the longest prefix still cached
 *   (a hit refreshes its lifetime) and writes from there to its last cacheable breakpoint: 1.25× input for 5 minutes,
 *   2× for 1 hour, per the TTL the policy picks; the rest is plain input. Completion requests declare no breakpoint.
 * - Anything else (Ollama, other OpenAI-compatible servers) is modelled uncached; Ollama is $0 anyway.
 */
import type { ResolvedSettings } from '../../src/core/settings/model';
import { emptyUsage, type CacheTtl, type ModelConfig, type Usage } from '../../src/core/types';
import type { TraceEvent } from './costTrace';

/** OpenAI's automatic prompt caching: ≥ 1,024-token prompts, the shared prefix in 128-token steps. */
export function openAiCached(prompt: number, shared: number): number {
  if (prompt < 1024 || shared < 1024) return 0;
  return 1024 + Math.floor((Math.min(shared, prompt) - 1024) / 128) * 128;
}

const TTL_MINUTES: Record<CacheTtl, number> = { '5m': 5, '1h': 60 };
const OPENAI_IDLE_MINUTES = 5;

/**
 * Anthropic's documented minimum cacheable prompt lengths (tokens), by model family.
 * SEAM: replaced by src/core/providers/modelTraits.ts (h1) when it lands.
 */
export function minCacheableTokens(modelId: string): number {
  const id = modelId.toLowerCase();
  if (/haiku-4|opus-4-5|opus-[5-9]/.test(id)) return 4096;
  if (/haiku/.test(id)) return 2048;
  return 1024;
}

/** How the caching a request declares is chosen: the TTL of a conversation's writes (the setting 'auto' decides). */
export interface CachePolicy {
  /** 'off': Gearshift declares no breakpoint at all. */
  declared: boolean;
  /** The TTL of a write in this conversation at `minute`, given its earlier turns' minutes. */
  ttl(conversation: string, turnMinutes: readonly number[], minute: number): CacheTtl;
}

interface Entry {
  len: number;
  expires: number;
}

type Kind = 'automatic' | 'declared' | 'none';

export class ProviderCaches {
  /** Automatic caches: per key (file or conversation) and model, the last prompt's length and minute. */
  private readonly automatic = new Map<string, { len: number; minute: number }>();
  /** Declared caches: per conversation and model, the cached prefixes. */
  private readonly declared = new Map<string, Entry[]>();
  private readonly turns = new Map<string, number[]>();

  constructor(
    private readonly settings: ResolvedSettings,
    private readonly policy: CachePolicy,
  ) {}

  kind(model: ModelConfig): Kind {
    const endpoint = this.settings.endpoints[model.endpoint];
    if (endpoint.kind === 'openai') return !endpoint.baseUrl && !endpoint.local ? 'automatic' : 'none';
    return this.policy.declared ? 'declared' : 'none';
  }

  /** What the provider bills for `e` on `model`, given what earlier calls left in its cache; records this call. */
  call(model: ModelConfig, e: TraceEvent): Usage {
    const usage: Usage = { ...emptyUsage(), input: e.prompt, output: e.output };
    const key = `${e.kind === 'completion' ? `file:${e.file}` : `chat:${e.conversationId}`}|${model.name}`;
    const kind = this.kind(model);
    if (kind === 'automatic') {
      const last = this.automatic.get(key);
      const warm = last !== undefined && e.minute - last.minute <= OPENAI_IDLE_MINUTES;
      // A completion shares its leading part with the previous one in the file; a chat turn extends every earlier turn.
      const shared = !warm ? 0 : e.kind === 'completion' ? e.sharedWithPrevious : Math.min(last.len, e.prompt);
      usage.cacheRead = openAiCached(e.prompt, shared);
      usage.input -= usage.cacheRead;
      this.automatic.set(key, { len: e.prompt, minute: e.minute });
      return usage;
    }
    if (kind === 'none' || e.kind === 'completion') return usage;
    const min = minCacheableTokens(model.model);
    const breakpoints = [e.system, e.sharedWithPrevious, e.prompt].filter((b) => b >= min);
    const turns = this.turns.get(e.conversationId) ?? [];
    const ttl = this.policy.ttl(e.conversationId, turns, e.minute);
    if (breakpoints.length === 0) return usage;
    const entries = (this.declared.get(key) ?? []).filter((x) => x.expires >= e.minute && x.len <= e.prompt);
    const read = Math.max(0, ...entries.map((x) => x.len));
    const last = Math.max(...breakpoints);
    const write = Math.max(0, last - read);
    usage.cacheRead = read;
    if (ttl === '1h') usage.cacheWrite1h = write;
    else usage.cacheWrite5m = write;
    usage.input = e.prompt - read - write;
    const expires = e.minute + TTL_MINUTES[ttl];
    const kept = entries.filter((x) => !breakpoints.includes(x.len) && x.len !== read);
    for (const len of new Set([...breakpoints, ...(read ? [read] : [])])) kept.push({ len, expires });
    this.declared.set(key, kept);
    return usage;
  }

  /** Notes a chat turn's time (for the TTL policy), whichever model answered it. */
  noteTurn(e: TraceEvent): void {
    if (e.kind !== 'chat') return;
    const turns = this.turns.get(e.conversationId) ?? [];
    turns.push(e.minute);
    this.turns.set(e.conversationId, turns);
  }
}
