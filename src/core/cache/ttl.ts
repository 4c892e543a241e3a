/**
 * Which prompt-cache TTL a call declares (gearshift.cache), and the plan the gateway sends with it.
 *
 * 'off' declares nothing; '5m' and '1h' are fixed; 'auto' picks per conversation from its recent gaps between turns.
 * The arithmetic (Anthropic's and Bedrock's multipliers of the input price p): a cache write costs 1.25·p per token
 * with a 5-minute TTL and 2·p with a 1-hour TTL; a read costs 0.1·p. Say this turn's prompt is P tokens already
 * cached plus Δ new ones (written now). At the next turn, after a gap g:
 *   - g ≤ 5 min: both caches are warm; the 1h write cost 0.75·p·Δ more for nothing;
 *   - 5 min < g ≤ 1 h: the 5m cache is gone, so the next turn writes all P + Δ again at 1.25·p instead of reading
 *     it at 0.1·p: the 5m choice costs 1.15·p·(P + Δ) more;
 *   - g > 1 h: both are gone; the 1h write cost 0.75·p·Δ more.
 * With q the share of recent gaps in (5 min, 1 h], 1h pays when q · 1.15 · (P + Δ) > (1 − q) · 0.75 · Δ. Without
 * sizes we take P = Δ (a second turn: the least favourable case for 1h), which gives q > 0.246: one recent gap in
 * four between five minutes and an hour. No gaps yet (a first turn): 5m.
 */
import { createHash } from 'node:crypto';
import type { PromptCachePlan } from '../providers/provider';
import type { CacheSetting, CacheTtl } from '../types';

export const TTL_MS: Readonly<Record<CacheTtl, number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
/** How many of a conversation's latest gaps 'auto' looks at. */
export const RECENT_GAPS = 4;

/** Multipliers of the input price (Anthropic, Bedrock). */
const WRITE_5M = 1.25;
const WRITE_1H = 2;
const READ = 0.1;

export interface TtlSizes {
  /** Prompt tokens this turn reads from cache (P). */
  cachedTokens: number;
  /** Prompt tokens this turn writes (Δ). */
  newTokens: number;
}

/** The TTL to declare, or undefined for 'off'. `gapsMs`: the conversation's gaps between turns, oldest first. */
export function chooseTtl(setting: CacheSetting, gapsMs: readonly number[] = [], sizes?: TtlSizes): CacheTtl | undefined {
  if (setting === 'off') return undefined;
  if (setting !== 'auto') return setting;
  const recent = gapsMs.slice(-RECENT_GAPS);
  if (recent.length === 0) return '5m';
  const q = recent.filter((g) => g > TTL_MS['5m'] && g <= TTL_MS['1h']).length / recent.length;
  const delta = Math.max(1, sizes?.newTokens ?? 1);
  const cached = Math.max(0, sizes?.cachedTokens ?? delta);
  const gainIfLong = q * (WRITE_5M - READ) * (cached + delta);
  const lossIfShort = (1 - q) * (WRITE_1H - WRITE_5M) * delta;
  return gainIfLong > lossIfShort ? '1h' : '5m';
}

/** A stable key for a conversation that says nothing of its content or id (OpenAI's prompt_cache_key). */
export function cacheKey(conversationId: string): string {
  return `gs-${createHash('sha256').update(conversationId).digest('hex').slice(0, 32)}`;
}

/** The plan for one call: undefined when gearshift.cache is 'off'. */
export function cachePlan(
  setting: CacheSetting,
  conversationId: string | undefined,
  gapsMs: readonly number[] = [],
  sizes?: TtlSizes,
): PromptCachePlan | undefined {
  const ttl = chooseTtl(setting, gapsMs, sizes);
  if (!ttl) return undefined;
  return conversationId ? { ttl, key: cacheKey(conversationId) } : { ttl };
}
