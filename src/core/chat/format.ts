import { formatUsd } from '../cost/format';
import type { ReplyMeta } from './conversation';

/** The reply's cost as the status bar writes money ("$0.0042", "$1.37", "$0.00" free/local); undefined: "cost unknown". */
export function formatCost(usd: number | undefined): string {
  return usd === undefined || !Number.isFinite(usd) ? 'cost unknown' : formatUsd(usd);
}

/** 950, 1.2k, 12k, 1.4M. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** 850 ms, 2.3 s, 1 m 05 s. */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

/** "1.2k in · 340 out" (with "≈" when estimated), or undefined when nothing was reported. */
export function formatUsage(m: ReplyMeta): string | undefined {
  if (m.tokensIn === undefined && m.tokensOut === undefined) return undefined;
  const approx = m.estimated ? '≈' : '';
  return `${approx}${formatTokens(m.tokensIn ?? 0)} in · ${approx}${formatTokens(m.tokensOut ?? 0)} out`;
}

/** The plain line shown when the answer came from a fallback: "sonnet rate-limited → bedrock-sonnet — answered by bedrock-sonnet". */
export function fallbackNote(m: ReplyMeta): string | undefined {
  if (m.fallbacks.length === 0) return undefined;
  const by = m.modelName && !m.error ? ` — answered by ${m.modelName}` : '';
  return `${m.fallbacks.join('; ')}${by}`;
}
