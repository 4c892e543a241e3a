import { createHash } from 'node:crypto';
import type { ChatRequest, CompletionRequest } from '../providers/provider';
import type { ModelConfig } from '../types';
import { HOLE_SYSTEM_PROMPT, holeUserMessage } from './chatPrompt';
import { continuesStatement } from './postprocess/mode';
import { familyStops, fimPrompt, promptStyle, suffixPrompt, type PromptStyle } from './templates';
import type { CompletionContext } from './types';

/** Output caps: one line, a block (per line of the mode's bound), and chat's (reasoning models think first). */
const SINGLE_LINE_TOKENS = 64;
const TOKENS_PER_LINE = 24;
const CHAT_EXTRA_TOKENS = 448;

/** A request ready to send to one model, and the key of its exact content. */
export type PreparedCall = { style: PromptStyle; key: string; promptText: string } & (
  { kind: 'complete'; request: CompletionRequest } | { kind: 'chat'; request: ChatRequest }
);

function outputTokens(model: ModelConfig, ctx: CompletionContext, chat: boolean, cap: number | undefined): number {
  const fim = ctx.mode === 'single' ? SINGLE_LINE_TOKENS : Math.min(ctx.maxLines * TOKENS_PER_LINE, 400);
  const want = Math.min(fim, cap ?? fim) + (chat ? CHAT_EXTRA_TOKENS : 0);
  return model.maxOutputTokens ? Math.min(want, model.maxOutputTokens) : want;
}

/**
 * The request for one model of the chain (`maxTokens`: the user's cap on the completion itself; chat models get
 * room to reason on top). FIM styles send the prompt with temperature 0 (repeatable, so the
 * cache holds), the family's stop tokens, a newline stop when text follows the cursor on its line (single-line
 * mode), a blank-line stop when the cursor follows other code (the statement may open a block). Chat requests
 * carry no temperature or stop (reasoning models reject both). The cache key hashes exactly what is sent.
 */
export function prepareCall(model: ModelConfig, endpointSupportsFim: boolean, ctx: CompletionContext, maxTokens?: number): PreparedCall {
  const style = promptStyle(model, endpointSupportsFim);
  if (style.kind === 'chat') {
    const user = holeUserMessage(ctx);
    const request: ChatRequest = {
      model: model.model,
      system: HOLE_SYSTEM_PROMPT,
      messages: [{ role: 'user', content: user }],
      maxTokens: outputTokens(model, ctx, true, maxTokens),
      maxRetries: 0,
    };
    const effort = completionReasoningEffort(model.model);
    if (effort) request.reasoningEffort = effort;
    return { style, kind: 'chat', request, promptText: `${HOLE_SYSTEM_PROMPT}\n${user}`, key: keyOf(model, request) };
  }
  const stop = familyStops(style.family);
  if (ctx.mode === 'single' && ctx.lineSuffix.trim()) stop.unshift('\n');
  // After code on the cursor line the model may finish the statement with a block, not ramble on past it.
  else if (ctx.mode === 'multi' && continuesStatement(ctx.linePrefix, ctx.languageId)) stop.unshift('\n\n');
  const base = {
    model: model.model,
    maxTokens: outputTokens(model, ctx, false, maxTokens),
    temperature: 0,
    maxRetries: 0,
    ...(stop.length && { stop }),
  };
  const request: CompletionRequest =
    style.kind === 'fim-raw' ? { ...base, prompt: fimPrompt(style.family, ctx), raw: true } : { ...base, ...suffixPrompt(ctx) };
  return { style, kind: 'complete', request, promptText: request.prompt + (request.suffix ?? ''), key: keyOf(model, request) };
}

/**
 * Filling a hole needs no deliberation: reasoning models are asked to think as little as they can, or their
 * thinking eats the token cap and the latency. gpt-5 family: 'minimal'; o-series (no 'minimal'): 'low'.
 * Matches provider prefixes such as OpenRouter's "openai/gpt-5-mini".
 */
export function completionReasoningEffort(modelId: string): 'minimal' | 'low' | undefined {
  const id = modelId.toLowerCase().replace(/^.*\//, '');
  if (/^gpt-5(\b|[-.])/.test(id) && !id.includes('chat')) return 'minimal';
  if (/^o\d(\b|-)/.test(id)) return 'low';
  return undefined;
}

function keyOf(model: ModelConfig, request: ChatRequest | CompletionRequest): string {
  return createHash('sha1').update(model.endpoint).update('\u0000').update(JSON.stringify(request)).digest('base64');
}
