import { walkChain } from '../gateway/chain';
import type { Provider, Timeouts } from '../providers/provider';
import { HealthTracker } from '../router/health';
import { emptyUsage, type GatewayOutcome, type RouteDecision, type RouteRequest } from '../types';
import { LruCache } from '../lru';
import { parseHoleAnswer } from './chatPrompt';
import { sleep, systemClock, type Clock } from './clock';
import { CONTEXT_DEADLINE_MS, ContextBuilder } from './context';
import type { LanguageFeatures } from './languageFeatures';
import type { RecentActivitySnapshot } from './sources/recentActivity';
import type { ContextReport } from './sources/types';
import { callForCompletion } from './modelCall';
import { fitCompletion } from './postprocess';
import { prepareCall, type PreparedCall } from './request';
import { InFlightRequest, servedText, type Continuation, type Suggestion } from './requestReuse';
import { TypingRhythm } from './typingRhythm';
import type { CompletionOutcome, CompletionStatus, ContextBudget, CursorDocument, DocumentSnapshot } from './types';
import { SuggestionVerdicts } from './verdicts';

export { systemClock, type Clock } from './clock';
export type { Suggestion } from './requestReuse';

export interface EngineOptions {
  /** Wait after a keystroke before sending (ms). Raised toward the user's typing rhythm during a burst. */
  debounceMs: number;
  /** Longest debounce a fast typing burst can cause (ms). */
  maxDebounceMs: number;
  /** How long an in-flight request survives after its caller was cancelled, waiting to be adopted (ms). */
  cancelGraceMs: number;
  /** A shown suggestion neither accepted nor replaced within this time is recorded as rejected (ms). */
  settleMs: number;
  cacheEntries: number;
  timeouts: Timeouts;
  /** Cap on a completion's output tokens (gearshift.completion.maxTokens); the mode's own bound applies below it. */
  maxTokens?: number;
  budget?: ContextBudget;
  /**
   * Longest wait for language-feature context (definitions, outlines) per request (ms). Default: the debounce for a
   * typed request (the wait overlaps it), CONTEXT_DEADLINE_MS for an explicit one.
   */
  contextDeadlineMs?: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  debounceMs: 75,
  maxDebounceMs: 200,
  cancelGraceMs: 60,
  settleMs: 20_000,
  cacheEntries: 500,
  timeouts: { connectMs: 5000, firstTokenMs: 6000, idleMs: 2000, totalMs: 8000 },
};

export interface CompletionEngineDeps {
  /** The router: a decision for { task: 'completion', language, filePath } whose chain is walked in order. */
  route(req: RouteRequest): RouteDecision | Promise<RouteDecision>;
  /** The provider of a configured endpoint (undefined when it is not configured). */
  provider(endpointName: string): Provider | undefined;
  /** Ledger recorder: called once per model call with its final status and usage. */
  record(outcome: CompletionOutcome): void;
  /** Model health, for the fallback notes (the router's tracker in the product). */
  health?: HealthTracker;
  clock?: Clock;
  options?: Partial<EngineOptions>;
  /** Diagnostics (never receives prompt text). */
  log?: (message: string) => void;
}

/** One completion request from the editor. */
export interface CompletionInput {
  document: CursorDocument;
  /** Other open documents (any language: only the same language is used; excluded files are dropped). */
  others?: readonly DocumentSnapshot[];
  /** `gearshift.exclude` globs. */
  exclude?: readonly string[];
  workspaceRoot?: string;
  /** The editor's cancellation (VS Code CancellationToken mapped to an AbortSignal). */
  signal?: AbortSignal;
  /** True when the user asked for a suggestion explicitly: no debounce. */
  explicit?: boolean;
  /**
   * The document holds the suggest widget's selected item, not yet accepted (selectedItem.ts): the item covering a
   * suggestion is not the user typing it, so it is no verdict of acceptance.
   */
  selectedItem?: boolean;
  /** Definitions, type definitions, outlines and file texts for the context (the editor's language services). */
  features?: LanguageFeatures;
  /** Recently edited and viewed ranges across files. */
  activity?: RecentActivitySnapshot;
}

export interface EngineStats {
  requests: number;
  cacheHits: number;
  typedAhead: number;
  accepted: number;
  cancelled: number;
  errors: number;
}

interface Fitted {
  text: string;
  replacesLineSuffix: boolean;
  modelName: string;
}

class Superseded extends Error {}

/**
 * Inline completion: context → prompt → the route's chain (walked as every task walks it) → fitted suggestion.
 * Its parts: the typing rhythm sets the debounce; request reuse lets a request that continues the previous one
 * share it (typed-ahead suggestions, no new HTTP request); an LRU cache keyed on the exact prompt; one model call
 * at a time with a runaway cut; suggestion verdicts record each shown suggestion as accepted or rejected.
 * Superseded requests are aborted at the HTTP level.
 */
