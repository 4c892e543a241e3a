/**
 * Completion context measured on real code: the rxjs 7.8.2 sources (test/fixtures/rxjs). At cursor positions where
 * the next line uses a symbol imported from another file, does the prompt the product would send (the real
 * ContextBuilder, then prepareCall's promptText) contain that symbol's declaration line?
 *
 * - Positions: in each file of the fixture, the first use of each imported name that resolves (through the symbol
 *   index: re-exports followed) to a declaration in another file whose declaration line the file does not already
 *   hold (one per line); 150 of them spread evenly over that list (sorted by path and line). Deterministic.
 * - Two ways the user is there, both with the rest of the file kept as the suffix:
 *   'next line': the cursor at the end of the line before (the use is the suffix's first line);
 *   'typing the line': the line's text removed and the cursor at its indentation (the user is about to type it).
 * - Open files (other tabs, today's only cross-file source): the 5 files nearest the cursor's file in the import
 *   graph (breadth first: a file's own imports, then its importers).
 * - Today: ContextBuilder.build (prefix, suffix, similar snippets of the open files). New: ContextBuilder.gather
 *   with the symbol index as the language features, under the product's deadline, no recent edits.
 * - Timing: context + prompt per request, the index's calls included (all files parsed beforehand, as a language
 *   server has its project loaded), one builder for the whole run (its caches live as in a session). Garbage is
 *   collected between positions, outside the timing: the index parses the edited file again in this process (a
 *   language server does that in its own), and a collection of that garbage inside a timed request would be charged
 *   to the pipeline.
 * - Tokens: the exact (o200k) count of the prompt text.
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';
import { CONTEXT_DEADLINE_MS, ContextBuilder } from '../../src/core/completion/context';
import { prepareCall } from '../../src/core/completion/request';
import type { CursorDocument, DocumentSnapshot } from '../../src/core/completion/types';
import { countTokens } from '../../src/core/tokens';
import type { ModelConfig } from '../../src/core/types';
import { percentile } from './stats';
import { SymbolIndex } from './symbolIndex';
import type { BenchRow } from './types';

const AREA = 'completion';

/** A full garbage collection, between measured requests (never inside one). */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();
/** A FIM model on a local endpoint, as in the completion bench. */
export const BENCH_MODEL: ModelConfig = { name: 'coder', endpoint: 'local', model: 'qwen2.5-coder:1.5b' };
export const FIXTURE_ROOT = path.resolve(__dirname, '../../../test/fixtures/rxjs');
export const POSITIONS = 150;
/** A typed request's wait for the language features: the default debounce (gearshift.completion.debounceMs). */
export const TYPED_DEADLINE_MS = 150;
export const OPEN_FILES = 5;

export type Variant = 'next line' | 'typing the line';
export const VARIANTS: readonly Variant[] = ['next line', 'typing the line'];

/** A line that uses a symbol imported from another file. */
export interface UsePosition {
  path: string;
  /** 0-based line of the use. */
  line: number;
  /** Where the symbol's name starts on that line. */
  character: number;
  symbol: string;
  /** The declaring files and their declaration lines (trimmed): the prompt should hold one of these lines. */
  definitions: { path: string; line: number; text: string }[];
}

let fixture: SymbolIndex | undefined;

/** The fixture's index (every file parsed), built once per process. */
export function fixtureIndex(): SymbolIndex {
  if (!fixture) {
    fixture = SymbolIndex.fromDirectory(FIXTURE_ROOT, 'src');
    for (const p of fixture.paths()) fixture.sourceFile(p);
  }
  return fixture;
}

/** Names bound by the file's default and named imports (a namespace import names a module, not a declaration). */
function importedNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const s of sf.statements) {
    const c = ts.isImportDeclaration(s) ? s.importClause : undefined;
    if (c?.name) names.add(c.name.text);
    if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) for (const el of c.namedBindings.elements) names.add(el.name.text);
  }
  return names;
}

/** Identifiers of `sf` outside import and export declarations, in text order. */
function codeIdentifiers(sf: ts.SourceFile): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    if (ts.isIdentifier(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out.sort((a, b) => a.getStart(sf) - b.getStart(sf));
}

/** Every candidate use in the index, sorted by path and line: each imported cross-file symbol's first use per file. */
export function candidateUses(index: SymbolIndex): UsePosition[] {
  const out: UsePosition[] = [];
  for (const p of index.paths()) {
    const sf = index.sourceFile(p)!;
    const text = sf.text;
    const imported = importedNames(sf);
    const done = new Set<number>();
    const used = new Set<string>();
    for (const id of codeIdentifiers(sf)) {
      const start = sf.getLineAndCharacterOfPosition(id.getStart(sf));
      if (done.has(start.line) || used.has(id.text) || !imported.has(id.text) || start.line === 0) continue;
      const parent = id.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isQualifiedName(parent) && parent.right === id)) continue;
      const defs = index.declarationSpansSync(p, start);
      if (!defs.length || defs.some((d) => d.path === p)) continue;
      done.add(start.line);
      used.add(id.text);
      const definitions = defs.map((d) => ({
        path: d.path,
        line: d.range.start.line,
        text: lineOf(index.text(d.path)!, d.range.start.line).trim(),
      }));
      // A declaration line the file itself holds would be in the prompt for free: not a question of context.
      if (definitions.some((d) => d.text.length < 8 || text.includes(d.text))) continue;
      out.push({ path: p, line: start.line, character: start.character, symbol: id.text, definitions });
    }
  }
  return out;
}

