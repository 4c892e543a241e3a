/**
 * The size of the next step's prompt, kept as a running count: each message is measured once when it joins the
 * transcript (the loop's overhead per step must stay small however long the task gets), and each answered step's
 * exact prompt size (its usage) re-anchors the estimate.
 */
import { approxTokens } from '../tokens';
import type { ToolDefinition } from '../toolCalls';
import { totalInput, type ChatMessage, type Usage } from '../types';

/** What an image costs in prompt tokens, roughly (a 1092×1092 image on Anthropic's models is about 1,600). */
const IMAGE_TOKENS = 1600;
/** Per-message framing (role markers, block headers). */
const MESSAGE_TOKENS = 4;

export function messageTokens(m: ChatMessage): number {
  let n = MESSAGE_TOKENS + approxTokens(m.content);
  for (const c of m.toolCalls ?? []) n += MESSAGE_TOKENS + approxTokens(c.name) + approxTokens(c.arguments);
  for (const r of m.toolResults ?? []) n += MESSAGE_TOKENS + approxTokens(r.content) + (r.images?.length ?? 0) * IMAGE_TOKENS;
  n += (m.images?.length ?? 0) * IMAGE_TOKENS;
  return n;
}

export class TranscriptSize {
  /** Estimated tokens of everything sent so far (system, tools, every message). */
  private estimated: number;
  /** The last step's exact prompt plus its answer, and `estimated` at that point. */
  private anchor: { exact: number; at: number } | undefined;

  constructor(system: string, tools: readonly ToolDefinition[], messages: readonly ChatMessage[]) {
    let n = approxTokens(system);
    for (const t of tools) n += approxTokens(t.name) + approxTokens(t.description) + approxTokens(JSON.stringify(t.inputSchema));
    for (const m of messages) n += messageTokens(m);
    this.estimated = n;
  }

  add(m: ChatMessage): void {
    this.estimated += messageTokens(m);
  }

  /**
   * A step answered with exact usage: its prompt plus its output (the assistant message, already added) is what the
   * next prompt starts with.
   */
  anchorAt(usage: Usage): void {
    this.anchor = { exact: totalInput(usage) + usage.output, at: this.estimated };
  }

  /** Estimated prompt tokens of the next step. */
  tokens(): number {
    return this.anchor ? this.anchor.exact + (this.estimated - this.anchor.at) : this.estimated;
  }
}
