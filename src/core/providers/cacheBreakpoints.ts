/**
 * Where a call declares prompt-cache breakpoints (Anthropic `cache_control`, Bedrock `cachePoint`), decided apart from
 * any wire format. The stable prefix is, in the order the APIs read it: the tool definitions, the system prompt, then
 * the conversation. Breakpoints go after the tools, after the system prompt, on the previous user turn (what the last
 * call wrote, so this one reads it even past the API's 20-block lookback) and on the final user turn (so the whole
 * prompt is written for the next call): they move with the conversation. A breakpoint whose prefix is shorter than the
 * model's minimum cacheable length is left out (it would cache nothing), and never more than four are declared.
 */
import { countTokens } from '../tokens';
import type { ChatMessage } from '../types';
import { imageTokens } from './prompt';

export const MAX_BREAKPOINTS = 4;

export type BreakpointAt = 'tools' | 'system' | 'previousUser' | 'lastUser';

/** One place a breakpoint may go and the prompt tokens before it (that place included). */
export interface PrefixPoint {
  at: BreakpointAt;
  /** Index into the turns for 'previousUser' / 'lastUser'. */
  turn?: number;
  prefixTokens: number;
}

/** The points that get a breakpoint: long enough, in prompt order, at most `max` (the longest prefixes kept). */
export function chooseBreakpoints(points: readonly PrefixPoint[], minTokens: number, max = MAX_BREAKPOINTS): PrefixPoint[] {
  const kept = points.filter((p) => p.prefixTokens >= minTokens);
  return kept.slice(Math.max(0, kept.length - max));
}

/** What the prompt holds, in the API's reading order, for estimating prefix lengths. */
export interface PromptShape {
  /** The tool definitions as sent (any JSON), or none. */
  tools?: unknown;
  /** False where no breakpoint may follow the tools (Bedrock Nova): they still count towards the prefix. */
  toolsCacheable?: boolean;
  system?: string;
  turns: readonly ChatMessage[];
}

/**
 * The breakpoints for a prompt: tools, system, previous and final user turn, each kept when its prefix reaches
 * `minTokens` (estimated with the o200k tokenizer; images as Anthropic sizes them). Counting stops once the minimum
 * is reached: every later prefix is longer.
 */
export function planBreakpoints(shape: PromptShape, minTokens: number): PrefixPoint[] {
  let total = 0;
  const add = (n: () => number) => {
    if (total < minTokens) total += n();
  };
  const points: PrefixPoint[] = [];
  const tools = shape.tools !== undefined && (!Array.isArray(shape.tools) || shape.tools.length > 0);
  if (tools) {
    add(() => countTokens(JSON.stringify(shape.tools)));
    if (shape.toolsCacheable !== false) points.push({ at: 'tools', prefixTokens: total });
  }
  if (shape.system) {
    add(() => countTokens(shape.system ?? ''));
    points.push({ at: 'system', prefixTokens: total });
  }
  const users = shape.turns.flatMap((m, i) => (m.role === 'user' ? [i] : []));
  const last = users.at(-1);
  const previous = users.at(-2);
  shape.turns.forEach((m, i) => {
    add(() => messageTokens(m));
    if (i === previous) points.push({ at: 'previousUser', turn: i, prefixTokens: total });
    if (i === last) points.push({ at: 'lastUser', turn: i, prefixTokens: total });
  });
  return chooseBreakpoints(points, minTokens);
}

/** A turn's tokens: its text, tool calls and results, and images. */
export function messageTokens(m: ChatMessage): number {
  let n = countTokens(m.content);
  for (const c of m.toolCalls ?? []) n += countTokens(`${c.name} ${c.arguments}`);
  for (const r of m.toolResults ?? []) {
    n += countTokens(r.content);
    for (const img of r.images ?? []) n += imageTokens(img);
  }
  for (const img of m.images ?? []) n += imageTokens(img);
  return n;
}
