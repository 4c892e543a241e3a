import type { AgentEvent } from '../agent/types';
import type { ConversationCostMessage } from '../cost/conversationCost';
import type { TaskCostMessage } from '../cost/taskCost';
import type { ImagePart } from '../toolCalls';
import { PREFERENCES, type Preference, type Tier } from '../types';
import type { RulesChip } from '../rules/types';
import { IMAGE_MIME, isBase64, MAX_IMAGE_BASE64 } from './imageLimits';
import type { ApprovalUpdate } from './agentSession';
import {
  CHAT_MODES,
  type ChatAttachment,
  type ChatImage,
  type ChatMode,
  type Conversation,
  type ConversationSummary,
  type ModelChoice,
  type ReplyTurn,
} from './conversation';
import type { MentionItem } from './mentions/kinds';
import { MAX_QUERY } from './mentions/trigger';

/**
 * The messages between the chat webview and the extension host. Everything the webview posts is
 * untrusted: `parseWebviewMessage` checks it against the schemas below and refuses anything else.
 */

export type CodeAction = 'copy' | 'insert' | 'apply' | 'save';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string; model: ModelChoice; /** Absent: ask. */ mode?: ChatMode }
  | { type: 'stop' }
  | { type: 'retry'; replyId: string }
  | { type: 'retryFrontier'; replyId: string }
  | { type: 'draft'; conversationId: string; text: string }
  | { type: 'newChat' }
  | { type: 'openChat'; id: string }
  | { type: 'renameChat'; id: string }
  | { type: 'deleteChat'; id: string }
  | { type: 'attach'; what: 'selection' | 'file' }
  | { type: 'removeAttachment'; id: string }
  | { type: 'codeAction'; action: CodeAction; code: string; language?: string }
  | { type: 'openLink'; href: string }
  | { type: 'selectModel'; model: ModelChoice }
  | { type: 'setMode'; mode: ChatMode }
  /** The quality/cost dial for Auto routing in this workspace (gearshift.routing.preference). */
  | { type: 'setPreference'; preference: Preference }
  /** One file of a pending edit approval accepted or rejected. */
  | { type: 'answerFile'; id: string; path: string; decision: 'accept' | 'reject' }
  /** Accept all / Reject all: every file of a pending edit approval not decided yet. */
  | { type: 'answerEdit'; id: string; decision: 'accept' | 'reject' }
  | { type: 'answerCommand'; id: string; decision: 'run' | 'always' | 'reject' }
  /** Opens VS Code's diff editor on one file of a pending edit approval. */
  | { type: 'openDiff'; id: string; path: string }
  | MentionWebviewMessage
  | RulesWebviewMessage
  | ImageWebviewMessage;

/**
 * @-mentions and @codebase: what was typed after '@' (answered by `mentionResults` with the same requestId; the view
 * ignores older answers), and the row picked (by the opaque id the host gave it: the view never names a path).
 */
export type MentionWebviewMessage = { type: 'mentionQuery'; requestId: string; query: string } | { type: 'mentionPick'; id: string };

/** Rules files: a file's chip turned off (or back on) for the conversation shown. */
export type RulesWebviewMessage = { type: 'setRulesFile'; conversationId: string; path: string; state: 'on' | 'off' };

/** Images pasted or dropped into the chat. */
export type ImageWebviewMessage =
  /** A PNG or JPEG (other types are converted, large ones scaled down, in the webview first), as base64. */
  | { type: 'addImage'; name: string; mimeType: ImagePart['mimeType']; data: string }
  | { type: 'removeImage'; id: string }
  /** A file dragged from VS Code's explorer or an editor tab (a URI): the host reads it, inside the workspace only. */
  | { type: 'dropFile'; uri: string };

export interface ModelOption {
  choice: ModelChoice;
  label: string;
}

