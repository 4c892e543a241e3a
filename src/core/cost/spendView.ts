/**
 * What the "Gearshift: Show Spend" dashboard shows for a filter, and the messages between the panel
 * and its webview. Pure: the webview bundles the types, the panel builds views and checks messages.
 */
import { dayKey, type LedgerRecord } from './record';
import type { AcceptanceReport } from './acceptance';
import type { RegretReport } from './regret';
import { filterRecords, periodStart, PERIODS, type Period } from './summary';
import type { ConversationTotal, DailySeries, SpendTally, TaskTotal, Totals } from './tally';

export interface SpendFilter {
  period: Period;
  /** A hashed workspace id, or null for every workspace. */
  workspaceId: string | null;
}

export interface SpendView extends SpendFilter {
  /** Every workspace seen in the ledger (latest name for each id), for the filter. */
  workspaces: { id: string; name: string }[];
  /** The workspace of the window showing the panel, when it has one. */
  currentWorkspaceId?: string;
  totals: Totals;
  daily: DailySeries;
  /** The latest agent tasks in the filter (at most MAX_VIEW_TASKS), latest first: steps, cost, models, started. */
  tasks: TaskTotal[];
  /** Regret of the cheap answers in the filter (regret.ts): rates per model, preference and workspace. */
  regret: RegretReport;
  /** The accept rate of inline completions in the filter (acceptance.ts): per model and per language. */
  acceptance: AcceptanceReport;
  /** The dearest conversations and agent tasks in the filter (at most MAX_VIEW_CONVERSATIONS), and how many there are. */
  conversations: ConversationTotal[];
  conversationCount: number;
}

/** Rows of the dashboard's "By task" table. */
export const MAX_VIEW_TASKS = 20;
/** Rows of the dashboard's "Dearest conversations" table. */
export const MAX_VIEW_CONVERSATIONS = 10;

const HALF_DAY_S = 12 * 60 * 60;

/**
 * The chart's x range (Unix seconds): from half a day before the first day with spend to half a day after the last,
 * so each day's bar sits centred on its day; undefined when no day has spend. uPlot's own range for a single x value
 * is 86400 / 1e-3 seconds (1000 days: one bar at the left edge of an axis running years on), so it is never left to it.
 */
export function chartXRange(d: Pick<DailySeries, 'dayStarts' | 'cheap' | 'frontier'>): [number, number] | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < d.dayStarts.length; i++) {
    if (d.cheap[i] > 0 || d.frontier[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  return [d.dayStarts[first] - HALF_DAY_S, d.dayStarts[last] + HALF_DAY_S];
}

/** The x ticks: local midnights inside the range, every day, or every k-th day so that at most `max` are labelled. */
export function chartXTicks(dayStarts: readonly number[], range: [number, number], max = 10): number[] {
  const inside = dayStarts.filter((t) => t >= range[0] && t <= range[1]);
  const step = Math.max(1, Math.ceil(inside.length / max));
  return inside.filter((_, i) => i % step === 0);
}

export type ToWebview = { type: 'view'; view: SpendView };
export type FromWebview = { type: 'ready' } | ({ type: 'filter' } & SpendFilter) | { type: 'exportCsv' };

/** The records a filter selects. */
export function selectRecords(records: readonly LedgerRecord[], f: SpendFilter, now: Date): LedgerRecord[] {
  return filterRecords(records, { workspaceId: f.workspaceId ?? undefined, since: periodStart(f.period, now) });
}

/** The view for a filter, from the ledger's sums (every period starts at a local midnight, so day sums suffice). */
export function buildSpendView(tally: SpendTally, f: SpendFilter, opts: { now: Date; currentWorkspaceId?: string }): SpendView {
  const from = periodStart(f.period, opts.now);
  const workspaceId = f.workspaceId ?? undefined;
  const conversations = tally.conversations({ workspaceId, from: from && dayKey(from) });
  return {
    ...f,
    workspaces: tally.workspaces().sort((a, b) => a.name.localeCompare(b.name)),
    currentWorkspaceId: opts.currentWorkspaceId,
    totals: tally.totals({ workspaceId, from: from && dayKey(from) }),
    daily: tally.daily({ workspaceId, from, to: opts.now }),
    tasks: tally.tasks({ workspaceId, from: from && dayKey(from), limit: MAX_VIEW_TASKS }),
    regret: tally.regret({ workspaceId, from: from && dayKey(from) }),
    acceptance: tally.acceptance({ workspaceId, from: from && dayKey(from) }),
    conversations: conversations.slice(0, MAX_VIEW_CONVERSATIONS),
    conversationCount: conversations.length,
  };
}

/** Checks a message from the webview; anything else (wrong type, extra or ill-typed fields) is dropped. */
export function parseFromWebview(msg: unknown): FromWebview | undefined {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return undefined;
  const m = msg as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  if (m.type === 'ready' && keys === 'type') return { type: 'ready' };
  if (m.type === 'exportCsv' && keys === 'type') return { type: 'exportCsv' };
  if (m.type === 'filter' && keys === 'period,type,workspaceId' && PERIODS.includes(m.period as Period)) {
    const ws = m.workspaceId;
    if (ws === null || (typeof ws === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(ws)))
      return { type: 'filter', period: m.period as Period, workspaceId: ws };
  }
  return undefined;
}
