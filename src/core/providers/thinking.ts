import type { ChatMessage, ReasoningEffort } from '../types';
import { modelTraits } from './modelTraits';

/** Thinking budgets per effort for models that take a fixed budget ('minimal': no thinking). */
export const THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'minimal'>, number>> = {
  low: 1024,
  medium: 4096,
  high: 16000,
};

/** What a Claude request carries for a reasoning effort (Anthropic Messages and Bedrock's additionalModelRequestFields alike). */
export interface ClaudeThinking {
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };
  output_config?: { effort: 'low' | 'medium' | 'high' };
  /** max_tokens to send: raised so the answer keeps its room above the thinking budget. */
  maxTokens?: number;
  /** Thinking refuses a temperature other than the default: leave it out. */
  omitTemperature: boolean;
}

/**
 * A reasoning effort as Claude takes it: models with a fixed budget get `thinking: {type: 'enabled', budget_tokens}`
 * (low 1024, medium 4096, high 16000; max_tokens becomes budget + the answer's max_tokens); models with adaptive
 * thinking get `thinking: {type: 'adaptive'}` and `output_config.effort` ('minimal' sends effort 'low' and no
 * thinking). Nothing for models without thinking, or without an effort.
 *
 * The API requires an assistant turn that called tools to be sent back with its thinking block once thinking is on;
 * Gearshift does not keep thinking blocks, so in the middle of a tool loop (the last assistant turn called tools)
 * thinking is not turned on (an adaptive model still gets its effort).
 */
export function claudeThinking(
  model: string,
  effort: ReasoningEffort | undefined,
  answerMaxTokens: number,
  turns: readonly ChatMessage[],
): ClaudeThinking {
  const mode = modelTraits(model).thinking;
  if (!effort || mode === 'none') return { omitTemperature: false };
  const midToolLoop = !!turns.findLast((m) => m.role === 'assistant')?.toolCalls?.length;
  if (mode === 'adaptive') {
    const level = effort === 'minimal' ? 'low' : effort;
    const think = effort !== 'minimal' && !midToolLoop;
    return { ...(think && { thinking: { type: 'adaptive' as const } }), output_config: { effort: level }, omitTemperature: think };
  }
  if (effort === 'minimal' || midToolLoop) return { omitTemperature: false };
  const budget = THINKING_BUDGETS[effort];
  return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens: budget + answerMaxTokens, omitTemperature: true };
}
