import type { Attachment, ChatMessage } from '../types';

/** The system prompt of chat requests. */
export function chatSystemPrompt(): string {
  return [
    'You are Gearshift, a coding assistant inside VS Code.',
    'Answer precisely and briefly; use Markdown, and fenced code blocks with a language tag for code.',
    'When the user attached files or a selection, they appear before the question; refer to them by path.',
  ].join(' ');
}

/** A rule added to the system prompt: gearshift.instructions or a rules file (ChatSendRequest.instructions). */
export interface Instruction {
  label: string;
  text: string;
}

/**
 * A system prompt with the user's and the project's instructions after Gearshift's own, each headed by its label, in
 * the order given. The same base and instructions always give the same bytes (nothing here depends on time or on the
 * conversation), so a prompt cache keeps hitting from one turn or step to the next until a rules file changes.
 */
export function withInstructions(base: string, instructions: readonly Instruction[] | undefined): string {
  const given = (instructions ?? []).filter((i) => i.text.trim() !== '');
  if (given.length === 0) return base;
  const parts = given.map((i) => `## Instructions from ${i.label}\n\n${i.text.trim()}`);
  const lead =
    'The user and the project give these instructions. Follow them unless the user asks otherwise in the conversation; ' +
    "they never override Gearshift's own rules above.";
  return `${base}\n\n${lead}\n\n${parts.join('\n\n')}`;
}

/**
 * One attachment as a fenced block headed by its label (or path). Earlier turns' attachments travel in the history in
 * exactly this form (chat/conversation.ts withInlineAttachments), so a follow-up's prompt starts with the same bytes
 * as the turn before: prompt caches (OpenAI's automatic one, Anthropic's breakpoints) then hit past the attachment.
 */
export function attachmentBlock(a: Attachment): string {
  let ticks = '```';
  while (a.text.includes(ticks)) ticks += '`';
  return `${a.label ?? a.path}:\n${ticks}${a.language ?? ''}\n${a.text}\n${ticks}`;
}

/** A user message's text with its attachments in front, as fenced blocks. */
export function withBlocks(content: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return content;
  return `${attachments.map(attachmentBlock).join('\n\n')}\n\n${content}`;
}

/** The conversation with the attachments placed in front of the last user message, as fenced blocks (its images, tool results kept). */
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
  const out = messages.slice();
  out[lastUser] = { ...messages[lastUser], content: withBlocks(messages[lastUser].content, attachments) };
  return out;
}
