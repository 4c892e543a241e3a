import { isProviderError } from '../providers/errors';
import type { Provider, Timeouts } from '../providers/provider';
import { countTokens } from '../tokens';
import { emptyUsage, type CallResult, type ModelConfig, type RouteDecision, type RouteRequest, type Usage } from '../types';
import { LruCache } from '../lru';
import { parseHoleAnswer } from './chatPrompt';
import { ContextBuilder } from './context';
import { fitCompletion } from './postprocess';
import { prepareCall, type PreparedCall } from './request';
import type { CompletionContext, CompletionOutcome, CompletionStatus, ContextBudget, CursorDocument, DocumentSnapshot } from './types';

/** Time source and timers, injectable so tests control them. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

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
  /** The router: a decision for { task: 'completion', language, filePath } whose chain is tried in order. */
  route(req: RouteRequest): RouteDecision | Promise<RouteDecision>;
  /** The provider serving a model (undefined when its endpoint is not configured). */
  provider(model: ModelConfig): Provider | undefined | Promise<Provider | undefined>;
  /** Ledger recorder: called once per model request with its final status and usage. */
  record(outcome: CompletionOutcome): void;
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
}

export interface Suggestion {
  /** Pass to accept() when the user takes it. */
  id: string;
  text: string;
  /** The text retypes the rest of the cursor line: insert it over the line's remainder. */
  replacesLineSuffix: boolean;
  modelName: string;
  source: 'model' | 'cache' | 'typedAhead';
}

export interface EngineStats {
  requests: number;
  cacheHits: number;
  typedAhead: number;
  accepted: number;
  cancelled: number;
  errors: number;
}

/** Characters compared around the cursor to decide that a request continues the previous one. */
const ANCHOR = 256;

interface Flight {
  path: string;
  offset: number;
  before: string;
  after: string;
  controller: AbortController;
  promise: Promise<Suggestion | undefined>;
  suggestion?: Suggestion;
  /** The debounce is over: the request went (or goes) to a model. */
  sent: boolean;
  done: boolean;
  waiters: number;
  graceTimer?: unknown;
}

interface Pending {
  outcome: CompletionOutcome;
  timer: unknown;
}

class Superseded extends Error {}

/**
 * Inline completion: context → prompt → model → fitted suggestion, with debounce, cancellation of superseded
 * requests at the HTTP level, an LRU cache keyed on the exact prompt, reuse of a suggestion the user types
 * into, fallback along the route's chain, and one ledger record per model request.
 *
 * Debounce: 75 ms, raised during a fast typing burst to just over the user's median keystroke interval (at most
 * 200 ms), because a request sent mid-burst is almost always superseded by the next key; slow typists keep
 * 75 ms. Explicit requests skip it.
 */
export class CompletionEngine {
  private opts: EngineOptions;
  private readonly clock: Clock;
  private readonly contexts = new ContextBuilder();
  private readonly cache: LruCache<{ text: string; replacesLineSuffix: boolean; modelName: string }>;
  private readonly pending = new Map<string, Pending>();
  private readonly keyTimes: number[] = [];
  private flight?: Flight;
  private nextId = 1;
  private disposed = false;
  readonly stats: EngineStats = { requests: 0, cacheHits: 0, typedAhead: 0, accepted: 0, cancelled: 0, errors: 0 };

  constructor(private readonly deps: CompletionEngineDeps) {
    this.opts = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
    this.clock = deps.clock ?? systemClock;
    this.cache = new LruCache(this.opts.cacheEntries);
  }

  /** New debounce / token / timeout settings take effect from the next request (the cache is kept). */
  updateOptions(options: Partial<Omit<EngineOptions, 'cacheEntries'>>): void {
    this.opts = { ...this.opts, ...options };
  }

