/**
 * Spend sums per local day, workspace and model: what the status bar, the budget and the dashboard need, without
 * keeping the records. A month of records (hundreds of MB at worst) folds into a few hundred buckets; the ledger's
 * summary index stores them (ledgerIndex.ts), and totals for any day-aligned period (today, 7 or 30 days, a month,
 * everything) and any workspace come from them. Pure (the spend webview bundles the types).
 *
 * Sums are added in record order per bucket and buckets are kept in the order they first appear, so a tally built
 * from the index plus the records after it gives the very same numbers as one built from every record.
 */
import { totalInput, TIERS, type Tier } from '../types';
import { dayKey, PRICE_KINDS, TASK_ID, type LedgerRecord, type PriceKind } from './record';

/** One model's calls on one local day in one workspace. */
export interface ModelSums {
  tier: Tier;
  /** Configured model name (or the provider id when there is none). */
  model: string;
  /** Sum over priced calls. */
  costUsd: number;
  calls: number;
  unpriced: number;
  /** Whole prompts (cache reads and writes included) and outputs. */
  inputTokens: number;
  outputTokens: number;
  /** Over calls with both prices known: what they would have cost all-frontier, and what they did cost. */
  frontierCostUsd: number;
  comparedCostUsd: number;
  /** The latest priced call of the bucket: its time, how it was priced, and as which catalog entry. */
  pricedAt?: string;
  priceMatch?: PriceKind;
  pricedAs?: string;
}

/** One agent task's steps on one local day in one workspace (a task running over midnight has two). */
export interface TaskSums {
  /** The record's taskId (random, no content). */
  taskId: string;
  /** Times (ISO) of the task's first and last record here (a record's time is when its call ended). */
  started: string;
  last: string;
  /** The highest step number seen (a step retried on a fallback model is one step, two calls). */
  steps: number;
  calls: number;
  /** Sum over priced calls. */
  costUsd: number;
  unpriced: number;
  /** Configured model names that answered, in the order first seen (at most MAX_TASK_MODELS). */
  models: string[];
}

/** Most model names kept per task. */
export const MAX_TASK_MODELS = 8;

/** One local day of one workspace. */
export interface DaySums {
  /** "2026-11-05", local. */
  day: string;
  workspaceId: string;
  /** The name last seen for the workspace that day. */
  workspaceName: string;
  models: ModelSums[];
  /** Agent tasks with steps that day, in the order first seen; absent when there were none. */
  tasks?: TaskSums[];
}

/** One agent task over every day counted. */
export interface TaskTotal extends TaskSums {
  workspaceId: string;
  workspaceName: string;
}

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
  /** How the model's latest priced call was priced; 'approximate' is a catalog price to confirm. */
  priceMatch?: PriceKind;
  /** The catalog entry that priced it. */
  pricedAs?: string;
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

/** Which buckets to count: a workspace (hashed id; undefined: all) and local days from/to (inclusive, "2026-11-05"). */
export interface TallyFilter {
  workspaceId?: string;
  from?: string;
  to?: string;
}

export interface DailySeries {
  /** Local dates, "2026-11-05", one per day from the first to the last (no gaps). */
  days: string[];
  /** Unix seconds at each day's local midnight (the chart's x values). */
  dayStarts: number[];
  cheap: number[];
  frontier: number[];
}

interface Bucket {
  sums: DaySums;
  /** Per tier, by model name. */
  models: Record<Tier, Map<string, ModelSums>>;
  /** By task id. */
  tasks?: Map<string, TaskSums>;
}

const modelKey = (tier: Tier, model: string): string => `${tier}\u0000${model}`;

function newBucket(day: string, workspaceId: string, workspaceName: string): Bucket {
  return { sums: { day, workspaceId, workspaceName, models: [] }, models: { cheap: new Map(), frontier: new Map() } };
}

