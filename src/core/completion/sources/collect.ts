import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock';
import type { LanguageFeatures } from '../languageFeatures';
import type { CursorDocument, DocumentSnapshot } from '../types';
import { before } from './deadline';
import { DefinitionLookups, abortable } from './definitions';
import { FileCache } from './fileCache';
import { identifiersAround } from './identifiers';
import { importCandidates, outlineOf, parseImports, type ImportRef } from './imports';
import type { RecentActivitySnapshot, RecentRange } from './recentActivity';
import { sliceLines } from './text';

/** Whole lines at the end of `text` within `maxChars`. */
function tailLines(text: string, maxChars: number): string {
  const nl = text.indexOf('\n', text.length - maxChars);
  return nl >= 0 ? text.slice(nl + 1) : text.slice(text.length - maxChars);
}
import type { ContextItem } from './types';

export interface CollectInput {
  doc: CursorDocument;
  /** Open documents (their current text is used before asking readText). */
  others: readonly DocumentSnapshot[];
  features?: LanguageFeatures;
  activity?: RecentActivitySnapshot;
  excluded(path: string): boolean;
  /** Clock time by which collecting stops waiting. */
  deadlineAt: number;
  /** Hard cap of each language-feature lookup (ms). */
  lookupMs: number;
  limits: CollectLimits;
}

export interface CollectLimits {
  identifiers: number;
  imports: number;
  /** Longest text per item, in characters, by source. */
  definitionChars: number;
  outlineChars: number;
  rangeChars: number;
  /** Lines of context kept around an edited range. */
  editContextLines: number;
}

export const DEFAULT_LIMITS: CollectLimits = {
  identifiers: 6,
  imports: 6,
  definitionChars: 1200,
  outlineChars: 900,
  rangeChars: 700,
  editContextLines: 2,
};

export interface Collected {
  items: ContextItem[];
  pending: number;
  cacheHits: number;
  lookups: number;
  errors: string[];
}

/** Imports are looked for in the first 64 KB of a file. */
const IMPORTS_HEAD_CHARS = 64_000;

/** Scores of the sources (rank fills the budget in this order); nearer identifiers and newer ranges score higher. */
const SCORE = {
  definition: (rank: number) => 0.95 - 0.04 * rank,
  typeDefinition: (rank: number) => 0.85 - 0.04 * rank,
  recentEdit: (i: number) => 0.8 - 0.05 * i,
  importOutline: (used: boolean) => (used ? 0.7 : 0.45),
  recentView: (i: number) => 0.5 - 0.05 * i,
};

/**
 * Gathers the candidate items of every source under one deadline: definitions and type definitions of the
 * identifiers around the cursor, outlines of imported files, recently edited and viewed ranges. Whatever is not
 * ready at the deadline is left out of this request (lookups go on into the caches for the next one). Never throws.
 */
export class SourceCollector {
  readonly files: FileCache;
  private readonly definitions: DefinitionLookups;
  private readonly imports = new Map<string, { head: string; languageId: string; refs: ImportRef[] }>();

  constructor(private readonly clock: Clock) {
    this.files = new FileCache(clock);
    this.definitions = new DefinitionLookups(clock, this.files);
  }

