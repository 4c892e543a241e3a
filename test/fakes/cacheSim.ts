/**
 * The fakes' prompt-cache simulation (script option `cache: 'simulate'`): each fake reads the request body it got,
 * counts its prompt tokens, remembers the prefixes it was asked to cache and reports usage the way the real API does.
 *
 * Counting: every prompt block (a tool definition, a system block, a message content block) is counted on its own as
 * the o200k tokenizer's tokens of its JSON with `cache_control` removed (src/core/tokens.ts countTokens); an image
 * block counts what Anthropic charges for its size (src/core/providers/prompt.ts imageTokens). A prefix's tokens are
 * the sum of its blocks'. OpenAI (automatic caching) tokenizes each tool and message's JSON with the same tokenizer
 * and compares token sequences.
 *
 * Declared caching (Anthropic `cache_control`, Bedrock `cachePoint`): a breakpoint caches the prefix up to and
 * including its block, keyed by a hash of the model and the blocks' JSON, with an expiry of its TTL (5m/1h) that
 * a hit refreshes; a prefix shorter than the model's minimum (src/core/providers/modelTraits.ts, or the script's
 * `cacheMinTokens`) is not cached. A request reads the longest live prefix found at a block boundary at most 20
 * blocks before one of its breakpoints (the API's lookback) — cacheRead; each breakpoint past that writes what lies
 * between it and the previous cached point — cacheWrite5m/1h by the breakpoint's TTL; input is the rest.
 * Automatic caching (OpenAI): a prompt of 1024 tokens or more is cached in 128-token steps (1024, 1152, …) for 5
 * minutes from its last use, per model and prompt_cache_key; cacheRead is the longest live step the prompt starts
 * with; models that bill cache writes (GPT-5.6 family and later) report the newly cached tokens as cache writes.
 *
 * Time comes from `now()` (settable: tests move the clock instead of waiting).
 */
import { createHash } from 'node:crypto';
import { encode } from 'gpt-tokenizer';
import { modelTraits } from '../../src/core/providers/modelTraits';
import { imageTokens } from '../../src/core/providers/prompt';
import { countTokens } from '../../src/core/tokens';
import type { CacheTtl } from '../../src/core/types';

export const TTL_MS: Readonly<Record<CacheTtl, number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
/** The API's lookback: block boundaries checked for a hit before each breakpoint. */
export const LOOKBACK_BLOCKS = 20;
export const OPENAI_MIN_TOKENS = 1024;
export const OPENAI_STEP = 128;

/** One prompt block in reading order. */
export interface SimBlock {
  /** What identifies the block (its JSON without cache markers, with its place: tool, system, role). */
  canon: string;
  tokens: number;
  /** A breakpoint on this block, with its TTL. */
  breakpoint?: CacheTtl;
}

/** What a simulated call reports (the provider-neutral FakeUsage fields) and the prompt's size. */
export interface SimulatedUsage {
  promptTokens: number;
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

interface Entry {
  expires: number;
  ttlMs: number;
}

export class PromptCacheSim {
  /** The clock (ms). Tests replace it to move time. */
  now: () => number = () => Date.now();
  private readonly entries = new Map<string, Entry>();

  clear(): void {
    this.entries.clear();
  }

  /** Live cache entries (expired ones dropped). */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expires <= t) this.entries.delete(k);
  }

  private hit(key: string): boolean {
    const e = this.entries.get(key);
    if (!e || e.expires <= this.now()) return false;
    e.expires = this.now() + e.ttlMs;
    return true;
  }

  private put(key: string, ttlMs: number): void {
    this.entries.set(key, { expires: this.now() + ttlMs, ttlMs });
  }

  /** Anthropic / Bedrock: breakpoints declared on blocks. */
  declared(model: string, blocks: readonly SimBlock[], minTokens: number): SimulatedUsage {
    const prefix: number[] = [];
    const hashes: string[] = [];
    let total = 0;
    let h = createHash('sha256').update(`declared\0${model}`).digest('hex');
    for (const b of blocks) {
      total += b.tokens;
      h = createHash('sha256').update(h).update('\0').update(b.canon).digest('hex');
      prefix.push(total);
      hashes.push(h);
    }
    const marks = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []));
    let read = 0;
    let readKey: string | undefined;
    for (const b of marks) {
      for (let j = b; j >= 0 && j >= b - (LOOKBACK_BLOCKS - 1); j--) {
        const e = this.entries.get(hashes[j]);
        if (e && e.expires > this.now() && prefix[j] > read) {
          read = prefix[j];
          readKey = hashes[j];
        }
      }
    }
    if (readKey) this.hit(readKey);
    let covered = read;
    const written = { '5m': 0, '1h': 0 };
    for (const b of marks) {
      if (prefix[b] <= covered || prefix[b] < minTokens) continue;
      const ttl = blocks[b].breakpoint!;
      written[ttl] += prefix[b] - covered;
      this.put(hashes[b], TTL_MS[ttl]);
      covered = prefix[b];
    }
    return { promptTokens: total, input: total - covered, cacheRead: read, cacheWrite5m: written['5m'], cacheWrite1h: written['1h'] };
  }

  /** OpenAI: automatic caching of the token sequence, per model and prompt_cache_key. */
  automatic(model: string, cacheKey: string, tokens: readonly number[], reportWrites: boolean): SimulatedUsage {
    const total = tokens.length;
    const steps: { len: number; key: string }[] = [];
    if (total >= OPENAI_MIN_TOKENS) {
      const hash = createHash('sha256').update(`auto\0${model}\0${cacheKey}`);
      let done = 0;
      for (let len = OPENAI_MIN_TOKENS; len <= total; len += OPENAI_STEP) {
        hash.update(Buffer.from(Int32Array.from(tokens.slice(done, len)).buffer));
        done = len;
        steps.push({ len, key: hash.copy().digest('hex') });
      }
    }
    let read = 0;
    for (const s of steps) if ((this.entries.get(s.key)?.expires ?? 0) > this.now()) read = s.len;
    for (const s of steps) if (s.len <= read) this.hit(s.key);
    for (const s of steps) if (s.len > read) this.put(s.key, TTL_MS['5m']);
    const cachedNow = steps.at(-1)?.len ?? 0;
    const write = reportWrites ? Math.max(0, cachedNow - read) : 0;
    return { promptTokens: total, input: total - read - write, cacheRead: read, cacheWrite5m: write, cacheWrite1h: 0 };
  }
}

