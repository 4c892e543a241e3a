import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Chunk } from './chunk';
import { tokenize } from './tokenize';
import type { CodebaseHit } from './types';

/**
 * The full-text index of the workspace's chunks: MiniSearch (BM25+) over each chunk's text, its file's path and the
 * names it declares (boosted: a question naming `retry` should find the chunk that declares it before the chunks
 * that merely call it). Files are added, replaced and removed whole; each keeps the stamp (mtime and size) it was
 * indexed at, so an unchanged file is not read again.
 *
 * Saved as lines (`lines()`; a header line, then one JSON line per file with its stamp and chunks) rather than as
 * MiniSearch's own JSON: toJSON/loadJSON of a 10,000-file index held the event loop for 10.9 s and 4.3 s in one
 * piece (measured by the bench), while lines are written and read back one file at a time between yields. Reading
 * back re-tokenizes the chunks (no file is read again).
 */

/** Bumped whenever what is stored or how text is tokenized changes: an index from another version is rebuilt. */
export const INDEX_FORMAT_VERSION = 2;
const FORMAT = 'gearshift-codebase-index';

/** When a file was indexed: a file whose stamp still matches is not read again. */
export interface FileStamp {
  mtime: number;
  size: number;
}

interface FileRecord extends FileStamp {
  ids: number[];
  language?: string;
}

interface ChunkDoc {
  id: number;
  path: string;
  text: string;
  symbols: string;
}

interface StoredChunk extends Chunk {
  path: string;
  language?: string;
}

/** A workspace symbol the editor's symbol providers found for a question: boosts the chunks around it. */
export interface SymbolHint {
  name: string;
  path: string;
  /** 1-based line of the declaration, when known. */
  line?: number;
}

export interface IndexSearchOptions {
  /** Most chunks from one file (default 2): the prompt gets more files rather than one file's every chunk. */
  perFile?: number;
  symbols?: readonly SymbolHint[];
}

const OPTIONS: Options<ChunkDoc> = {
  fields: ['text', 'path', 'symbols'],
  storeFields: [],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => term,
  searchOptions: { boost: { symbols: 3, path: 2, text: 1 } },
};

/** How much a symbol hint lifts its file's chunks, and the chunk that declares it. */
const SYMBOL_FILE_BOOST = 1.5;
const SYMBOL_CHUNK_BOOST = 3;

/** One saved file: [path, mtime, size, language or null, [[startLine, endLine, symbols, text], …]]. */
type FileLine = [string, number, number, string | null, [number, number, string[], string][]];

export interface SavedFile {
  path: string;
  stamp: FileStamp;
  language?: string;
  chunks: Chunk[];
}

export class CodebaseIndex {
  private readonly files = new Map<string, FileRecord>();
  private readonly chunks = new Map<number, StoredChunk>();
  private readonly ms = new MiniSearch<ChunkDoc>(OPTIONS);
  private nextId = 1;

  static empty(): CodebaseIndex {
    return new CodebaseIndex();
  }

