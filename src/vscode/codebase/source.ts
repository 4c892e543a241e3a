import * as vscode from 'vscode';
import { SKIPPED_FOLDERS } from '../../core/codebase/admit';
import type { CodebaseSource, FileEntry } from '../../core/codebase/indexer';
import type { SymbolHint } from '../../core/codebase/searchIndex';
import { STOP_WORDS } from '../../core/codebase/tokenize';

/**
 * The workspace as the codebase index sees it: files listed by VS Code's file search (files.exclude and the
 * folders never indexed left out), read and stat'ed through workspace.fs, workspace symbols from the symbol
 * providers. Paths are workspace-relative with '/'; in a multi-root workspace they start with the folder's name.
 */

/** Stats and reads in flight at once. */
const PARALLEL = 32;
/** Words of a question looked up as workspace symbols (the longest ones). */
const SYMBOL_WORDS = 3;
const WORKSPACE_SYMBOLS = 'vscode.executeWorkspaceSymbolProvider';

export class WorkspacePaths {
  /** The index's path for a file, or undefined when it is not in an open folder. */
  keyOf(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const rel = uri.path.slice(folder.uri.path.replace(/\/+$/, '').length + 1);
    if (!rel) return undefined;
    return this.multiRoot() ? `${folder.name}/${rel}` : rel;
  }

  /** The file a path of the index names. */
  uriOf(key: string): vscode.Uri | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!this.multiRoot()) return folders[0] && vscode.Uri.joinPath(folders[0].uri, ...key.split('/'));
    const slash = key.indexOf('/');
    const folder = folders.find((f) => f.name === key.slice(0, slash));
    return folder && vscode.Uri.joinPath(folder.uri, ...key.slice(slash + 1).split('/'));
  }

  /** The folder on disk a path lies in (for the symlink check of exclusions); undefined for virtual folders. */
  rootOf(key: string): string | undefined {
    const uri = this.uriOf(key);
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  }

  prefixOf(folder: vscode.WorkspaceFolder): string {
    return this.multiRoot() ? `${folder.name}/` : '';
  }

  private multiRoot(): boolean {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  }
}

/** The glob of what file search leaves out: the folders never indexed and files.exclude's patterns. */
function excludeGlob(folder: vscode.WorkspaceFolder): string {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const globs = [...SKIPPED_FOLDERS.map((f) => `**/${f}/**`), ...Object.keys(filesExclude).filter((g) => filesExclude[g] === true)];
  return `{${globs.join(',')}}`;
}

async function inBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) {
    signal?.throwIfAborted();
    out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(fn))));
  }
  return out;
}

export function workspaceSource(paths: WorkspacePaths, maxFiles: () => number): CodebaseSource {
  const statOf = async (uri: vscode.Uri): Promise<{ mtime: number; size: number } | undefined> => {
    try {
      const st = await vscode.workspace.fs.stat(uri);
      return st.type & vscode.FileType.File ? { mtime: st.mtime, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  };
  const find = async (include: string, signal: AbortSignal, limit: number): Promise<vscode.Uri[]> => {
    const out: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const cancel = new vscode.CancellationTokenSource();
      const onAbort = (): void => cancel.cancel();
      signal.addEventListener('abort', onAbort);
      try {
        const pattern = new vscode.RelativePattern(folder, include);
        out.push(...(await vscode.workspace.findFiles(pattern, excludeGlob(folder), limit, cancel.token)));
      } finally {
        signal.removeEventListener('abort', onAbort);
        cancel.dispose();
      }
      signal.throwIfAborted();
    }
    return out;
  };
  return {
    async list(signal) {
      // More than the cap: some of what is found is .gitignored or excluded, and left out afterwards.
      const uris = await find('**/*', signal, Math.min(maxFiles() * 3, 600_000));
      const entries = await inBatches(
        uris,
        async (uri): Promise<FileEntry | undefined> => {
          const path = paths.keyOf(uri);
          const st = path === undefined ? undefined : await statOf(uri);
          return path === undefined || !st ? undefined : { path, ...st };
        },
        signal,
      );
      return entries.filter((e): e is FileEntry => e !== undefined);
    },
    async stat(path) {
      const uri = paths.uriOf(path);
      return uri && statOf(uri);
    },
    async read(path) {
      const uri = paths.uriOf(path);
      if (!uri) throw new Error(`${path} is not in an open folder`);
      return vscode.workspace.fs.readFile(uri);
    },
    async gitignores(signal) {
      const uris = await find('**/.gitignore', signal, 10_000);
      const out = await inBatches(uris, async (uri) => {
        const key = paths.keyOf(uri);
        if (key === undefined) return undefined;
        try {
          const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          return { dir: key.slice(0, Math.max(0, key.lastIndexOf('/'))), content };
        } catch {
          return undefined;
        }
      });
      return out.filter((g): g is { dir: string; content: string } => g !== undefined);
    },
    async symbols(query) {
      const words = [...new Set(query.split(/[^\w$]+/).filter((w) => w.length >= 4 && !STOP_WORDS.has(w.toLowerCase())))]
        .sort((a, b) => b.length - a.length)
        .slice(0, SYMBOL_WORDS);
      const found = await Promise.all(
        words.map((w) =>
          Promise.resolve(vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>(WORKSPACE_SYMBOLS, w))
            .then((r) => r ?? [])
            .catch(() => [] as vscode.SymbolInformation[]),
        ),
      );
      const hints: SymbolHint[] = [];
      for (const s of found.flat()) {
        const path = paths.keyOf(s.location.uri);
        if (path !== undefined) hints.push({ name: s.name, path, line: s.location.range.start.line + 1 });
      }
      return hints;
    },
  };
}
