import * as vscode from 'vscode';
import type { GitDiff } from '../../../core/chat/mentions/sources';

/** The little of the built-in Git extension's API (vscode.git, getAPI(1)) that @diff uses. */
interface GitRepository {
  rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  state?: string;
  repositories: GitRepository[];
}

async function gitApi(): Promise<GitApi | { message: string }> {
  const ext = vscode.extensions.getExtension<{ enabled?: boolean; getAPI(v: 1): GitApi }>('vscode.git');
  if (!ext) return { message: "VS Code's Git extension is not available, so @diff has no changes to attach." };
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (exports.enabled === false) return { message: 'Git is disabled in VS Code (git.enabled), so @diff has no changes to attach.' };
  return exports.getAPI(1);
}

/** Polls for the Git extension's repositories (it finds them a moment after it starts), up to `ms`. */
async function repositories(api: GitApi, ms: number): Promise<GitRepository[]> {
  const deadline = Date.now() + ms;
  while (api.repositories.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return api.repositories;
}

/** @diff: the staged and unstaged changes of the repository holding the active file (or the first one). */
export async function gitDiff(): Promise<GitDiff | { message: string }> {
  const api = await gitApi();
  if ('message' in api) return api;
  const repos = await repositories(api, 3000);
  if (repos.length === 0) return { message: 'No Git repository is open in this workspace: @diff needs one.' };
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const repo =
    (active &&
      repos.filter((r) => active.startsWith(r.rootUri.fsPath)).sort((a, b) => b.rootUri.fsPath.length - a.rootUri.fsPath.length)[0]) ||
    repos[0];
  const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
  const folder = vscode.workspace.getWorkspaceFolder(repo.rootUri);
  return { root: repo.rootUri.fsPath, workspaceRoot: folder?.uri.fsPath, staged, unstaged };
}
