import type { AgentEvent, AgentTaskResult } from '../agent/types';
import { redactSecrets } from '../privacy/redact';
import { totalInput, type ChatBackend, type GatewayOutcome } from '../types';
import {
  addedMessages,
  Approvals,
  currentStep,
  finalText,
  keptMessages,
  record,
  rejectAll,
  replyStatus,
  shownEvent,
  statusMessage,
  type AgentBackend,
  type CommandDecision,
} from './agentSession';
import {
  messagesFor,
  overrideFor,
  UNTITLED,
  type AgentTranscript,
  type ChatAttachment,
  type ChatImage,
  type ChatMode,
  type Conversation,
  type ModelChoice,
  type ReplyTurn,
  type UserTurn,
} from './conversation';
import type { HistoryStore } from './historyStore';
import type { CodebaseSearch } from '../codebase/types';
import { attachmentsAtSend, pendingPreview, type MentionSupport } from './mentions/send';
import { checkImage, choiceTakesImages, conversationHasImages, imageCapProblem } from './images';
import type { HostMessage, ModelOption } from './messages';
import { titleFrom } from './title';
import type { AttachResult } from './attach';
import type { ProblemsResult } from './selectionProblems';
import { parseSlashCommand, unknownCommandNotice } from './slashCommands';
import { instructionsFor, rulesChips, type RulesSnapshot } from '../rules/rulesFiles';
import type { SlashCommand } from '../types';

/** What slash commands take from the editor (the VS Code layer implements it over the active editor). */
export interface CommandEditor {
  /** The active editor's selection as an attachment (as "+ Selection" makes it), or why it cannot be one. */
  selection(id: string): AttachResult;
  /** /fix: the problems meeting the active editor's selection (the whole file without one), or why there are none. */
  problems(id: string): ProblemsResult;
}

/** The rules files and gearshift.instructions (the VS Code layer reads them; see rules/rulesFiles.ts). */
export interface RulesProvider {
  /** The rules files as they are now (read afresh, so an edited AGENTS.md applies to the next message). */
  load(): Promise<RulesSnapshot>;
  /** gearshift.instructions (user level). */
  userInstructions(): string;
}

export interface ChatSessionDeps {
  backend: ChatBackend;
  /** Agent mode; absent: only Ask is offered. */
  agent?: AgentBackend;
  store: HistoryStore;
  /** Slash commands' selection and problems; absent: a command uses only what is attached. */
  editor?: CommandEditor;
  /** Rules files and the user's instructions for the system prompt; absent: none. */
  rules?: RulesProvider;
  newId(): string;
  now(): number;
  log(message: string): void;
  /** @codebase's index; absent: a @codebase chip sends without it, and says so. */
  codebase?: CodebaseSearch;
  /** @-mentions: the prompt budget per model choice and @codebase's chunks as attachments; absent: nothing is cut. */
  mentions?: MentionSupport;
}

interface InFlight {
  conversationId: string;
  replyId: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The side-panel chat's logic, independent of VS Code: sends turns through the ChatBackend, streams the
 * reply to the view, and keeps the history store current. The user's message is stored before it is sent
 * and a streaming reply is saved as it grows (throttled), so neither a provider failure nor a reload loses
 * what the user typed. One reply streams at a time.
 */
export class ChatSession {
  private post: (m: HostMessage) => void = () => undefined;
  private pending: ChatAttachment[] = [];
  /** Images pasted or dropped, waiting to go with the next message. */
  private pendingImages: ChatImage[] = [];
  private inflight: InFlight | undefined;
  private readonly approvals = new Approvals((u) => this.post({ type: 'approval', ...u }));
  private connected = false;
  /** The rules files as last read (chips and the system prompt). */
  private rules: RulesSnapshot | undefined;
  /** The conversation the view shows (its rules chips are posted). */
  private shown: Conversation | undefined;

  constructor(private readonly deps: ChatSessionDeps) {}