export type HostMessage =
  | {
      type: 'init';
      conversation: Conversation;
      history: ConversationSummary[];
      models: ModelOption[];
      model: ModelChoice;
      attachments: ChatAttachment[];
      /** The reply being streamed right now, if any (in any conversation). */
      streamingReplyId?: string;
      /** Absent: ask. */
      mode?: ChatMode;
      /** False or absent when Gearshift has no agent to run (the Agent switch is then disabled). */
      agentAvailable?: boolean;
      /** Pending approvals' files decided so far (the cards show them again after the view reloads). */
      approvals?: ApprovalUpdate[];
    }
  | { type: 'conversation'; conversation: Conversation; streamingReplyId?: string }
  | { type: 'history'; history: ConversationSummary[] }
  | { type: 'route'; conversationId: string; replyId: string; tier: Tier; reason: string; modelName?: string }
  | { type: 'delta'; conversationId: string; replyId: string; text: string }
  | { type: 'replyEnd'; conversationId: string; reply: ReplyTurn }
  | { type: 'attachments'; attachments: ChatAttachment[] }
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  | { type: 'focusInput' }
  /** The quality/cost dial in force (sent after init and whenever the setting changes). */
  | { type: 'preference'; preference: Preference }
  /** One event of a running agent task (already redacted, as the transcript keeps it). */
  | { type: 'agentEvent'; conversationId: string; replyId: string; event: AgentEvent }
  /** A pending approval changed: files decided, or answered (`record`). */
  | ({ type: 'approval' } & ApprovalUpdate)
  /** The latest agent task's cost from the ledger (every priced step, fallbacks included); taskId null: none. */
  | TaskCostMessage
  /** The shown conversation's cost from the ledger (its chat calls, any window). */
  | ConversationCostMessage
  | MentionHostMessage
  | RulesHostMessage
  | ImageHostMessage;

/** @-mentions and @codebase: the picker's rows for one query (special mentions, then files, then symbols). */
export type MentionHostMessage = { type: 'mentionResults'; requestId: string; items: MentionItem[] };

/**
 * Rules files of the workspace for the conversation shown: one chip each (its tokens, on or off here, or refused with
 * why); `untrusted` says why none was read (Restricted Mode).
 */
export type RulesHostMessage = { type: 'rules'; conversationId: string; files: RulesChip[]; untrusted?: string };

/** Images. */
export type ImageHostMessage =
  /** The images waiting to go with the next message. */
  | { type: 'images'; images: ChatImage[] }
  /** A dropped file the host read that is not a PNG/JPEG within the caps: the webview converts or scales it, then adds it. */
  | { type: 'convertImage'; name: string; mimeType: string; data: string }
  /**
   * The message was not sent because no model the picker may route to takes images; its text goes back into the input
   * (the images stay pending). `offer`: a choice that takes them (the notice's button switches the picker and sends).
   */
  | { type: 'imagesRefused'; text: string; message: string; offer?: ModelChoice };

/** Largest message text / code block accepted from the webview. */
export const MAX_TEXT = 200_000;
export const MAX_CODE = 2_000_000;

type Field =
  | { kind: 'string'; max: number; pattern?: RegExp; optional?: boolean }
  | { kind: 'enum'; values: readonly string[]; optional?: boolean }
  | { kind: 'model' }
  /** Strict base64 (standard alphabet, padded) of at most `max` characters. */
  | { kind: 'base64'; max: number };

const ID: Field = { kind: 'string', max: 64, pattern: /^[A-Za-z0-9_-]+$/ };
/** Approval ids come from the agent's tools: a little wider than ours, still no spaces, quotes or control characters. */
const APPROVAL_ID: Field = { kind: 'string', max: 128, pattern: /^[\w.:-]+$/ };
/** A workspace-relative path of a proposed edit: matched against the pending request, never opened as given. */
const PATH: Field = { kind: 'string', max: 1024, pattern: /^[^\u0000-\u001f\u007f]+$/ };
const MODE: Field = { kind: 'enum', values: CHAT_MODES };

