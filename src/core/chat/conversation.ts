import type { Attachment, ChatMessage, RouteSource, Tier } from '../types';

/**
 * The chat conversation model shared by the extension host and the webview. Pure data (JSON-safe):
 * it is persisted as-is in workspace storage and posted to the webview as-is.
 */

/** The model picker's choice for the next message: routed, a tier, or one configured model. */
export type ModelChoice = 'auto' | 'cheap' | 'frontier' | `model:${string}`;

/** An attachment as the conversation keeps it: the text is already redacted. */
export interface ChatAttachment extends Attachment {
  id: string;
  /** What the chip shows: "src/app.ts" or "src/app.ts:10-24". */
  label: string;
  /** How many secret-looking strings were replaced before it was attached. */
  redactions: number;
}

export interface UserTurn {
  id: string;
  role: 'user';
  content: string;
  attachments: ChatAttachment[];
  model: ModelChoice;
  createdAt: number;
}

/** streaming: still arriving (or the window went away mid-reply, see HistoryStore's restore). */
export type ReplyStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface ReplyMeta {
  tier?: Tier;
  reason?: string;
  source?: RouteSource;
  /** The configured model that answered (or last failed). */
  modelName?: string;
  endpoint?: string;
  /** All prompt tokens (fresh + cache) and output tokens. */
  tokensIn?: number;
  tokensOut?: number;
  /** True when the provider reported no usage and the counts are tokenizer estimates. */
  estimated?: boolean;
  costUsd?: number;
  latencyMs?: number;
  firstTokenMs?: number;
  /** Readable notes of fallbacks taken, in order. */
  fallbacks: string[];
  error?: { kind: string; message: string };
}

export interface ReplyTurn {
  id: string;
  role: 'assistant';
  content: string;
  status: ReplyStatus;
  createdAt: number;
  meta: ReplyMeta;
}

export type Turn = UserTurn | ReplyTurn;

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: Turn[];
  /** What the user had typed but not sent. */
  draft: string;
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  turnCount: number;
}

export const UNTITLED = 'New chat';

export function newConversation(id: string, now: number): Conversation {
  return { id, title: UNTITLED, createdAt: now, updatedAt: now, turns: [], draft: '' };
}

export function summarize(c: Conversation): ConversationSummary {
  return { id: c.id, title: c.title, updatedAt: c.updatedAt, turnCount: c.turns.length };
}

/** A tier or model override for ChatSendRequest, from the picker's choice. */
export function overrideFor(choice: ModelChoice): Tier | { model: string } | undefined {
  if (choice === 'auto') return undefined;
  if (choice === 'cheap' || choice === 'frontier') return choice;
  return { model: choice.slice('model:'.length) };
}

/** Earlier turns' attachments travel inline (fenced, with their path) so follow-up questions keep their context. */
export function withInlineAttachments(turn: UserTurn): string {
  if (turn.attachments.length === 0) return turn.content;
  const blocks = turn.attachments.map((a) => `${a.label}:\n${fence(a.text, a.language)}`);
  return `${blocks.join('\n\n')}\n\n${turn.content}`;
}

function fence(text: string, language: string | undefined): string {
  let ticks = '```';
  while (text.includes(ticks)) ticks += '`';
  return `${ticks}${language ?? ''}\n${text}\n${ticks}`;
}

/**
 * The messages to send for the user turn at `userIndex`: every earlier user turn (attachments inline) and
 * every earlier reply that has text and did not fail, then the new user message (its attachments travel
 * separately as ChatSendRequest.attachments).
 */
export function messagesFor(c: Conversation, userIndex: number): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < userIndex; i++) {
    const t = c.turns[i];
    if (t.role === 'user') out.push({ role: 'user', content: withInlineAttachments(t) });
    else if (t.status !== 'error' && t.status !== 'streaming' && t.content.trim() !== '') {
      out.push({ role: 'assistant', content: t.content });
    }
  }
  const turn = c.turns[userIndex];
  if (turn?.role !== 'user') throw new Error(`turn ${userIndex} of conversation ${c.id} is not a user message`);
  out.push({ role: 'user', content: turn.content });
  return out;
}
