/**
 * One ledger record per model call, and the code that builds and checks it. Pure (no Node imports):
 * the spend webview bundles this file too.
 *
 * A record holds numbers and short identifiers only: no prompt, completion, message, error text or
 * key can be stored, because there is no field for them and `sanitizeRecord` copies known fields only.
 */
import { STEP_ROLES, type StepRole } from '../agent/types';
import {
  emptyUsage,
  PREFERENCES,
  SUGGESTION_VERDICTS,
  TASKS,
  TIERS,
  type Escalation,
  type GatewayOutcome,
  type Preference,
  type SuggestionVerdict,
  type Task,
  type Tier,
  type Usage,
} from '../types';

export const LEDGER_VERSION = 1;

/** 'error:<kind>' uses the provider error kind (rateLimit, auth, timeout…), never its message. */
export type Outcome = 'ok' | 'cancelled' | `error:${string}`;

/**
 * How a call's cost was priced. 'exact': a catalog entry for exactly this model id (or a known alias or dated
 * snapshot of it); 'approximate': a catalog entry matched only loosely (e.g. by prefix: claude-sonnet-5-5 priced
 * as claude-sonnet-5), a price to confirm; 'override': the user's gearshift.prices; 'local': a free local
 * endpoint; 'provider': the cost the provider reported.
 */
export type PriceKind = 'exact' | 'approximate' | 'override' | 'local' | 'provider';
export const PRICE_KINDS: readonly PriceKind[] = ['exact', 'approximate', 'override', 'local', 'provider'];

export interface LedgerRecord {
  v: typeof LEDGER_VERSION;
  /** ISO 8601 time the call ended. */
  time: string;
  /** id: a hash of the workspace folder URI (never the path); name: the folder's display name. */
  workspace: { id: string; name: string };
  task: Task;
  tier: Tier;
  /** The provider's model id that answered (e.g. gpt-5-mini, us.anthropic.claude-…). */
  model: string;
  /** The configured model name (gearshift.models[].name). */
  modelName: string;
  /** The configured endpoint name. */
  endpoint: string;
  usage: Usage;
  /** USD; null when the model has no price (then `unpriced` is true). */
  costUsd: number | null;
  unpriced?: true;
  /** True when usage was estimated with a tokenizer because the provider reported none. */
  estimated: boolean;
  /** The same usage priced at the frontier tier's first model; null when that has no price. */
  frontierCostUsd: number | null;
  latencyMs: number;
  outcome: Outcome;
  /** How costUsd was priced (absent when unpriced, and in records written before it existed). */
  priceMatch?: PriceKind;
  /** The catalog entry that priced it, e.g. "anthropic/claude-sonnet-5" (catalog prices only). */
  pricedAs?: string;
  /**
   * Agent steps only (all three or none): the task's random id (no content; TASK_ID), the 1-based step number and
   * the step's role. Records written before agent mode have none.
   */
  taskId?: string;
  step?: number;
  stepRole?: StepRole;
  /** Chat and LM-API calls: a hash of the conversation id (no content), for cost per conversation and regret. */
  conversation?: string;
  /** The dial position the call was routed under (chat and agent calls). */
  preference?: Preference;
  /** Set on a call made because the user rejected the previous answer of the conversation (see Escalation). */
  escalation?: Escalation;
  /** Completion calls: accepted, rejected or empty (the accept rate per model and language). */
  verdict?: SuggestionVerdict;
  /** Completion calls: the file's VS Code language id (LANGUAGE_ID), e.g. "typescript". */
  language?: string;
}

/**
 * What a record may hold; anything outside is rejected when written and skipped when read back (a wrong clock,
 * a bug, a hand-edited file). No real call costs $1000 or sends 20 million tokens in one field; no call lasts a day.
 */
export const RECORD_BOUNDS = {
  /** Earliest record time (Gearshift did not exist before). */
  earliest: Date.UTC(2020, 0, 1),
  /** How far past the reader's or writer's clock a record may be dated (clock skew between machines). */
  futureMs: 24 * 60 * 60 * 1000,
  /** Most USD one call may cost (costUsd and frontierCostUsd). */
  maxCostUsd: 1000,
  /** Most tokens in one usage field of one call. */
  maxTokens: 20_000_000,
  /** Longest call. */
  maxLatencyMs: 24 * 60 * 60 * 1000,
  /** Highest step number of an agent task. */
  maxStep: 10_000,
} as const;

/** An agent task id: short, random, no content. */
export const TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A record's `conversation`: 16 lowercase hex digits (conversationKey). */
export const CONVERSATION_KEY = /^[0-9a-f]{16}$/;
const ESCALATIONS: readonly Escalation[] = ['retry', 'pushback'];

