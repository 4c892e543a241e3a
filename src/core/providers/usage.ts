import type { Usage } from '../types';

/**
 * Each provider's usage report, normalized into Usage (input = FRESH prompt tokens only).
 * The raw shapes are typed loosely on purpose: OpenAI-compatible servers vary in what they fill in.
 */

export interface OpenAIUsageWire {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** OpenRouter: the call's cost in USD. */
  cost?: number | null;
}

/** OpenAI: prompt_tokens INCLUDES cached_tokens (and OpenRouter's cache_write_tokens), so both are subtracted. */
export function fromOpenAIUsage(u: OpenAIUsageWire): Usage {
  const cacheRead = n(u.prompt_tokens_details?.cached_tokens);
  const cacheWrite = n(u.prompt_tokens_details?.cache_write_tokens);
  return {
    input: Math.max(0, n(u.prompt_tokens) - cacheRead - cacheWrite),
    output: n(u.completion_tokens),
    cacheRead,
    cacheWrite5m: cacheWrite,
    cacheWrite1h: 0,
    reasoning: n(u.completion_tokens_details?.reasoning_tokens),
  };
}

export interface AnthropicUsageWire {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
  output_tokens_details?: { thinking_tokens?: number | null; reasoning_tokens?: number | null } | null;
}

/**
 * Anthropic: message_start carries the prompt usage; message_delta carries CUMULATIVE totals, so the last
 * message_delta wins field by field (never summed). Cache writes split by TTL when the breakdown is present,
 * otherwise cache_creation_input_tokens counts as 5-minute writes.
 */
export function fromAnthropicUsage(start: AnthropicUsageWire | undefined, last: AnthropicUsageWire | undefined): Partial<Usage> {
  const pick = <K extends keyof AnthropicUsageWire>(k: K) => (last?.[k] ?? start?.[k]) as AnthropicUsageWire[K] | undefined;
  const out: Partial<Usage> = {};
  const input = pick('input_tokens');
  if (input != null) out.input = input;
  const output = pick('output_tokens');
  if (output != null) out.output = output;
  out.cacheRead = n(pick('cache_read_input_tokens'));
  const breakdown = pick('cache_creation');
  if (breakdown && (breakdown.ephemeral_5m_input_tokens != null || breakdown.ephemeral_1h_input_tokens != null)) {
    out.cacheWrite5m = n(breakdown.ephemeral_5m_input_tokens);
    out.cacheWrite1h = n(breakdown.ephemeral_1h_input_tokens);
  } else {
    out.cacheWrite5m = n(pick('cache_creation_input_tokens'));
    out.cacheWrite1h = 0;
  }
  const details = pick('output_tokens_details');
  out.reasoning = n(details?.thinking_tokens ?? details?.reasoning_tokens);
  return out;
}

export interface BedrockUsageWire {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheDetails?: { ttl?: string; inputTokens?: number }[];
}

/** Bedrock: inputTokens already excludes cache reads and writes; cacheDetails splits writes by TTL. */
export function fromBedrockUsage(u: BedrockUsageWire): Usage {
  let w5 = 0;
  let w1 = 0;
  if (u.cacheDetails?.length) {
    for (const d of u.cacheDetails) {
      if (d.ttl === '1h') w1 += n(d.inputTokens);
      else w5 += n(d.inputTokens);
    }
  } else {
    w5 = n(u.cacheWriteInputTokens);
  }
  return {
    input: n(u.inputTokens),
    output: n(u.outputTokens),
    cacheRead: n(u.cacheReadInputTokens),
    cacheWrite5m: w5,
    cacheWrite1h: w1,
    reasoning: 0,
  };
}

function n(v: number | null | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
