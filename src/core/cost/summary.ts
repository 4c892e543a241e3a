/**
 * Spend totals from ledger records: today / this session / this month, by tier and by model, savings
 * against an all-frontier setup, unpriced counts, and per-day series for the dashboard. Pure (the spend
 * webview bundles it).
 */
import { totalInput, type Tier } from '../types';
import { dayKey, type LedgerRecord } from './record';

export interface TierTotal {
  costUsd: number;
  calls: number;
}

export interface ModelTotal {
  /** Configured model name (or the provider id when there is none). */
  model: string;
  tier: Tier;
  costUsd: number;
  calls: number;
  unpriced: number;
  inputTokens: number;
  outputTokens: number;
}

export interface Totals {
  /** Sum over priced calls. */
  costUsd: number;
  calls: number;
  /** Calls without a price (their cost is not in costUsd). */
  unpriced: number;
  /** What the calls with both prices known would have cost all-frontier, and what they did cost. */
  frontierCostUsd: number;
  savedUsd: number;
  /** savedUsd / frontierCostUsd; undefined when nothing is comparable. */
  savedFraction?: number;
  byTier: Record<Tier, TierTotal>;
  /** Most expensive first. */
  byModel: ModelTotal[];
}

export function totals(records: Iterable<LedgerRecord>): Totals {
  const t: Totals = {
    costUsd: 0,
    calls: 0,
    unpriced: 0,
    frontierCostUsd: 0,
    savedUsd: 0,
    byTier: { cheap: { costUsd: 0, calls: 0 }, frontier: { costUsd: 0, calls: 0 } },
    byModel: [],
  };
  const models = new Map<string, ModelTotal>();
  let comparedCost = 0;
  for (const r of records) {
    t.calls++;
    const name = r.modelName || r.model;
    const key = `${r.tier}\u0000${name}`;
    let m = models.get(key);
    if (!m) {
      m = { model: name, tier: r.tier, costUsd: 0, calls: 0, unpriced: 0, inputTokens: 0, outputTokens: 0 };
      models.set(key, m);
    }
    m.calls++;
    m.inputTokens += totalInput(r.usage);
    m.outputTokens += r.usage.output;
    t.byTier[r.tier].calls++;
    if (r.costUsd === null) {
      t.unpriced++;
      m.unpriced++;
      continue;
    }
    t.costUsd += r.costUsd;
    m.costUsd += r.costUsd;
    t.byTier[r.tier].costUsd += r.costUsd;
    if (r.frontierCostUsd !== null) {
      t.frontierCostUsd += r.frontierCostUsd;
      comparedCost += r.costUsd;
    }
  }
  t.savedUsd = t.frontierCostUsd - comparedCost;
  if (t.frontierCostUsd > 0) t.savedFraction = t.savedUsd / t.frontierCostUsd;
  t.byModel = [...models.values()].sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls);
  return t;
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

/**
 * Today / since `sessionStart` / this month, in one pass over the records. With `workspaceId`, only
 * that workspace's calls count.
 */
export function summarize(records: readonly LedgerRecord[], opts: { now: Date; sessionStart: Date; workspaceId?: string }): SpendSummary {
  const day = startOfDay(opts.now).getTime();
  const month = startOfMonth(opts.now).getTime();
  const session = opts.sessionStart.getTime();
  const inDay: LedgerRecord[] = [];
  const inSession: LedgerRecord[] = [];
  const inMonth: LedgerRecord[] = [];
  for (const r of records) {
    if (opts.workspaceId !== undefined && r.workspace.id !== opts.workspaceId) continue;
    const t = Date.parse(r.time);
    if (t >= month) inMonth.push(r);
    if (t >= day) inDay.push(r);
    if (t >= session) inSession.push(r);
  }
  return { today: totals(inDay), session: totals(inSession), month: totals(inMonth) };
}

export interface DailySeries {
  /** Local dates, "2026-11-05", one per day from the first to the last (no gaps). */
  days: string[];
  /** Unix seconds at each day's local midnight (the chart's x values). */
  dayStarts: number[];
  cheap: number[];
  frontier: number[];
}

/** Priced spend per local day and tier, every day from `from` (or the first record) through `to`. */
export function dailyByTier(records: readonly LedgerRecord[], opts: { from?: Date; to: Date }): DailySeries {
  const sums = new Map<string, { cheap: number; frontier: number }>();
  let first = opts.from ? startOfDay(opts.from) : undefined;
  for (const r of records) {
    const t = new Date(r.time);
    if (!opts.from && (!first || t < first)) first = startOfDay(t);
    if (r.costUsd === null) continue;
    const k = dayKey(t);
    const s = sums.get(k) ?? { cheap: 0, frontier: 0 };
    s[r.tier] += r.costUsd;
    sums.set(k, s);
  }
  const out: DailySeries = { days: [], dayStarts: [], cheap: [], frontier: [] };
  if (!first) return out;
  const end = startOfDay(opts.to).getTime();
  for (let d = first; d.getTime() <= end; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) {
    const k = dayKey(d);
    const s = sums.get(k);
    out.days.push(k);
    out.dayStarts.push(d.getTime() / 1000);
    out.cheap.push(s?.cheap ?? 0);
    out.frontier.push(s?.frontier ?? 0);
  }
  return out;
}