/** A record's `language`: a VS Code language id ("typescript", "javascriptreact", "objective-cpp", "jsonc"…). */
export const LANGUAGE_ID = /^[A-Za-z0-9][A-Za-z0-9_.+#-]{0,39}$/;

/**
 * The ledger's key for a conversation (or agent task) id: 64-bit FNV-1a of its UTF-16 code units, as 16 hex digits.
 * Not the id (the ledger cannot be joined to the chat history by it), the same in every window, the CLI and the
 * webviews (pure: no Node crypto). Collisions are one in 2^32 for 65k conversations: far below what a cost sum notices.
 */
export function conversationKey(id: string): string {
  // FNV-1a 64 in two 32-bit halves (BigInt would be simpler and ten times slower on the hot path).
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < id.length; i++) {
    lo = (lo ^ id.charCodeAt(i)) >>> 0;
    // multiply by the FNV prime 2^40 + 0x1b3
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newHi = (hi * 0x1b3 + (lo << 8) + carry) >>> 0;
    lo = loMul >>> 0;
    hi = newHi;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** The record's step tag when every part of it is well-formed (TASK_ID, 1 ≤ step ≤ maxStep, a known role). */
function stepTag(r: LedgerRecord): Pick<LedgerRecord, 'taskId' | 'step' | 'stepRole'> | undefined {
  const { taskId, step, stepRole } = r;
  if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) return undefined;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > RECORD_BOUNDS.maxStep) return undefined;
  if (!STEP_ROLES.includes(stepRole as StepRole)) return undefined;
  return { taskId, step, stepRole };
}

const USAGE_FIELDS: (keyof Usage)[] = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'reasoning'];

/**
 * Why a record is out of bounds (see RECORD_BOUNDS), in words naming the field; undefined when it is fine.
 * Missing usage fields and a null cost (unpriced) are fine.
 */
