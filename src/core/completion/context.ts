import { LruCache } from '../lru';
import { isExcluded } from '../privacy/exclude';
import { redactSecrets } from '../privacy/redact';
import { approxTokens } from '../tokens';
import { chooseMode } from './postprocess';
import { systemClock, type Clock } from './clock';
import type { LanguageFeatures } from './languageFeatures';
import { SnippetIndex, WINDOW_LINES } from './snippets';
import { DEFAULT_LIMITS, SourceCollector, type CollectLimits } from './sources/collect';
import { rankItems } from './sources/rank';
import type { RecentActivitySnapshot } from './sources/recentActivity';
import type { ContextItem, ContextReport, ReportedItem } from './sources/types';
import {
  DEFAULT_BUDGET,
  DEFAULT_SOURCE_TOKENS,
  type CompletionContext,
  type ContextBudget,
  type CursorDocument,
  type DocumentSnapshot,
  type Snippet,
} from './types';

/**
 * How long gathering waits for the language features by default (ms). The engine lets a typed request wait as long as
 * its debounce instead (time it spends anyway, so ghost text comes no later); an explicit request, which has no
 * debounce, waits this long at most. Late answers are cached for the next request.
 */
export const CONTEXT_DEADLINE_MS = 10;
/** How long a language-feature lookup may run on in the background before it is aborted (ms). */
export const LOOKUP_MS = 1500;

export interface GatherOptions extends ContextOptions {
  /** Definitions, type definitions, outlines and file texts (absent: those sources are skipped). */
  features?: LanguageFeatures;
  /** Recently edited and viewed ranges; its edit generations also invalidate cached reads. */
  activity?: RecentActivitySnapshot;
  /** Longest wait for the sources (ms, default CONTEXT_DEADLINE_MS). */
  deadlineMs?: number;
  /** Hard cap of one lookup, after which its calls are aborted (ms, default LOOKUP_MS). */
  lookupMs?: number;
  limits?: Partial<CollectLimits>;
}

/** A context and the account of what went into it (for Explain and the bench). */
export interface GatheredContext {
  context: CompletionContext;
  report: ContextReport;
}

export interface ContextOptions {
  budget?: ContextBudget;
  /** `gearshift.exclude` globs (the built-in secret-file patterns always apply). */
  exclude?: readonly string[];
  /** Workspace folder, for matching absolute paths against folder-anchored globs. */
  workspaceRoot?: string;
}

/** Characters per token as approxTokens counts them (measured once, so budgets follow its definition). */
const CHARS_PER_TOKEN = 10_000 / approxTokens('x'.repeat(10_000));

/** Longest text, in characters, that approxTokens counts as at most `tokens`. */
function charsFor(tokens: number): number {
  return Math.max(0, Math.floor(tokens * CHARS_PER_TOKEN));
}

/**
 * Start of the line holding `offset`. `lastIndexOf` treats a negative fromIndex as 0, so searching before
 * index 0 would find a newline *at* 0 (a document starting with a blank line): never search there.
 */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Start of the line before the one starting at `lineStart` (0 when there is none). */
function prevLineStart(text: string, lineStart: number): number {
  return lineStart <= 1 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
}

/** An offset made safe: a whole number in [0, text.length] (NaN and out-of-range values clamped). */
function clampOffset(text: string, offset: number): number {
  return Number.isFinite(offset) ? Math.max(0, Math.min(Math.trunc(offset), text.length)) : offset > 0 ? text.length : 0;
}

/** A budget made safe: a whole number ≥ 0 (NaN counts as 0, Infinity stays). */
function clampBudget(maxChars: number): number {
  return maxChars > 0 ? Math.floor(maxChars) : 0;
}

/** The last `n` lines of `text` (the cursor line included). */
export function lastLines(text: string, n: number): string {
  if (!(n >= 1)) return '';
  let start = lineStartAt(text, text.length);
  for (let i = 1; i < n && start > 0; i++) start = prevLineStart(text, start);
  return text.slice(start);
}

/** A cut at `i` moved one unit (by `dir`) when it would split a surrogate pair (half an emoji in the prompt). */
function offPair(text: string, i: number, dir: 1 | -1): number {
  const low = text.charCodeAt(i);
  const high = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? i + dir : i;
}

/**
 * Start of the prefix: the cursor line's start, then whole earlier lines while the prefix stays within
 * `maxChars`. Only a cursor line longer than the budget is cut mid-line. Costs O(prefix), not O(file).
 */
export function prefixStart(text: string, offset: number, maxChars: number): number {
  offset = clampOffset(text, offset);
  maxChars = clampBudget(maxChars);
  const lineStart = lineStartAt(text, offset);
  if (offset - lineStart > maxChars) return Math.min(offset, offPair(text, offset - maxChars, +1));
  let start = lineStart;
  while (start > 0) {
    const prev = prevLineStart(text, start);
    if (offset - prev > maxChars) break;
    start = prev;
  }
  return start;
}