function modelIn(b: Bucket, tier: Tier, model: string): ModelSums {
  let m = b.models[tier].get(model);
  if (!m) {
    m = emptyModel(tier, model);
    b.models[tier].set(model, m);
    b.sums.models.push(m);
  }
  return m;
}

function taskIn(b: Bucket, taskId: string, time: string): TaskSums {
  b.tasks ??= new Map();
  let t = b.tasks.get(taskId);
  if (!t) {
    t = { taskId, started: time, last: time, steps: 0, calls: 0, costUsd: 0, unpriced: 0, models: [] };
    b.tasks.set(taskId, t);
    (b.sums.tasks ??= []).push(t);
  }
  return t;
}

/** Adds `src` (the same task's sums from another record, bucket or tally) into `t`. */
function addTask(t: TaskSums, src: Pick<TaskSums, 'started' | 'last' | 'steps' | 'calls' | 'costUsd' | 'unpriced' | 'models'>): void {
  if (src.started < t.started) t.started = src.started;
  if (src.last > t.last) t.last = src.last;
  t.steps = Math.max(t.steps, src.steps);
  t.calls += src.calls;
  t.costUsd += src.costUsd;
  t.unpriced += src.unpriced;
  for (const m of src.models) if (t.models.length < MAX_TASK_MODELS && !t.models.includes(m)) t.models.push(m);
}

function emptyModel(tier: Tier, model: string): ModelSums {
  return { tier, model, costUsd: 0, calls: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, frontierCostUsd: 0, comparedCostUsd: 0 };
}

function inFilter(s: DaySums, f: TallyFilter): boolean {
  return (
    (f.workspaceId === undefined || s.workspaceId === f.workspaceId) &&
    (f.from === undefined || s.day >= f.from) &&
    (f.to === undefined || s.day <= f.to)
  );
}

