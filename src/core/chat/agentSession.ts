import type {
  AgentEvent,
  AgentLimits,
  AgentTaskRequest,
  AgentTaskResult,
  AgentTaskStatus,
  AgentTool,
  ApprovalAnswer,
  ApprovalRequest,
  FileChange,
  ToolDetail,
} from '../agent/types';
import { redactSecrets } from '../privacy/redact';
import type { ChatMessage } from '../types';
import type { AgentTranscript, ApprovalRecord, ReplyStatus } from './conversation';

/**
 * What the side panel's agent mode needs from the rest of Gearshift: the agent loop, the tools the VS Code layer
 * offers for a new task (read-only ones only in Restricted Mode), and the limits from the settings.
 */
export interface AgentBackend {
  /** Never rejects on a model or tool failure: those end the task with a status. */
  run(req: AgentTaskRequest): Promise<AgentTaskResult>;
  tools(): AgentTool[];
  limits(): AgentLimits;
}

const clean = (s: string): string => redactSecrets(s).text;

function cleanDetail(d: ToolDetail | undefined): ToolDetail | undefined {
  if (!d) return undefined;
  if (d.kind === 'command') return { ...d, command: clean(d.command) };
  return { ...d, files: d.files.map((f) => ({ ...f, diff: clean(f.diff) })) };
}

/**
 * A file change as the transcript keeps it: its path and diff (whether it is new), not the two contents. Paths stay
 * as they are: answers name them.
 */
function keptChange(f: FileChange): FileChange {
  return { path: f.path, before: f.before === undefined ? undefined : '', after: '', diff: clean(f.diff) };
}

export function keptRequest(r: ApprovalRequest): ApprovalRequest {
  return r.kind === 'edit' ? { ...r, files: r.files.map(keptChange) } : { ...r, command: clean(r.command), cwd: clean(r.cwd) };
}

/**
 * An event as it is shown and kept: secrets redacted from everything a tool or a model's tool call carries (the
 * model's own text stays as it came, like an Ask reply).
 */
export function shownEvent(e: AgentEvent): AgentEvent {
  switch (e.type) {
    case 'toolCall':
      return { ...e, call: { ...e.call, arguments: clean(e.call.arguments) } };
    case 'approval':
      return { ...e, request: keptRequest(e.request) };
    case 'toolResult': {
      const detail = cleanDetail(e.detail);
      return detail ? { ...e, summary: clean(e.summary), detail } : { ...e, summary: clean(e.summary) };
    }
    case 'stepEnd':
      return e.error === undefined ? e : { ...e, error: clean(e.error) };
    case 'done':
      return e.message === undefined ? e : { ...e, message: clean(e.message) };
    default:
      return e;
  }
}

/**
 * Adds a (shown) event to a transcript: text merged into the step's text when it follows it, the last progress
 * kept apart, an approval request kept once. False when the event added nothing to show.
 */
export function record(t: AgentTranscript, e: AgentEvent): boolean {
  if (e.type === 'progress') {
    t.progress = { steps: e.steps, maxSteps: e.maxSteps, costUsd: e.costUsd, maxTaskUsd: e.maxTaskUsd };
    return true;
  }
  if (e.type === 'approval' && t.events.some((x) => x.type === 'approval' && x.request.id === e.request.id)) return false;
  if (e.type === 'text') {
    if (e.text === '') return false;
    const last = t.events[t.events.length - 1];
    if (last?.type === 'text' && last.step === e.step) {
      t.events[t.events.length - 1] = { ...last, text: last.text + e.text };
      return true;
    }
  }
  if (e.type === 'done') t.status = e.status;
  t.events.push(e);
  return true;
}

/** The step the task is at (that of its last 'step' event; 1 before any). */
export function currentStep(t: AgentTranscript): number {
  for (let i = t.events.length - 1; i >= 0; i--) {
    const e = t.events[i];
    if (e.type === 'step') return e.step;
  }
  return 1;
}

/** Messages as the conversation keeps them: tool arguments and results redacted (they were, before any model saw them). */
export function keptMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((m) => {
    const out: ChatMessage = { role: m.role, content: m.role === 'user' ? clean(m.content) : m.content };
    if (m.toolCalls) out.toolCalls = m.toolCalls.map((c) => ({ ...c, arguments: clean(c.arguments) }));
    if (m.toolResults) out.toolResults = m.toolResults.map((r) => ({ ...r, content: clean(r.content), images: undefined }));
    if (out.toolResults) for (const r of out.toolResults) if (r.images === undefined) delete r.images;
    return out;
  });
}

/**
 * What a task added to the conversation: the result's messages after the request's last message (the request's
 * messages come first; found by position, or by the user message itself should the loop have added a system prompt).
 */
export function addedMessages(request: readonly ChatMessage[], result: readonly ChatMessage[]): ChatMessage[] {
  const last = request[request.length - 1];
  if (result[request.length - 1]?.content === last?.content) return result.slice(request.length);
  for (let i = result.length - 1; i >= 0; i--)
    if (result[i].role === 'user' && result[i].content === last?.content) return result.slice(i + 1);
  return result.slice(request.length);
}

/** The reply's status from the task's: a task that ended on a limit or a failure shows as an error with Retry. */
export function replyStatus(status: AgentTaskStatus): ReplyStatus {
  return status === 'finished' ? 'done' : status === 'stopped' ? 'stopped' : 'error';
}