export class CompletionEngine {
  private opts: EngineOptions;
  private readonly clock: Clock;
  private readonly health: HealthTracker;
  private readonly contexts: ContextBuilder;
  private lastReport?: ContextReport;
  private readonly cache: LruCache<Fitted>;
  private readonly rhythm = new TypingRhythm();
  private readonly verdicts: SuggestionVerdicts;
  private latest?: InFlightRequest;
  private nextId = 1;
  private disposed = false;
  private readonly counts = { requests: 0, cacheHits: 0, typedAhead: 0, cancelled: 0, errors: 0 };

  constructor(private readonly deps: CompletionEngineDeps) {
    this.opts = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
    this.clock = deps.clock ?? systemClock;
    this.contexts = new ContextBuilder(this.clock);
    this.health = deps.health ?? new HealthTracker();
    this.cache = new LruCache(this.opts.cacheEntries);
    this.verdicts = new SuggestionVerdicts(
      this.clock,
      () => this.opts.settleMs,
      (o) => this.deps.record(o),
    );
  }

  get stats(): EngineStats {
    return { ...this.counts, accepted: this.verdicts.accepted };
  }

  /** New debounce / token / timeout settings take effect from the next request (the cache is kept). */
  updateOptions(options: Partial<Omit<EngineOptions, 'cacheEntries'>>): void {
    this.opts = { ...this.opts, ...options };
  }

  /** The user typed (a document change in an editor): the typing rhythm is measured from these. */
  noteKeystroke(time = this.clock.now()): void {
    this.rhythm.noteKeystroke(time);
  }

