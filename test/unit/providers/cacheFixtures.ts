/** Prompts for the prompt-cache tests: long, deterministic texts of a known order of size, tools, images, agent steps. */
import type { ToolDefinition } from '../../../src/core/toolCalls';
import type { ChatMessage } from '../../../src/core/types';

/** About `lines` × 12 tokens of varied, deterministic text. */
export function doc(lines: number, seed = 'doc'): string {
  return Array.from({ length: lines }, (_, i) => `${seed} line ${i}: the quick brown fox number ${(i * 7919) % 1000} jumps.`).join('\n');
}

export function tools(descriptionLines = 1): ToolDefinition[] {
  return ['read_file', 'search', 'run_command'].map((name) => ({
    name,
    description: doc(descriptionLines, name),
    inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  }));
}

/** A 1×1 PNG. */
export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A conversation of `n` user turns (each but the last answered): user i says `question i`. */
export function conversation(n: number, userText: (i: number) => string = (i) => `question ${i}`): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({ role: 'user', content: userText(i) });
    if (i < n) out.push({ role: 'assistant', content: `answer ${i}` });
  }
  return out;
}

/** An agent task two steps in: the model called read_file twice; the last user turn holds the second result. */
export function agentSteps(resultLines = 20): ChatMessage[] {
  return [
    { role: 'user', content: 'Fix the bug in a.ts' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
    { role: 'user', content: '', toolResults: [{ callId: 'toolu_1', name: 'read_file', content: doc(resultLines, 'a.ts') }] },
    { role: 'assistant', content: 'Now b.ts.', toolCalls: [{ id: 'toolu_2', name: 'read_file', arguments: '{"path":"b.ts"}' }] },
    { role: 'user', content: '', toolResults: [{ callId: 'toolu_2', name: 'read_file', content: doc(resultLines, 'b.ts') }] },
  ];
}
