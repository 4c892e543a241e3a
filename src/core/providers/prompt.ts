import type { ChatMessage } from '../types';
import type { ChatRequest } from './provider';

type Turn = ChatMessage & { role: 'user' | 'assistant' };

/**
 * For APIs that take the system prompt apart (Anthropic, Bedrock): the system prompt and any system-role
 * messages joined into one text, and the remaining user/assistant turns in order.
 */
export function splitSystem(req: Pick<ChatRequest, 'system' | 'messages'>): { system: string; turns: Turn[] } {
  const system = [req.system, ...req.messages.filter((m) => m.role === 'system').map((m) => m.content)].filter(Boolean).join('\n\n');
  return { system, turns: req.messages.filter((m): m is Turn => m.role !== 'system') };
}

/** The prompt as one text, tokenized only when the provider reports no usage. */
export function promptText(system: string | undefined, messages: readonly ChatMessage[]): string {
  return [system, ...messages.map((m) => m.content)].filter(Boolean).join('\n');
}
