import type { Timeouts } from './provider';
import type { TimeoutKind } from './errors';

/** The total limit of a call when the caller sets none: a stream that never ends still ends. */
export const DEFAULT_TOTAL_MS = 600_000;

/**
 * The total time one call may take, retries and their waits included: started once per call, shared by its
 * attempts (each attempt's total timer is armed with what is left).
 */
export class Deadline {
  readonly startedAt = performance.now();
  constructor(readonly totalMs: number) {}

  remainingMs(): number {
    return this.totalMs - (performance.now() - this.startedAt);
  }
}

/** The call's deadline: timeouts.totalMs, else DEFAULT_TOTAL_MS. */
export function deadlineFor(timeouts: Timeouts | undefined): Deadline {
  const t = timeouts?.totalMs;
  return new Deadline(t !== undefined && t > 0 && Number.isFinite(t) ? t : DEFAULT_TOTAL_MS);
}

/**
 * One AbortController per attempt, fired by the caller's signal or by any of the four time limits: connect (until
 * headers), first token, idle (between chunks) and total (what is left of the call's Deadline). `cause` says which
 * fired, so the error can be classified as 'cancelled' or a 'network' timeout rather than whatever the SDK happened
 * to throw when its request was torn down.
 */
export class CallWatch {
  readonly controller = new AbortController();
  cause?: TimeoutKind | 'cancelled';
  readonly startedAt = performance.now();
  private readonly timers: NodeJS.Timeout[] = [];
  private connectTimer?: NodeJS.Timeout;
  private firstTokenTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private readonly onUserAbort = () => this.fire('cancelled');
  private disposed = false;

  constructor(
    readonly timeouts: Timeouts = {},
    private readonly userSignal?: AbortSignal,
    readonly deadline: Deadline = deadlineFor(timeouts),
  ) {
    if (userSignal?.aborted) this.fire('cancelled');
    else userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
    const left = deadline.remainingMs();
    if (left <= 0) this.fire('total');
    this.connectTimer = this.arm('connect', timeouts.connectMs);
    this.firstTokenTimer = this.arm('firstToken', timeouts.firstTokenMs);
    this.arm('total', left);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Response headers arrived: the connect limit is met and the idle clock starts. */
  headers(): void {
    clearTimeout(this.connectTimer);
    this.idleTimer ??= this.arm('idle', this.timeouts.idleMs);
  }

  /** Any stream chunk arrived (text or not). */
  chunk(): void {
    this.idleTimer?.refresh();
  }

  /** The first text delta or tool-call piece arrived. */
  firstToken(): void {
    clearTimeout(this.firstTokenTimer);
  }

  /** The limit that fired, in milliseconds (for messages). */
  limitMs(kind: TimeoutKind): number | undefined {
    const t = this.timeouts;
    return { connect: t.connectMs, firstToken: t.firstTokenMs, idle: t.idleMs, total: this.deadline.totalMs }[kind];
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }

  private arm(kind: TimeoutKind, ms: number | undefined): NodeJS.Timeout | undefined {
    if (this.disposed || ms === undefined || !(ms > 0) || !Number.isFinite(ms)) return undefined;
    const t = setTimeout(() => this.fire(kind), ms);
    this.timers.push(t);
    return t;
  }

  private fire(cause: TimeoutKind | 'cancelled'): void {
    if (this.cause) return;
    this.cause = cause;
    this.controller.abort(cause);
  }
}