  async collect(input: CollectInput): Promise<Collected> {
    const items: ContextItem[] = [];
    const errors: string[] = [];
    let cacheHits = 0;
    let lookups = 0;
    const tasks: Promise<unknown>[] = [];
    let settled = 0;
    const track = (p: Promise<unknown>): void => {
      tasks.push(
        p.then(
          () => settled++,
          (e: unknown) => {
            settled++;
            errors.push(e instanceof Error ? e.message : String(e));
          },
        ),
      );
    };
    const known = new Map<string, string>([[input.doc.path, input.doc.text], ...input.others.map((o) => [o.path, o.text] as const)]);
    const { features, activity, doc } = input;
    const hardSignal = (): AbortSignal => {
      const signal = AbortSignal.timeout(input.lookupMs);
      // One lookup's calls share its signal (an outline's text and symbols, a definition's files): more than Node's
      // default of 10 listeners at once is expected, not a leak (each is removed when its call settles).
      setMaxListeners(100, signal);
      return signal;
    };

    if (features) {
      const idents = identifiersAround(doc.text, Math.max(0, Math.min(doc.offset, doc.text.length)), input.limits.identifiers);
      idents.forEach((ident, rank) => {
        const r = this.definitions.lookup({
          path: doc.path,
          ident,
          features,
          activity,
          excluded: input.excluded,
          maxChars: input.limits.definitionChars,
          lookupMs: input.lookupMs,
        });
        if (r.hit) cacheHits++;
        else lookups++;
        track(
          r.items.then((found) => {
            for (const it of found) items.push({ ...it, score: SCORE[it.kind as 'definition' | 'typeDefinition'](rank) });
          }),
        );
      });

      const near = new Set(idents.map((i) => i.name));
      const refs = this.importsOf(doc)
        .map((ref) => ({ ref, used: ref.names.some((n) => near.has(n)) }))
        .sort((a, b) => Number(b.used) - Number(a.used))
        .slice(0, input.limits.imports);
      for (const { ref, used } of refs) {
        const candidates = importCandidates(doc.path, ref, doc.languageId).filter((p) => p !== doc.path);
        if (!candidates.length) continue;
        lookups++;
        track(
          (async () => {
            const signal = hardSignal();
            // In order, the first candidate that exists is the import's file: most imports resolve at the first
            // (`./x` → x.ts), so asking one at a time asks the editor about few files that do not exist, and checks
            // exclusion (never reading an excluded file) only for the candidates it gets to.
            for (const path of candidates) {
              if (input.excluded(path)) continue;
              const info = await abortable(this.files.get(path, features, activity, signal), signal);
              if (info.text === undefined) continue;
              const text = known.get(path) ?? info.text;
              const outline = outlineOf(text, info.symbols, ref.names, input.limits.outlineChars);
              if (outline.trim()) items.push({ kind: 'importOutline', path, text: outline, score: SCORE.importOutline(used) });
              return;
            }
          })(),
        );
      }
    }

    if (activity) {
      const ranges = (list: readonly RecentRange[], kind: 'recentEdit' | 'recentView', pad: number): void => {
        list.forEach((r, i) => {
          if (input.excluded(r.path)) return;
          const cut = (text: string): void => {
            const startLine = Math.max(0, r.startLine - pad);
            const endLine = r.endLine + pad;
            const body = sliceLines(text, startLine, endLine);
            const t = body.length > input.limits.rangeChars ? tailLines(body, input.limits.rangeChars) : body;
            if (t.trim()) items.push({ kind, path: r.path, text: t, score: SCORE[kind](i), startLine, endLine });
          };
          const open = known.get(r.path);
          if (open !== undefined) cut(open);
          else if (features) {
            const signal = hardSignal();
            track(
              abortable(this.files.get(r.path, features, activity, signal), signal).then((f) => {
                if (f.text !== undefined) cut(f.text);
              }),
            );
          }
        });
      };
      ranges(activity.edits, 'recentEdit', input.limits.editContextLines);
      ranges(activity.views, 'recentView', 0);
    }

    if (tasks.length) await before(Promise.all(tasks), input.deadlineAt, this.clock);
    // A snapshot: tasks that finish after the deadline must not change what this request reports.
    return { items: [...items], pending: tasks.length - settled, cacheHits, lookups, errors: [...errors] };
  }

  /** The document's imports, parsed again only when its head changed (typing below the imports re-parses nothing). */
  private importsOf(doc: CursorDocument): ImportRef[] {
    const head = doc.text.slice(0, IMPORTS_HEAD_CHARS);
    const hit = this.imports.get(doc.path);
    if (hit && hit.languageId === doc.languageId && hit.head === head) return hit.refs;
    const refs = parseImports(head, doc.languageId);
    this.imports.set(doc.path, { head, languageId: doc.languageId, refs });
    if (this.imports.size > 50) this.imports.delete(this.imports.keys().next().value as string);
    return refs;
  }

  /** Forgets every cached lookup and file (settings changed, a workspace folder went). */
  clear(): void {
    this.files.clear();
    this.definitions.clear();
    this.imports.clear();
  }
}
