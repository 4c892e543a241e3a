/** An in-memory workspace for the codebase indexer's tests: files by path, and a record of every read. */
import type { CodebaseSource, CodebaseStore, FileEntry } from '../../../src/core/codebase/indexer';
import type { FileStamp, SymbolHint } from '../../../src/core/codebase/searchIndex';

export class MemoryWorkspace implements CodebaseSource {
  readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  readonly reads: string[] = [];
  symbolHints: SymbolHint[] = [];
  private clock = 1;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, t] of Object.entries(files)) this.write(p, t);
  }

  write(path: string, text: string | Uint8Array): void {
    this.files.set(path, { bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text, mtime: this.clock++ });
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  async list(): Promise<FileEntry[]> {
    return [...this.files].map(([path, f]) => ({ path, mtime: f.mtime, size: f.bytes.length }));
  }

  async stat(path: string): Promise<FileStamp | undefined> {
    const f = this.files.get(path);
    return f && { mtime: f.mtime, size: f.bytes.length };
  }

  async read(path: string): Promise<Uint8Array> {
    this.reads.push(path);
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT ${path}`);
    return f.bytes;
  }

  async gitignores(): Promise<{ dir: string; content: string }[]> {
    return [...this.files]
      .filter(([p]) => p === '.gitignore' || p.endsWith('/.gitignore'))
      .map(([p, f]) => ({ dir: p.slice(0, Math.max(0, p.lastIndexOf('/'))), content: new TextDecoder().decode(f.bytes) }));
  }

  async symbols(): Promise<SymbolHint[]> {
    return this.symbolHints;
  }
}

/** A store in memory (one string of lines). */
export class MemoryStore implements CodebaseStore {
  data: string | undefined;
  writes = 0;

  async read(): Promise<AsyncIterable<string> | undefined> {
    const data = this.data;
    if (data === undefined) return undefined;
    return (async function* () {
      for (const line of data.split('\n')) yield line;
    })();
  }

  async write(lines: AsyncIterable<string>): Promise<void> {
    const out: string[] = [];
    for await (const l of lines) out.push(l);
    this.data = `${out.join('\n')}\n`;
    this.writes++;
  }
}

/** Polls `check` until it holds or `ms` pass (never a fixed wait). */
export async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 5));
  }
}