const SCHEMAS: Record<WebviewMessage['type'], Record<string, Field>> = {
  ready: {},
  send: { text: { kind: 'string', max: MAX_TEXT }, model: { kind: 'model' }, mode: { ...MODE, optional: true } },
  stop: {},
  retry: { replyId: ID },
  retryFrontier: { replyId: ID },
  draft: { conversationId: ID, text: { kind: 'string', max: MAX_TEXT } },
  newChat: {},
  openChat: { id: ID },
  renameChat: { id: ID },
  deleteChat: { id: ID },
  attach: { what: { kind: 'enum', values: ['selection', 'file'] } },
  removeAttachment: { id: ID },
  codeAction: {
    action: { kind: 'enum', values: ['copy', 'insert', 'apply', 'save'] },
    code: { kind: 'string', max: MAX_CODE },
    language: { kind: 'string', max: 40, pattern: /^[\w+#.-]*$/, optional: true },
  },
  openLink: { href: { kind: 'string', max: 4096 } },
  selectModel: { model: { kind: 'model' } },
  setMode: { mode: MODE },
  setPreference: { preference: { kind: 'enum', values: PREFERENCES } },
  answerFile: { id: APPROVAL_ID, path: PATH, decision: { kind: 'enum', values: ['accept', 'reject'] } },
  answerEdit: { id: APPROVAL_ID, decision: { kind: 'enum', values: ['accept', 'reject'] } },
  answerCommand: { id: APPROVAL_ID, decision: { kind: 'enum', values: ['run', 'always', 'reject'] } },
  openDiff: { id: APPROVAL_ID, path: PATH },
  // ---- @-mentions and @codebase (h2 adds below) ----
  mentionQuery: { requestId: ID, query: { kind: 'string', max: MAX_QUERY } },
  mentionPick: { id: ID },
  // ---- rules files and slash commands (h3 adds below) ----
  setRulesFile: { conversationId: ID, path: PATH, state: { kind: 'enum', values: ['on', 'off'] } },
  // ---- images (h5 adds below) ----
  addImage: {
    name: { kind: 'string', max: 200, pattern: /^[^\u0000-\u001f\u007f]*$/ },
    mimeType: { kind: 'enum', values: IMAGE_MIME },
    data: { kind: 'base64', max: MAX_IMAGE_BASE64 },
  },
  removeImage: { id: ID },
  dropFile: { uri: { kind: 'string', max: 4096, pattern: /^[a-z][a-z0-9+.-]*:[^\u0000-\u001f\u007f\s]+$/ } },
  // ---- end of schemas ----
};

export function isModelChoice(v: unknown): v is ModelChoice {
  if (v === 'auto' || v === 'cheap' || v === 'frontier') return true;
  return typeof v === 'string' && /^model:[^\n]{1,200}$/.test(v);
}

export type Parsed = { ok: true; message: WebviewMessage } | { ok: false; error: string };

/** Validates one message from the webview: known type, exactly the known fields, each of the right shape. */
export function parseWebviewMessage(raw: unknown): Parsed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'not an object' };
  const obj = raw as Record<string, unknown>;
  const type = obj.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SCHEMAS, type)) {
    return { ok: false, error: `unknown message type ${JSON.stringify(type)?.slice(0, 40)}` };
  }
  const schema = SCHEMAS[type as WebviewMessage['type']];
  for (const key of Object.keys(obj)) {
    if (key !== 'type' && !Object.prototype.hasOwnProperty.call(schema, key))
      return { ok: false, error: `${type}: unexpected field "${key.slice(0, 40)}"` };
  }
  for (const [key, field] of Object.entries(schema)) {
    const problem = check(field, obj[key]);
    if (problem) return { ok: false, error: `${type}.${key}: ${problem}` };
  }
  return { ok: true, message: obj as WebviewMessage };
}

function check(field: Field, v: unknown): string | undefined {
  switch (field.kind) {
    case 'string':
      if (v === undefined && field.optional) return undefined;
      if (typeof v !== 'string') return 'expected a string';
      if (v.length > field.max) return `longer than ${field.max} characters`;
      if (field.pattern && !field.pattern.test(v)) return 'has characters that are not allowed';
      return undefined;
    case 'enum':
      if (v === undefined && field.optional) return undefined;
      return typeof v === 'string' && field.values.includes(v) ? undefined : `expected one of ${field.values.join(', ')}`;
    case 'model':
      return isModelChoice(v) ? undefined : 'expected auto, cheap, frontier or model:<name>';
    case 'base64':
      if (typeof v !== 'string') return 'expected a string';
      if (v.length > field.max) return `longer than ${field.max} characters`;
      return isBase64(v) ? undefined : 'is not base64 (standard alphabet, padded)';
  }
}
