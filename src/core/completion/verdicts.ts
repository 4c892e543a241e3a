import type { Clock } from './clock';
import type { CompletionOutcome, CompletionStatus } from './types';

/**
 * Suggestions shown to the user and waiting for a verdict: accepted (the item's command ran, or the user typed
 * all of it) or rejected (replaced, dismissed, or nothing within `timeoutMs`). Each model call of a shown
 * suggestion is recorded once, with its verdict.
 */
export class SuggestionVerdicts {
  private readonly waiting = new Map<string, { outcome: CompletionOutcome; timer: unknown }>();
  accepted = 0;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: () => number,
    private readonly record: (outcome: CompletionOutcome) => void,
  ) {}

  /** Keeps a shown suggestion's outcome until its verdict. */
  await(id: string, outcome: CompletionOutcome): void {
    const timer = this.clock.setTimeout(() => this.give(id, 'rejected'), this.timeoutMs());
    // A verdict still waiting must not keep a CLI or test process alive.
    (timer as { unref?: () => void }).unref?.();
    this.waiting.set(id, { outcome, timer });
  }

  /** Records the suggestion's call with its verdict (no-op when it already has one). */
  give(id: string, verdict: Extract<CompletionStatus, 'accepted' | 'rejected'>): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    this.clock.clearTimeout(w.timer);
    if (verdict === 'accepted') this.accepted++;
    this.record({ ...w.outcome, status: verdict });
  }

  /** Every suggestion still waiting is rejected (the engine is going away). */
  rejectAll(): void {
    for (const id of [...this.waiting.keys()]) this.give(id, 'rejected');
  }
}