  get fileCount(): number {
    return this.files.size;
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /** True when `path` is indexed at exactly this stamp. */
  isCurrent(path: string, stamp: FileStamp): boolean {
    const f = this.files.get(path);
    return !!f && f.mtime === stamp.mtime && f.size === stamp.size;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Indexes a file's chunks (text already redacted), replacing what was indexed for it. */
  setFile(path: string, stamp: FileStamp, chunks: readonly Chunk[], language?: string): void {
    this.removeFile(path);
    const ids: number[] = [];
    for (const c of chunks) {
      const id = this.nextId++;
      ids.push(id);
      const stored: StoredChunk = { path, startLine: c.startLine, endLine: c.endLine, text: c.text, symbols: c.symbols, language };
      this.chunks.set(id, stored);
      this.ms.add({ id, path, text: c.text, symbols: c.symbols.join(' ') });
    }
    this.files.set(path, { mtime: stamp.mtime, size: stamp.size, ids, language });
  }

  /** Forgets a file; true when it was indexed. */
  removeFile(path: string): boolean {
    const f = this.files.get(path);
    if (!f) return false;
    for (const id of f.ids) {
      this.ms.discard(id);
      this.chunks.delete(id);
    }
    this.files.delete(path);
    return true;
  }

  /** The best chunks for `query`, best first. */
  search(query: string, limit: number, opts: IndexSearchOptions = {}): CodebaseHit[] {
    if (limit <= 0 || query.trim() === '') return [];
    const boost = symbolBoost(matchingSymbols(query, opts.symbols ?? []));
    const chunk = (id: number): StoredChunk | undefined => this.chunks.get(id);
    const results: SearchResult[] = this.ms.search(query, {
      prefix: (term) => term.length >= 5,
      boostDocument:
        boost &&
        ((id: number) => {
          const c = chunk(id);
          return c ? boost(c) : 1;
        }),
    });
    const perFile = Math.max(1, opts.perFile ?? 2);
    const taken = new Map<string, number>();
    const hits: CodebaseHit[] = [];
    for (const r of results) {
      const c = this.chunks.get(r.id as number);
      if (!c) continue;
      const n = taken.get(c.path) ?? 0;
      if (n >= perFile) continue;
      taken.set(c.path, n + 1);
      hits.push({ path: c.path, startLine: c.startLine, endLine: c.endLine, text: c.text, language: c.language, score: r.score });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /** The header line of a saved index. */
  static header(): string {
    return JSON.stringify({ format: FORMAT, version: INDEX_FORMAT_VERSION });
  }

  /** True when `line` is the header this version writes (anything else: the saved index is not read). */
  static isHeader(line: string): boolean {
    try {
      const h = JSON.parse(line) as { format?: unknown; version?: unknown };
      return h?.format === FORMAT && h.version === INDEX_FORMAT_VERSION;
    } catch {
      return false;
    }
  }

  /** The saved lines of every file (without the header), one at a time. */
  *fileLines(): Generator<string> {
    for (const [path, f] of this.files) {
      const chunks = f.ids.flatMap((id) => {
        const c = this.chunks.get(id);
        return c ? [[c.startLine, c.endLine, c.symbols, c.text] as [number, number, string[], string]] : [];
      });
      const line: FileLine = [path, f.mtime, f.size, f.language ?? null, chunks];
      yield JSON.stringify(line);
    }
  }

  /** Reads one saved file line; undefined when it is not one (a damaged file). */
  static parseFileLine(line: string): SavedFile | undefined {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (!Array.isArray(v) || v.length !== 5) return undefined;
    const [path, mtime, size, language, chunks] = v as unknown[];
    if (typeof path !== 'string' || typeof mtime !== 'number' || typeof size !== 'number') return undefined;
    if ((language !== null && typeof language !== 'string') || !Array.isArray(chunks)) return undefined;
    const out: Chunk[] = [];
    for (const c of chunks as unknown[]) {
      if (!Array.isArray(c) || c.length !== 4) return undefined;
      const [startLine, endLine, symbols, text] = c as unknown[];
      if (!Number.isSafeInteger(startLine) || !Number.isSafeInteger(endLine) || typeof text !== 'string') return undefined;
      if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) return undefined;
      out.push({ startLine: startLine as number, endLine: endLine as number, symbols: symbols as string[], text });
    }
    return { path, stamp: { mtime, size }, language: language ?? undefined, chunks: out };
  }
}

/** The hints whose name shares a term with the query ("retry config" matches `RetryConfig` and `retry`). */
export function matchingSymbols(query: string, symbols: readonly SymbolHint[]): SymbolHint[] {
  if (symbols.length === 0) return [];
  const terms = new Set(tokenize(query));
  return symbols.filter((s) => tokenize(s.name).some((t) => terms.has(t)));
}

/** A per-chunk boost from symbol hints, or undefined when there are none. */
function symbolBoost(symbols: readonly SymbolHint[]): ((c: StoredChunk) => number) | undefined {
  if (symbols.length === 0) return undefined;
  const lines = new Map<string, number[]>();
  for (const s of symbols) {
    const list = lines.get(s.path) ?? [];
    if (s.line !== undefined) list.push(s.line);
    lines.set(s.path, list);
  }
  return (c) => {
    const at = lines.get(c.path);
    if (!at) return 1;
    return at.some((l) => l >= c.startLine && l <= c.endLine) ? SYMBOL_CHUNK_BOOST : SYMBOL_FILE_BOOST;
  };
}
