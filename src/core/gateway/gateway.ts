import { cachingOf } from '../cache/caching';
import { cachePlan } from '../cache/ttl';
import { promptTokensOf } from '../cache/turnCost';
import { taskKey } from '../cache/warmCaches';
import { costOfCall } from '../cost/callCost';
import type { Pricing, PriceTarget } from '../cost/pricing';
import { recordFromOutcome, type LedgerRecord } from '../cost/record';
import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import { isRedacted } from '../privacy/redacted';
import { notFoundAdvice, type ModelAdvice } from '../providers/deprecations';
import type { Provider } from '../providers';
import type { PromptCachePlan } from '../providers/provider';
import type { Router } from '../router/router';
import type { StepTag } from '../agent/types';
import type { ToolCall, ToolChoice, ToolDefinition } from '../toolCalls';
import type { ResolvedSettings } from '../settings/model';
import { emptyUsage } from '../types';
import type {
  Attachment,
  CallResult,
  ChatBackend,
  ChatMessage,
  ChatSendRequest,
  GatewayOutcome,
  ModelConfig,
  RouteDecision,
  RouteRequest,
  SlashCommand,
  Task,
  Tier,
} from '../types';
import { cleanMessage } from '../commit/cleanup';
import { buildCommitPromptAsync, type CommitPrompt } from '../commit/prompt';
import { walkChain, type CallTarget } from './chain';
import { healthFailure } from './outcome';
import { chatSystemPrompt, withAttachments, withInstructions } from './prompt';
import { modelTakesImages } from '../lm/capabilities';

/** What the gateway needs from its host (the extension, the CLI, tests). */
export interface GatewayDeps {
  router: Router;
  settings(): ResolvedSettings;
  /** The provider for a configured endpoint name (hosts cache these), or undefined when the endpoint is unknown. */
  provider(endpointName: string): Provider | undefined;
  pricing(): Pricing;
  /** Appends one ledger record. Must not throw (hosts log failures). */
  record(record: LedgerRecord): void;
  workspace: { id: string; name: string; root?: string };
  clock?: () => number;
  /** Told when an endpoint refuses a configured model as unknown (with the setting to change and to what). */
  onModelAdvice?(advice: ModelAdvice): void;
}

/** One step of an agent task, already routed (Router.decideStep), to send along its decision's chain. */
export interface StepRequest {
  decision: RouteDecision;
  /** Which task and step this is: set on the outcome and kept in the ledger record of every call of the step. */
  step: StepTag;
  system: string;
  /** The task's conversation: text, tool calls, tool results and images (redacted here before they leave). */
  messages: ChatMessage[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Each tool call, once its arguments have fully arrived. */
  onToolCall?: (call: ToolCall) => void;
}

/** A commit message for a repository's changes (the Source Control view's sparkle button). */
export interface CommitMessageRequest {
  /** `git diff --cached`, or `git diff` when nothing is staged. */
  diff: string;
  staged: boolean;
  /** Recent commit messages, newest first: their subjects set the style. */
  recentMessages: readonly string[];
  /** The repository's root on disk (diff paths are relative to it). */
  repositoryRoot?: string;
  /** The exclusion globs in force for the repository's folder (multi-root), on top of gearshift.exclude. */
  exclude?: readonly string[];
  signal?: AbortSignal;
  /** The message so far, cleaned (commit/cleanup.ts), each time more of it arrives. */
  onMessage?: (message: string) => void;
}

export interface CommitMessageResult {
  /** The cleaned message ('' when nothing was sent or nothing came back). */
  message: string;
  /** What the prompt held: files sent, summarised, excluded, left out; `nothing` when there was nothing to send. */
  prompt: CommitPrompt;
  /** The call's outcome (absent when nothing was sent); its error when it failed. */
  outcome?: GatewayOutcome;
}

/** Which conversation (or agent task) a call belongs to, and the prompt-cache plan it is sent with. */
interface CallCache {
  /** The warm-cache store's key: the conversation id, or taskKey(task id). */
  key: string;
  /** Set on the outcome: the chat's conversation id, or the agent task's id. */
  conversationId: string;
  /** Absent when gearshift.cache is "off". */
  plan?: PromptCachePlan;
}

/** A finished routing decision with what happened to it: for "Explain Last Routing Decision". */
export interface DecisionLog {
  time: number;
  task: Task;
  decision: RouteDecision;
  modelName?: string;
  fallbacks: string[];
  error?: string;
  /** Set for an agent step: which task and step (Explain shows them with the task's tier). */
  step?: StepTag;
  /** The chat slash command the message started with. */
  command?: SlashCommand;
}

/**
 * The one road every model call takes: route → try the chain's models in order (skipping unhealthy ones,
 * falling back on failures that are the model's fault, never after text was shown) → price → ledger.
 * Chat text and attachments are checked against the exclusion rules and redacted here, at the last point
 * before anything leaves the machine.
 */
export class Gateway implements ChatBackend {
  private readonly listeners = new Set<(inFlight: number) => void>();
  private inFlight = 0;
  private last: DecisionLog | undefined;
  private readonly redactedMessages = new WeakMap<ChatMessage, ChatMessage>();

