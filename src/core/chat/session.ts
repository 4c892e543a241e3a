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
import { checkImage, choiceTakesImages, conversationHasImages, imageCapProblem } from './images';
import type { HostMessage, ModelOption } from './messages';
import { titleFrom } from './title';

export interface ChatSessionDeps {
  backend: ChatBackend;
  /** Agent mode; absent: only Ask is offered. */
  agent?: AgentBackend;
  store: HistoryStore;
  newId(): string;
  now(): number;
  log(message: string): void;
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

  constructor(private readonly deps: ChatSessionDeps) {}

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
    return {
      type: 'init',
      conversation,
      history: this.deps.store.list(),
      models: this.modelOptions(),
      model: this.deps.store.modelChoice(),
      attachments: this.pending,
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
    this.post({ type: 'attachments', attachments: this.pending });
  }

  removeAttachment(id: string): void {
    this.pending = this.pending.filter((p) => p.id !== id);
    this.post({ type: 'attachments', attachments: this.pending });
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
    const refused = this.imageRefusal(await this.deps.store.active(), model, mode);
    if (refused) return this.post({ type: 'imagesRefused', text: typed, ...refused });
    const { text, count } = redactSecrets(typed);
    if (count > 0)
      this.notify(
        'info',
        `${count} secret-looking value${count === 1 ? ' was' : 's were'} redacted from your message before it was sent or saved.`,
      );
    const c = await this.deps.store.active();
    const turn: UserTurn = {
      id: this.deps.newId(),
      role: 'user',
      content: text,
      attachments: this.pending,
      model,
      createdAt: this.deps.now(),
    };
    if (mode === 'agent') turn.mode = 'agent';
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
      outcome = await this.deps.backend.send({
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
      result = await agent.run({
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
  }

  /** Shows a message in the panel (nothing happens when the panel is not open). */
  notify(level: 'info' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }
}
