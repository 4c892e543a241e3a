/** The text of "Explain Last Routing Decision": plain text, for the modal and for tests. */
import type { DecisionLog } from '../gateway/gateway';
import type { ModelConfig } from '../types';
import type { TaskTier } from './taskTiers';

export interface ExplainOptions {
  /** "priced as anthropic/claude-sonnet-5 (exact)", or why the model has no price. */
  priceOf?(model: ModelConfig): string;
  /** How an agent task was classified, while it is remembered. */
  taskTier?(taskId: string): TaskTier | undefined;
}

export function explainDecision(d: DecisionLog | undefined, opts: ExplainOptions = {}): string {
  if (!d) return 'No request has been routed in this window yet.';
  const s = d.step;
  const what = s ? `agent step ${s.step}` : d.task;
  const lines = [`${what} at ${new Date(d.time).toLocaleTimeString()}: ${d.decision.tier} tier (${d.decision.source})`];
  if (s) {
    lines.push(`Task: ${s.taskId} · step ${s.step} · role ${s.role}`);
    const t = opts.taskTier?.(s.taskId);
    lines.push(t ? `Task tier: ${t.tier} (classified once, from its first request: ${t.reason})` : 'Task tier: not known in this window');
  }
  const { preference, escalation } = d.decision;
  if (d.command) lines.push(`Command: /${d.command} (its route: gearshift.routing.commands.${d.command})`);
  lines.push(`Reason: ${d.decision.reason}`);
  if (preference) lines.push(`Preference: ${preference}`);
  if (escalation)
    lines.push(`Escalated: ${escalation === 'retry' ? 'Retry with frontier' : 'the user pushed back on the previous answer'}`);
  lines.push(`Chain: ${d.decision.chain.map((m) => `${m.name} (${m.endpoint}/${m.model})`).join(' → ') || 'none'}`);
  if (d.modelName) lines.push(`Answered by: ${d.modelName}`);
  const priced = d.decision.chain.find((m) => m.name === d.modelName) ?? d.decision.chain[0];
  if (priced && opts.priceOf) lines.push(`Price of ${priced.name}: ${opts.priceOf(priced)}`);
  for (const f of d.fallbacks) lines.push(`Fallback: ${f}`);
  if (d.error) lines.push(`Error: ${d.error}`);
  return lines.join('\n');
}