  /** A suggestion for the cursor, or undefined. Never throws: failures are logged and recorded. */
  async complete(input: CompletionInput): Promise<Suggestion | undefined> {
    if (this.disposed) return undefined;
    try {
      return await this.completeInner(input);
    } catch (e) {
      if (!(e instanceof Superseded)) this.deps.log?.(`completion failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** The user accepted a suggestion (the inline item's command). */
  accept(id: string): void {
    this.settle(id, 'accepted');
  }

  /** The debounce the next automatic request would wait (ms). */
  currentDebounceMs(): number {
    const gaps: number[] = [];
    for (let i = 1; i < this.keyTimes.length; i++) {
      const gap = this.keyTimes[i] - this.keyTimes[i - 1];
      if (gap < 1000) gaps.push(gap);
    }
    if (gaps.length < 3) return this.opts.debounceMs;
    gaps.sort((a, b) => a - b);
    const median = gaps[gaps.length >> 1];
    if (median >= this.opts.maxDebounceMs) return this.opts.debounceMs;
    return Math.max(this.opts.debounceMs, Math.min(this.opts.maxDebounceMs, Math.round(median * 1.1)));
  }

  /** Aborts what is in flight and records every shown suggestion still waiting for a verdict as rejected. */
  dispose(): void {
    this.disposed = true;
    this.flight?.controller.abort();
    for (const id of [...this.pending.keys()]) this.settle(id, 'rejected');
  }

  private async completeInner(input: CompletionInput): Promise<Suggestion | undefined> {
    const { document: doc } = input;
    const now = this.clock.now();
    this.keyTimes.push(now);
    if (this.keyTimes.length > 9) this.keyTimes.shift();

    const reused = this.adopt(input);
    if (reused) return reused;

    const offset = Math.max(0, Math.min(doc.offset, doc.text.length));
    const controller = new AbortController();
    const flight: Flight = {
      path: doc.path,
      offset,
      before: doc.text.slice(Math.max(0, offset - ANCHOR), offset),
      after: doc.text.slice(offset, offset + ANCHOR),
      controller,
      promise: Promise.resolve(undefined),
      sent: false,
      done: false,
      waiters: 0,
    };
    this.flight = flight;
    flight.promise = this.run(input, flight).then(
      (s) => {
        flight.suggestion = s;
        flight.done = true;
        return s;
      },
      (e: unknown) => {
        flight.done = true;
        throw e;
      },
    );
    // Callers may all have gone (cancelled) when it settles: a rejection then has no one to reach.
    flight.promise.catch(() => undefined);
    return this.wait(flight, input.signal);
  }

  /**
   * Reuses the previous request when this one continues it: same file, the text around the old cursor
   * unchanged, and the characters typed since are the start of its suggestion (awaited if already sent).
   * Otherwise the previous request is aborted (one still in its debounce costs nothing) and its shown
   * suggestion, if any, recorded: accepted when the user typed all of it, rejected otherwise.
   */
  private adopt(input: CompletionInput): Promise<Suggestion | undefined> | undefined {
    const prev = this.flight;
    if (!prev) return undefined;
    const { text, path } = input.document;
    const offset = Math.max(0, Math.min(input.document.offset, text.length));
    const continues =
      prev.path === path &&
      offset >= prev.offset &&
      text.slice(Math.max(0, prev.offset - ANCHOR), prev.offset) === prev.before &&
      text.slice(offset, offset + ANCHOR) === prev.after;
    const typed = continues ? text.slice(prev.offset, offset) : undefined;
    // A request already aborted (the editor cancelled its caller and the grace ran out before this call arrived,
    // as on a loaded machine) is still settling, with nothing to give: ask again instead of waiting for it.
    const live = prev.sent && !prev.done && !prev.controller.signal.aborted;
    if (typed !== undefined && (live || (prev.suggestion && prev.suggestion.text.startsWith(typed) && prev.suggestion.text.length > typed.length))) {
      const waited = this.wait(prev, input.signal);
      return waited.then((s) => {
        if (s && s.text.startsWith(typed) && s.text.length > typed.length) {
          if (typed) this.stats.typedAhead++;
          return { ...s, text: s.text.slice(typed.length), source: typed ? 'typedAhead' : s.source };
        }
        // The prediction diverged from what was typed: ask again for this position.
        if (this.flight !== prev || input.signal?.aborted) return undefined;
        this.supersede(prev, typed);
        this.flight = undefined;
        return this.completeInner(input);
      });
    }
    this.supersede(prev, typed);
    return undefined;
  }

  private supersede(prev: Flight, typed: string | undefined): void {
    if (!prev.done) prev.controller.abort();
    if (prev.suggestion) this.settle(prev.suggestion.id, typed === prev.suggestion.text ? 'accepted' : 'rejected');
  }

  /** Waits for a flight on behalf of one caller; the HTTP request is aborted once no caller is left. */
  private wait(flight: Flight, signal: AbortSignal | undefined): Promise<Suggestion | undefined> {
    flight.waiters++;
    if (flight.graceTimer !== undefined) {
      this.clock.clearTimeout(flight.graceTimer);
      flight.graceTimer = undefined;
    }
    if (!signal) return flight.promise;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        flight.waiters--;
        if (flight.waiters <= 0 && !flight.done) {
          flight.graceTimer = this.clock.setTimeout(() => {
            if (flight.waiters <= 0) flight.controller.abort();
          }, this.opts.cancelGraceMs);
        }
        resolve(undefined);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (s) => {
          signal.removeEventListener('abort', onAbort);
          resolve(s);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private async run(input: CompletionInput, flight: Flight): Promise<Suggestion | undefined> {
    const { signal } = flight.controller;
    const ctx = this.contexts.build(input.document, input.others ?? [], { exclude: input.exclude, workspaceRoot: input.workspaceRoot, budget: this.opts.budget });
    if (!ctx) return undefined;
    const decision = await this.deps.route({ task: 'completion', language: ctx.languageId, filePath: ctx.path });
    if (decision.blocked || !decision.chain.length) {
      if (decision.blocked) this.deps.log?.(`completion blocked: ${decision.blocked}`);
      return undefined;
    }

    const first = await this.prepare(decision.chain[0], ctx);
    if (first) {
      const hit = this.cache.get(first.call.key);
      if (hit) {
        this.stats.cacheHits++;
        return hit.text ? { id: this.newId(), ...hit, source: 'cache' } : undefined;
      }
    }
    if (!input.explicit) await this.sleep(this.currentDebounceMs(), signal);
    flight.sent = true;

    const fallbacks: string[] = [];
    for (let i = 0; i < decision.chain.length; i++) {
      if (signal.aborted) throw new Superseded();
      const model = decision.chain[i];
      const prepared = i === 0 ? first : await this.prepare(model, ctx);
      if (!prepared) {
        fallbacks.push(`${model.name}: endpoint '${model.endpoint}' is not configured`);
        continue;
      }
      const attempt = await this.attempt(prepared.provider, prepared.call, model, ctx, signal);
      const base = { decision, modelName: model.name, endpoint: model.endpoint, fallbacks: [...fallbacks] };
      if (attempt.status === 'cancelled') {
        this.stats.cancelled++;
        this.deps.record(this.outcome(base, attempt, 'cancelled'));
        throw new Superseded();
      }
      if (attempt.status === 'error') {
        this.stats.errors++;
        this.deps.record(this.outcome(base, attempt, 'error'));
        const next = decision.chain[i + 1];
        fallbacks.push(`${model.name} ${attempt.error?.kind ?? 'failed'}${next ? ` → ${next.name}` : ''}`);
        continue;
      }
      const fitted = fitCompletion(
        prepared.call.kind === 'chat' ? parseHoleAnswer(attempt.result.text, ctx) : attempt.result.text,
        ctx,
        prepared.call.kind === 'chat',
      );
      this.cache.set(prepared.call.key, { ...fitted, modelName: model.name });
      if (!fitted.text) {
        this.deps.record(this.outcome(base, attempt, 'empty'));
        return undefined;
      }
      const suggestion: Suggestion = { id: this.newId(), ...fitted, modelName: model.name, source: 'model' };
      this.hold(suggestion.id, this.outcome(base, attempt, 'rejected'));
      return suggestion;
    }
    return undefined;
  }

  private async prepare(model: ModelConfig, ctx: CompletionContext): Promise<{ provider: Provider; call: PreparedCall } | undefined> {
    const provider = await this.deps.provider(model);
    return provider ? { provider, call: prepareCall(model, provider.supportsFim, ctx, this.opts.maxTokens) } : undefined;
  }

  /**
   * Sends one request. Generation is cut short (and its text kept) once a single-line answer has its line or a
   * block answer runs past its bound; maxTokens and the timeouts cap the rest.
   */
  private async attempt(provider: Provider, call: PreparedCall, model: ModelConfig, ctx: CompletionContext, signal: AbortSignal): Promise<Attempt> {
    this.stats.requests++;
    const started = this.clock.now();
    const own = new AbortController();
    const onOuter = (): void => own.abort();
    signal.addEventListener('abort', onOuter, { once: true });
    let received = '';
    let enough = false;
    const lineLimit = ctx.mode === 'single' ? 1 : ctx.maxLines + 1;
    const onDelta = (d: string): void => {
      received += d;
      if (!enough && call.kind === 'complete' && runaway(received, lineLimit)) {
        enough = true;
        own.abort();
      }
    };
    const common = { signal: own.signal, timeouts: this.opts.timeouts, onDelta };
    try {
      const result = call.kind === 'complete' ? await provider.complete({ ...call.request, ...common }) : await provider.chat({ ...call.request, ...common });
      return { status: 'ok', result, latencyMs: this.clock.now() - started };
    } catch (e) {
      const latencyMs = this.clock.now() - started;
      const partial = isProviderError(e) ? (e.partialText ?? received) : received;
      // A provider error without usage or text was refused before the reply began: nothing was consumed (the
      // gateway records such calls at zero too). Otherwise the provider's usage, or an estimate of what was sent.
      const usage =
        isProviderError(e) && e.usage
          ? { usage: e.usage, estimated: e.estimated ?? true }
          : isProviderError(e) && !partial
            ? { usage: emptyUsage(), estimated: false }
            : estimate(call.promptText, partial);
      const result: CallResult = { text: partial, ...usage, totalMs: latencyMs };
      if (enough && !signal.aborted) return { status: 'ok', result, latencyMs };
      // Recorded with the kind the gateway and the ledger know: outcome 'cancelled', and no health verdict.
      if (signal.aborted) return { status: 'cancelled', result, latencyMs, error: { kind: 'cancelled', message: 'superseded or cancelled by the editor' } };
      const kind = isProviderError(e) ? e.kind : 'unknown';
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log?.(`completion: ${model.name} failed (${kind}): ${message}`);
      return { status: 'error', result, latencyMs, error: { kind, message } };
    } finally {
      signal.removeEventListener('abort', onOuter);
    }
  }

  private outcome(base: Pick<CompletionOutcome, 'decision' | 'modelName' | 'endpoint' | 'fallbacks'>, a: Attempt, status: CompletionStatus): CompletionOutcome {
    return {
      ...base,
      task: 'completion',
      status,
      result: a.result,
      usage: a.result.usage,
      estimated: a.result.estimated,
      latencyMs: a.latencyMs,
      ...(a.error && { error: a.error }),
    };
  }

  /** Keeps a shown suggestion's outcome until it is accepted, replaced, or `settleMs` pass. */
  private hold(id: string, outcome: CompletionOutcome): void {
    const timer = this.clock.setTimeout(() => this.settle(id, 'rejected'), this.opts.settleMs);
    // A verdict still pending must not keep a CLI or test process alive.
    (timer as { unref?: () => void }).unref?.();
    this.pending.set(id, { outcome, timer });
  }

  private settle(id: string, status: CompletionStatus): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.clock.clearTimeout(p.timer);
    if (status === 'accepted') this.stats.accepted++;
    this.deps.record({ ...p.outcome, status });
  }

  private newId(): string {
    return `c${this.nextId++}`;
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0) return signal.aborted ? Promise.reject(new Superseded()) : Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.clock.clearTimeout(timer);
        reject(new Superseded());
      };
      const timer = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

interface Attempt {
  status: 'ok' | 'cancelled' | 'error';
  result: CallResult;
  latencyMs: number;
  error?: { kind: string; message: string };
}

/** True once streamed text holds more lines than wanted (a finished single line counts once it has content). */
function runaway(text: string, lineLimit: number): boolean {
  let lines = 0;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (content || lineLimit > 1) lines++;
      if (lines >= lineLimit && content) return true;
    } else if (c !== 32 && c !== 9) content = true;
  }
  return false;
}

function estimate(promptText: string, output: string): { usage: Usage; estimated: boolean } {
  return { usage: { ...emptyUsage(), input: countTokens(promptText), output: countTokens(output) }, estimated: true };
}
