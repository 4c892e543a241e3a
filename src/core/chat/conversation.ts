import type { AgentEvent, AgentTaskStatus, ApprovalAnswer } from '../agent/types';
import type { ImagePart } from '../toolCalls';
import type { Attachment, ChatMessage, RouteSource, SlashCommand, Tier } from '../types';
import { withBlocks } from '../gateway/prompt';
import { promptText } from './slashCommands';

/**
 * The chat conversation model shared by the extension host and the webview. Pure data (JSON-safe):
 * it is persisted as-is in workspace storage and posted to the webview as-is.
 */

/** The model picker's choice for the next message: routed, a tier, or one configured model. */
export type ModelChoice = 'auto' | 'cheap' | 'frontier' | `model:${string}`;

/** Ask: one model answer. Agent: a task that reads, searches, edits and runs with the user's approval. */
export type ChatMode = 'ask' | 'agent';
export const CHAT_MODES: readonly ChatMode[] = ['ask', 'agent'];

/**
 * Where an attachment came from: the editor's selection or file, an @-mention (file, symbol, problems, terminal, diff,
 * open editors), a chunk found by @codebase, or a rules file (AGENTS.md, .github/copilot-instructions.md).
 */
export type AttachmentKind = 'selection' | 'file' | 'symbol' | 'problems' | 'terminal' | 'diff' | 'editors' | 'codebase' | 'rules';

/** An attachment as the conversation keeps it: the text is already redacted. */
export interface ChatAttachment extends Attachment {
  id: string;
  /** What the chip shows: "src/app.ts" or "src/app.ts:10-24". */
  label: string;
  /** How many secret-looking strings were replaced before it was attached. */
  redactions: number;
  /** Absent: an editor selection or file attached before @-mentions existed. */
  kind?: AttachmentKind;
  /** Its size in tokens, shown on the chip. */
  tokens?: number;
  /** Set when it was shortened to fit the model's prompt budget: what was cut, for the chip and the notice. */
  cut?: string;
}

/** An image pasted or dropped into the chat, kept with the conversation (base64, as sent to the provider). */
export interface ChatImage extends ImagePart {
  id: string;
  /** The file name when dropped, or "pasted image". */
  name: string;
  /** Size of the decoded image in bytes. */
  bytes: number;
}

export interface UserTurn {
  id: string;
  role: 'user';
  content: string;
  attachments: ChatAttachment[];
  model: ModelChoice;
  createdAt: number;
  /** Absent: ask (conversations stored before agent mode). */
  mode?: ChatMode;
  /** The slash command the message started with (/explain, /fix, …): it picks the route and the instructions. */
  command?: SlashCommand;
  /** Images sent with the message (models that take images). */
  images?: ChatImage[];
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
  /** Set when the reply is an agent task: its transcript. */
  agent?: AgentTranscript;
}

/** How the user answered one approval request of a task (`cancelled`: the task stopped or the view closed first). */
export interface ApprovalRecord {
  id: string;
  answer: ApprovalAnswer;
  cancelled?: boolean;
}

/** Steps and cost of a task so far, against its limits (the last 'progress' event). */
export interface AgentProgress {
  steps: number;
  maxSteps: number;
  costUsd: number;
  maxTaskUsd?: number;
}

/**
 * An agent task as the conversation keeps it (redacted like the rest): the events the user saw (text merged per
 * step; no 'progress' events, the last one is `progress`; approval requests keep each file's diff, not its
 * contents), the answers given, and the messages the task added to the conversation (assistant tool calls and
 * tool results), which a follow-up sends again.
 */
