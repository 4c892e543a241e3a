import type { Clock } from '../clock';
import type { LanguageFeatures, OutlineSymbol } from '../languageFeatures';
import type { RecentActivitySnapshot } from './recentActivity';

/** A file's text and outline as read through LanguageFeatures (undefined text: missing, unreadable or refused). */
export interface FileInfo {
  text: string | undefined;
  symbols: OutlineSymbol[];
}

interface Entry {
  gen: number;
  time: number;
  info: Promise<FileInfo>;
}

/** Files are re-read after this long even without an edit seen (a change on disk, a file created by a tool). */
const MAX_AGE_MS = 30_000;
const MAX_FILES = 200;

/**
 * Texts and outlines of other files, read once per edit generation (RecentActivity bumps it on every edit of a
 * path), so a burst of keystrokes reads nothing again. Lookups share one read in flight.
 */
export class FileCache {
  private readonly map = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  get(path: string, features: LanguageFeatures, activity: RecentActivitySnapshot | undefined, signal: AbortSignal): Promise<FileInfo> {
    const gen = activity?.generation(path) ?? 0;
    const now = this.clock.now();
    const hit = this.map.get(path);
    if (hit && hit.gen === gen && now - hit.time < MAX_AGE_MS) return hit.info;
    // A call that throws (even synchronously) reads as nothing; a read cut short by an abort is not remembered.
    const info = Promise.all([
      Promise.resolve()
        .then(() => features.readText(path, signal))
        .catch(() => undefined),
      Promise.resolve()
        .then(() => features.documentSymbols(path, signal))
        .catch(() => [] as OutlineSymbol[]),
    ]).then(([text, symbols]) => {
      if (signal.aborted && this.map.get(path) === entry) this.map.delete(path);
      return { text: typeof text === 'string' ? text : undefined, symbols: Array.isArray(symbols) ? symbols : [] };
    });
    const entry: Entry = { gen, time: now, info };
    this.map.delete(path);
    this.map.set(path, entry);
    if (this.map.size > MAX_FILES) this.map.delete(this.map.keys().next().value as string);
    return info;
  }

  /** The cached entry's generation, for dependents that were cut from it. */
  generationOf(path: string): number | undefined {
    return this.map.get(path)?.gen;
  }

  clear(): void {
    this.map.clear();
  }
}
