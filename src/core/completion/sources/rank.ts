import { approxTokens } from '../../tokens';
import { PROMPT_ORDER, type ContextItem, type SourceKind } from './types';

export interface RankOptions {
  /** Tokens for all sources together. */
  totalTokens: number;
  /** Tokens at most per kind (similar snippets keep their own budget, as before sources existed). */
  caps?: Partial<Record<SourceKind, number>>;
  /** The cursor's file and the lines its prefix and suffix already show: items inside add nothing. */
  window?: { path: string; startLine: number; endLine: number };
}

export interface Ranked {
  /** In prompt order: by PROMPT_ORDER, then best first. */
  used: ContextItem[];
  /** Left out for the budget, best first. */
  dropped: ContextItem[];
}

function overlaps(a: ContextItem, b: { path: string; startLine?: number; endLine?: number }): boolean {
  if (a.path !== b.path || a.startLine === undefined || b.startLine === undefined) return false;
  return a.startLine <= (b.endLine ?? b.startLine) && (a.endLine ?? a.startLine) >= b.startLine;
}

/**
 * Fills the token budget best score first: an item inside the cursor's window or overlapping a better item of
 * the same file is a repeat and goes; one that does not fit the budget (total or its kind's cap) is dropped and
 * smaller ones after it may still fit.
 */
export function rankItems(items: readonly ContextItem[], opts: RankOptions): Ranked {
  const sorted = [...items].filter((i) => i.text.trim()).sort((a, b) => b.score - a.score);
  const used: ContextItem[] = [];
  const dropped: ContextItem[] = [];
  const spent = new Map<SourceKind, number>();
  let total = 0;
  for (const it of sorted) {
    if (opts.window && overlaps(it, opts.window)) continue;
    if (used.some((u) => overlaps(it, u) || (u.path === it.path && u.text === it.text))) continue;
    const t = approxTokens(it.text);
    const cap = opts.caps?.[it.kind] ?? Infinity;
    const kindSpent = spent.get(it.kind) ?? 0;
    if (total + t > opts.totalTokens || kindSpent + t > cap) {
      dropped.push(it);
      continue;
    }
    total += t;
    spent.set(it.kind, kindSpent + t);
    used.push(it);
  }
  used.sort((a, b) => PROMPT_ORDER.indexOf(a.kind) - PROMPT_ORDER.indexOf(b.kind) || b.score - a.score);
  return { used, dropped };
}
