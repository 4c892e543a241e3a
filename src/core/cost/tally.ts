/**
 * Spend sums per local day, workspace and model: what the status bar, the budget and the dashboard need, without
 * keeping the records. A month of records (hundreds of MB at worst) folds into a few hundred buckets; the ledger's
 * summary index stores them (ledgerIndex.ts), and totals for any day-aligned period (today, 7 or 30 days, a month,
 * everything) and any workspace come from them. Pure (the spend webview bundles the types).
 *
 * Sums are added in record order per bucket and buckets are kept in the order they first appear, so a tally built
 * from the index plus the records after it gives the very same numbers as one built from every record.
 */
import { PREFERENCES, TASKS, totalInput, TIERS, type Escalation, type Preference, type Task, type Tier } from '../types';
import { CONVERSATION_KEY, dayKey, PRICE_KINDS, TASK_ID, type LedgerRecord, type PriceKind } from './record';
import {
  acceptanceCellIn,
  acceptanceReport,
  addCell,
  countVerdict,
  hasVerdict,
  UNKNOWN_LANGUAGE,
  type AcceptanceCell,
  type AcceptanceReport,
} from './acceptance';
import { cellIn, isCheapAnswer, modelOf, regretReport, type RegretCell, type RegretReport } from './regret';

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

/**
 * One conversation's calls (a chat conversation, or an agent task: the record's `conversation`, a hash) on one local
 * day in one workspace. Also carries what regret needs to continue across days and month files (see SpendTally.add).
 */
export interface ConversationSums {
  conversation: string;
  /** The task of its first call here ('chat' or 'agent'). */
  task: Task;
  /** Times (ISO) of its first and last record here. */
  started: string;
  last: string;
  calls: number;
  /** Sum over priced calls. */
  costUsd: number;
  unpriced: number;
  /**
   * Set on the conversation's first entry in a tally: the escalation its first call carried ('none' without one), so
   * that a tally merged after another can judge the other's last cheap answer.
   */
  opening?: Escalation | 'none';
  /** Set on the conversation's latest entry while its last call is a cheap answer not judged yet: that answer's cell. */
  open?: { model: string; preference?: Preference };
}

