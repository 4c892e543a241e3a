import * as vscode from 'vscode';
import type { SymbolHint } from '../../core/codebase/searchIndex';
import { STOP_WORDS } from '../../core/codebase/tokenize';

/**
 * The workspace as the codebase index sees it: the index's paths for files (workspace-relative with '/'; in a
 * multi-root workspace they start with the folder's name), files.exclude, and workspace symbols from the symbol
 * providers. The files themselves are listed and read from disk by the index's worker thread.
 */

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

/** files.exclude's patterns in force for a folder (left out of the index like gearshift.exclude). */
export function filesExcludeGlobs(folder: vscode.WorkspaceFolder): string[] {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  return Object.keys(filesExclude).filter((g) => filesExclude[g] === true);
}

/** Workspace symbols matching a question's longest words, from the editor's symbol providers. */
export async function workspaceSymbols(paths: WorkspacePaths, query: string): Promise<SymbolHint[]> {
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
}
