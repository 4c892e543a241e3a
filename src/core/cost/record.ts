/**
 * One ledger record per model call, and the code that builds and checks it. Pure (no Node imports):
 * the spend webview bundles this file too.
 *
 * A record holds numbers and short identifiers only: no prompt, completion, message, error text or
 * key can be stored, because there is no field for them and `sanitizeRecord` copies known fields only.
 */
import { emptyUsage, TASKS, TIERS, type GatewayOutcome, type Task, type Tier, type Usage } from '../types';

export const LEDGER_VERSION = 1;

/** 'error:<kind>' uses the provider error kind (rateLimit, auth, timeout…), never its message. */
export type Outcome = 'ok' | 'cancelled' | `error:${string}`;

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

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

function usd(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function outcome(value: unknown): Outcome {
  if (value === 'ok' || value === 'cancelled') return value;
  if (typeof value === 'string' && ERROR_KIND.test(value)) return value as Outcome;
  return 'error:unknown';
}

/** A copy holding only the record's own fields, with identifiers cut and control characters removed. */
export function sanitizeRecord(r: LedgerRecord): LedgerRecord {
  const u = r.usage;
  const time = new Date(r.time);
  const out: LedgerRecord = {
    v: LEDGER_VERSION,
    time: (Number.isNaN(time.getTime()) ? new Date() : time).toISOString(),
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
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const USAGE_KEYS: (keyof Usage)[] = ['input', 'output', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'reasoning'];

/** Parses one JSONL line; undefined for a torn, foreign or malformed line (readers skip those). */
export function parseRecord(line: string): LedgerRecord | undefined {
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
  if (!isObject(usage) || !USAGE_KEYS.every((k) => typeof usage[k] === 'number')) return undefined;
  if (raw.costUsd !== null && typeof raw.costUsd !== 'number') return undefined;
  if (raw.frontierCostUsd !== null && typeof raw.frontierCostUsd !== 'number') return undefined;
  if (typeof raw.estimated !== 'boolean' || typeof raw.latencyMs !== 'number' || typeof raw.outcome !== 'string') return undefined;
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
    cost: { costUsd?: number; frontierCostUsd?: number };
    latencyMs?: number;
  },
): LedgerRecord {
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
  });
}
