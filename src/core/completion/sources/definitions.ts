import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock';
import type { CodeLocation, LanguageFeatures } from '../languageFeatures';
import { declarationAt } from './declaration';
import type { FileCache } from './fileCache';
import type { NearIdentifier } from './identifiers';
import type { RecentActivitySnapshot } from './recentActivity';
import type { ContextItem } from './types';

/** Results with definitions are kept this long at most, empty ones (nothing found, a failure) less. */
const FOUND_TTL_MS = 60_000;
const EMPTY_TTL_MS = 5_000;
const MAX_ENTRIES = 500;
/** Definitions per identifier worth cutting (overloads, re-exports). */
const MAX_LOCATIONS = 2;

export interface DefinitionQuery {
  path: string;
  ident: NearIdentifier;
  features: LanguageFeatures;
  activity?: RecentActivitySnapshot;
  /** True for a path whose text may not be read or sent (gearshift.exclude): such locations are never read. */
  excluded(path: string): boolean;
  /** Longest declaration text (characters). */
  maxChars: number;
  /** Hard cap on the lookup (its calls are aborted then); the caller's own deadline is usually much shorter. */
  lookupMs: number;
}

interface Entry {
  items: Promise<ContextItem[]>;
  /** Set once settled. */
  done?: { items: ContextItem[]; time: number; deps: Map<string, number> };
}

/**
 * Definitions and type definitions of identifiers, each cut to its enclosing declaration, cached per
 * (document, identifier): a burst of keystrokes in one file asks the language features once per new identifier.
 * An entry is dropped when a file it was cut from is edited (its edit generation moved) or when it is old.
 * A lookup in flight is shared by every request that needs it and runs on after a request's deadline (up to
 * `lookupMs`, then its calls are aborted), so a slow language server's answer still serves the next keystroke.
 */
export class DefinitionLookups {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly files: FileCache,
  ) {}

  /** The cached answer when valid, or the same lookup still in flight (hit: true); else a new lookup. */
  lookup(q: DefinitionQuery): { items: Promise<ContextItem[]>; hit: boolean } {
    const key = `${q.path}\u0000${q.ident.name}`;
    const e = this.entries.get(key);
    if (e && (!e.done || this.valid(e.done, q.activity))) return { items: e.items, hit: true };
    const entry: Entry = { items: Promise.resolve([]) };
    entry.items = this.run(q).then((r) => {
      entry.done = { items: r.items, time: this.clock.now(), deps: r.deps };
      return r.items;
    });
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return { items: entry.items, hit: false };
  }

  clear(): void {
    this.entries.clear();
  }

  private valid(done: NonNullable<Entry['done']>, activity: RecentActivitySnapshot | undefined): boolean {
    const age = this.clock.now() - done.time;
    if (age >= (done.items.length ? FOUND_TTL_MS : EMPTY_TTL_MS)) return false;
    for (const [path, gen] of done.deps) if ((activity?.generation(path) ?? 0) !== gen) return false;
    return true;
  }

  private async run(q: DefinitionQuery): Promise<{ items: ContextItem[]; deps: Map<string, number> }> {
    const controller = new AbortController();
    const timer = this.clock.setTimeout(() => controller.abort(new Error(`no definition answer within ${q.lookupMs} ms`)), q.lookupMs);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    const deps = new Map<string, number>();
    try {
      const { signal } = controller;
      // Its calls share the signal (two lookups, then each found file's text and symbols): not a listener leak.
      setMaxListeners(100, signal);
      const at = q.ident.position;
      const settle = (p: Promise<CodeLocation[]>): Promise<CodeLocation[]> =>
        abortable(p, signal).then(
          (l) => (Array.isArray(l) ? l : []),
          () => [],
        );
      const [defs, types] = await Promise.all([
        settle(q.features.definitions(q.path, at, signal)),
        settle(q.features.typeDefinitions(q.path, at, signal)),
      ]);
      const wanted: { kind: 'definition' | 'typeDefinition'; loc: CodeLocation }[] = [
        ...defs.slice(0, MAX_LOCATIONS).map((loc) => ({ kind: 'definition' as const, loc })),
        ...types.slice(0, MAX_LOCATIONS).map((loc) => ({ kind: 'typeDefinition' as const, loc })),
      ];
      const seen = new Set<string>();
      const items: ContextItem[] = [];
      await Promise.all(
        wanted.map(async ({ kind, loc }) => {
          if (!loc?.path || !loc.range?.start || q.excluded(loc.path)) return;
          const id = `${loc.path}:${loc.range.start.line}`;
          if (seen.has(id)) return;
          seen.add(id);
          deps.set(loc.path, q.activity?.generation(loc.path) ?? 0);
          const file = await abortable(this.files.get(loc.path, q.features, q.activity, signal), signal);
          if (file.text === undefined) return;
          const decl = declarationAt(file.text, file.symbols, loc.range, q.maxChars);
          if (!decl?.text.trim()) return;
          items.push({
            kind,
            path: loc.path,
            text: decl.text,
            score: 0,
            symbol: q.ident.name,
            startLine: decl.startLine,
            endLine: decl.endLine,
          });
        }),
      );
      // The same declaration found as definition and type definition counts once, as the definition.
      const unique = items.filter(
        (it, i) =>
          !items.some(
            (o, j) => j !== i && o.path === it.path && o.startLine === it.startLine && o.kind === 'definition' && it.kind !== 'definition',
          ),
      );
      return { items: unique, deps };
    } catch {
      return { items: [], deps };
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}

/** `p`, or a rejection as soon as `signal` aborts (a fake or server that ignores the signal cannot hold a lookup open). */
export function abortable<T>(p: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
