import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import * as vscode from 'vscode';
import type { MentionFile } from '../../../core/chat/mentions/picker';

/** Most files listed for the picker (a larger workspace is ranked over the first ones found). */
export const MAX_LISTED_FILES = 20_000;

/** '/'-separated path of `abs` under `root`. */
function rel(root: string, abs: string): string {
  return nodePath.relative(root, abs).split(nodePath.sep).join('/');
}

/**
 * The workspace's files for the @-picker: workspace.findFiles (files.exclude applies), then each folder's .gitignore
 * files (nested ones too, through the `ignore` package); gearshift.exclude is applied by the picker. The list is kept
 * until a file is created or deleted.
 */
export class WorkspaceFiles implements vscode.Disposable {
  private listing: Promise<MentionFile[]> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);

  constructor() {
    this.watcher.onDidCreate(() => (this.listing = undefined));
    this.watcher.onDidDelete(() => (this.listing = undefined));
  }

  dispose(): void {
    this.watcher.dispose();
  }

  list(): Promise<MentionFile[]> {
    this.listing ??= this.find().catch((e: unknown) => {
      this.listing = undefined;
      throw e;
    });
    return this.listing;
  }

  private async find(): Promise<MentionFile[]> {
    const out: MentionFile[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const root = folder.uri.fsPath;
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, MAX_LISTED_FILES);
      const ignored = await gitignores(root, uris);
      const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      for (const uri of uris) {
        const r = rel(root, uri.fsPath);
        if (ignored(r)) continue;
        out.push({ key: uri.toString(), path: uri.fsPath, workspaceRoot: root, displayPath: multi ? `${folder.name}/${r}` : r });
      }
    }
    return out.sort((a, b) => a.displayPath.length - b.displayPath.length || a.displayPath.localeCompare(b.displayPath));
  }
}

/** A test of a folder-relative path against every .gitignore among `uris` that lies above it. */
async function gitignores(root: string, uris: readonly vscode.Uri[]): Promise<(relPath: string) => boolean> {
  const rules: { dir: string; ig: Ignore }[] = [];
  for (const uri of uris) {
    if (nodePath.basename(uri.fsPath) !== '.gitignore') continue;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      rules.push({ dir: rel(root, nodePath.dirname(uri.fsPath)), ig: ignore().add(text) });
    } catch {
      // An unreadable .gitignore hides nothing.
    }
  }
  return (r) =>
    rules.some(({ dir, ig }) => {
      if (dir !== '' && !r.startsWith(`${dir}/`)) return false;
      const inner = dir === '' ? r : r.slice(dir.length + 1);
      return inner !== '' && ig.ignores(inner);
    });
}
