import { costOfCall } from '../cost/callCost';
import type { Pricing, PriceTarget } from '../cost/pricing';
import { recordFromOutcome, type LedgerRecord } from '../cost/record';
import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import type { Provider } from '../providers';
import type { Router } from '../router/router';
import type { ResolvedSettings } from '../settings/model';
import type {
  Attachment, CallResult, ChatBackend, ChatMessage, ChatSendRequest, GatewayOutcome, RouteDecision, RouteRequest, Task, Tier,
} from '../types';
import { walkChain, type CallTarget } from './chain';
import { healthFailure } from './outcome';
import { chatSystemPrompt, withAttachments } from './prompt';

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
}

/** A finished routing decision with what happened to it: for "Explain Last Routing Decision". */
export interface DecisionLog {
  time: number;
  task: Task;
  decision: RouteDecision;
  modelName?: string;
  fallbacks: string[];
  error?: string;
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

  models(): { name: string; tier: Tier | undefined; model: string; endpoint: string }[] {
    const s = this.deps.settings();
    return Object.values(s.models).map((m) => ({
      name: m.name,
      model: m.model,
      endpoint: m.endpoint,
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

  async send(req: ChatSendRequest): Promise<GatewayOutcome> {
    const s = this.deps.settings();
    const attachments = this.allowedAttachments(req.attachments, s.exclude);
    const decision = this.deps.router.decide({
      task: 'chat', messages: req.messages, attachments: attachments.kept, language: req.language, filePath: req.filePath,
      conversationId: req.conversationId, override: req.override,
    });
    const messages = redactMessages(withAttachments(req.messages, attachments.kept));
    const notes = attachments.dropped.map((p) => `${p} is excluded by gearshift.exclude and was not sent`);
    const outcome = await this.walk('chat', decision, { signal: req.signal, onRoute: req.onRoute, onDelta: req.onDelta }, (a) => a.provider.chat({
      model: a.model.model,
      system: chatSystemPrompt(),
      messages,
      maxTokens: a.model.maxOutputTokens,
      signal: req.signal,
      timeouts: s.timeouts,
      onDelta: a.onDelta,
    }));
    if (notes.length > 0) outcome.notes = notes;
    return outcome;
  }

  /**
   * Runs one routed request along the decision's chain (see walkChain); `call` makes a single call to one model.
   * Every call, answered or failed, is recorded. Never rejects: failures come back in GatewayOutcome.error,
   * with any partial text.
   */
  async walk(
    task: Task,
    decision: RouteDecision,
    opts: { signal?: AbortSignal; onRoute?: (d: RouteDecision) => void; onDelta?: (text: string) => void },
    call: (target: CallTarget) => Promise<CallResult>,
  ): Promise<GatewayOutcome> {
    const log: DecisionLog = { time: this.now(), task, decision, fallbacks: [] };
    this.last = log;
    opts.onRoute?.(decision);
    if (decision.blocked) {
      log.error = decision.blocked;
      return { decision, modelName: '', endpoint: '', fallbacks: [], error: { kind: 'blocked', message: decision.blocked } };
    }
    this.setInFlight(+1);
    try {
      const { outcome, latencyMs } = await walkChain({
        decision,
        provider: (name) => this.deps.provider(name),
        call,
        onFailure: (f) => this.recordCall(task, f.outcome, f.latencyMs, f.retryAfterMs),
        onDelta: opts.onDelta,
        signal: opts.signal,
        health: this.deps.router.health,
        now: () => this.now(),
      });
      log.modelName = outcome.modelName || undefined;
      log.fallbacks = outcome.fallbacks;
      if (outcome.error) log.error = outcome.error.message;
      else this.recordCall(task, outcome, latencyMs ?? 0);
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
    outcome.costUsd = this.account(task, outcome, latencyMs);
  }

  /** Prices the call and appends its ledger record; returns the cost (undefined when unpriced). */
  private account(task: Task, outcome: GatewayOutcome, latencyMs: number): number | undefined {
    const s = this.deps.settings();
    const model = outcome.decision.chain.find((m) => m.name === outcome.modelName);
    const result = outcome.result;
    if (!model || !result) {
      // Nothing was consumed (refused before any token was accepted): still one record, at zero usage.
      this.deps.record(recordFromOutcome(outcome, { task, workspace: this.deps.workspace, cost: { costUsd: 0, frontierCostUsd: 0 }, latencyMs }));
      return undefined;
    }
    const target: PriceTarget = { model: model.model, modelName: model.name, endpoint: model.endpoint };
    // The counterfactual is the frontier model this user would actually get, not one without a key.
    const frontierModel = this.deps.router.usableModels('frontier')[0] ?? s.models[s.tiers.frontier[0]];
    const frontier: PriceTarget | undefined = frontierModel ? { model: frontierModel.model, modelName: frontierModel.name, endpoint: frontierModel.endpoint } : undefined;
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

function redactMessages(messages: ChatMessage[]): ChatMessage[] {
  return messages.map((m) => ({ role: m.role, content: redactSecrets(m.content).text }));
}