/** `count` uses spread evenly over the candidates. */
export function pickPositions(index: SymbolIndex, count = POSITIONS): UsePosition[] {
  const all = candidateUses(index);
  if (all.length <= count) return all;
  return Array.from({ length: count }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / count)]);
}

function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

const importers = new WeakMap<SymbolIndex, Map<string, string[]>>();

/** Who imports each file (by path), built once per index. */
function importersOf(index: SymbolIndex, p: string): string[] {
  let by = importers.get(index);
  if (!by) {
    by = new Map();
    for (const q of index.paths()) {
      for (const target of index.importsOf(q)) {
        if (!by.has(target)) by.set(target, []);
        by.get(target)!.push(q);
      }
    }
    importers.set(index, by);
  }
  return by.get(p) ?? [];
}

/**
 * The files a user editing `from` has open, as the 5 nearest in the import graph: breadth first, each file's own
 * imports (in their order) before the files that import it (by path).
 */
export function nearestFiles(index: SymbolIndex, from: string, n = OPEN_FILES): string[] {
  const seen = new Set([from]);
  const out: string[] = [];
  let frontier = [from];
  while (frontier.length && out.length < n) {
    const candidates = [...frontier.flatMap((f) => index.importsOf(f)), ...frontier.flatMap((f) => importersOf(index, f))];
    const next = [...new Set(candidates)].filter((q) => !seen.has(q));
    for (const q of next) seen.add(q);
    out.push(...next.slice(0, n - out.length));
    frontier = next;
  }
  return out;
}

/** The document and cursor a user has at `pos` in `variant`. */
export function cursorAt(index: SymbolIndex, pos: UsePosition, variant: Variant): CursorDocument {
  const text = index.text(pos.path)!;
  let lineStart = 0;
  for (let i = 0; i < pos.line; i++) lineStart = text.indexOf('\n', lineStart) + 1;
  const eol = text.indexOf('\n', lineStart);
  const lineEnd = eol < 0 ? text.length : eol;
  const doc = { path: pos.path, languageId: 'typescript' };
  if (variant === 'next line') return { ...doc, text, offset: lineStart - 1 };
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
  return { ...doc, text: text.slice(0, lineStart + indent) + text.slice(lineEnd), offset: lineStart + indent };
}

/** Whether the prompt holds one of the symbol's declaration lines (as code or inside a comment). */
export function holdsDefinition(promptText: string, pos: UsePosition): boolean {
  return pos.definitions.some((d) => promptText.includes(d.text));
}

export interface Measured {
  share: number;
  hits: number;
  total: number;
  /** Wall time per request (ms). */
  times: number[];
  /** This process's CPU time per request (ms): what the machine's other load does not inflate as much. */
  cpu: number[];
  tokens: number[];
  misses: UsePosition[];
}