/**
 * The prefix window's start moves in steps of 1/PREFIX_STEPS of its budget (~190 tokens of the default 1,500):
 * while the user types, the prompt keeps the same first line, so the provider's prompt cache can reuse everything
 * up to the cursor. The price: on average half a step of the farthest prefix.
 */
export const PREFIX_STEPS = 8;

/**
 * `start` (from prefixStart) moved forward to the first line that starts at or after the next multiple of `grid`,
 * so that typing at the cursor leaves the prefix's first line in place until the window has slid a whole step.
 * At most a step and a line of the farthest prefix is given up; a start of 0, a mid-line cut of the cursor line,
 * or a line so long that more would be lost keep `start` as it is. Costs O(line), not O(file).
 */
export function anchoredStart(text: string, start: number, offset: number, grid: number): number {
  offset = clampOffset(text, offset);
  const lineStart = lineStartAt(text, offset);
  if (start <= 0 || start >= lineStart || !(grid >= 1)) return start;
  const at = Math.ceil(start / grid) * grid;
  const next = lineStartAt(text, at) === at ? at : text.indexOf('\n', at) + 1;
  if (next <= 0 || next > lineStart || next - start > 2 * grid) return start;
  return next;
}

/** End of the suffix: the rest of the cursor line, then whole later lines within `maxChars`. */
export function suffixEnd(text: string, offset: number, maxChars: number): number {
  offset = clampOffset(text, offset);
  maxChars = clampBudget(maxChars);
  const eol = text.indexOf('\n', offset);
  const lineEnd = eol < 0 ? text.length : eol;
  if (lineEnd - offset > maxChars) return Math.max(offset, offPair(text, offset + maxChars, -1));
  let end = lineEnd;
  while (end < text.length) {
    const next = text.indexOf('\n', end + 1);
    const nextEnd = next < 0 ? text.length : next;
    if (nextEnd - offset > maxChars) break;
    end = nextEnd;
  }
  return end;
}

/**
 * Assembles what a completion prompt may contain: prefix and suffix around the cursor cut at whole lines
 * within the token budget (budget the suffix leaves unused goes to the prefix; the prefix's first line moves in
 * steps, see anchoredStart), the file path and language,
 * and the most similar snippets from other open documents of the same language. Excluded files contribute
 * nothing (the current one yields undefined), and every outgoing text has its secrets redacted.
 */
export class ContextBuilder {
  private readonly snippets = new SnippetIndex();
  private readonly sources: SourceCollector;
  private excludedRules = '';
  private excludedPaths = new LruCache<boolean>(2000);

  constructor(private readonly clock: Clock = systemClock) {
    this.sources = new SourceCollector(clock);
  }

  build(doc: CursorDocument, others: readonly DocumentSnapshot[], opts: ContextOptions = {}): CompletionContext | undefined {
    return this.window(doc, others, opts)?.ctx;
  }