/** One conversation over every day counted. */
export interface ConversationTotal extends Omit<ConversationSums, 'opening' | 'open'> {
  workspaceId: string;
  workspaceName: string;
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
  /** Conversations with calls that day, in the order first seen; absent when there were none. */
  conversations?: ConversationSums[];
  /** Cheap answers given that day, and how many of them were regretted (regret.ts); absent when there were none. */
  regret?: RegretCell[];
  /** Completion verdicts that day per model and language (acceptance.ts); absent when there were none. */
  acceptance?: AcceptanceCell[];
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
  conversations?: Map<string, ConversationSums>;
  regret?: Map<string, RegretCell>;
  acceptance?: Map<string, AcceptanceCell>;
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

function conversationIn(b: Bucket, conversation: string, task: Task, time: string): { sums: ConversationSums; created: boolean } {
  b.conversations ??= new Map();
  const found = b.conversations.get(conversation);
  if (found) return { sums: found, created: false };
  // Every field present from the start (opening and open undefined until set): one object shape for V8.
  const sums: ConversationSums = {
    conversation,
    task,
    started: time,
    last: time,
    calls: 0,
    costUsd: 0,
    unpriced: 0,
    opening: undefined,
    open: undefined,
  };
  b.conversations.set(conversation, sums);
  (b.sums.conversations ??= []).push(sums);
  return { sums, created: true };
}

function conversationTotal(c: ConversationSums, d: Pick<DaySums, 'workspaceId' | 'workspaceName'>): ConversationTotal {
  const { conversation, task, started, last, calls, costUsd, unpriced } = c;
  return { conversation, task, started, last, calls, costUsd, unpriced, workspaceId: d.workspaceId, workspaceName: d.workspaceName };
}

/** A conversation entry holding an open cheap answer, with its bucket (where the answer's regret is counted). */
interface Holder {
  sums: ConversationSums;
  bucket: Bucket;
}

function withBucket(sums: ConversationSums, bucket: Bucket): Holder {
  return { sums, bucket };
}

/** Counts the holder's open answer as regretted by `escalation` (when given), and closes it. */
function judge(holder: Holder, escalation: Escalation | undefined): void {
  const open = holder.sums.open;
  if (!open) return;
  if (escalation) regretCellIn(holder.bucket, open.model, open.preference)[escalation]++;
  // Left as undefined, not deleted: JSON leaves it out, and the entry keeps its shape (deleting is slow in V8).
  holder.sums.open = undefined;
}

function regretCellIn(b: Bucket, model: string, preference: Preference | undefined): RegretCell {
  b.regret ??= new Map();
  return cellIn((b.sums.regret ??= []), b.regret, model, preference);
}

function acceptanceIn(b: Bucket, model: string, language: string): AcceptanceCell {
  b.acceptance ??= new Map();
  return acceptanceCellIn((b.sums.acceptance ??= []), b.acceptance, model, language);
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
  /**
   * Every conversation seen, with the entry holding its open cheap answer (its last call, not judged yet), if any.
   * At most one entry of a conversation has `open`.
   */
  private readonly open = new Map<string, Holder | undefined>();
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
    if (r.conversation !== undefined) this.addConversation(b, r, r.conversation);
    if (hasVerdict(r)) countVerdict(acceptanceIn(b, r.modelName || r.model, r.language ?? UNKNOWN_LANGUAGE), r);
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
   * A call of a conversation: its sums, and regret. The conversation's previous call, when it was a cheap answer, is
   * regretted when this call carries an escalation (counted in the cell of that answer's day and workspace); this
   * call, when a cheap answer, stays open until the next call of the conversation judges it.
   */
  private addConversation(b: Bucket, r: LedgerRecord, conv: string): void {
    const seen = this.open.has(conv);
    const holder = this.open.get(conv);
    if (holder) judge(holder, r.escalation);
    const { sums, created } = conversationIn(b, conv, r.task, r.time);
    if (created && !seen) sums.opening = r.escalation ?? 'none';
    if (r.time < sums.started) sums.started = r.time;
    if (r.time > sums.last) sums.last = r.time;
    sums.calls++;
    if (r.costUsd === null) sums.unpriced++;
    else sums.costUsd += r.costUsd;
    if (isCheapAnswer(r)) {
      const model = modelOf(r);
      regretCellIn(b, model, r.preference).answers++;
      sums.open = r.preference === undefined ? { model } : { model, preference: r.preference };
      this.open.set(conv, withBucket(sums, b));
    } else this.open.set(conv, undefined);
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
      for (const src of sums.regret ?? []) {
        const c = regretCellIn(b, src.model, src.preference);
        c.answers += src.answers;
        c.retry += src.retry;
        c.pushback += src.pushback;
      }
      for (const src of sums.acceptance ?? []) addCell(acceptanceIn(b, src.model, src.language), src);
    }
    // Conversations go in two passes: the other tally's calls all come after this one's, so its first entry of a
    // conversation (wherever it sits in its bucket order) judges this tally's open answer before anything else.
    const known = new Set<string>();
    for (const { sums } of other.buckets) {
      for (const src of sums.conversations ?? []) {
        if (src.opening === undefined || !this.open.has(src.conversation)) continue;
        known.add(src.conversation);
        const holder = this.open.get(src.conversation);
        if (holder) judge(holder, src.opening === 'none' ? undefined : src.opening);
        this.open.set(src.conversation, undefined);
      }
    }
    for (const { sums: d } of other.buckets) {
      if (!d.conversations) continue;
      const b = this.bucket(d.day, d.workspaceId, d.workspaceName);
      for (const src of d.conversations) {
        const conv = src.conversation;
        const { sums, created } = conversationIn(b, conv, src.task, src.started);
        if (created && src.opening !== undefined && !known.has(conv)) sums.opening = src.opening;
        if (src.started < sums.started) sums.started = src.started;
        if (src.last > sums.last) sums.last = src.last;
        sums.calls += src.calls;
        sums.costUsd += src.costUsd;
        sums.unpriced += src.unpriced;
        if (src.open) {
          sums.open = { ...src.open };
          this.open.set(conv, withBucket(sums, b));
        } else if (!this.open.has(conv)) this.open.set(conv, undefined);
      }
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

  /** Conversations (chat, and agent tasks by their id's hash) with calls in the filter's days, dearest first. */
  conversations(f: TallyFilter & { task?: Task } = {}): ConversationTotal[] {
    const byKey = new Map<string, ConversationTotal>();
    for (const { sums } of this.buckets) {
      if (!sums.conversations || !inFilter(sums, f)) continue;
      for (const src of sums.conversations) {
        const t = byKey.get(src.conversation);
        if (t) {
          if (src.started < t.started) t.started = src.started;
          if (src.last > t.last) t.last = src.last;
          t.calls += src.calls;
          t.costUsd += src.costUsd;
          t.unpriced += src.unpriced;
        } else byKey.set(src.conversation, conversationTotal(src, sums));
      }
    }
    return [...byKey.values()]
      .filter((c) => f.task === undefined || c.task === f.task)
      .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || (a.last < b.last ? 1 : -1));
  }

  /** One conversation (by its ledger key, conversationKey) over every day counted; undefined before its first record. */
  conversation(key: string): ConversationTotal | undefined {
    let found: ConversationTotal | undefined;
    for (const b of this.buckets) {
      const src = b.conversations?.get(key);
      if (!src) continue;
      if (!found) {
        found = conversationTotal(src, b.sums);
        continue;
      }
      if (src.started < found.started) found.started = src.started;
      if (src.last > found.last) found.last = src.last;
      found.calls += src.calls;
      found.costUsd += src.costUsd;
      found.unpriced += src.unpriced;
    }
    return found;
  }

  /** The accept rate of the completions shown in the filter's days (acceptance.ts). */
  acceptance(f: TallyFilter = {}): AcceptanceReport {
    const cells: AcceptanceCell[] = [];
    for (const { sums } of this.buckets) if (sums.acceptance && inFilter(sums, f)) cells.push(...sums.acceptance);
    return acceptanceReport(cells);
  }

  /** Regret of the cheap answers given in the filter's days (regret.ts). */
  regret(f: TallyFilter = {}): RegretReport {
    const cells: { workspaceId: string; workspaceName: string; cell: RegretCell }[] = [];
    for (const { sums } of this.buckets) {
      if (!sums.regret || !inFilter(sums, f)) continue;
      for (const cell of sums.regret) cells.push({ workspaceId: sums.workspaceId, workspaceName: sums.workspaceName, cell });
    }
    return regretReport(cells);
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
      for (const cell of d.regret ?? []) {
        const before = b.regret?.size ?? 0;
        Object.assign(regretCellIn(b, cell.model, cell.preference), cell);
        if (b.regret!.size === before) return undefined;
      }
      for (const cell of d.acceptance ?? []) {
        const before = b.acceptance?.size ?? 0;
        Object.assign(acceptanceIn(b, cell.model, cell.language), cell);
        if (b.acceptance!.size === before) return undefined;
      }
      for (const c of d.conversations ?? []) {
        const { sums, created } = conversationIn(b, c.conversation, c.task, c.started);
        if (!created) return undefined;
        Object.assign(sums, c, c.open ? { open: { ...c.open } } : {});
        if (sums.open) {
          if (t.open.get(c.conversation)) return undefined; // two open answers: not what add() writes
          t.open.set(c.conversation, withBucket(sums, b));
        } else if (!t.open.has(c.conversation)) t.open.set(c.conversation, undefined);
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

const CONVERSATION_KEYS = new Set(['conversation', 'task', 'started', 'last', 'calls', 'costUsd', 'unpriced', 'opening', 'open']);
const isPreference = (v: unknown): boolean => v === undefined || PREFERENCES.includes(v as Preference);

function isConversationSums(v: unknown): v is ConversationSums {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  if (!Object.keys(c).every((k) => CONVERSATION_KEYS.has(k))) return false;
  if (typeof c.conversation !== 'string' || !CONVERSATION_KEY.test(c.conversation) || !TASKS.includes(c.task as Task)) return false;
  if (!isTime(c.started) || !isTime(c.last) || !isSum(c.costUsd) || ![c.calls, c.unpriced].every(isCount)) return false;
  if ((c.unpriced as number) > (c.calls as number)) return false;
  if (c.opening !== undefined && !['none', 'retry', 'pushback'].includes(c.opening as string)) return false;
  if (c.open === undefined) return true;
  if (typeof c.open !== 'object' || c.open === null) return false;
  const o = c.open as Record<string, unknown>;
  return Object.keys(o).every((k) => k === 'model' || k === 'preference') && typeof o.model === 'string' && isPreference(o.preference);
}

function isRegretCell(v: unknown): v is RegretCell {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  if (!Object.keys(c).every((k) => ['model', 'preference', 'answers', 'retry', 'pushback'].includes(k))) return false;
  if (typeof c.model !== 'string' || !isPreference(c.preference) || ![c.answers, c.retry, c.pushback].every(isCount)) return false;
  return (c.retry as number) + (c.pushback as number) <= (c.answers as number);
}

function isAcceptanceCell(v: unknown): v is AcceptanceCell {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  if (!Object.keys(c).every((k) => ['model', 'language', 'shown', 'accepted', 'empty'].includes(k))) return false;
  if (typeof c.model !== 'string' || typeof c.language !== 'string' || ![c.shown, c.accepted, c.empty].every(isCount)) return false;
  return (c.accepted as number) <= (c.shown as number);
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
    (d.tasks === undefined || (Array.isArray(d.tasks) && d.tasks.every(isTaskSums))) &&
    (d.conversations === undefined || (Array.isArray(d.conversations) && d.conversations.every(isConversationSums))) &&
    (d.regret === undefined || (Array.isArray(d.regret) && d.regret.every(isRegretCell))) &&
    (d.acceptance === undefined || (Array.isArray(d.acceptance) && d.acceptance.every(isAcceptanceCell)))
  );
}