  /** A suggestion for the cursor, or undefined. Never throws: failures are logged and recorded. */
  async complete(input: CompletionInput): Promise<Suggestion | undefined> {
    if (this.disposed) return undefined;
    try {
      return await this.request(input);
    } catch (e) {
      if (!(e instanceof Superseded)) this.deps.log?.(`completion failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** What went into the last completion's context: its sources and their token counts (for Explain). */
  lastContext(): ContextReport | undefined {
    return this.lastReport;
  }

  /** The user accepted a suggestion (the inline item's command). */
  accept(id: string): void {
    this.verdicts.give(id, 'accepted');
  }

  /** The debounce the next automatic request would wait (ms). */
  currentDebounceMs(): number {
    return this.rhythm.debounceMs(this.opts.debounceMs, this.opts.maxDebounceMs);
  }

  /** Aborts what is in flight and records every shown suggestion still waiting for a verdict as rejected. */
  dispose(): void {
    this.disposed = true;
    this.latest?.controller.abort();
    this.verdicts.rejectAll();
  }

  private async request(input: CompletionInput): Promise<Suggestion | undefined> {
    const reused = this.reuse(input);
    if (reused) return reused;
    const doc = input.document;
    const req = new InFlightRequest(doc.path, Math.max(0, Math.min(doc.offset, doc.text.length)), doc.text);
    this.latest = req;
    req.start(this.fetchSuggestion(input, req));
    return req.wait(input.signal, this.clock, this.opts.cancelGraceMs);
  }

  /**
   * Shares the previous request when this one continues it and its answer can still serve (typed-ahead).
   * Otherwise the previous request is aborted (one still in its debounce costs nothing) and its shown
   * suggestion, if any, gets its verdict: accepted when the user typed all of it, rejected otherwise.
   */
  private reuse(input: CompletionInput): Promise<Suggestion | undefined> | undefined {
    const prev = this.latest;
    if (!prev) return undefined;
    const c = prev.continuationOf(input.document);
    if (!prev.canServe(c)) {
      this.supersede(prev, c, input);
      return undefined;
    }
    return prev.wait(input.signal, this.clock, this.opts.cancelGraceMs).then((s) => {
      const text = s && servedText(s.text, c);
      if (s && text !== undefined) {
        const moved = !!(c.typed || c.removed);
        if (moved) this.counts.typedAhead++;
        return { ...s, text, source: moved ? 'typedAhead' : s.source };
      }
      // The prediction diverged from what was typed: ask again for this position.
      if (this.latest !== prev || input.signal?.aborted) return undefined;
      this.supersede(prev, c, input);
      this.latest = undefined;
      return this.request(input);
    });
  }

  private supersede(prev: InFlightRequest, c: Continuation | undefined, input: CompletionInput): void {
    if (!prev.done) prev.controller.abort();
    const s = prev.suggestion;
    if (!s) return;
    const typedAll = !!c && !c.removed && c.typed === s.text && !input.selectedItem;
    this.verdicts.give(s.id, typedAll ? 'accepted' : 'rejected');
  }

  private async fetchSuggestion(input: CompletionInput, req: InFlightRequest): Promise<Suggestion | undefined> {
    const { signal } = req.controller;
    const started = this.clock.now();
    const gathered = await this.contexts.gather(input.document, input.others ?? [], {
      exclude: input.exclude,
      workspaceRoot: input.workspaceRoot,
      budget: this.opts.budget,
      features: input.features,
      activity: input.activity,
      // A typed request may wait for the language features as long as its debounce, which it spends anyway.
      deadlineMs:
        this.opts.contextDeadlineMs ?? (input.explicit ? CONTEXT_DEADLINE_MS : Math.max(CONTEXT_DEADLINE_MS, this.currentDebounceMs())),
    });
    if (!gathered) return undefined;
    if (signal.aborted) throw new Superseded();
    this.lastReport = gathered.report;
    const ctx = gathered.context;
    const decision = await this.deps.route({ task: 'completion', language: ctx.languageId, filePath: ctx.path });
    if (decision.blocked || !decision.chain.length) {
      if (decision.blocked) this.deps.log?.(`completion blocked: ${decision.blocked}`);
      return undefined;
    }
    const calls = new Map<string, PreparedCall>();
    const prepared = (modelName: string, provider: Provider): PreparedCall => {
      let call = calls.get(modelName);
      if (!call) {
        call = prepareCall(
          decision.chain.find((m) => m.name === modelName)!,
          provider.supportsFim,
          ctx,
          this.opts.maxTokens,
        );
        calls.set(modelName, call);
      }
      return call;
    };
    const firstProvider = this.deps.provider(decision.chain[0].endpoint);
    const firstKey = firstProvider ? prepared(decision.chain[0].name, firstProvider).key : undefined;
    const hit = firstKey ? this.cache.get(firstKey) : undefined;
    if (hit) {
      this.counts.cacheHits++;
      return hit.text ? { id: this.newId(), ...hit, source: 'cache' } : undefined;
    }
    // Waiting for the context's sources counts toward the debounce.
    const debounce = input.explicit ? 0 : this.currentDebounceMs() - (this.clock.now() - started);
    if (debounce > 0) await sleep(this.clock, debounce, signal, () => new Superseded());
    req.sent = true;

    const { outcome, latencyMs } = await walkChain({
      decision,
      provider: (name) => this.deps.provider(name),
      call: (target) => {
        this.counts.requests++;
        return callForCompletion(target.provider, prepared(target.model.name, target.provider), ctx, {
          signal,
          timeouts: this.opts.timeouts,
          now: () => this.clock.now(),
        });
      },
      onFailure: (f) => {
        const cancelled = f.outcome.error.kind === 'cancelled';
        if (cancelled) this.counts.cancelled++;
        else {
          this.counts.errors++;
          this.deps.log?.(`completion: ${f.outcome.modelName} failed (${f.outcome.error.kind}): ${f.outcome.error.message}`);
        }
        this.deps.record(completionOutcome(f.outcome, f.latencyMs, cancelled ? 'cancelled' : 'error', ctx.languageId));
      },
      signal,
      health: this.health,
      now: () => this.clock.now(),
    });
    if (outcome.error) {
      if (outcome.error.kind === 'cancelled' || signal.aborted) throw new Superseded();
      return undefined;
    }
    const call = calls.get(outcome.modelName)!;
    const raw = outcome.result!.text;
    const fitted = fitCompletion(call.kind === 'chat' ? parseHoleAnswer(raw, ctx) : raw, ctx, call.kind === 'chat');
    this.cache.set(call.key, { ...fitted, modelName: outcome.modelName });
    if (!fitted.text) {
      this.deps.record(completionOutcome(outcome, latencyMs ?? 0, 'empty', ctx.languageId));
      return undefined;
    }
    const suggestion: Suggestion = { id: this.newId(), ...fitted, modelName: outcome.modelName, source: 'model' };
    this.verdicts.await(suggestion.id, completionOutcome(outcome, latencyMs ?? 0, 'rejected', ctx.languageId));
    return suggestion;
  }

  private newId(): string {
    return `c${this.nextId++}`;
  }
}

/** The ledger's view of one completion call. */
function completionOutcome(o: GatewayOutcome, latencyMs: number, status: CompletionStatus, language: string): CompletionOutcome {
  const result = o.result ?? { text: '', usage: emptyUsage(), estimated: false, totalMs: latencyMs };
  return {
    ...o,
    language,
    fallbacks: [...o.fallbacks],
    task: 'completion',
    status,
    result,
    usage: result.usage,
    estimated: result.estimated,
    latencyMs,
  };
}