function summary(found: boolean[], times: number[], cpu: number[], tokens: number[], positions: UsePosition[]): Measured {
  const hits = found.filter(Boolean).length;
  return { share: hits / found.length, hits, total: found.length, times, cpu, tokens, misses: positions.filter((_, i) => !found[i]) };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function snapshots(index: SymbolIndex, paths: readonly string[]): DocumentSnapshot[] {
  return paths.map((p) => ({ path: p, languageId: 'typescript', text: index.text(p)! }));
}

/** Today's context: prefix, suffix and similar snippets of the open files. */
export function measureToday(index: SymbolIndex, positions: UsePosition[], variant: Variant): Measured {
  const builder = new ContextBuilder();
  const found: boolean[] = [];
  const times: number[] = [];
  const cpu: number[] = [];
  const tokens: number[] = [];
  for (const pos of positions) {
    const doc = cursorAt(index, pos, variant);
    const others = snapshots(index, nearestFiles(index, pos.path));
    collectGarbage();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const ctx = builder.build(doc, others)!;
    const call = prepareCall(BENCH_MODEL, true, ctx);
    times.push(performance.now() - t0);
    cpu.push(cpuMs(c0));
    found.push(holdsDefinition(call.promptText, pos));
    tokens.push(countTokens(call.promptText));
  }
  return summary(found, times, cpu, tokens, positions);
}

export interface NewOptions {
  /** Each language-feature answer arrives this late (ms): a language server's round trip. */
  latencyMs?: number;
  deadlineMs?: number;
}

/**
 * The new context: ContextBuilder.gather with the symbol index as the language features (one builder for the run,
 * as in a session). In 'typing the line' the index is told the edited text first, as the editor tells its server.
 */
export async function measureNew(
  index: SymbolIndex,
  positions: UsePosition[],
  variant: Variant,
  opts: NewOptions = {},
): Promise<Measured & { pending: number; sources: Map<string, number> }> {
  const features = opts.latencyMs ? index.withLatency(opts.latencyMs) : index;
  const builder = new ContextBuilder();
  const found: boolean[] = [];
  const times: number[] = [];
  const cpu: number[] = [];
  const tokens: number[] = [];
  const sources = new Map<string, number>();
  let pending = 0;
  for (const pos of positions) {
    const doc = cursorAt(index, pos, variant);
    const original = index.text(pos.path)!;
    if (doc.text !== original) {
      index.setText(pos.path, doc.text);
      index.sourceFile(pos.path);
    }
    const others = snapshots(index, nearestFiles(index, pos.path));
    try {
      collectGarbage();
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const g = (await builder.gather(doc, others, { features, deadlineMs: opts.deadlineMs ?? CONTEXT_DEADLINE_MS }))!;
      const call = prepareCall(BENCH_MODEL, true, g.context);
      times.push(performance.now() - t0);
      cpu.push(cpuMs(c0));
      const hit = holdsDefinition(call.promptText, pos);
      found.push(hit);
      tokens.push(countTokens(call.promptText));
      pending += g.report.pending;
      if (hit) {
        const from = g.context.snippets.find((sn) => pos.definitions.some((d) => sn.text.includes(d.text)));
        const kind = from ? (from.kind ?? 'similar') : 'prefix/suffix';
        sources.set(kind, (sources.get(kind) ?? 0) + 1);
      }
    } finally {
      if (doc.text !== original) index.setText(pos.path, original);
    }
  }
  return { ...summary(found, times, cpu, tokens, positions), pending, sources };
}

function pct(m: Measured): string {
  return `${(100 * m.share).toFixed(1)}% (${m.hits}/${m.total})`;
}

function p50p99(values: number[], digits: number, unit = ''): string {
  return `p50 ${percentile(values, 50).toFixed(digits)}${unit}, p99 ${percentile(values, 99).toFixed(digits)}${unit}`;
}

export async function rows(): Promise<BenchRow[]> {
  const index = fixtureIndex();
  const positions = pickPositions(index);
  const out: BenchRow[] = [];
  const row = (name: string, value: string, target?: string, ok?: boolean): void => {
    out.push({ area: AREA, name, value, ...(target !== undefined && { target, ok }) });
  };
  row(`context on real code: rxjs 7.8.2 fixture, ${positions.length} positions whose next line uses an imported symbol`, '');
  for (const variant of VARIANTS) {
    // Warm-up, untimed: the JIT, and the symbol index's own lazy work at every position (a language server has
    // analysed its project before it answers quickly). Each measurement below starts with a new ContextBuilder, so
    // none of the product's caches is warm.
    measureToday(index, positions.slice(0, 20), variant);
    await measureNew(index, positions, variant);
    const today = measureToday(index, positions, variant);
    const now = await measureNew(index, positions, variant);
    const via = [...now.sources]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    row(`  [${variant}] prompt holds the symbol's declaration line: today's context`, pct(today));
    row(`  [${variant}] prompt holds the symbol's declaration line: new context (via ${via})`, pct(now), '≥ 80%', now.share >= 0.8);
    row(`  [${variant}] context+prompt time, today (wall; CPU)`, `${p50p99(today.times, 2, ' ms')}; ${p50p99(today.cpu, 2, ' ms')}`);
    const p99 = percentile(now.times, 99);
    row(
      `  [${variant}] context+prompt time, new (symbol index calls, explicit request's ${CONTEXT_DEADLINE_MS} ms deadline; wall; CPU)`,
      `${p50p99(now.times, 2, ' ms')}; ${p50p99(now.cpu, 2, ' ms')}`,
      'p99 ≤ 15 ms',
      p99 <= 15,
    );
    row(`  [${variant}] prompt tokens, today → new`, `${p50p99(today.tokens, 0)} → ${p50p99(now.tokens, 0)}`);
  }
  // A language server that answers each call 5 ms late, and one slower than the deadline: for an explicit request
  // (the 10 ms deadline) and for a typed one (its wait overlaps the default 150 ms debounce, so it adds no delay).
  for (const [latencyMs, deadlineMs, label] of [
    [5, CONTEXT_DEADLINE_MS, 'explicit'],
    [100, CONTEXT_DEADLINE_MS, 'explicit'],
    [100, TYPED_DEADLINE_MS, 'typed, within the debounce'],
  ] as const) {
    const slow = await measureNew(index, positions, 'next line', { latencyMs, deadlineMs });
    row(
      `  [next line] each language-feature answer ${latencyMs} ms late, ${label} (${deadlineMs} ms): share; time; pending`,
      `${pct(slow)}; ${p50p99(slow.times, 1, ' ms')}; ${slow.pending} lookups`,
    );
  }
  return out;
}
