import type { DocumentSnapshot, Snippet } from './types';

/** Lines per window compared with the lines before the cursor; windows start every WINDOW/2 lines. */
export const WINDOW_LINES = 10;
const STRIDE = WINDOW_LINES / 2;
/** Only the first lines of a huge file are indexed (keeps a cache miss to a few milliseconds). */
const MAX_INDEXED_LINES = 6000;
const MIN_SCORE = 0.12;
const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/** Identifiers of a text, as a set (keywords included: they carry the shape of the code). */
export function identifiers(text: string): Set<string> {
  return new Set(text.match(IDENT) ?? []);
}

interface Window {
  start: number;
  end: number;
  size: number;
}

/** An inverted index of one document's windows: identifier → windows holding it. */
interface DocIndex {
  text: string;
  windows: Window[];
  postings: Map<string, number[]>;
}

function indexDocument(text: string): DocIndex {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && lineStarts.length <= MAX_INDEXED_LINES; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lines = lineStarts.length;
  const windows: Window[] = [];
  const postings = new Map<string, number[]>();
  for (let first = 0; first < lines; first += STRIDE) {
    const last = Math.min(lines, first + WINDOW_LINES);
    const start = lineStarts[first];
    const end = last < lineStarts.length ? lineStarts[last] - 1 : text.length;
    const ids = identifiers(text.slice(start, end));
    if (!ids.size) continue;
    const w = windows.push({ start, end, size: ids.size }) - 1;
    for (const id of ids) {
      const list = postings.get(id);
      if (list) list.push(w);
      else postings.set(id, [w]);
    }
    if (last >= lines) break;
  }
  return { text, windows, postings };
}

/**
 * Finds the windows of other open documents most similar (Jaccard over identifier sets) to the lines just
 * before the cursor. Documents are indexed once and re-indexed only when their text changed; scoring walks
 * the posting lists of the query's identifiers, so a request costs far less than the documents' size.
 */
export class SnippetIndex {
  private readonly docs = new Map<string, DocIndex>();

  constructor(private readonly maxDocs = 20) {}

  best(query: string, others: readonly DocumentSnapshot[], maxChars: number): Snippet[] {
    const q = identifiers(query);
    if (!q.size || maxChars <= 0) return [];
    const found: Snippet[] = [];
    const seen = new Set<string>();
    for (const doc of others.slice(0, this.maxDocs)) {
      seen.add(doc.path);
      const idx = this.index(doc);
      // 32-bit counts: a minified one-line window can share more than 65,535 identifiers with a long query.
      const hits = new Uint32Array(idx.windows.length);
      for (const id of q) {
        const list = idx.postings.get(id);
        if (list) for (let i = 0; i < list.length; i++) hits[list[i]]++;
      }
      let bestW = -1;
      let bestScore = MIN_SCORE;
      for (let w = 0; w < hits.length; w++) {
        const inter = hits[w];
        if (!inter) continue;
        const score = inter / (q.size + idx.windows[w].size - inter);
        if (score > bestScore) {
          bestScore = score;
          bestW = w;
        }
      }
      if (bestW >= 0) {
        const win = idx.windows[bestW];
        found.push({ path: doc.path, text: idx.text.slice(win.start, win.end), score: bestScore });
      }
    }
    this.forgetOthers(seen);
    found.sort((a, b) => b.score - a.score);
    const out: Snippet[] = [];
    let used = 0;
    for (const s of found) {
      if (used + s.text.length > maxChars) continue;
      used += s.text.length;
      out.push(s);
    }
    return out;
  }

  private index(doc: DocumentSnapshot): DocIndex {
    const cached = this.docs.get(doc.path);
    if (cached && cached.text === doc.text) return cached;
    const idx = indexDocument(doc.text);
    this.docs.set(doc.path, idx);
    return idx;
  }

  /** Drops indexes of documents no longer offered (closed editors), so memory follows what is open. */
  private forgetOthers(seen: Set<string>): void {
    if (this.docs.size <= this.maxDocs * 2) return;
    for (const path of this.docs.keys()) if (!seen.has(path)) this.docs.delete(path);
  }
}
