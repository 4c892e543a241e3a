/**
 * Replaying a ledger: what the recorded calls cost, and what the same token usage would have cost
 * all-frontier, all-cheap, and under other routing settings. The CLI (`gearshift replay --ledger FILE`)
 * wires it to the configuration.
 */
import type { Tier, Usage } from '../types';
import { formatUsd } from './format';
import type { LedgerRecord } from './record';
import { acceptanceOf, acceptanceText, type AcceptanceReport, type AcceptanceRow } from './acceptance';
import { regretOf, regretText, type RegretReport, type RegretRow } from './regret';

/** A model to price a record's usage on. */
export interface ModelRef {
  model: string;
  modelName?: string;
  endpoint: string;
}

export interface ReplayOptions {
  /** USD for a usage on a model at a time, or undefined when the model has no price. */
  priceUsage(ref: ModelRef, usage: Usage, time: Date): number | undefined;
  /** The first model of each tier under the settings being evaluated. */
  models: Record<Tier, ModelRef>;
  /** The tier the evaluated settings would pick for a record; omitted: the tier it was recorded with. */
  tierFor?(record: LedgerRecord): Tier;
}

export interface ScenarioCost {
  usd: number;
  /** Calls this scenario could not price (excluded from usd). */
  unpriced: number;
}

export interface ReplayResult {
  calls: number;
  from?: string;
  to?: string;
  /** As recorded. */
  actual: ScenarioCost;
  allFrontier: ScenarioCost;
  allCheap: ScenarioCost;
  /** Under `models` + `tierFor`. */
  settings: ScenarioCost & { byTier: Record<Tier, number> };
  /** As recorded: how often a cheap answer was redone on the frontier (regret.ts). */
  regret: RegretReport;
  /** As recorded: the accept rate of inline completions (acceptance.ts). */
  acceptance: AcceptanceReport;
}

function add(s: ScenarioCost, usd: number | undefined): void {
  if (usd === undefined) s.unpriced++;
  else s.usd += usd;
}

export function replayLedger(records: readonly LedgerRecord[], opts: ReplayOptions): ReplayResult {
  const res: ReplayResult = {
    calls: records.length,
    actual: { usd: 0, unpriced: 0 },
    allFrontier: { usd: 0, unpriced: 0 },
    allCheap: { usd: 0, unpriced: 0 },
    settings: { usd: 0, unpriced: 0, byTier: { cheap: 0, frontier: 0 } },
    regret: regretOf(records),
    acceptance: acceptanceOf(records),
  };
  for (const r of records) {
    const time = new Date(r.time);
    if (!res.from || r.time < res.from) res.from = r.time;
    if (!res.to || r.time > res.to) res.to = r.time;
    add(res.actual, r.costUsd ?? undefined);
    const frontier = opts.priceUsage(opts.models.frontier, r.usage, time);
    const cheap = opts.priceUsage(opts.models.cheap, r.usage, time);
    add(res.allFrontier, frontier);
    add(res.allCheap, cheap);
    const tier = opts.tierFor ? opts.tierFor(r) : r.tier;
    const chosen = tier === 'frontier' ? frontier : cheap;
    add(res.settings, chosen);
    res.settings.byTier[tier]++;
  }
  return res;
}

/** Replays often cover cents: four decimals below a dollar. */
function money(usd: number): string {
  return usd > 0 && usd < 1 ? `$${usd.toFixed(4)}` : formatUsd(usd);
}

function line(label: string, s: ScenarioCost, frontier: ScenarioCost): string {
  // A percentage only compares like with like: both scenarios priced every call.
  const comparable = frontier.usd > 0 && !s.unpriced && !frontier.unpriced && s !== frontier;
  const pct = comparable ? `  (${Math.round((1 - s.usd / frontier.usd) * 100)}% below all-frontier)` : '';
  const unpriced = s.unpriced ? `  [${s.unpriced} unpriced call${s.unpriced === 1 ? '' : 's'} not counted]` : '';
  return `  ${label.padEnd(14)} ${money(s.usd).padStart(10)}${pct}${unpriced}`;
}

/** A plain-text report for the terminal. */
export function formatReplay(r: ReplayResult, opts: { models: Record<Tier, ModelRef> }): string {
  const span = r.from && r.to ? ` from ${r.from.slice(0, 10)} to ${r.to.slice(0, 10)}` : '';
  const name = (m: ModelRef): string => m.modelName ?? m.model;
  return [
    `Replayed ${r.calls} call${r.calls === 1 ? '' : 's'}${span}.`,
    line('as recorded', r.actual, r.allFrontier),
    line('all-frontier', r.allFrontier, r.allFrontier),
    line('all-cheap', r.allCheap, r.allFrontier),
    line('these settings', r.settings, r.allFrontier),
    `  these settings: ${r.settings.byTier.cheap} → cheap (${name(opts.models.cheap)}), ` +
      `${r.settings.byTier.frontier} → frontier (${name(opts.models.frontier)})`,
    ...regretLines(r.regret),
    ...acceptanceLines(r.acceptance),
  ].join('\n');
}

/** The completion accept rate as recorded: overall, then per model and per language. */
function acceptanceLines(r: AcceptanceReport): string[] {
  if (r.total.shown + r.total.empty === 0) return ['  completions    — (no completion verdicts recorded)'];
  const row = (x: AcceptanceRow): string =>
    `    ${x.key.padEnd(20)} ${acceptanceText(x).padStart(16)}` + (x.empty ? `  (${x.empty} empty)` : '');
  return [
    `  completions    ${acceptanceText(r.total)} of suggestions shown accepted` + (r.total.empty ? ` (${r.total.empty} empty)` : ''),
    '   by model:',
    ...r.byModel.map(row),
    '   by language:',
    ...r.byLanguage.map(row),
  ];
}

/** Regret as recorded, beside the savings: overall, then per model, per preference and per workspace. */
function regretLines(r: RegretReport): string[] {
  if (r.total.answers === 0) return ['  regret         — (no cheap answers in a conversation: nothing to judge)'];
  const row = (x: RegretRow): string =>
    `    ${x.label.padEnd(20)} ${regretText(x).padStart(16)}` + (x.regretted ? `  (${x.retry} retried, ${x.pushback} pushback)` : '');
  return [
    `  regret         ${regretText(r.total)} of cheap answers redone on the frontier (Retry with frontier or pushback)`,
    '   by model:',
    ...r.byModel.map(row),
    '   by preference:',
    ...r.byPreference.map(row),
    '   by workspace:',
    ...r.byWorkspace.map(row),
  ];
}