/** "2026-11-05" → local midnight of that day. */
function dayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export class SpendTally {
  /** By day, then workspace id. */
  private readonly index = new Map<string, Map<string, Bucket>>();
  /** Every bucket, in the order it first appeared. */
  private readonly buckets: Bucket[] = [];
  /** The local days at the start and end of the last record's UTC hour (records come in time order). */
  private hour = '';
  private hourDays: [string, string] = ['', ''];

  static of(records: Iterable<LedgerRecord>): SpendTally {
    const t = new SpendTally();
    for (const r of records) t.add(r);
    return t;
  }

  get size(): number {
    return this.buckets.length;
  }

  add(r: LedgerRecord): void {
    const b = this.bucket(this.dayOf(r.time), r.workspace.id, r.workspace.name);
    b.sums.workspaceName = r.workspace.name;
    const m = modelIn(b, r.tier, r.modelName || r.model);
    if (r.taskId !== undefined && r.step !== undefined) {
      addTask(taskIn(b, r.taskId, r.time), {
        started: r.time,
        last: r.time,
        steps: r.step,
        calls: 1,
        costUsd: r.costUsd ?? 0,
        unpriced: r.costUsd === null ? 1 : 0,
        // A call that failed before any model answered has no model to name.
        models: r.outcome === 'ok' && (r.modelName || r.model) ? [r.modelName || r.model] : [],
      });
    }
    m.calls++;
    m.inputTokens += totalInput(r.usage);
    m.outputTokens += r.usage.output;
    if (r.costUsd === null) {
      m.unpriced++;
      return;
    }
    m.costUsd += r.costUsd;
    if (r.frontierCostUsd !== null) {
      m.frontierCostUsd += r.frontierCostUsd;
      m.comparedCostUsd += r.costUsd;
    }
    if (m.pricedAt === undefined || r.time >= m.pricedAt) {
      m.pricedAt = r.time;
      m.priceMatch = r.priceMatch;
      m.pricedAs = r.pricedAs;
      if (m.priceMatch === undefined) delete m.priceMatch;
      if (m.pricedAs === undefined) delete m.pricedAs;
    }
  }

  /**
   * The local day of an ISO time. Parsing dates is most of the cost of adding a record, and a UTC hour falls on one
   * local day unless a half-hour time zone's midnight is inside it: the day is looked up per hour when it can be.
   */
  private dayOf(time: string): string {
    if (time.length !== 24 || time[23] !== 'Z') return dayKey(new Date(time));
    const hour = time.slice(0, 13);
    if (hour !== this.hour) {
      const start = Date.parse(`${hour}:00:00.000Z`);
      this.hour = hour;
      this.hourDays = [dayKey(new Date(start)), dayKey(new Date(start + 3_599_999))];
    }
    return this.hourDays[0] === this.hourDays[1] ? this.hourDays[0] : dayKey(new Date(time));
  }

  /** Adds another tally's sums to this one (e.g. several month files into one view). */
  merge(other: SpendTally): void {
    for (const { sums } of other.buckets) {
      const b = this.bucket(sums.day, sums.workspaceId, sums.workspaceName);
      for (const src of sums.models) {
        const m = modelIn(b, src.tier, src.model);
        m.costUsd += src.costUsd;
        m.calls += src.calls;
        m.unpriced += src.unpriced;
        m.inputTokens += src.inputTokens;
        m.outputTokens += src.outputTokens;
        m.frontierCostUsd += src.frontierCostUsd;
        m.comparedCostUsd += src.comparedCostUsd;
        if (src.pricedAt !== undefined && (m.pricedAt === undefined || src.pricedAt >= m.pricedAt)) {
          m.pricedAt = src.pricedAt;
          if (src.priceMatch === undefined) delete m.priceMatch;
          else m.priceMatch = src.priceMatch;
          if (src.pricedAs === undefined) delete m.pricedAs;
          else m.pricedAs = src.pricedAs;
        }
      }
      for (const src of sums.tasks ?? []) addTask(taskIn(b, src.taskId, src.started), src);
    }
  }

  private bucket(day: string, workspaceId: string, workspaceName: string): Bucket {
    let byWorkspace = this.index.get(day);
    if (!byWorkspace) {
      byWorkspace = new Map();
      this.index.set(day, byWorkspace);
    }
    let b = byWorkspace.get(workspaceId);
    if (!b) {
      b = newBucket(day, workspaceId, workspaceName);
      byWorkspace.set(workspaceId, b);
      this.buckets.push(b);
    }
    return b;
  }

  /** USD spent on priced calls (the budget's number). */
  spentUsd(f: TallyFilter = {}): number {
    let usd = 0;
    for (const { sums } of this.buckets) {
      if (!inFilter(sums, f)) continue;
      for (const m of sums.models) usd += m.costUsd;
    }
    return usd;
  }

  totals(f: TallyFilter = {}): Totals {
    const t: Totals = {
      costUsd: 0,
      calls: 0,
      unpriced: 0,
      frontierCostUsd: 0,
      savedUsd: 0,
      byTier: { cheap: { costUsd: 0, calls: 0 }, frontier: { costUsd: 0, calls: 0 } },
      byModel: [],
    };
    const models = new Map<string, ModelTotal & { pricedAt?: string }>();
    let compared = 0;
    for (const { sums } of this.buckets) {
      if (!inFilter(sums, f)) continue;
      for (const s of sums.models) {
        t.calls += s.calls;
        t.unpriced += s.unpriced;
        t.costUsd += s.costUsd;
        t.frontierCostUsd += s.frontierCostUsd;
        compared += s.comparedCostUsd;
        t.byTier[s.tier].calls += s.calls;
        t.byTier[s.tier].costUsd += s.costUsd;
        const key = modelKey(s.tier, s.model);
        let m = models.get(key);
        if (!m) {
          m = { model: s.model, tier: s.tier, costUsd: 0, calls: 0, unpriced: 0, inputTokens: 0, outputTokens: 0 };
          models.set(key, m);
        }
        m.costUsd += s.costUsd;
        m.calls += s.calls;
        m.unpriced += s.unpriced;
        m.inputTokens += s.inputTokens;
        m.outputTokens += s.outputTokens;
        if (s.pricedAt !== undefined && (m.pricedAt === undefined || s.pricedAt >= m.pricedAt)) {
          m.pricedAt = s.pricedAt;
          m.priceMatch = s.priceMatch;
          m.pricedAs = s.pricedAs;
        }
      }
    }
    t.savedUsd = t.frontierCostUsd - compared;
    if (t.frontierCostUsd > 0) t.savedFraction = t.savedUsd / t.frontierCostUsd;
    t.byModel = [...models.values()]
      .map(({ pricedAt: _at, priceMatch, pricedAs, ...m }) => ({
        ...m,
        ...(priceMatch === undefined ? {} : { priceMatch }),
        ...(pricedAs === undefined ? {} : { pricedAs }),
      }))
      .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls);
    return t;
  }

  /** Priced spend per local day and tier, every day from `from` (or the first day counted) through `to`. */
  daily(f: { workspaceId?: string; from?: Date; to: Date }): DailySeries {
    const filter: TallyFilter = { workspaceId: f.workspaceId, from: f.from ? dayKey(f.from) : undefined };
    const sums = new Map<string, { cheap: number; frontier: number }>();
    let first = filter.from;
    for (const { sums: d } of this.buckets) {
      if (!inFilter(d, filter)) continue;
      if (first === undefined || d.day < first) first = d.day;
      const s = sums.get(d.day) ?? { cheap: 0, frontier: 0 };
      for (const m of d.models) s[m.tier] += m.costUsd;
      sums.set(d.day, s);
    }
    const out: DailySeries = { days: [], dayStarts: [], cheap: [], frontier: [] };
    if (first === undefined) return out;
    const end = new Date(f.to.getFullYear(), f.to.getMonth(), f.to.getDate()).getTime();
    for (let d = dayStart(first); d.getTime() <= end; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) {
      const k = dayKey(d);
      const s = sums.get(k);
      out.days.push(k);
      out.dayStarts.push(d.getTime() / 1000);
      out.cheap.push(s?.cheap ?? 0);
      out.frontier.push(s?.frontier ?? 0);
    }
    return out;
  }

  /**
   * Agent tasks with steps in the filter's days, latest first (by their last record), each summed over those days;
   * at most `limit` (default 50).
   */
  tasks(f: TallyFilter & { limit?: number } = {}): TaskTotal[] {
    const byId = new Map<string, TaskTotal>();
    for (const { sums } of this.buckets) {
      if (!sums.tasks || !inFilter(sums, f)) continue;
      for (const src of sums.tasks) {
        const t = byId.get(src.taskId);
        if (t) addTask(t, src);
        else byId.set(src.taskId, { ...src, models: [...src.models], workspaceId: sums.workspaceId, workspaceName: sums.workspaceName });
      }
    }
    return [...byId.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0)).slice(0, f.limit ?? 50);
  }

  /** One agent task over every day counted; undefined when no record of it has been counted. */
  task(taskId: string): TaskTotal | undefined {
    let found: TaskTotal | undefined;
    for (const { sums } of this.buckets) {
      const src = sums.tasks?.find((t) => t.taskId === taskId);
      if (!src) continue;
      if (found) addTask(found, src);
      else found = { ...src, models: [...src.models], workspaceId: sums.workspaceId, workspaceName: sums.workspaceName };
    }
    return found;
  }

  /** Every workspace seen, with the name of its latest day. */
  workspaces(): { id: string; name: string }[] {
    const latest = new Map<string, { day: string; name: string }>();
    for (const { sums } of this.buckets) {
      const seen = latest.get(sums.workspaceId);
      if (!seen || sums.day >= seen.day) latest.set(sums.workspaceId, { day: sums.day, name: sums.workspaceName });
    }
    return [...latest].map(([id, { name }]) => ({ id, name }));
  }

  /** The buckets, in order, as plain data (the summary index stores them). */
  toJSON(): DaySums[] {
    return this.buckets.map((b) => b.sums);
  }

  /** A tally from toJSON() output; undefined when anything in it is not what toJSON writes. */
  static fromJSON(raw: unknown): SpendTally | undefined {
    if (!Array.isArray(raw)) return undefined;
    const t = new SpendTally();
    for (const d of raw) {
      if (!isDaySums(d)) return undefined;
      if (t.index.get(d.day)?.has(d.workspaceId)) return undefined;
      const b = t.bucket(d.day, d.workspaceId, d.workspaceName);
      for (const m of d.models) {
        if (b.models[m.tier].has(m.model)) return undefined;
        const copy = { ...m };
        b.models[m.tier].set(m.model, copy);
        b.sums.models.push(copy);
      }
      for (const task of d.tasks ?? []) {
        if (b.tasks?.has(task.taskId)) return undefined;
        taskIn(b, task.taskId, task.started);
        Object.assign(b.tasks!.get(task.taskId)!, { ...task, models: [...task.models] });
      }
    }
    return t;
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isSum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown): boolean => isSum(v) && Number.isInteger(v);
const MODEL_KEYS = new Set([
  'tier',
  'model',
  'costUsd',
  'calls',
  'unpriced',
  'inputTokens',
  'outputTokens',
  'frontierCostUsd',
  'comparedCostUsd',
  'pricedAt',
  'priceMatch',
  'pricedAs',
]);

