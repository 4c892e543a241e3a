import { TOOL_NAME, type ToolDefinition } from '../toolCalls';
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

/**
 * The prompt as one text, tokenized only when the provider reports no usage: the system prompt, every message's
 * text, tool calls (name and arguments) and tool results, and the tool definitions the model was offered.
 */
export function promptText(system: string | undefined, messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): string {
  const parts: string[] = [];
  if (system) parts.push(system);
  for (const t of tools ?? []) parts.push(`${t.name}: ${t.description}\n${JSON.stringify(t.inputSchema)}`);
  for (const m of messages) {
    for (const r of m.toolResults ?? []) parts.push(`${r.name}: ${r.content}`);
    if (m.content) parts.push(m.content);
    for (const c of m.toolCalls ?? []) parts.push(`${c.name} ${c.arguments}`);
  }
  return parts.join('\n');
}

/** Whether the conversation holds tool calls or results (some APIs then require tool definitions). */
export function hasToolHistory(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => !!m.toolCalls?.length || !!m.toolResults?.length);
}

/**
 * Definitions for the tools named in the conversation's history, for APIs that refuse tool history without them
 * when the request offers none (Bedrock): each takes any object. Sent with a choice that lets the model call none.
 */
export function historyToolStubs(messages: readonly ChatMessage[]): ToolDefinition[] {
  const names = new Set<string>();
  for (const m of messages) {
    for (const c of m.toolCalls ?? []) names.add(c.name);
    for (const r of m.toolResults ?? []) names.add(r.name);
  }
  return [...names]
    .filter((n) => TOOL_NAME.test(n))
    .map((name) => ({ name, description: `(used earlier in this conversation; not available now)`, inputSchema: { type: 'object' } }));
}