  constructor(private readonly deps: GatewayDeps) {}

  /** The last decision (any task) and how it ended. */
  lastDecision(): DecisionLog | undefined {
    return this.last;
  }

  /** Called with the number of requests in flight whenever it changes (the status bar spins while > 0). */
  onActivity(listener: (inFlight: number) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  models(): { name: string; tier: Tier | undefined; model: string; endpoint: string; vision: boolean }[] {
    const s = this.deps.settings();
    return Object.values(s.models).map((m) => ({
      name: m.name,
      model: m.model,
      endpoint: m.endpoint,
      vision: modelTakesImages(m),
      tier: s.tiers.cheap.includes(m.name) ? 'cheap' : s.tiers.frontier.includes(m.name) ? 'frontier' : undefined,
    }));
  }

  retryWithFrontier(conversationId: string): void {
    this.deps.router.retryWithFrontier(conversationId);
  }

  /** A routing decision, remembered for Explain (the completion engine routes here, then walks the chain itself). */
  route(req: RouteRequest): RouteDecision {
    const decision = this.deps.router.decide(req);
    this.last = { time: this.now(), task: req.task, decision, fallbacks: [] };
    return decision;
  }

  /**
   * A chat turn. With tools (VS Code's agent through the language-model API) it is an agent request: routed and
   * recorded as task 'agent', the tools offered to the model and its calls passed back through onToolCall.
   */
  async send(req: ChatSendRequest): Promise<GatewayOutcome> {
    const s = this.deps.settings();
    const attachments = this.allowedAttachments(req.attachments, s.exclude);
    const tools = req.tools?.length ? req.tools : undefined;
    const task: Task = tools ? 'agent' : 'chat';
    const now = this.now();
    const decision = this.deps.router.decide({
      task,
      messages: req.messages,
      attachments: attachments.kept,
      language: req.language,
      filePath: req.filePath,
      conversationId: req.conversationId,
      override: req.override,
      now,
      ...(req.command && { command: req.command }),
    });
    const messages = withAttachments(req.messages, attachments.kept).map(redactMessage);
    const notes = attachments.dropped.map((p) => `${p} is excluded by gearshift.exclude and was not sent`);
    const size = promptTokensOf(req.messages, attachments.kept).total;
    const cache = this.cacheFor(req.conversationId, req.conversationId, decision, now, size);
    const opts = {
      signal: req.signal,
      onRoute: req.onRoute,
      onDelta: req.onDelta,
      onToolCall: req.onToolCall,
      cache,
      command: req.command,
    };
    // gearshift.instructions and the rules files after Gearshift's own prompt: the same bytes every turn while they are
    // unchanged (prompt caches keep hitting); redacted again here, the last point before they leave.
    const instructions = req.instructions?.map((i) => ({ label: i.label, text: redactSecrets(i.text).text }));
    const system = withInstructions(chatSystemPrompt(), instructions);
    const outcome = await this.walk(task, decision, opts, (a) =>
      a.provider.chat({
        model: a.model.model,
        system,
        messages,
        maxTokens: a.model.maxOutputTokens,
        signal: req.signal,
        timeouts: s.timeouts,
        onDelta: a.onDelta,
        ...(cache.plan && { cache: cache.plan }),
        ...(decision.effort && { reasoningEffort: decision.effort }),
        ...(tools && { tools, toolChoice: req.toolChoice, onToolCall: a.onToolCall }),
      }),
    );
    if (notes.length > 0) outcome.notes = notes;
    return outcome;
  }

  /**
   * One step of an agent task along its decision's chain (the same walk, fallback rule, pricing and ledger as
   * chat), recorded as task 'agent' with the step's tag. Every part of every message is redacted before it leaves;
   * a message is redacted once and remembered, so a long task does not redact its whole transcript every step.
   * Never rejects.
   */
  async step(req: StepRequest): Promise<GatewayOutcome> {
    const s = this.deps.settings();
    const messages = this.redacted(req.messages);
    const { signal, onDelta, onToolCall, step, decision } = req;
    const cache = this.cacheFor(taskKey(step.taskId), step.taskId, decision, this.now());
    return this.walk('agent', decision, { signal, onDelta, onToolCall, step, cache }, (a) =>
      a.provider.chat({
        model: a.model.model,
        system: redactSecrets(req.system).text,
        messages,
        maxTokens: a.model.maxOutputTokens,
        signal,
        timeouts: s.timeouts,
        onDelta: a.onDelta,
        ...(cache.plan && { cache: cache.plan }),
        ...(decision.effort && { reasoningEffort: decision.effort }),
        ...(req.tools.length > 0 && { tools: req.tools, toolChoice: req.toolChoice, onToolCall: a.onToolCall }),
      }),
    );
  }

  /**
   * A commit message, routed as task 'commitMessage' (gearshift.routing.commitMessage, cheap by default; rules for
   * that task apply, `paths` matched against the first file sent), streamed, priced and recorded like every call.
   * The prompt is built here, at the last point before anything leaves the machine (commit/prompt.ts): excluded and
   * secret files' diffs are dropped, secrets redacted; built in slices, so a huge diff never stalls the thread. Nothing
   * is sent when nothing is left. Never rejects.
   */
  async commitMessage(req: CommitMessageRequest): Promise<CommitMessageResult> {
    const s = this.deps.settings();
    const prompt = await buildCommitPromptAsync({
      diff: req.diff,
      staged: req.staged,
      recentMessages: req.recentMessages,
      exclude: [...s.exclude, ...(req.exclude ?? [])],
      repositoryRoot: req.repositoryRoot,
      workspaceRoot: this.deps.workspace.root,
    });
    if (prompt.nothing) return { message: '', prompt };
    const messages: ChatMessage[] = [{ role: 'user', content: prompt.user }];
    const decision = this.deps.router.decide({ task: 'commitMessage', messages, filePath: prompt.firstPath, now: this.now() });
    let raw = '';
    const onDelta = (text: string): void => {
      raw += text;
      req.onMessage?.(cleanMessage(raw));
    };
    const outcome = await this.walk('commitMessage', decision, { signal: req.signal, onDelta }, (a) =>
      a.provider.chat({
        model: a.model.model,
        system: prompt.system,
        messages,
        maxTokens: a.model.maxOutputTokens,
        signal: req.signal,
        timeouts: s.timeouts,
        onDelta: a.onDelta,
      }),
    );
    return { message: cleanMessage(outcome.result?.text ?? raw), prompt, outcome };
  }

  /**
   * The prompt-cache plan of a chat turn or agent step (none when gearshift.cache is "off"): its TTL chosen from the
   * conversation's gaps and, for 'auto', how much of the prompt the first model of the chain holds warm
   * (cache/ttl.ts); its key a hash of the conversation or task id (OpenAI's prompt_cache_key).
   */
  private cacheFor(key: string, id: string, decision: RouteDecision, now: number, promptTokens?: number): CallCache {
    const warm = this.deps.router.warm;
    const first = decision.chain[0];
    const cached = (first && warm.warm(key, first.name, now)?.tokens) ?? 0;
    const sizes = promptTokens === undefined ? undefined : { cachedTokens: cached, newTokens: Math.max(1, promptTokens - cached) };
    let plan = cachePlan(this.deps.settings().cache, id, warm.gaps(key, now), sizes);
    if (plan?.ttl === '1h' && first && !this.oneHourPriced(first, now)) plan = { ...plan, ttl: '5m' };
    return { key, conversationId: id, plan };
  }

  /**
   * Whether 1-hour cache writes have a price of their own for this model (the catalog's or gearshift.prices'). Where
   * they do not (the catalog has no 1-hour rate for Bedrock's Claude models), a 1-hour write would be priced as a
   * 5-minute one and the ledger would under-report it: such calls are sent with the 5-minute TTL, so dollars stay exact.
   */
  private oneHourPriced(model: ModelConfig, now: number): boolean {
    const target: PriceTarget = { model: model.model, modelName: model.name, endpoint: model.endpoint };
    const tokens = 10_000;
    const at = new Date(now);
    const oneHour = this.deps.pricing().quote(target, { ...emptyUsage(), cacheWrite1h: tokens }, at);
    const fiveMin = this.deps.pricing().quote(target, { ...emptyUsage(), cacheWrite5m: tokens }, at);
    return oneHour.priced && fiveMin.priced && oneHour.usd !== fiveMin.usd;
  }

  /** A finished call's cache: what its model now holds for the conversation, and the gap since its previous call. */
  private rememberCache(cache: CallCache, outcome: GatewayOutcome, at: number): void {
    const model = outcome.decision.chain.find((m) => m.name === outcome.modelName);
    const result = outcome.result;
    if (!model || !result) return;
    const s = this.deps.settings();
    const endpoint = Object.hasOwn(s.endpoints, model.endpoint) ? s.endpoints[model.endpoint] : undefined;
    const caching = cachingOf(endpoint, { plan: cache.plan, modelId: model.model });
    this.deps.router.warm.record(cache.key, { model, usage: result.usage, caching, at, estimated: result.estimated });
  }

  /**
   * Messages with every secret redacted; each message object is redacted once (the agent loop never changes a message
   * it has appended; chat, whose reply text grows in place, redacts afresh every turn).
   */
  private redacted(messages: ChatMessage[]): ChatMessage[] {
    return messages.map((m) => {
      let r = this.redactedMessages.get(m);
      if (!r) {
        r = redactMessage(m);
        this.redactedMessages.set(m, r);
      }
      return r;
    });
  }

  /**
   * Runs one routed request along the decision's chain (see walkChain); `call` makes a single call to one model.
   * Every call, answered or failed, is recorded. Never rejects: failures come back in GatewayOutcome.error,
   * with any partial text.
   */
  async walk(
    task: Task,
    decision: RouteDecision,
    opts: {
      signal?: AbortSignal;
      onRoute?: (d: RouteDecision) => void;
      onDelta?: (text: string) => void;
      onToolCall?: (call: ToolCall) => void;
      /** An agent step: set on the outcome (and so on the ledger record) of every call made for it. */
      step?: StepTag;
      /** The conversation or task the call belongs to and its cache plan: the warm-cache store learns from the answer. */
      cache?: CallCache;
      /** A chat message's slash command (Explain shows it). */
      command?: SlashCommand;
    },
    call: (target: CallTarget) => Promise<CallResult>,
  ): Promise<GatewayOutcome> {
    const log: DecisionLog = { time: this.now(), task, decision, fallbacks: [] };
    this.last = log;
    opts.onRoute?.(decision);
    const step = opts.step;
    const conversationId = opts.cache?.conversationId;
    if (step) log.step = step;
    if (opts.command) log.command = opts.command;
    if (decision.blocked) {
      log.error = decision.blocked;
      const error = { kind: 'blocked' as const, message: decision.blocked };
      const blocked: GatewayOutcome = { decision, modelName: '', endpoint: '', fallbacks: [], error };
      if (step) blocked.step = step;
      if (conversationId) blocked.conversationId = conversationId;
      return blocked;
    }
    const started = log.time;
    this.setInFlight(+1);
    try {
      const { outcome, latencyMs } = await walkChain({
        decision,
        provider: (name) => this.deps.provider(name),
        call,
        onFailure: (f) => {
          if (step) f.outcome.step = step;
          if (conversationId) f.outcome.conversationId = conversationId;
          this.recordCall(task, f.outcome, f.latencyMs, f.retryAfterMs);
        },
        onDelta: opts.onDelta,
        onToolCall: opts.onToolCall,
        signal: opts.signal,
        health: this.deps.router.health,
        now: () => this.now(),
      });
      if (step) outcome.step = step;
      if (conversationId) outcome.conversationId = conversationId;
      log.modelName = outcome.modelName || undefined;
      log.fallbacks = outcome.fallbacks;
      if (outcome.error) log.error = outcome.error.message;
      else {
        this.recordCall(task, outcome, latencyMs ?? 0);
        if (opts.cache) this.rememberCache(opts.cache, outcome, started);
      }
      return outcome;
    } finally {
      this.setInFlight(-1);
    }
  }

  /**
   * Ends one model call: tells the health tracker how the model did, prices the call, appends its ledger
   * record and sets outcome.costUsd. Every call of every task ends here (the completion engine's too, once the
   * user's verdict on its suggestion is known).
   */
  recordCall(task: Task, outcome: GatewayOutcome, latencyMs: number, retryAfterMs?: number): void {
    const kind = outcome.error?.kind;
    const failure = healthFailure(kind);
    if (kind === undefined) this.deps.router.health.markSuccess(outcome.modelName);
    else if (failure) this.deps.router.health.markFailure(outcome.modelName, failure, retryAfterMs);
    if (outcome.error?.modelNotFound) this.adviseNotFound(outcome);
    outcome.costUsd = this.account(task, outcome, latencyMs);
  }

  private adviseNotFound(outcome: GatewayOutcome): void {
    const model = outcome.decision.chain.find((m) => m.name === outcome.modelName);
    const endpoint = this.deps.settings().endpoints[outcome.endpoint];
    if (model && endpoint) this.deps.onModelAdvice?.(notFoundAdvice(model, endpoint));
  }

  /** Prices the call and appends its ledger record; returns the cost (undefined when unpriced). */
  private account(task: Task, outcome: GatewayOutcome, latencyMs: number): number | undefined {
    const s = this.deps.settings();
    const model = outcome.decision.chain.find((m) => m.name === outcome.modelName);
    const result = outcome.result;
    if (!model || !result) {
      // Nothing was consumed (refused before any token was accepted): still one record, at zero usage.
      this.deps.record(
        recordFromOutcome(outcome, { task, workspace: this.deps.workspace, cost: { costUsd: 0, frontierCostUsd: 0 }, latencyMs }),
      );
      return undefined;
    }
    const target: PriceTarget = { model: model.model, modelName: model.name, endpoint: model.endpoint };
    // The counterfactual is the frontier model this user would actually get, not one without a key.
    const frontierModel = this.deps.router.usableModels('frontier')[0] ?? s.models[s.tiers.frontier[0]];
    const frontier: PriceTarget | undefined = frontierModel
      ? { model: frontierModel.model, modelName: frontierModel.name, endpoint: frontierModel.endpoint }
      : undefined;
    const cost = costOfCall(this.deps.pricing(), target, result, { frontier });
    this.deps.record(recordFromOutcome(outcome, { task, workspace: this.deps.workspace, cost, latencyMs }));
    return cost.costUsd;
  }

  /** Attachments that may be sent (their secrets are redacted with the messages they are placed in). */
  private allowedAttachments(attachments: Attachment[], exclude: string[]): { kept: Attachment[]; dropped: string[] } {
    const kept: Attachment[] = [];
    const dropped: string[] = [];
    for (const a of attachments) {
      if (isExcluded(a.path, exclude, this.deps.workspace.root)) dropped.push(a.path);
      else kept.push(a);
    }
    return { kept, dropped };
  }

  private setInFlight(delta: number): void {
    this.inFlight += delta;
    for (const l of this.listeners) l(this.inFlight);
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }
}

/**
 * A message with every part that leaves the machine redacted: its text, its tool calls' arguments (a model may echo a
 * secret) and its tool results' text (unless the agent loop already sealed them: privacy/redacted.ts). Images pass as
 * they are.
 */
function redactMessage(m: ChatMessage): ChatMessage {
  const out: ChatMessage = { role: m.role, content: redactSecrets(m.content).text };
  if (m.toolCalls) out.toolCalls = m.toolCalls.map((c) => ({ ...c, arguments: redactSecrets(c.arguments).text }));
  if (m.toolResults) out.toolResults = m.toolResults.map((r) => (isRedacted(r) ? r : { ...r, content: redactSecrets(r.content).text }));
  if (m.images) out.images = m.images;
  return out;
}