function isModelSums(v: unknown): v is ModelSums {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const m = v as Record<string, unknown>;
  if (!Object.keys(m).every((k) => MODEL_KEYS.has(k))) return false;
  if (!TIERS.includes(m.tier as Tier) || typeof m.model !== 'string') return false;
  if (![m.costUsd, m.frontierCostUsd, m.comparedCostUsd].every(isSum)) return false;
  if (![m.calls, m.unpriced, m.inputTokens, m.outputTokens].every(isCount)) return false;
  if ((m.unpriced as number) > (m.calls as number)) return false;
  if (m.pricedAt !== undefined && (typeof m.pricedAt !== 'string' || Number.isNaN(Date.parse(m.pricedAt)))) return false;
  if (m.priceMatch !== undefined && !PRICE_KINDS.includes(m.priceMatch as PriceKind)) return false;
  return m.pricedAs === undefined || typeof m.pricedAs === 'string';
}

const TASK_KEYS = new Set(['taskId', 'started', 'last', 'steps', 'calls', 'costUsd', 'unpriced', 'models']);
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function isTaskSums(v: unknown): v is TaskSums {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const t = v as Record<string, unknown>;
  if (!Object.keys(t).every((k) => TASK_KEYS.has(k))) return false;
  if (typeof t.taskId !== 'string' || !TASK_ID.test(t.taskId) || !isTime(t.started) || !isTime(t.last)) return false;
  if (!isSum(t.costUsd) || ![t.steps, t.calls, t.unpriced].every(isCount) || (t.unpriced as number) > (t.calls as number)) return false;
  const models = t.models;
  return Array.isArray(models) && models.length <= MAX_TASK_MODELS && models.every((m) => typeof m === 'string');
}

function isDaySums(v: unknown): v is DaySums {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const d = v as Record<string, unknown>;
  return (
    typeof d.day === 'string' &&
    DAY.test(d.day) &&
    typeof d.workspaceId === 'string' &&
    typeof d.workspaceName === 'string' &&
    Array.isArray(d.models) &&
    d.models.every(isModelSums) &&
    (d.tasks === undefined || (Array.isArray(d.tasks) && d.tasks.every(isTaskSums)))
  );
}