export function recordProblem(r: LedgerRecord, now: number = Date.now()): string | undefined {
  const t = typeof r.time === 'string' ? Date.parse(r.time) : NaN;
  if (Number.isNaN(t)) return `time ${JSON.stringify(String(r.time).slice(0, 40))} is not a date`;
  if (t < RECORD_BOUNDS.earliest) return `time ${r.time} is before 2020-01-01`;
  if (t > now + RECORD_BOUNDS.futureMs) return `time ${r.time} is more than a day in the future`;
  for (const field of ['costUsd', 'frontierCostUsd'] as const) {
    const v: unknown = r[field];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${field} ${String(v)} is not a cost (a finite number ≥ 0)`;
    if (v > RECORD_BOUNDS.maxCostUsd) return `${field} $${v} is over the $${RECORD_BOUNDS.maxCostUsd} bound for one call`;
  }
  for (const field of USAGE_FIELDS) {
    const v: unknown = r.usage?.[field];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `usage.${field} ${String(v)} is not a token count`;
    if (v > RECORD_BOUNDS.maxTokens)
      return `usage.${field} ${v} is over the ${RECORD_BOUNDS.maxTokens.toLocaleString('en-US')}-token bound`;
  }
  const latency: unknown = r.latencyMs;
  if (typeof latency === 'number' && (!Number.isFinite(latency) || latency < 0 || latency > RECORD_BOUNDS.maxLatencyMs)) {
    return `latencyMs ${latency} is not a call duration (0 to 24 h)`;
  }
  return undefined;
}

/** Longest identifier kept in a record; keeps every record far below the 4 KiB atomic-append limit. */
export const MAX_IDENT = 120;
const ERROR_KIND = /^error:[A-Za-z][A-Za-z0-9_-]{0,39}$/;

function ident(value: unknown): string {
  // Control characters and newlines can never reach the JSONL file; long values are cut.
  return String(value ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .slice(0, MAX_IDENT);
}

// Numbers are kept as they are (NaN and negatives included), so that recordProblem can reject them: a bad
// number is a bug to see, not to turn quietly into 0 or "unpriced".
function count(value: unknown): number {
  return typeof value === 'number' ? Math.round(value) : 0;
}

function usd(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function outcome(value: unknown): Outcome {
  if (value === 'ok' || value === 'cancelled') return value;
  if (typeof value === 'string' && ERROR_KIND.test(value)) return value as Outcome;
  return 'error:unknown';
}

/**
 * A copy holding only the record's own fields, with identifiers cut and control characters removed. Numbers and
 * the time are not corrected: check the result with recordProblem. An agent step's tag (taskId, step, stepRole) is
 * kept only whole and well-formed; otherwise it is dropped and the call is still recorded (its cost counts).
 */
export function sanitizeRecord(r: LedgerRecord): LedgerRecord {
  const u = r.usage;
  const time = new Date(r.time);
  const out: LedgerRecord = {
    v: LEDGER_VERSION,
    time: Number.isNaN(time.getTime()) ? String(r.time).slice(0, 40) : time.toISOString(),
    workspace: { id: ident(r.workspace.id), name: ident(r.workspace.name) },
    task: TASKS.includes(r.task) ? r.task : 'chat',
    tier: TIERS.includes(r.tier) ? r.tier : 'frontier',
    model: ident(r.model),
    modelName: ident(r.modelName),
    endpoint: ident(r.endpoint),
    usage: {
      input: count(u.input),
      output: count(u.output),
      cacheRead: count(u.cacheRead),
      cacheWrite5m: count(u.cacheWrite5m),
      cacheWrite1h: count(u.cacheWrite1h),
      reasoning: count(u.reasoning),
    },
    costUsd: usd(r.costUsd),
    estimated: r.estimated === true,
    frontierCostUsd: usd(r.frontierCostUsd),
    latencyMs: count(r.latencyMs),
    outcome: outcome(r.outcome),
  };
  if (out.costUsd === null) out.unpriced = true;
  else if (PRICE_KINDS.includes(r.priceMatch as PriceKind)) {
    out.priceMatch = r.priceMatch;
    if (typeof r.pricedAs === 'string' && r.pricedAs) out.pricedAs = ident(r.pricedAs);
  }
  const tag = stepTag(r);
  if (tag) Object.assign(out, tag);
  // Regret tags: each kept only when well-formed; a malformed one is dropped and the call is still recorded.
  if (typeof r.conversation === 'string' && CONVERSATION_KEY.test(r.conversation)) out.conversation = r.conversation;
  if (PREFERENCES.includes(r.preference as Preference)) out.preference = r.preference;
  if (ESCALATIONS.includes(r.escalation as Escalation)) out.escalation = r.escalation;
  // Completion tags: the same.
  if (SUGGESTION_VERDICTS.includes(r.verdict as SuggestionVerdict)) out.verdict = r.verdict;
  if (typeof r.language === 'string' && LANGUAGE_ID.test(r.language)) out.language = r.language;
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one JSONL line; undefined for a torn, foreign or malformed line, or a record out of bounds at `now`
 * (RECORD_BOUNDS): readers skip those.
 */
export function parseRecord(line: string, now: number = Date.now()): LedgerRecord | undefined {
  if (!line.trim()) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(raw) || raw.v !== LEDGER_VERSION) return undefined;
  const { workspace, usage } = raw;
  if (typeof raw.time !== 'string' || Number.isNaN(Date.parse(raw.time))) return undefined;
  if (!isObject(workspace) || typeof workspace.id !== 'string' || typeof workspace.name !== 'string') return undefined;
  if (!TASKS.includes(raw.task as Task) || !TIERS.includes(raw.tier as Tier)) return undefined;
  if (typeof raw.model !== 'string' || typeof raw.modelName !== 'string' || typeof raw.endpoint !== 'string') return undefined;
  if (!isObject(usage) || !USAGE_FIELDS.every((k) => typeof usage[k] === 'number')) return undefined;
  if (raw.costUsd !== null && typeof raw.costUsd !== 'number') return undefined;
  if (raw.frontierCostUsd !== null && typeof raw.frontierCostUsd !== 'number') return undefined;
  if (typeof raw.estimated !== 'boolean' || typeof raw.latencyMs !== 'number' || typeof raw.outcome !== 'string') return undefined;
  if (recordProblem(raw as unknown as LedgerRecord, now) !== undefined) return undefined;
  return sanitizeRecord(raw as unknown as LedgerRecord);
}

/** "2026-11" for a date, in local time: the month a record is filed under. */
export function monthKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** "2026-11-05" for a date, in local time. */
export function dayKey(d: Date): string {
  return `${monthKey(d)}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The record for a gateway outcome. `cost` comes from costOfCall; the provider model id is the one
 * that answered (Bedrock routers) or the configured one. Error messages are never recorded, only kinds.
 */
export function recordFromOutcome(
  o: GatewayOutcome,
  ctx: {
    task: Task;
    workspace: { id: string; name: string };
    time?: Date;
    cost: { costUsd?: number; frontierCostUsd?: number; priceMatch?: { kind: PriceKind; entry: string } };
    latencyMs?: number;
  },
): LedgerRecord {
  const match = ctx.cost.priceMatch;
  const configured = o.decision.chain.find((m) => m.name === o.modelName);
  const kind = o.error?.kind;
  return sanitizeRecord({
    v: LEDGER_VERSION,
    time: (ctx.time ?? new Date()).toISOString(),
    workspace: ctx.workspace,
    task: ctx.task,
    tier: o.decision.tier,
    model: o.result?.invokedModel ?? configured?.model ?? o.modelName,
    modelName: o.modelName,
    endpoint: o.endpoint,
    usage: o.result?.usage ?? emptyUsage(),
    costUsd: ctx.cost.costUsd ?? null,
    estimated: o.result?.estimated ?? false,
    frontierCostUsd: ctx.cost.frontierCostUsd ?? null,
    latencyMs: ctx.latencyMs ?? o.result?.totalMs ?? 0,
    outcome: kind === undefined ? 'ok' : kind === 'cancelled' ? 'cancelled' : `error:${kind}`,
    priceMatch: match?.kind,
    pricedAs: match && (match.kind === 'exact' || match.kind === 'approximate') ? match.entry : undefined,
    taskId: o.step?.taskId,
    step: o.step?.step,
    stepRole: o.step?.role,
    conversation: o.conversationId ? conversationKey(o.conversationId) : undefined,
    preference: o.decision.preference,
    escalation: o.decision.escalation,
    verdict: o.verdict,
    language: o.language,
  });
}
