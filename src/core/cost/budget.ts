/**
 * Budgets: how much of the daily and monthly limit is used, and the 80% / 100% warnings, each shown
 * once per day or month. The spend comes from a SpendSource: the extension's LedgerBook (every window's
 * calls, from the ledger's summary index and what was appended since), or records added with add().
 */
import { dayKey, monthKey, type LedgerRecord } from './record';
import { SpendTally, type TallyFilter } from './tally';

/** USD spent on priced calls in a range of local days, optionally in one workspace. */
export interface SpendSource {
  spentUsd(filter: TallyFilter): number;
}

/** The limits of gearshift.budget (its BudgetSettings fits), plus which calls count. */
export interface BudgetLimits {
  dailyUsd?: number;
  monthlyUsd?: number;
  /** 'workspace': only this workspace's calls count; 'global' (default): every workspace's. */
  scope?: 'workspace' | 'global';
}

export interface BudgetStatus {
  /** Spent / limit (may exceed 1); absent when there is no such limit. */
  dailyFraction?: number;
  monthlyFraction?: number;
  dailyUsd: number;
  monthlyUsd: number;
}

export interface BudgetCrossing {
  period: 'day' | 'month';
  threshold: 0.8 | 1;
  spentUsd: number;
  limitUsd: number;
  /** "2026-11-05" or "2026-11". */
  periodKey: string;
  /** Ready to show: "Gearshift: 82% of the daily budget used ($4.10 of $5.00)." */
  message: string;
}

const THRESHOLDS = [1, 0.8] as const;

function validLimit(v: number | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export class BudgetTracker {
  private readonly own = new SpendTally();
  private readonly spend: SpendSource;
  private readonly reported = new Set<string>();

  /** `spend`: where spend is read from; without it, from the records given to add(). */
  constructor(
    private settings: BudgetLimits,
    private readonly opts: { workspaceId: string; now?: () => Date; spend?: SpendSource },
  ) {
    this.spend = opts.spend ?? this.own;
  }

  /** New settings (the scope applies to all spend, seen before or after). */
  setSettings(settings: BudgetLimits): void {
    this.settings = settings;
  }

  /** Counts records once each (when no SpendSource was given). */
  add(records: Iterable<LedgerRecord>): void {
    for (const r of records) this.own.add(r);
  }

  status(now: Date = this.opts.now?.() ?? new Date()): BudgetStatus {
    const workspaceId = this.settings.scope === 'workspace' ? this.opts.workspaceId : undefined;
    const day = dayKey(now);
    const month = monthKey(now);
    const dailyUsd = this.spend.spentUsd({ workspaceId, from: day, to: day });
    const monthlyUsd = this.spend.spentUsd({ workspaceId, from: `${month}-01`, to: `${month}-31` });
    const s: BudgetStatus = { dailyUsd, monthlyUsd };
    const daily = validLimit(this.settings.dailyUsd);
    const monthly = validLimit(this.settings.monthlyUsd);
    if (daily) s.dailyFraction = dailyUsd / daily;
    if (monthly) s.monthlyFraction = monthlyUsd / monthly;
    return s;
  }

  /**
   * Thresholds crossed since the last call, each reported once per period. When spend jumps past 100%
   * directly, only the 100% warning is reported (the 80% one is then considered shown).
   */
  thresholdCrossings(): BudgetCrossing[] {
    // One clock reading: the period keys and the spend they are compared with must be of the same day.
    const now = this.opts.now?.() ?? new Date();
    const s = this.status(now);
    const out: BudgetCrossing[] = [];
    const periods = [
      { period: 'day' as const, key: dayKey(now), limit: validLimit(this.settings.dailyUsd), spent: s.dailyUsd, word: 'daily' },
      { period: 'month' as const, key: monthKey(now), limit: validLimit(this.settings.monthlyUsd), spent: s.monthlyUsd, word: 'monthly' },
    ];
    for (const p of periods) {
      if (!p.limit) continue;
      const fraction = p.spent / p.limit;
      const hit = THRESHOLDS.find((t) => fraction >= t);
      if (hit === undefined) continue;
      const id = `${p.period}:${p.key}:${hit}`;
      if (this.reported.has(id)) continue;
      for (const t of THRESHOLDS) if (t <= hit) this.reported.add(`${p.period}:${p.key}:${t}`);
      const scope = this.settings.scope === 'workspace' ? ' for this workspace' : '';
      const amounts = `$${p.spent.toFixed(2)} of $${p.limit.toFixed(2)}`;
      out.push({
        period: p.period,
        threshold: hit,
        spentUsd: p.spent,
        limitUsd: p.limit,
        periodKey: p.key,
        message:
          hit === 1
            ? `Gearshift: the ${p.word} budget${scope} is used up (${amounts}).`
            : `Gearshift: ${Math.floor(fraction * 100)}% of the ${p.word} budget${scope} used (${amounts}).`,
      });
    }
    return out;
  }
}
