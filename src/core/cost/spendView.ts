/**
 * What the "Gearshift: Show Spend" dashboard shows for a filter, and the messages between the panel
 * and its webview. Pure: the webview bundles the types, the panel builds views and checks messages.
 */
import { dayKey, type LedgerRecord } from './record';
import { filterRecords, periodStart, PERIODS, type Period } from './summary';
import type { DailySeries, SpendTally, TaskTotal, Totals } from './tally';

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
}

/** Rows of the dashboard's "By task" table. */
export const MAX_VIEW_TASKS = 20;

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
  return {
    ...f,
    workspaces: tally.workspaces().sort((a, b) => a.name.localeCompare(b.name)),
    currentWorkspaceId: opts.currentWorkspaceId,
    totals: tally.totals({ workspaceId, from: from && dayKey(from) }),
    daily: tally.daily({ workspaceId, from, to: opts.now }),
    tasks: tally.tasks({ workspaceId, from: from && dayKey(from), limit: MAX_VIEW_TASKS }),
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
