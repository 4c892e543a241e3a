import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as readline from 'node:readline';
import { finished } from 'node:stream/promises';
import * as nodePath from 'node:path';
import { SKIPPED_FOLDERS } from './admit';
import type { CodebaseSource, CodebaseStore, FileEntry } from './indexer';

/**
 * A CodebaseSource over a folder on disk (Node's fs): for the CLI, the bench and the tests. The editor has its own
 * (src/vscode/codebase), which lists through VS Code's file search.
 */
export function folderSource(root: string): CodebaseSource {
  const abs = (p: string): string => nodePath.join(root, ...p.split('/'));
  return {
    async list(signal) {
      const out: FileEntry[] = [];
      const walk = async (dir: string): Promise<void> => {
        signal.throwIfAborted();
        const entries = await fs.readdir(abs(dir), { withFileTypes: true }).catch(() => []);
        for (const e of entries) {
          const rel = dir ? `${dir}/${e.name}` : e.name;
          if (e.isDirectory()) {
            if (!SKIPPED_FOLDERS.includes(e.name)) await walk(rel);
          } else if (e.isFile()) {
            const st = await fs.stat(abs(rel)).catch(() => undefined);
            if (st) out.push({ path: rel, mtime: st.mtimeMs, size: st.size });
          }
        }
      };
      await walk('');
      return out;
    },
    async stat(path) {
      const st = await fs.stat(abs(path)).catch(() => undefined);
      return st?.isFile() ? { mtime: st.mtimeMs, size: st.size } : undefined;
    },
    read: (path) => fs.readFile(abs(path)),
    async gitignores(signal) {
      const out: { dir: string; content: string }[] = [];
      const walk = async (dir: string): Promise<void> => {
        signal.throwIfAborted();
        const entries = await fs.readdir(abs(dir), { withFileTypes: true }).catch(() => []);
        for (const e of entries) {
          const rel = dir ? `${dir}/${e.name}` : e.name;
          if (e.isDirectory() && !SKIPPED_FOLDERS.includes(e.name)) await walk(rel);
          else if (e.isFile() && e.name === '.gitignore') out.push({ dir, content: await fs.readFile(abs(rel), 'utf8') });
        }
      };
      await walk('');
      return out;
    },
  };
}

/** A CodebaseStore in one file of lines, written to a temporary file renamed over it once complete. */
export function fileStore(file: string): CodebaseStore {
  return {
    read: async () => {
      try {
        await fs.access(file);
      } catch {
        return undefined;
      }
      return readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    },
    write: async (lines) => {
      await fs.mkdir(nodePath.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      const out = createWriteStream(tmp, 'utf8');
      try {
        for await (const line of lines) {
          if (!out.write(`${line}\n`)) await once(out, 'drain');
        }
        out.end();
        await finished(out);
        await fs.rename(tmp, file);
      } catch (e) {
        out.destroy();
        await fs.rm(tmp, { force: true });
        throw e;
      }
    },
  };
}

/**
 * A CodebaseSource over several folders on disk (a multi-root workspace): each folder's paths start with its
 * prefix ('' for a single folder). What the codebase worker reads the workspace through.
 */
export function foldersSource(folders: readonly { prefix: string; fsPath: string }[]): CodebaseSource {
  const parts = folders.map((f) => ({ prefix: f.prefix, source: folderSource(f.fsPath) }));
  const owner = (path: string) => {
    const p = parts.find((f) => f.prefix === '' || path.startsWith(f.prefix));
    if (!p) throw new Error(`${path} is not in an open folder`);
    return { source: p.source, rel: path.slice(p.prefix.length) };
  };
  return {
    async list(signal) {
      const out: FileEntry[] = [];
      for (const p of parts) for (const f of await p.source.list(signal)) out.push({ ...f, path: p.prefix + f.path });
      return out;
    },
    async stat(path) {
      const o = owner(path);
      return o.source.stat(o.rel);
    },
    async read(path) {
      const o = owner(path);
      return o.source.read(o.rel);
    },
    async gitignores(signal) {
      const out: { dir: string; content: string }[] = [];
      for (const p of parts) {
        for (const g of await p.source.gitignores(signal)) out.push({ dir: (p.prefix + g.dir).replace(/\/$/, ''), content: g.content });
      }
      return out;
    },
  };
}