/** The readable note for a task that did not finish: the loop's own message, or one naming the status. */
export function statusMessage(status: AgentTaskStatus, limits: AgentLimits, message?: string): string {
  if (message) return message;
  switch (status) {
    case 'stepLimit':
      return `The task reached its step limit (${limits.maxSteps} steps; gearshift.agent.maxSteps).`;
    case 'costLimit':
      return `The task reached its cost limit ($${limits.maxTaskUsd ?? '?'}; gearshift.agent.maxTaskUsd).`;
    case 'blocked':
      return 'The budget blocked the next step.';
    default:
      return 'The task failed.';
  }
}

/** The final text of a task: its last step's text (what Copy and an Ask follow-up take as the answer). */
export function finalText(t: AgentTranscript): string {
  for (let i = t.events.length - 1; i >= 0; i--) {
    const e = t.events[i];
    if (e.type === 'text' && e.text.trim()) return e.text;
  }
  return '';
}

export type CommandDecision = 'run' | 'always' | 'reject';

interface Pending {
  request: ApprovalRequest;
  conversationId: string;
  replyId: string;
  transcript: AgentTranscript;
  /** Edit: the files decided so far, in the order they were. */
  decided: { path: string; accepted: boolean }[];
  resolve(answer: ApprovalAnswer): void;
}

export interface ApprovalUpdate {
  conversationId: string;
  replyId: string;
  id: string;
  /** Edit: files decided so far. */
  decided: { path: string; accepted: boolean }[];
  /** Set once the request is answered. */
  record?: ApprovalRecord;
}

/**
 * The side panel's Approver: each request waits for the user's clicks (per file, all files, or the command's
 * three choices). A wait ends rejected when its task stops (the signal) or the view closes (cancelAll).
 */
export class Approvals {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly onUpdate: (u: ApprovalUpdate) => void) {}

  /** Waits for the user's answer to `request` (already shown in the transcript by the caller). */
  ask(
    request: ApprovalRequest,
    signal: AbortSignal,
    where: { conversationId: string; replyId: string; transcript: AgentTranscript },
  ): Promise<ApprovalAnswer> {
    return new Promise<ApprovalAnswer>((resolve) => {
      if (signal.aborted) return resolve(rejectAll(request));
      const onAbort = (): void => this.cancel(request.id);
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.id, {
        request,
        ...where,
        decided: [],
        resolve: (a) => {
          signal.removeEventListener('abort', onAbort);
          resolve(a);
        },
      });
    });
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  /** The proposed change to one file of a pending edit (for the diff editor). */
  change(id: string, path: string): FileChange | undefined {
    const p = this.pending.get(id);
    return p?.request.kind === 'edit' ? p.request.files.find((f) => f.path === path) : undefined;
  }

  /** Files decided so far of a pending edit (shown again when the view reloads). */
  updates(): ApprovalUpdate[] {
    return [...this.pending.values()].map((p) => this.update(p));
  }

  /** One file of an edit accepted or rejected; the request is answered once every file is. False when not pending. */
  decideFile(id: string, path: string, accept: boolean): boolean {
    const p = this.pending.get(id);
    if (p?.request.kind !== 'edit' || !p.request.files.some((f) => f.path === path)) return false;
    if (p.decided.some((d) => d.path === path)) return false;
    p.decided.push({ path, accepted: accept });
    if (p.decided.length === p.request.files.length) this.finish(p, { kind: 'edit', accepted: acceptedPaths(p) });
    else this.onUpdate(this.update(p));
    return true;
  }

  /** Accept all / Reject all: every file not decided yet. */
  decideEdit(id: string, accept: boolean): boolean {
    const p = this.pending.get(id);
    if (p?.request.kind !== 'edit') return false;
    for (const f of p.request.files) if (!p.decided.some((d) => d.path === f.path)) p.decided.push({ path: f.path, accepted: accept });
    this.finish(p, { kind: 'edit', accepted: acceptedPaths(p) });
    return true;
  }

  decideCommand(id: string, decision: CommandDecision): boolean {
    const p = this.pending.get(id);
    if (p?.request.kind !== 'command') return false;
    this.finish(p, decision === 'reject' ? { kind: 'command', run: false } : { kind: 'command', run: true, always: decision === 'always' });
    return true;
  }

  /** Rejects one pending request (its task stopped). */
  cancel(id: string): void {
    const p = this.pending.get(id);
    if (p) this.finish(p, rejectAll(p.request), true);
  }

  /** Rejects every pending request (the view closed), or those of one reply. */
  cancelAll(replyId?: string): void {
    for (const p of [...this.pending.values()]) if (replyId === undefined || p.replyId === replyId) this.cancel(p.request.id);
  }

  private finish(p: Pending, answer: ApprovalAnswer, cancelled = false): void {
    this.pending.delete(p.request.id);
    const rec: ApprovalRecord = cancelled ? { id: p.request.id, answer, cancelled } : { id: p.request.id, answer };
    p.transcript.answers.push(rec);
    this.onUpdate({ ...this.update(p), record: rec });
    p.resolve(answer);
  }

  private update(p: Pending): ApprovalUpdate {
    return { conversationId: p.conversationId, replyId: p.replyId, id: p.request.id, decided: [...p.decided] };
  }
}

function acceptedPaths(p: Pending): string[] {
  return p.decided.filter((d) => d.accepted).map((d) => d.path);
}

/** The answer of a request nobody could answer: everything rejected. */
export function rejectAll(r: ApprovalRequest): ApprovalAnswer {
  return r.kind === 'edit' ? { kind: 'edit', accepted: [] } : { kind: 'command', run: false };
}
