import type { ApprovalAnswer, ToolOutcomeKind } from '../agent/types';
import type { AgentProgress, ApprovalRecord } from './conversation';
import { formatCost } from './format';

/** The one line a step's row starts with: "step 4 · cheap · reading search results". */
export function stepLine(step: number, tier: string, reason: string): string {
  return `step ${step} · ${tier}${reason ? ` · ${reason}` : ''}`;
}

/** "step 3 / 25 · $0.0123 / $0.50" (no cost limit: "· $0.0123"). */
export function progressLine(p: AgentProgress): string {
  const limit = p.maxTaskUsd === undefined ? '' : ` / ${formatCost(p.maxTaskUsd)}`;
  return `step ${p.steps} / ${p.maxSteps} · ${formatCost(p.costUsd)}${limit}`;
}

const MAX_SHORT = 100;

function short(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * A tool call's arguments in one short line: `path: "src/a.ts", startLine: 3` from JSON, the raw text (cut)
 * when it is not a JSON object.
 */
export function shortArguments(json: string): string {
  let parsed: unknown;
  try {
    parsed = json.trim() === '' ? {} : JSON.parse(json);
  } catch {
    return short(json, MAX_SHORT);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return short(json, MAX_SHORT);
  const parts = Object.entries(parsed as Record<string, unknown>).map(([k, v]) => {
    const value = typeof v === 'string' ? JSON.stringify(short(v, 60)) : short(JSON.stringify(v) ?? String(v), 40);
    return `${k}: ${value}`;
  });
  return short(parts.join(', '), MAX_SHORT);
}

const OUTCOMES: Record<ToolOutcomeKind, string> = {
  ok: 'ok',
  toolError: 'failed',
  badArguments: 'bad arguments',
  commandFailed: 'command failed',
  rejected: 'rejected',
  refused: 'refused',
};

export function outcomeLabel(o: ToolOutcomeKind): string {
  return OUTCOMES[o] ?? o;
}

/** What became of an approval request, in words: "Accepted: a.ts, b.ts" / "Rejected" / "Ran (always allowed)". */
export function answerLabel(rec: ApprovalRecord, files?: readonly string[]): string {
  const a: ApprovalAnswer = rec.answer;
  const why = rec.cancelled ? ' (not answered: the task stopped or the panel closed)' : '';
  if (a.kind === 'command') return a.run ? (a.always ? 'Run — always allowed in this workspace' : 'Run') : `Rejected${why}`;
  if (a.accepted.length === 0) return `Rejected${why}`;
  if (files && a.accepted.length === files.length) return files.length === 1 ? 'Accepted' : 'Accepted all';
  return `Accepted: ${a.accepted.join(', ')}`;
}
