import type { ChatSession } from '../../core/chat/session';
import type { ChatViewProvider } from './viewProvider';

export const ASK_SELECTION_COMMAND = 'gearshift.chat.askSelection';
export const NEW_CHAT_COMMAND = 'gearshift.chat.new';

/** "Gearshift: Ask About Selection": attaches the selection and puts the cursor in the chat's message box. */
export async function askAboutSelection(view: ChatViewProvider): Promise<void> {
  if (view.attach('selection')) await view.focus();
}

/** "Gearshift: New Chat". */
export async function newChat(view: ChatViewProvider, session: ChatSession): Promise<void> {
  await session.newChat();
  await view.focus();
}
