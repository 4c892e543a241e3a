import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Chunk } from './chunk';
import { tokenize } from './tokenize';
import type { CodebaseHit } from './types';

/**
 * The full-text index of the workspace's chunks: MiniSearch (BM25+) over each chunk's text, its file's path and the
 * names it declares (boosted: a question naming `retry` should find the chunk that declares it before the chunks
 * that merely call it). Files are added, replaced and removed whole; each keeps the stamp (mtime and size) it was
 * indexed at, so an unchanged file is not read again. Serializes to one string (a metadata line, then MiniSearch's
 * JSON) that `CodebaseIndex.load` reads back, refusing (undefined) anything it did not write.
 */

/** Bumped whenever what is stored or how text is tokenized changes: an index from another version is rebuilt. */
export const INDEX_FORMAT_VERSION = 1;
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
  startLine: number;
  endLine: number;
  language?: string;
}

interface StoredChunk {
  path: string;
  text: string;
  startLine: number;
  endLine: number;
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
  storeFields: ['path', 'text', 'startLine', 'endLine', 'language'],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => term,
  searchOptions: { boost: { symbols: 3, path: 2, text: 1 } },
};

/** How much a symbol hint lifts its file's chunks, and the chunk that declares it. */
const SYMBOL_FILE_BOOST = 1.5;
const SYMBOL_CHUNK_BOOST = 3;

interface Meta {
  format: string;
  version: number;
  nextId: number;
  files: Record<string, FileRecord>;
}

export class CodebaseIndex {
  private readonly files = new Map<string, FileRecord>();

  private constructor(
    private readonly ms: MiniSearch<ChunkDoc>,
    private nextId = 1,
  ) {}

  static empty(): CodebaseIndex {
    return new CodebaseIndex(new MiniSearch(OPTIONS));
  }

  get fileCount(): number {
    return this.files.size;
  }

  get chunkCount(): number {
    return this.ms.documentCount;
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
      this.ms.add({ id, path, text: c.text, symbols: c.symbols.join(' '), startLine: c.startLine, endLine: c.endLine, language });
    }
    this.files.set(path, { mtime: stamp.mtime, size: stamp.size, ids, language });
  }

  /** Forgets a file; true when it was indexed. */
  removeFile(path: string): boolean {
    const f = this.files.get(path);
    if (!f) return false;
    for (const id of f.ids) this.ms.discard(id);
    this.files.delete(path);
    return true;
  }

  /** The best chunks for `query`, best first. */
  search(query: string, limit: number, opts: IndexSearchOptions = {}): CodebaseHit[] {
    if (limit <= 0 || query.trim() === '') return [];
    const boost = symbolBoost(matchingSymbols(query, opts.symbols ?? []));
    const results: SearchResult[] = this.ms.search(query, {
      prefix: (term) => term.length >= 5,
      boostDocument: boost && ((_id, _term, stored) => boost(stored as unknown as StoredChunk)),
    });
    const perFile = Math.max(1, opts.perFile ?? 2);
    const taken = new Map<string, number>();
    const hits: CodebaseHit[] = [];
    for (const r of results) {
      const s = r as unknown as StoredChunk & SearchResult;
      const n = taken.get(s.path) ?? 0;
      if (n >= perFile) continue;
      taken.set(s.path, n + 1);
      hits.push({ path: s.path, startLine: s.startLine, endLine: s.endLine, text: s.text, language: s.language, score: r.score });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /** The index as one string: a metadata line, then MiniSearch's JSON. */
  serialize(): string {
    const meta: Meta = { format: FORMAT, version: INDEX_FORMAT_VERSION, nextId: this.nextId, files: Object.fromEntries(this.files) };
    return `${JSON.stringify(meta)}\n${JSON.stringify(this.ms)}`;
  }

  /**
   * Reads what `serialize` wrote; undefined for anything else (another format version, a truncated or corrupt file,
   * files and chunks that disagree). Never throws.
   */
  static async load(data: string): Promise<CodebaseIndex | undefined> {
    try {
      const nl = data.indexOf('\n');
      if (nl < 0) return undefined;
      const meta = JSON.parse(data.slice(0, nl)) as Partial<Meta>;
      if (!meta || meta.format !== FORMAT || meta.version !== INDEX_FORMAT_VERSION) return undefined;
      if (!Number.isSafeInteger(meta.nextId) || typeof meta.files !== 'object' || meta.files === null) return undefined;
      const ms = await MiniSearch.loadJSONAsync<ChunkDoc>(data.slice(nl + 1), OPTIONS);
      const index = new CodebaseIndex(ms, meta.nextId);
      let chunks = 0;
      for (const [path, f] of Object.entries(meta.files)) {
        if (!validRecord(f) || !f.ids.every((id) => id < meta.nextId! && ms.has(id))) return undefined;
        chunks += f.ids.length;
        index.files.set(path, f);
      }
      return chunks === ms.documentCount ? index : undefined;
    } catch {
      return undefined;
    }
  }
}

function validRecord(f: unknown): f is FileRecord {
  const r = f as FileRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.mtime === 'number' &&
    typeof r.size === 'number' &&
    Array.isArray(r.ids) &&
    r.ids.every((id) => Number.isSafeInteger(id)) &&
    (r.language === undefined || typeof r.language === 'string')
  );
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