  /** Reads the rules files again (a file changed, trust was granted) and shows the chips; returns what was read. */
  async refreshRules(): Promise<RulesSnapshot | undefined> {
    if (!this.deps.rules) return undefined;
    try {
      this.rules = await this.deps.rules.load();
    } catch (err) {
      this.deps.log(`chat: rules files could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.postRules();
    return this.rules;
  }

  /** Turns a rules file off (or back on) for one conversation; kept in its history. */
  async setRulesFile(conversationId: string, path: string, on: boolean): Promise<void> {
    const c = this.deps.store.get(conversationId);
    if (!c) return this.notify('error', 'That conversation no longer exists.');
    const off = (c.rulesOff ?? []).filter((p) => p !== path);
    if (!on) off.push(path);
    if (off.length) c.rulesOff = off;
    else delete c.rulesOff;
    await this.deps.store.save(c);
    if (this.shown?.id === c.id) this.shown = c;
    this.postRules();
  }

  /** The rules chips of the conversation shown. */
  postRules(): void {
    const c = this.shown;
    if (!c || !this.deps.rules) return;
    const m: HostMessage = { type: 'rules', conversationId: c.id, files: rulesChips(this.rules, c.rulesOff) };
    if (this.rules?.untrusted) m.untrusted = this.rules.untrusted;
    this.post(m);
  }

  /** The system prompt's instructions for a conversation: the user's, then its rules files not turned off. */
  private async instructionsFor(c: Conversation): Promise<{ label: string; text: string }[] | undefined> {
    if (!this.deps.rules) return undefined;
    await this.refreshRules();
    const list = instructionsFor(this.deps.rules.userInstructions(), this.rules, c.rulesOff);
    return list.length ? list : undefined;
  }

  /** Where host messages go (the webview, once it is shown). */
  connect(post: (m: HostMessage) => void): void {
    this.post = post;
    this.connected = true;
  }

  /** The view closed: nobody can answer a pending approval any more, so each is rejected (the task goes on). */
  disconnect(): void {
    this.post = () => undefined;
    this.connected = false;
    this.approvals.cancelAll();
  }

  get streaming(): boolean {
    return this.inflight !== undefined;
  }

  modelOptions(): ModelOption[] {
    const fixed: ModelOption[] = [
      { choice: 'auto', label: 'Auto (routed)' },
      { choice: 'cheap', label: 'Cheap' },
      { choice: 'frontier', label: 'Frontier' },
    ];
    return fixed.concat(
      this.deps.backend.models().map((m) => ({ choice: `model:${m.name}` as const, label: m.tier ? `${m.name} (${m.tier})` : m.name })),
    );
  }

  async init(): Promise<Extract<HostMessage, { type: 'init' }>> {
    const conversation = await this.deps.store.active();
    this.shown = conversation;
    return {
      type: 'init',
      conversation,
      history: this.deps.store.list(),
      models: this.modelOptions(),
      model: this.deps.store.modelChoice(),
      attachments: pendingPreview(this.pending, this.deps.store.modelChoice(), this.deps.mentions),
      streamingReplyId: this.inflight?.replyId,
      mode: this.deps.agent ? this.deps.store.mode() : 'ask',
      agentAvailable: this.deps.agent !== undefined,
      approvals: this.approvals.updates(),
    };
  }

  async setMode(mode: ChatMode): Promise<void> {
    await this.deps.store.setMode(mode);
  }

  /** One file of a pending edit approval accepted or rejected. */
  answerFile(id: string, path: string, accept: boolean): void {
    if (!this.approvals.decideFile(id, path, accept)) this.notify('info', 'That change is no longer waiting for an answer.');
  }

  answerEdit(id: string, accept: boolean): void {
    if (!this.approvals.decideEdit(id, accept)) this.notify('info', 'That change is no longer waiting for an answer.');
  }

  answerCommand(id: string, decision: CommandDecision): void {
    if (!this.approvals.decideCommand(id, decision)) this.notify('info', 'That command is no longer waiting for an answer.');
  }

  /** One file of a pending edit (for the diff editor), or undefined. */
  proposedChange(id: string, path: string): { path: string; before: string; after: string } | undefined {
    const f = this.approvals.change(id, path);
    return f && { path: f.path, before: f.before ?? '', after: f.after };
  }

  attachments(): readonly ChatAttachment[] {
    return this.pending;
  }

  addAttachment(a: ChatAttachment): void {
    this.pending = [...this.pending.filter((p) => p.label !== a.label), a];
    this.postPending();
  }

  removeAttachment(id: string): void {
    this.pending = this.pending.filter((p) => p.id !== id);
    this.postPending();
  }

  /** The chips, with what the chosen model's budget would cut (the send fits them again with the conversation counted). */
  private postPending(): void {
    this.post({ type: 'attachments', attachments: pendingPreview(this.pending, this.deps.store.modelChoice(), this.deps.mentions) });
  }

  images(): readonly ChatImage[] {
    return this.pendingImages;
  }

  /**
   * Adds a pasted or dropped image (PNG/JPEG as base64) to the next message: its bytes checked against its type and
   * the size caps (one image, one message, the conversation, the whole history). False, and the reason shown, when refused.
   */
  async addImage(input: Parameters<typeof checkImage>[0]): Promise<boolean> {
    const checked = checkImage(input, this.deps.newId());
    if (!checked.ok) {
      this.notify('error', checked.message);
      return false;
    }
    const active = await this.deps.store.active();
    const all = this.deps.store.list().flatMap((x) => this.deps.store.get(x.id) ?? []);
    const problem = imageCapProblem([checked.image], this.pendingImages, active, all);
    if (problem) {
      this.notify('error', `${checked.image.name} was not added: ${problem}`);
      return false;
    }
    this.pendingImages = [...this.pendingImages, checked.image];
    this.post({ type: 'images', images: this.pendingImages });
    return true;
  }

  removeImage(id: string): void {
    this.pendingImages = this.pendingImages.filter((i) => i.id !== id);
    this.post({ type: 'images', images: this.pendingImages });
  }

  /**
   * Why the message cannot go as it is because of its images (or the conversation's earlier ones), or undefined:
   * images only go to models that take them, and only with Ask messages.
   */
  private imageRefusal(c: Conversation, model: ModelChoice, mode: ChatMode): { message: string; offer?: ModelChoice } | undefined {
    const pending = this.pendingImages.length > 0;
    if (!pending && !conversationHasImages(c)) return undefined;
    if (mode === 'agent' && pending) return { message: 'Images go with Ask messages only: switch to Ask, or remove the images.' };
    if (mode === 'agent') return undefined; // an agent task is sent the conversation's text only
    const models = this.deps.backend.models();
    if (choiceTakesImages(model, models)) return undefined;
    const what = pending ? 'Your message has images' : 'This conversation has images';
    const picked = model === 'auto' ? 'No configured model' : `${this.modelOptions().find((o) => o.choice === model)?.label ?? model}`;
    const none = model === 'auto' ? 'takes images' : model.startsWith('model:') ? 'does not take images' : 'has no model that takes images';
    const offer: ModelChoice | undefined = model !== 'frontier' && choiceTakesImages('frontier', models) ? 'frontier' : undefined;
    const fix = offer
      ? 'Send it with the frontier tier, or pick another model.'
      : 'Set "vision": true on a model that takes images in gearshift.models, or remove the images.';
    return { message: `${what}, and ${picked} ${none}: nothing was sent. ${fix}`, offer };
  }

  /** Keeps the unsent text, redacted: workspace state never holds a pasted key, sent or not. */
  async setDraft(conversationId: string, text: string): Promise<void> {
    await this.deps.store.setDraft(conversationId, redactSecrets(text).text);
  }

  async selectModel(model: ModelChoice): Promise<void> {
    await this.deps.store.setModelChoice(model);
    if (this.pending.length) this.postPending(); // another model, another budget
  }

  async newChat(): Promise<Conversation> {
    const c = await this.deps.store.create();
    this.showConversation(c);
    return c;
  }

  async openChat(id: string): Promise<void> {
    const c = await this.deps.store.setActive(id);
    if (!c) return this.notify('error', 'That conversation no longer exists.');
    this.showConversation(c);
  }

  /** A conversation's title, or undefined when it does not exist. */
  title(id: string): string | undefined {
    return this.deps.store.get(id)?.title;
  }

  async rename(id: string, title: string): Promise<void> {
    if (!(await this.deps.store.rename(id, redactSecrets(title).text))) return;
    this.post({ type: 'history', history: this.deps.store.list() });
    const active = await this.deps.store.active();
    if (active.id === id) this.showConversation(active);
  }

  async delete(id: string): Promise<void> {
    if (this.inflight?.conversationId === id) await this.stop();
    const wasActive = (await this.deps.store.active()).id === id;
    await this.deps.store.delete(id);
    if (wasActive) this.showConversation(await this.deps.store.active());
    else this.post({ type: 'history', history: this.deps.store.list() });
  }

  /** Aborts the streaming reply or the running agent task (rejecting its pending approvals); resolves once it is stored as stopped. */
  async stop(): Promise<void> {
    const f = this.inflight;
    if (!f) return;
    f.controller.abort();
    this.approvals.cancelAll(f.replyId);
    await f.done;
  }

  /**
   * Sends a new user message in the active conversation. Resolves when the reply has finished. The message
   * is redacted first: what is stored, titled, shown and sent is the redacted text, so a pasted key never
   * reaches the history (workspace state) or the webview again.
   */
  async send(typed: string, model: ModelChoice, mode: ChatMode = 'ask'): Promise<void> {
    if (this.inflight) return this.notify('error', 'A reply is still streaming. Stop it (Escape) before sending another message.');
    if (!typed.trim() && this.pending.length === 0 && this.pendingImages.length === 0) return;
    if (mode === 'agent' && !this.deps.agent) return this.notify('error', 'Agent mode is not available in this window; switch to Ask.');
    const command = this.slashCommand(typed, mode);
    if (command === null) return;
    const refused = this.imageRefusal(await this.deps.store.active(), model, mode);
    if (refused) return this.post({ type: 'imagesRefused', text: typed, ...refused });
    const { text, count } = redactSecrets(typed);
    if (count > 0)
      this.notify(
        'info',
        `${count} secret-looking value${count === 1 ? ' was' : 's were'} redacted from your message before it was sent or saved.`,
      );
    const c = await this.deps.store.active();
    const { codebase, mentions: support } = this.deps;
    const fitted = await attachmentsAtSend({ pending: this.pending, text, conversation: c, model, support, codebase });
    if (fitted.notice) this.notify('info', fitted.notice);
    const turn: UserTurn = {
      id: this.deps.newId(),
      role: 'user',
      content: text,
      attachments: fitted.attachments,
      model,
      createdAt: this.deps.now(),
    };
    if (mode === 'agent') turn.mode = 'agent';
    if (command) turn.command = command;
    if (this.pendingImages.length) turn.images = this.pendingImages;
    c.turns.push(turn);
    if (c.title === UNTITLED) c.title = titleFrom(text, turn.attachments[0]?.label ?? turn.images?.[0]?.name);
    c.draft = '';
    await this.deps.store.save(c); // before anything is sent: a failure or reload cannot lose it
    this.pending = [];
    this.post({ type: 'attachments', attachments: [] });
    if (turn.images) {
      this.pendingImages = [];
      this.post({ type: 'images', images: [] });
    }
    await this.respond(c, c.turns.length - 1, model);
  }

  /**
   * The slash command a message starts with (Ask mode), after adding what it takes from the editor to the pending
   * attachments: with no text and nothing attached, the selection; for /fix, the selection's problems. Undefined: no
   * command (an unknown /word is told and sent as text); null: nothing to send (the user is told why).
   */
  private slashCommand(typed: string, mode: ChatMode): SlashCommand | undefined | null {
    const parsed = parseSlashCommand(typed);
    if (parsed.kind === 'unknown') this.notify('info', unknownCommandNotice(parsed.name));
    if (parsed.kind !== 'command') return undefined;
    const command = parsed.command;
    if (mode === 'agent') {
      this.notify('info', `Slash commands work in Ask mode; /${command} was sent to the agent as part of your task.`);
      return undefined;
    }
    if (command === 'new' && !parsed.rest) {
      this.notify('error', 'Say what /new should create, e.g. "/new an Express server with a health check".');
      return null;
    }
    const editor = this.deps.editor;
    if (!parsed.rest && this.pending.length === 0 && command !== 'new') {
      const selection = editor?.selection(this.deps.newId());
      if (!selection?.ok) {
        const why = selection?.message ?? 'No editor is available.';
        this.notify('error', `/${command} needs code to work on: ${why} Or attach a file, or type a question after the command.`);
        return null;
      }
      this.pending = [...this.pending, { ...selection.attachment, kind: 'selection' }];
    }
    if (command === 'fix' && editor) {
      const problems = editor.problems(this.deps.newId());
      if ('attachment' in problems)
        this.pending = [...this.pending.filter((p) => p.label !== problems.attachment.label), problems.attachment];
      else this.notify('info', problems.none);
    }
    return command;
  }

  /** Answers the user turn before `replyId` again (after an error, a stop, or to go to the frontier tier). */
  async retry(replyId: string, frontier: boolean): Promise<void> {
    if (this.inflight) return this.notify('error', 'A reply is still streaming. Stop it (Escape) before retrying.');
    const c = await this.deps.store.active();
    const at = c.turns.findIndex((t) => t.id === replyId);
    const user = c.turns[at - 1];
    if (at < 0 || user?.role !== 'user') return this.notify('error', 'That reply is not in the open conversation any more.');
    c.turns.splice(at, 1);
    await this.deps.store.save(c);
    if (frontier) this.deps.backend.retryWithFrontier(c.id);
    await this.respond(c, at - 1, frontier ? 'frontier' : user.model, at);
  }

  /** A new, empty assistant turn about to stream. */
  private streamingReply(): ReplyTurn {
    return {
      id: this.deps.newId(),
      role: 'assistant',
      content: '',
      status: 'streaming',
      createdAt: this.deps.now(),
      meta: { fallbacks: [] },
    };
  }

  private async respond(c: Conversation, userIndex: number, choice: ModelChoice, insertAt = c.turns.length): Promise<void> {
    const user = c.turns[userIndex] as UserTurn;
    if (user.mode === 'agent') return this.runAgent(c, userIndex, choice, insertAt);
    const reply = this.streamingReply();
    c.turns.splice(insertAt, 0, reply);
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    this.inflight = { conversationId: c.id, replyId: reply.id, controller, done };
    this.showConversation(c);
    const started = Date.now();
    let outcome: GatewayOutcome | undefined;
    try {
      const instructions = await this.instructionsFor(c);
      outcome = await this.deps.backend.send({
        ...(user.command && { command: user.command }),
        ...(instructions && { instructions }),
        conversationId: c.id,
        messages: messagesFor(c, userIndex),
        attachments: user.attachments.map(({ path, language, text, label }) => ({ path, language, text, label })),
        language: user.attachments[0]?.language,
        filePath: user.attachments[0]?.path,
        override: overrideFor(choice),
        signal: controller.signal,
        onRoute: (d) => {
          reply.meta = { ...reply.meta, tier: d.tier, reason: d.reason, source: d.source, modelName: d.chain[0]?.name };
          this.post({
            type: 'route',
            conversationId: c.id,
            replyId: reply.id,
            tier: d.tier,
            reason: d.reason,
            modelName: d.chain[0]?.name,
          });
        },
        onDelta: (text) => {
          if (controller.signal.aborted) return;
          reply.content += text;
          this.post({ type: 'delta', conversationId: c.id, replyId: reply.id, text });
          this.deps.store.saveSoon(c);
        },
      });
    } catch (err) {
      // ChatBackend.send should never reject; if it does, the reply still ends as a visible error.
      this.deps.log(`chat: backend.send rejected: ${err instanceof Error ? err.message : String(err)}`);
      reply.meta.error = { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
    }
    this.finishReply(reply, outcome, controller.signal.aborted, Date.now() - started);
    this.inflight = undefined;
    await this.deps.store.save(c);
    this.post({ type: 'replyEnd', conversationId: c.id, reply });
    this.post({ type: 'history', history: this.deps.store.list() });
    finish();
  }

  /**
   * Runs an agent task for the user turn at `userIndex`: its events stream to the view and into the reply's
   * transcript (saved as it grows), approvals wait for the view's buttons, and the task's messages are kept so
   * a follow-up continues with them.
   */
  private async runAgent(c: Conversation, userIndex: number, choice: ModelChoice, insertAt: number): Promise<void> {
    const agent = this.deps.agent;
    if (!agent) return this.notify('error', 'Agent mode is not available in this window; switch to Ask.');
    const transcript: AgentTranscript = { taskId: this.deps.newId(), events: [], answers: [], messages: [] };
    const reply: ReplyTurn = { ...this.streamingReply(), agent: transcript };
    c.turns.splice(insertAt, 0, reply);
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    this.inflight = { conversationId: c.id, replyId: reply.id, controller, done };
    this.showConversation(c);
    const show = (event: AgentEvent): void => {
      const shown = shownEvent(event);
      if (!record(transcript, shown)) return;
      if (shown.type === 'progress') reply.meta.costUsd = shown.costUsd;
      if (shown.type === 'step') reply.meta = { ...reply.meta, tier: shown.tier, modelName: shown.modelName, reason: shown.reason };
      this.post({ type: 'agentEvent', conversationId: c.id, replyId: reply.id, event: shown });
      this.deps.store.saveSoon(c);
    };
    const limits = agent.limits();
    const messages = messagesFor(c, userIndex, { agent: true });
    const started = Date.now();
    let result: AgentTaskResult | undefined;
    try {
      const instructions = await this.instructionsFor(c);
      result = await agent.run({
        ...(instructions && { instructions }),
        taskId: transcript.taskId,
        messages,
        tools: agent.tools(),
        limits,
        signal: controller.signal,
        override: overrideFor(choice),
        onEvent: (e) => {
          if (this.inflight?.replyId === reply.id) show(e);
        },
        approve: (request, signal) => {
          if (controller.signal.aborted || !this.connected) return Promise.resolve(rejectAll(request));
          show({ type: 'approval', step: currentStep(transcript), request });
          return this.approvals.ask(request, signal, { conversationId: c.id, replyId: reply.id, transcript });
        },
      });
    } catch (err) {
      this.deps.log(`chat: agent task rejected: ${err instanceof Error ? err.message : String(err)}`);
      reply.meta.error = { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
    }
    this.approvals.cancelAll(reply.id);
    const status = controller.signal.aborted ? 'stopped' : (result?.status ?? 'error');
    if (!transcript.events.some((e) => e.type === 'done')) record(transcript, { type: 'done', status, message: result?.message });
    transcript.status = status;
    if (result) {
      transcript.messages = keptMessages(addedMessages(messages, result.messages));
      reply.meta.costUsd = result.costUsd;
      transcript.progress = { steps: result.steps, maxSteps: limits.maxSteps, costUsd: result.costUsd, maxTaskUsd: limits.maxTaskUsd };
    }
    reply.content = finalText(transcript);
    reply.meta.latencyMs = Date.now() - started;
    reply.meta.tier = undefined; // a task's steps have tiers of their own (shown per step); the reply offers no "retry with frontier"
    if (!reply.meta.error && status !== 'finished' && status !== 'stopped') {
      reply.meta.error = { kind: status, message: statusMessage(status, limits, result?.message) };
    }
    reply.status = reply.meta.error && status !== 'stopped' ? 'error' : replyStatus(status);
    this.inflight = undefined;
    await this.deps.store.save(c);
    this.post({ type: 'replyEnd', conversationId: c.id, reply });
    this.post({ type: 'history', history: this.deps.store.list() });
    finish();
  }

  private finishReply(reply: ReplyTurn, o: GatewayOutcome | undefined, aborted: boolean, elapsedMs: number): void {
    if (o) {
      const u = o.result?.usage;
      reply.meta = {
        ...reply.meta,
        tier: o.decision.tier,
        reason: o.decision.reason,
        source: o.decision.source,
        modelName: o.modelName,
        endpoint: o.endpoint,
        tokensIn: u ? totalInput(u) : undefined,
        tokensOut: u?.output,
        estimated: o.result?.estimated,
        costUsd: o.costUsd,
        latencyMs: o.result?.totalMs ?? elapsedMs,
        firstTokenMs: o.result?.firstTokenMs,
        fallbacks: o.fallbacks,
      };
      if (o.result && !o.error) reply.content = o.result.text || reply.content;
      const partial = o.error?.partialText;
      if (partial && partial.length > reply.content.length) reply.content = partial;
      if (o.decision.blocked) reply.meta.error = { kind: 'blocked', message: o.decision.blocked };
      else if (o.error && !aborted) reply.meta.error = { kind: o.error.kind, message: o.error.message };
    }
    reply.status = aborted ? 'stopped' : reply.meta.error ? 'error' : 'done';
  }

  private showConversation(c: Conversation): void {
    this.post({ type: 'conversation', conversation: c, streamingReplyId: this.inflight?.replyId });
    this.post({ type: 'history', history: this.deps.store.list() });
    const switched = this.shown?.id !== c.id;
    this.shown = c;
    if (switched) this.postRules();
  }

  /** Shows a message in the panel (nothing happens when the panel is not open). */
  notify(level: 'info' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }
}
