/**
 * Text for the status-bar cost item: the short label and its markdown tooltip. Pure functions; the
 * VS Code status bar item that shows them lives in the adapters.
 */
import type { BudgetLimits, BudgetStatus } from './budget';
import type { SpendSummary } from './summary';
import { conversationCostText, type ConversationCost } from './conversationCost';
import type { ModelTotal, TaskSums, Totals } from './tally';

/** "$0.42", "$12.30", "$0.0042" (sub-cent amounts keep two significant digits), "$0.00". */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (Math.abs(usd) < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}

/** An agent task's cost, finer than a day's: "$0.0123", "$0.0004", "$1.25", "$0.00". */
export function formatTaskUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (Math.abs(usd) < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** "$0.0123 over 6 steps", with unpriced calls named ("… · 2 calls unpriced"). */
export function taskCostText(t: Pick<TaskSums, 'costUsd' | 'steps' | 'unpriced'>): string {
  const unpriced = t.unpriced ? ` · ${t.unpriced} call${t.unpriced === 1 ? '' : 's'} unpriced` : '';
  return `${formatTaskUsd(t.costUsd)} over ${t.steps} step${t.steps === 1 ? '' : 's'}${unpriced}`;
}

function percent(f: number): string {
  return `${Math.round(f * 100)}%`;
}

/**
 * "$(pulse) $0.42 today"; a warning icon once a budget is used up; unpriced calls are mentioned; "…" while the
 * ledger is still being read.
 */
export function statusBarText(today: Totals, budget?: BudgetStatus, opts: { loading?: boolean } = {}): string {
  if (opts.loading) return '$(pulse) … today';
  const over = (budget?.dailyFraction ?? 0) >= 1 || (budget?.monthlyFraction ?? 0) >= 1;
  const unpriced = today.unpriced ? ` · ${today.unpriced} unpriced` : '';
  return `${over ? '$(warning)' : '$(pulse)'} ${formatUsd(today.costUsd)} today${unpriced}`;
}

/** Escapes text for a markdown table cell / paragraph (model names come from settings). */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** "saved vs all-frontier: $1.20 (76%)", or undefined when nothing is comparable. */
export function savedText(t: Totals): string | undefined {
  if (t.savedFraction === undefined) return undefined;
  return `saved vs all-frontier: ${formatUsd(t.savedUsd)} (${percent(t.savedFraction)})`;
}

function section(title: string, t: Totals): string[] {
  const lines = [`**${title}: ${formatUsd(t.costUsd)}** · ${t.calls} call${t.calls === 1 ? '' : 's'}`];
  if (t.calls)
    lines.push(
      `cheap ${formatUsd(t.byTier.cheap.costUsd)} (${t.byTier.cheap.calls}) · ` +
        `frontier ${formatUsd(t.byTier.frontier.costUsd)} (${t.byTier.frontier.calls})`,
    );
  const saved = savedText(t);
  if (saved) lines.push(saved);
  if (t.unpriced) lines.push(`${t.unpriced} unpriced call${t.unpriced === 1 ? '' : 's'}: add prices in the \`gearshift.prices\` setting`);
  return [lines.join('  \n')];
}

export interface TooltipOptions {
  budget?: BudgetStatus;
  /** Limits, to show "$4.10 of $5.00". */
  limits?: BudgetLimits;
  /** Rows of the by-model table (default 6). */
  maxModels?: number;
  /** The ledger is still being read: the numbers are not complete yet. */
  loading?: boolean;
  /** The latest agent task (this workspace's): "Last agent task: $0.0123 over 6 steps". */
  lastTask?: Pick<TaskSums, 'costUsd' | 'steps' | 'unpriced'>;
  /** The side panel's conversation: "This conversation: $0.0123 · 4 calls", beside today's. */
  conversation?: ConversationCost;
}

/** "priced as anthropic/claude-sonnet-5 (confirm with gearshift.prices)" for a model priced by an approximate catalog match. */
export function approximateNote(m: Pick<ModelTotal, 'priceMatch' | 'pricedAs'>): string | undefined {
  if (m.priceMatch !== 'approximate' || !m.pricedAs) return undefined;
  return `priced as ${m.pricedAs} (confirm with gearshift.prices)`;
}

/** Markdown tooltip: today, session, month (by tier), the month by model, savings and budget use. */
export function tooltipMarkdown(s: SpendSummary, opts: TooltipOptions = {}): string {
  const parts: string[] = ['**Gearshift spend**'];
  if (opts.loading) parts.push('*Reading the spend ledger…*');
  parts.push(...section('Today', s.today));
  if (opts.conversation) parts.push(`**This conversation:** ${md(conversationCostText(opts.conversation))}`);
  parts.push(...section('This session', s.session), ...section('This month', s.month));
  if (opts.lastTask) parts.push(`**Last agent task:** ${md(taskCostText(opts.lastTask))}`);
  const models = s.month.byModel.slice(0, opts.maxModels ?? 6);
  if (models.length) {
    const rows = ['| Model (this month) | Tier | Calls | Cost |', '|---|---|--:|--:|'];
    for (const m of models)
      rows.push(`| ${md(m.model)} | ${m.tier} | ${m.calls} | ${m.unpriced === m.calls ? 'unpriced' : formatUsd(m.costUsd)} |`);
    parts.push(rows.join('\n'));
  }
  const notes = s.month.byModel.flatMap((m) => {
    const note = approximateNote(m);
    return note ? [`$(warning) ${md(m.model)}: ${md(note)}`] : [];
  });
  if (notes.length) parts.push(notes.join('  \n'));
  const b = opts.budget;
  const l = opts.limits;
  if (b && l && (b.dailyFraction !== undefined || b.monthlyFraction !== undefined)) {
    const lines: string[] = [];
    if (b.dailyFraction !== undefined && l.dailyUsd)
      lines.push(`daily ${percent(b.dailyFraction)} (${formatUsd(b.dailyUsd)} of ${formatUsd(l.dailyUsd)})`);
    if (b.monthlyFraction !== undefined && l.monthlyUsd)
      lines.push(`monthly ${percent(b.monthlyFraction)} (${formatUsd(b.monthlyUsd)} of ${formatUsd(l.monthlyUsd)})`);
    parts.push(`**Budget${l.scope === 'workspace' ? ' (this workspace)' : ''}:** ${lines.join(' · ')}`);
  }
  return parts.join('\n\n');
}