/** Without cache markers (`cache_control`), as the cache key and the token count see a block. */
function stripMarks(block: unknown): unknown {
  if (!block || typeof block !== 'object' || Array.isArray(block)) return block;
  const { cache_control: _cc, ...rest } = block as Record<string, unknown>;
  return rest;
}

function blockTokens(block: unknown): number {
  const b = block as { type?: string; source?: { data?: string }; image?: { source?: { bytes?: string } } } | null;
  // Only the size matters for the count: imageTokens reads it from the PNG/JPEG header.
  if (b?.type === 'image' && b.source?.data) return imageTokens({ mimeType: 'image/png', data: b.source.data });
  if (b?.image?.source?.bytes) return imageTokens({ mimeType: 'image/png', data: b.image.source.bytes });
  return countTokens(JSON.stringify(stripMarks(block)));
}

function ttlOf(mark: unknown): CacheTtl | undefined {
  if (!mark || typeof mark !== 'object') return undefined;
  return (mark as { ttl?: string }).ttl === '1h' ? '1h' : '5m';
}

/** The minimum a model caches, or the script's override. */
export function minTokensFor(model: string, override?: number): number {
  return override ?? modelTraits(model).minCacheTokens;
}

/** An Anthropic Messages body as blocks: tools, system, then each message's content blocks. */
export function anthropicBlocks(body: unknown): SimBlock[] {
  const b = (body ?? {}) as { tools?: unknown[]; system?: unknown; messages?: { role: string; content: unknown }[] };
  const out: SimBlock[] = [];
  const push = (place: string, block: unknown) => {
    out.push({
      canon: JSON.stringify([place, stripMarks(block)]),
      tokens: blockTokens(block),
      breakpoint: ttlOf((block as { cache_control?: unknown } | null)?.cache_control),
    });
  };
  for (const t of b.tools ?? []) push('tool', t);
  if (typeof b.system === 'string') push('system', { type: 'text', text: b.system });
  else for (const s of (b.system as unknown[] | undefined) ?? []) push('system', s);
  (b.messages ?? []).forEach((m, i) => {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : ((m.content as unknown[]) ?? []);
    for (const block of blocks) push(`${i}:${m.role}`, block);
  });
  return out;
}

/** A Converse body as blocks: a `cachePoint` marks the block before it. */
export function bedrockBlocks(body: unknown): SimBlock[] {
  const b = (body ?? {}) as { toolConfig?: { tools?: unknown[] }; system?: unknown[]; messages?: { role: string; content?: unknown[] }[] };
  const out: SimBlock[] = [];
  const take = (place: string, list: unknown[] | undefined) => {
    for (const block of list ?? []) {
      const point = (block as { cachePoint?: { ttl?: string } }).cachePoint;
      if (point) {
        if (out.length) out[out.length - 1].breakpoint = point.ttl === '1h' ? '1h' : '5m';
        continue;
      }
      out.push({ canon: JSON.stringify([place, block]), tokens: blockTokens(block) });
    }
  };
  take('tool', b.toolConfig?.tools);
  take('system', b.system);
  (b.messages ?? []).forEach((m, i) => take(`${i}:${m.role}`, m.content));
  return out;
}

const NO_SPECIAL = new Set<string>();

/** An OpenAI chat or completions body as one token sequence: tools, then messages (or the prompt), each as JSON. */
export function openaiTokens(body: unknown): number[] {
  const b = (body ?? {}) as { tools?: unknown[]; messages?: unknown[]; prompt?: unknown };
  const parts = [...(b.tools ?? []), ...(b.messages ?? [])].map((x) => JSON.stringify(x));
  if (typeof b.prompt === 'string') parts.push(b.prompt);
  return parts.flatMap((p) => encode(p, { disallowedSpecial: NO_SPECIAL }));
}
