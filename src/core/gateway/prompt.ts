import type { Attachment, ChatMessage } from '../types';

/** The system prompt of chat requests. */
export function chatSystemPrompt(): string {
  return [
    'You are Gearshift, a coding assistant inside VS Code.',
    'Answer precisely and briefly; use Markdown, and fenced code blocks with a language tag for code.',
    'When the user attached files or a selection, they appear before the question; refer to them by path.',
  ].join(' ');
}

/** The conversation with the attachments placed in front of the last user message, as fenced blocks. */
export function withAttachments(messages: ChatMessage[], attachments: Attachment[]): ChatMessage[] {
  if (attachments.length === 0) return messages;
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') {
      lastUser = i;
      break;
    }
  }
  if (lastUser < 0) return messages;
  const blocks = attachments.map((a) => {
    const fence = a.text.includes('```') ? '````' : '```';
    return `${a.path}:\n${fence}${a.language ?? ''}\n${a.text}\n${fence}`;
  });
  const out = messages.slice();
  out[lastUser] = { role: 'user', content: `${blocks.join('\n\n')}\n\n${messages[lastUser].content}` };
  return out;
}
