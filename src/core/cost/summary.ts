/**
 * Spend totals: today / this session / this month, by tier and by model, savings against an all-frontier
 * setup, unpriced counts, and per-day series for the dashboard; computed over a SpendTally (tally.ts), from
 * records or from the ledger's summary index. Pure (the spend webview bundles it).
 */
import { dayKey, monthKey, type LedgerRecord } from './record';
import { SpendTally, type DailySeries, type Totals } from './tally';

export type { DailySeries, ModelTotal, TierTotal, Totals } from './tally';

export function totals(records: Iterable<LedgerRecord>): Totals {
  return SpendTally.of(records).totals();
}

/** Start of the local day of `d`. */
function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

function startOfMonth(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), 1);
}

export type Period = 'today' | '7d' | '30d' | 'month' | 'all';
export const PERIODS: readonly Period[] = ['today', '7d', '30d', 'month', 'all'];

/** First instant of a period ending now; undefined for 'all'. 7d and 30d include today. */
export function periodStart(period: Period, now: Date): Date | undefined {
  const today = startOfDay(now);
  switch (period) {
    case 'today':
      return today;
    case '7d':
      return new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
    case '30d':
      return new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
    case 'month':
      return startOfMonth(now);
    case 'all':
      return undefined;
  }
}

export interface RecordFilter {
  /** Only this workspace's records (hashed id); undefined: all workspaces. */
  workspaceId?: string;
  since?: Date;
}

export function filterRecords(records: readonly LedgerRecord[], f: RecordFilter): LedgerRecord[] {
  const since = f.since?.getTime() ?? -Infinity;
  return records.filter((r) => (f.workspaceId === undefined || r.workspace.id === f.workspaceId) && Date.parse(r.time) >= since);
}

export interface SpendSummary {
  today: Totals;
  session: Totals;
  month: Totals;
}

/** Today and this month (local) from a tally, with the session's totals from wherever they are counted. */
export function summaryOf(tally: SpendTally, opts: { now: Date; session: Totals; workspaceId?: string }): SpendSummary {
  const ws = opts.workspaceId;
  return {
    today: tally.totals({ workspaceId: ws, from: dayKey(opts.now) }),
    session: opts.session,
    month: tally.totals({ workspaceId: ws, from: `${monthKey(opts.now)}-01` }),
  };
}

/**
 * Today / since `sessionStart` / this month, from records. With `workspaceId`, only that workspace's calls count.
 */
export function summarize(records: readonly LedgerRecord[], opts: { now: Date; sessionStart: Date; workspaceId?: string }): SpendSummary {
  const session = opts.sessionStart.getTime();
  const sessionIso = opts.sessionStart.toISOString();
  const mine = opts.workspaceId === undefined ? records : records.filter((r) => r.workspace.id === opts.workspaceId);
  // Record times are ISO strings in UTC ("2026-11-05T10:00:00.000Z"): those compare as strings.
  const inSession = SpendTally.of(mine.filter((r) => (r.time.length === 24 ? r.time >= sessionIso : Date.parse(r.time) >= session)));
  return summaryOf(SpendTally.of(mine), { now: opts.now, session: inSession.totals() });
}

/** Priced spend per local day and tier, every day from `from` (or the first record) through `to`. */
export function dailyByTier(records: readonly LedgerRecord[], opts: { from?: Date; to: Date }): DailySeries {
  return SpendTally.of(records).daily(opts);
}