  /**
   * The context with every source ranked into the budget: what `build` gives (prefix, suffix, similar snippets)
   * plus the definitions and type definitions of the identifiers around the cursor and the outlines of imported
   * files (through `features`), and recently edited and viewed ranges (from `activity`). Waits at most
   * `deadlineMs` for the language features: whatever is not ready then is left out (and cached for the next
   * request). Sources come as `snippets` with their `kind`, in prompt order; excluded files contribute nothing;
   * every text is redacted. Undefined when the cursor's file is excluded. Never rejects.
   */
  async gather(doc: CursorDocument, others: readonly DocumentSnapshot[], opts: GatherOptions = {}): Promise<GatheredContext | undefined> {
    const t0 = this.clock.now();
    const base = this.window(doc, others, opts);
    if (!base) return undefined;
    const { ctx } = base;
    const exclude = opts.exclude ?? [];
    const deadlineMs = opts.deadlineMs ?? CONTEXT_DEADLINE_MS;
    // Exclusion is asked for the same few paths on every keystroke: remembered while the rules stay the same.
    const rules = `${opts.workspaceRoot ?? ''}\u0000${exclude.join('\u0000')}`;
    if (rules !== this.excludedRules) {
      this.excludedRules = rules;
      this.excludedPaths = new LruCache(2000);
    }
    const excluded = (p: string): boolean => {
      let x = this.excludedPaths.get(p);
      if (x === undefined) this.excludedPaths.set(p, (x = isExcluded(p, exclude, opts.workspaceRoot)));
      return x;
    };
    const collected = await this.sources.collect({
      doc: { ...doc, offset: clampOffset(doc.text, doc.offset) },
      others: others.filter((o) => !excluded(o.path)),
      features: opts.features,
      activity: opts.activity,
      excluded,
      deadlineAt: t0 + deadlineMs,
      lookupMs: opts.lookupMs ?? LOOKUP_MS,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
    });
    let redactions = ctx.redactions;
    const items: ContextItem[] = [];
    for (const it of collected.items) {
      if (excluded(it.path)) continue;
      const r = redactSecrets(it.text);
      redactions += r.count;
      items.push({ ...it, text: r.text });
    }
    // Similar snippets were redacted by `window`; they keep their own budget and rank below the other sources.
    for (const s of ctx.snippets) items.push({ kind: 'similar', path: s.path, text: s.text, score: 0.2 + 0.4 * s.score, jaccard: s.score });
    const budget = opts.budget ?? DEFAULT_BUDGET;
    const ranked = rankItems(items, {
      totalTokens: budget.snippetTokens + (budget.sourceTokens ?? DEFAULT_SOURCE_TOKENS),
      caps: { similar: budget.snippetTokens },
      window: { path: doc.path, startLine: base.startLine, endLine: base.endLine },
    });
    const snippets: Snippet[] = ranked.used.map((it) =>
      it.kind === 'similar'
        ? { path: it.path, text: it.text, score: it.jaccard ?? it.score }
        : { path: it.path, text: it.text, score: it.score, kind: it.kind, ...(it.symbol && { symbol: it.symbol }) },
    );
    const reported = (it: ContextItem): ReportedItem => ({
      kind: it.kind,
      path: it.path,
      ...(it.symbol && { symbol: it.symbol }),
      tokens: approxTokens(it.text),
    });
    const report: ContextReport = {
      path: doc.path,
      languageId: doc.languageId,
      time: t0,
      buildMs: this.clock.now() - t0,
      deadlineMs,
      pending: collected.pending,
      cacheHits: collected.cacheHits,
      lookups: collected.lookups,
      prefixTokens: approxTokens(ctx.prefix),
      suffixTokens: approxTokens(ctx.suffix),
      used: ranked.used.map(reported),
      dropped: ranked.dropped.map(reported),
      errors: collected.errors,
    };
    return { context: { ...ctx, snippets, redactions }, report };
  }

  /** Forgets cached definitions and file reads (the workspace changed under them). */
  clearCaches(): void {
    this.sources.clear();
  }

  private window(
    doc: CursorDocument,
    others: readonly DocumentSnapshot[],
    opts: ContextOptions,
  ): { ctx: CompletionContext; startLine: number; endLine: number } | undefined {
    const exclude = opts.exclude ?? [];
    if (isExcluded(doc.path, exclude, opts.workspaceRoot)) return undefined;
    const budget = opts.budget ?? DEFAULT_BUDGET;
    const { text } = doc;
    const offset = clampOffset(text, doc.offset);

    const end = suffixEnd(text, offset, charsFor(budget.suffixTokens));
    const spareSuffix = Math.max(0, budget.suffixTokens - approxTokens(text.slice(offset, end)));
    const maxPrefix = charsFor(budget.prefixTokens + spareSuffix);
    const start = anchoredStart(text, prefixStart(text, offset, maxPrefix), offset, Math.floor(maxPrefix / PREFIX_STEPS));

    const lineStart = lineStartAt(text, offset);
    const eol = text.indexOf('\n', offset);
    const linePrefix = text.slice(lineStart, offset);
    const lineSuffix = text.slice(offset, eol < 0 ? text.length : eol);
    const prevLine = lineStart > 0 ? text.slice(prevLineStart(text, lineStart), lineStart - 1) : '';

    const prefix = redactSecrets(text.slice(start, offset));
    const suffix = redactSecrets(text.slice(offset, end));
    let redactions = prefix.count + suffix.count;

    const candidates = others.filter(
      (o) => o.languageId === doc.languageId && o.path !== doc.path && !isExcluded(o.path, exclude, opts.workspaceRoot),
    );
    const query = lastLines(prefix.text, WINDOW_LINES);
    // A redaction marker can be longer than the secret it replaces: a snippet that no longer fits the budget is left out.
    const snippetChars = charsFor(budget.snippetTokens);
    let used = 0;
    const snippets = this.snippets.best(query, candidates, snippetChars).flatMap((s) => {
      const r = redactSecrets(s.text);
      redactions += r.count;
      if (used + r.text.length > snippetChars) return [];
      used += r.text.length;
      return [{ ...s, text: r.text }];
    });

    const startLine = countLines(text, start);
    const ctx: CompletionContext = {
      path: doc.path,
      languageId: doc.languageId,
      prefix: prefix.text,
      suffix: suffix.text,
      snippets,
      linePrefix,
      lineSuffix,
      ...chooseMode(linePrefix, lineSuffix, prevLine, doc.languageId),
      ...(doc.indent && { indent: doc.indent }),
      redactions,
    };
    return { ctx, startLine, endLine: startLine + countLines(text.slice(start, end), text.length - start) };
  }
}

/** Line breaks in text[0, until). */
function countLines(text: string, until: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < until; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
