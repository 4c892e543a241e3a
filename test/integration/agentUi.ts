/** What the agent integration tests share: the chat webview's agent parts, and tool results as the fake received them. */
import { ui } from './ui';
import { eventually } from './setup';

export const W = 'webview' as const;
export const INPUT = '[data-testid="chat-input"]';
export const TASK = '[data-testid="agent-task"]';

export async function startTask(text: string): Promise<void> {
  await ui.fill(INPUT, text, W);
  await ui.click('[data-testid="send"]', W);
}

export async function taskEnded(): Promise<{ text: string; attrs: Record<string, string> }> {
  return eventually(async () => {
    const tasks = await ui.query(TASK, W);
    const last = tasks[tasks.length - 1];
    return last && last.attrs['data-status'] !== 'streaming' ? last : undefined;
  }, 'the agent task to end');
}

/** The tool results the fake received in request `i` (OpenAI wire format: role "tool" messages). */
export function toolMessages(body: unknown): { tool_call_id: string; content: string }[] {
  const messages = (body as { messages: { role: string; tool_call_id?: string; content: unknown }[] }).messages;
  return messages
    .filter((m) => m.role === 'tool')
    .map((m) => ({ tool_call_id: m.tool_call_id ?? '', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) }));
}
