/** Ledger records as CSV (RFC 4180), for the dashboard's "Export CSV". */
import type { LedgerRecord } from './record';

const HEADER = [
  'time',
  'workspace',
  'task',
  'tier',
  'model_name',
  'model',
  'endpoint',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_5m_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_usd',
  'frontier_cost_usd',
  'estimated',
  'latency_ms',
  'outcome',
  'task_id',
  'step',
  'step_role',
  'conversation',
  'preference',
  'escalation',
  'verdict',
  'language',
];

/** Quotes when needed; a leading = + - @ is defused so spreadsheets never run a cell as a formula. */
function cell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function recordsToCsv(records: readonly LedgerRecord[]): string {
  const lines = [HEADER.join(',')];
  for (const r of records) {
    const u = r.usage;
    lines.push(
      [
        r.time,
        r.workspace.name,
        r.task,
        r.tier,
        r.modelName,
        r.model,
        r.endpoint,
        u.input,
        u.cacheRead,
        u.cacheWrite5m,
        u.cacheWrite1h,
        u.output,
        u.reasoning,
        r.costUsd,
        r.frontierCostUsd,
        r.estimated,
        r.latencyMs,
        r.outcome,
        r.taskId ?? null,
        r.step ?? null,
        r.stepRole ?? null,
        r.conversation ?? null,
        r.preference ?? null,
        r.escalation ?? null,
        r.verdict ?? null,
        r.language ?? null,
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