export interface AgentTranscript {
  taskId: string;
  events: AgentEvent[];
  answers: ApprovalRecord[];
  messages: ChatMessage[];
  progress?: AgentProgress;
  status?: AgentTaskStatus;
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
  /** Rules files (workspace-relative paths) the user turned off for this conversation. */
  rulesOff?: string[];
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

/**
 * Earlier turns' attachments travel inline (fenced, with their label) so follow-up questions keep their context: in
 * the very form the gateway gave them on their own turn (gateway/prompt.ts), so the prompt's prefix stays byte-stable.
 * A turn that started with a slash command is sent with the command's instruction (slashCommands.ts promptText).
 */
export function withInlineAttachments(turn: UserTurn): string {
  return withBlocks(promptText(turn.content, turn.command), turn.attachments);
}

/**
 * The messages to send for the user turn at `userIndex`: every earlier user turn (attachments inline) and
 * every earlier reply that has text and did not fail, then the new user message (its attachments travel
 * separately as ChatSendRequest.attachments, or inline with `agent`). User turns' images go with them (not with `agent`).
 *
 * An earlier agent task is sent as its messages (tool calls and results, made whole when the task stopped
 * between a call and its result) when the request offers tools (`agent`), and as a plain-text account of its
 * steps otherwise: a model asked without tools may not be sent tool calls.
 */
export function messagesFor(c: Conversation, userIndex: number, opts: { agent?: boolean } = {}): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < userIndex; i++) {
    const t = c.turns[i];
    if (t.role === 'user') out.push(userMessage(t, withInlineAttachments(t), !opts.agent));
    else if (t.agent) out.push(...(opts.agent ? wholeToolExchanges(t.agent.messages) : agentAccount(t)));
    else if (t.status !== 'error' && t.status !== 'streaming' && t.content.trim() !== '') {
      out.push({ role: 'assistant', content: t.content });
    }
  }
  const turn = c.turns[userIndex];
  if (turn?.role !== 'user') throw new Error(`turn ${userIndex} of conversation ${c.id} is not a user message`);
  out.push(
    opts.agent ? userMessage(turn, withInlineAttachments(turn), false) : userMessage(turn, promptText(turn.content, turn.command), true),
  );
  return joinAdjacent(out);
}

/**
 * A user turn as a message: its text and, unless `images` is false (an agent task, whose steps may go to any model, is
 * sent the text only), its images as the provider takes them (mime type and base64).
 */
function userMessage(t: UserTurn, content: string, images: boolean): ChatMessage {
  const m: ChatMessage = { role: 'user', content };
  if (images && t.images?.length) m.images = t.images.map(({ mimeType, data }) => ({ mimeType, data }));
  return m;
}

/** Every assistant message's tool calls answered by the next user message (a result that never came: an error result). */
export function wholeToolExchanges(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    out.push(m);
    if (m.role !== 'assistant' || !m.toolCalls?.length) continue;
    const next = messages[i + 1];
    const results = next?.role === 'user' && next.toolResults ? next.toolResults : [];
    const missing = m.toolCalls
      .filter((call) => !results.some((r) => r.callId === call.id))
      .map((call) => ({ callId: call.id, name: call.name, content: 'The task ended before this tool ran.', isError: true }));
    if (missing.length === 0) continue;
    if (next?.role === 'user' && next.toolResults) {
      out.push({ ...next, toolResults: [...next.toolResults, ...missing] });
      i++;
    } else out.push({ role: 'user', content: '', toolResults: missing });
  }
  return out;
}

/** An agent task told in plain text: each step's text and its tool calls with their outcome. */
export function agentAccount(t: ReplyTurn): ChatMessage[] {
  const lines: string[] = [];
  for (const e of t.agent?.events ?? []) {
    if (e.type === 'text' && e.text.trim()) lines.push(e.text.trim());
    else if (e.type === 'toolCall') lines.push(`[tool call] ${e.call.name} ${e.call.arguments.slice(0, 300)}`);
    else if (e.type === 'toolResult') lines.push(`[tool result] ${e.name}: ${e.outcome} — ${e.summary.slice(0, 300)}`);
  }
  return lines.length ? [{ role: 'assistant', content: lines.join('\n\n') }] : [];
}

/** Two messages of one role in a row become one (tool results first, then text): providers want turns to alternate. */
function joinAdjacent(messages: ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const prev = out[out.length - 1];
    if (!prev || prev.role !== m.role || m.role === 'system') {
      out.push(m);
      continue;
    }
    const joined: ChatMessage = { ...prev, content: [prev.content, m.content].filter((x) => x !== '').join('\n\n') };
    const toolCalls = [...(prev.toolCalls ?? []), ...(m.toolCalls ?? [])];
    const toolResults = [...(prev.toolResults ?? []), ...(m.toolResults ?? [])];
    const images = [...(prev.images ?? []), ...(m.images ?? [])];
    if (toolCalls.length) joined.toolCalls = toolCalls;
    if (toolResults.length) joined.toolResults = toolResults;
    if (images.length) joined.images = images;
    out[out.length - 1] = joined;
  }
  return out;
}
