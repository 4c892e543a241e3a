import type { ModelConfig } from '../types';

/** Failures that say something about a model's availability (a bad request does not). */
export type HealthFailure = 'auth' | 'rateLimited' | 'unavailable' | 'network';

const BASE_COOLDOWN_MS: Record<HealthFailure, number> = {
  auth: 10 * 60_000, // a rejected key will not fix itself; markSuccess or reset() after the key changes
  rateLimited: 30_000,
  unavailable: 20_000,
  network: 15_000,
};
const MAX_COOLDOWN_MS = 5 * 60_000;
const PHRASE: Record<HealthFailure, string> = {
  auth: 'key rejected',
  rateLimited: 'rate-limited',
  unavailable: 'unavailable',
  network: 'unreachable',
};

interface State {
  kind: HealthFailure;
  until: number;
  failures: number;
}

/**
 * Remembers which models failed recently and for how long to avoid them. A failing model cools
 * down (Retry-After when the provider gave one; repeated failures double the wait, capped; auth
 * failures wait longest) and chains are reordered so healthy models are tried first.
 */
export class HealthTracker {
  private readonly states = new Map<string, State>();

  constructor(private readonly clock: () => number = Date.now) {}

  markFailure(modelName: string, kind: HealthFailure, retryAfterMs?: number): void {
    const prev = this.states.get(modelName);
    const failures = (prev?.failures ?? 0) + 1;
    const backoff = kind === 'auth' ? BASE_COOLDOWN_MS.auth : Math.min(BASE_COOLDOWN_MS[kind] * 2 ** (failures - 1), MAX_COOLDOWN_MS);
    const wait =
      retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? Math.min(retryAfterMs, 60 * 60_000) : backoff;
    this.states.set(modelName, { kind, until: this.clock() + wait, failures });
  }

  markSuccess(modelName: string): void {
    this.states.delete(modelName);
  }

  /** Forgets failures (all, or one model's): e.g. after the user sets a new key. */
  reset(modelName?: string): void {
    if (modelName === undefined) this.states.clear();
    else this.states.delete(modelName);
  }

  /** Why the model is being avoided at `now`, or undefined when it is healthy. */
  problem(modelName: string, now = this.clock()): HealthFailure | undefined {
    const s = this.states.get(modelName);
    return s && s.until > now ? s.kind : undefined;
  }

  /** Milliseconds until the model may be tried again (0 when healthy). */
  coolingFor(modelName: string, now = this.clock()): number {
    const s = this.states.get(modelName);
    return s ? Math.max(0, s.until - now) : 0;
  }

  /**
   * Healthy models first (in their configured order), then cooling ones by soonest recovery,
   * so a request still has somewhere to go when everything failed recently.
   */
  orderChain(chain: readonly ModelConfig[], now = this.clock()): ModelConfig[] {
    const healthy = chain.filter((m) => !this.problem(m.name, now));
    const cooling = chain
      .filter((m) => this.problem(m.name, now))
      .sort((a, b) => this.coolingFor(a.name, now) - this.coolingFor(b.name, now));
    return [...healthy, ...cooling];
  }

  /** The readable note for moving from a failed model to the next: "sonnet rate-limited → bedrock-sonnet". */
  fallbackNote(from: string, to: string, kind: HealthFailure | undefined = this.states.get(from)?.kind): string {
    return `${from} ${kind ? PHRASE[kind] : 'failed'} → ${to}`;
  }

  /** Notes for the unhealthy models that orderChain moved behind a healthy one (`ordered`: its answer for `chain`). */
  skipNotes(chain: readonly ModelConfig[], ordered: readonly ModelConfig[], now = this.clock()): string[] {
    const first = ordered[0];
    if (!first || first === chain[0]) return [];
    return chain.slice(0, chain.indexOf(first)).map((m) => this.fallbackNote(m.name, first.name, this.problem(m.name, now)));
  }
}
