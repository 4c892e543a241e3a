/**
 * Regret: how often a cheap answer was not good enough. A cheap answer (tier cheap, outcome ok, a chat turn or an
 * agent step, in a conversation) is regretted when the next call of the same conversation carries an escalation:
 * 'retry' ("Retry with frontier") or 'pushback' (the follow-up said it was wrong and the router escalated). The rate
 * is regretted ÷ cheap answers, per model, per preference (dial position) and per workspace. Calls without a
 * conversation (completions, records written before regret existed) have no next call to judge them by and are not
 * counted. Pure (the spend webview bundles the types).
 */
import type { Preference } from '../types';
import type { LedgerRecord } from './record';

/** One model's cheap answers under one preference (in one workspace and day, when kept by SpendTally). */
export interface RegretCell {
  /** Configured model name (or the provider id when there is none). */
  model: string;
  /** The dial position the answers were routed under; absent in records that do not say. */
  preference?: Preference;
  /** Cheap answers in a conversation. */
  answers: number;
  /** Of those, followed by "Retry with frontier" / by a pushback escalation. */
  retry: number;
  pushback: number;
}

export interface RegretRow {
  /** Model name, preference ('unrecorded' for records without one) or hashed workspace id. */
  key: string;
  /** What to show: the model name, the preference, the workspace's name. */
  label: string;
  answers: number;
  regretted: number;
  retry: number;
  pushback: number;
  /** regretted / answers; undefined without answers. */
  rate?: number;
}

export interface RegretReport {
  total: RegretRow;
  /** Most cheap answers first. */
  byModel: RegretRow[];
  byPreference: RegretRow[];
  byWorkspace: RegretRow[];
}

/** The preference key of records that do not carry one (written before the dial, or by a caller without it). */
export const UNRECORDED = 'unrecorded';

/** A cheap answer that a next call of its conversation could regret. */
export function isCheapAnswer(r: LedgerRecord): boolean {
  return r.conversation !== undefined && r.tier === 'cheap' && r.outcome === 'ok' && (r.task === 'chat' || r.task === 'agent');
}

export function modelOf(r: LedgerRecord): string {
  return r.modelName || r.model;
}

const cellKey = (model: string, preference: Preference | undefined): string => `${model}\u0000${preference ?? ''}`;

/** A cell's place in a list of cells, created empty when missing. */
export function cellIn(cells: RegretCell[], index: Map<string, RegretCell>, model: string, preference?: Preference): RegretCell {
  const key = cellKey(model, preference);
  let c = index.get(key);
  if (!c) {
    c = { model, answers: 0, retry: 0, pushback: 0 };
    if (preference !== undefined) c.preference = preference;
    index.set(key, c);
    cells.push(c);
  }
  return c;
}

function emptyRow(key: string, label: string): RegretRow {
  return { key, label, answers: 0, regretted: 0, retry: 0, pushback: 0 };
}

function addTo(rows: Map<string, RegretRow>, key: string, label: string, c: RegretCell): void {
  let row = rows.get(key);
  if (!row) {
    row = emptyRow(key, label);
    rows.set(key, row);
  }
  row.label = label;
  row.answers += c.answers;
  row.retry += c.retry;
  row.pushback += c.pushback;
}

function finish(row: RegretRow): RegretRow {
  row.regretted = row.retry + row.pushback;
  if (row.answers > 0) row.rate = row.regretted / row.answers;
  else delete row.rate;
  return row;
}

const byAnswers = (a: RegretRow, b: RegretRow): number => b.answers - a.answers || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** The report over cells, each with the workspace it was counted in. */
export function regretReport(cells: Iterable<{ workspaceId: string; workspaceName: string; cell: RegretCell }>): RegretReport {
  const total = emptyRow('all', 'all');
  const models = new Map<string, RegretRow>();
  const prefs = new Map<string, RegretRow>();
  const workspaces = new Map<string, RegretRow>();
  for (const { workspaceId, workspaceName, cell } of cells) {
    total.answers += cell.answers;
    total.retry += cell.retry;
    total.pushback += cell.pushback;
    addTo(models, cell.model, cell.model, cell);
    const pref = cell.preference ?? UNRECORDED;
    addTo(prefs, pref, pref, cell);
    addTo(workspaces, workspaceId, workspaceName, cell);
  }
  const rows = (m: Map<string, RegretRow>): RegretRow[] => [...m.values()].map(finish).sort(byAnswers);
  return { total: finish(total), byModel: rows(models), byPreference: rows(prefs), byWorkspace: rows(workspaces) };
}

/**
 * Walks records in order, keeping per conversation whether its last call was a cheap answer: what both regretOf and
 * SpendTally do with each record. `answer` is called for each cheap answer, `regret` when a later call regrets one
 * (with the cheap answer's own record).
 */
export class RegretWalk<T = LedgerRecord> {
  /** Per conversation, the last call when it is a cheap answer not judged yet (undefined otherwise). */
  private readonly open = new Map<string, T | undefined>();

  /** Whether the conversation has been seen. */
  has(conversation: string): boolean {
    return this.open.has(conversation);
  }

  /**
   * One record: returns the open cheap answer it regrets, if any. Afterwards the conversation's open answer is `r`'s
   * `payload` when `r` is a cheap answer, else nothing.
   */
  next(r: LedgerRecord, payload: T): T | undefined {
    const conv = r.conversation;
    if (conv === undefined) return undefined;
    const pending = this.open.get(conv);
    this.open.set(conv, isCheapAnswer(r) ? payload : undefined);
    return pending !== undefined && r.escalation !== undefined ? pending : undefined;
  }

  /** The open cheap answer of a conversation (set by a caller that restores its state). */
  set(conversation: string, pending: T | undefined): void {
    this.open.set(conversation, pending);
  }

  get(conversation: string): T | undefined {
    return this.open.get(conversation);
  }
}

/** Regret over records in the order they were written (any number of days, months and workspaces). */
export function regretOf(records: Iterable<LedgerRecord>): RegretReport {
  const cells: { workspaceId: string; workspaceName: string; cell: RegretCell }[] = [];
  const index = new Map<string, { workspaceId: string; workspaceName: string; cell: RegretCell }>();
  const walk = new RegretWalk<RegretCell>();
  for (const r of records) {
    let cell: RegretCell | undefined;
    if (isCheapAnswer(r)) {
      const key = `${r.workspace.id}\u0000${cellKey(modelOf(r), r.preference)}`;
      let entry = index.get(key);
      if (!entry) {
        const c: RegretCell = { model: modelOf(r), answers: 0, retry: 0, pushback: 0 };
        if (r.preference !== undefined) c.preference = r.preference;
        entry = { workspaceId: r.workspace.id, workspaceName: r.workspace.name, cell: c };
        index.set(key, entry);
        cells.push(entry);
      }
      entry.workspaceName = r.workspace.name;
      cell = entry.cell;
    }
    const regretted = walk.next(r, cell as RegretCell);
    if (regretted) regretted[r.escalation!]++;
    if (cell) cell.answers++;
  }
  return regretReport(cells);
}

/** "4% (3 of 75)", or "—" without cheap answers. */
export function regretText(row: Pick<RegretRow, 'answers' | 'regretted' | 'rate'>): string {
  if (row.rate === undefined) return '—';
  const pct = row.rate > 0 && row.rate < 0.01 ? '<1%' : `${Math.round(row.rate * 100)}%`;
  return `${pct} (${row.regretted} of ${row.answers})`;
}
