/**
 * The part of the built-in Git extension's API (vscode.git, getAPI(1); its git.d.ts) that commit messages use,
 * typed here rather than copied whole. Reached through vscode.extensions, never imported.
 */
import * as vscode from 'vscode';

export interface GitCommit {
  hash: string;
  message: string;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  /** `git diff --cached` when `cached`, else `git diff` (the working tree against the index). */
  diff(cached?: boolean): Promise<string>;
  log(options?: { maxEntries?: number }): Promise<GitCommit[]>;
  status(): Promise<void>;
}

export interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export const GIT_EXTENSION_ID = 'vscode.git';

/**
 * The Git API once the extension has found its repositories, or a sentence saying why there is none (the
 * extension missing or disabled, `git.enabled` off, Restricted Mode, in which the Git extension does not run).
 */
export async function gitApi(waitMs = 10_000): Promise<GitApi | string> {
  const restricted = "VS Code's built-in Git extension does not run in Restricted Mode: trust this workspace to write commit messages.";
  const ext = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
  if (!ext) return vscode.workspace.isTrusted ? "VS Code's built-in Git extension is not available (it may be disabled)." : restricted;
  let exports: GitExtension;
  try {
    exports = ext.isActive ? ext.exports : await ext.activate();
  } catch (err) {
    if (!vscode.workspace.isTrusted) return restricted;
    return `VS Code's built-in Git extension did not start: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!exports?.enabled) return 'Git is turned off (git.enabled).';
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      const sub = api.onDidChangeState((s) => s === 'initialized' && done());
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  return api;
}

/** A Uri from what a menu passes: a SourceControl (rootUri), a Repository (rootUri), a Uri, or a path. */
export function rootUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  const root = (arg as { rootUri?: unknown } | undefined)?.rootUri;
  if (root instanceof vscode.Uri) return root;
  // A Uri that crossed a process boundary arrives as its plain components.
  const c = root as { scheme?: unknown; path?: unknown } | undefined;
  return typeof c?.scheme === 'string' && typeof c.path === 'string' ? vscode.Uri.from({ scheme: c.scheme, path: c.path }) : undefined;
}

/**
 * The repository a command is for: the one the Source Control menu passed, else the only one, else the active
 * editor's, else the first.
 */
export function pickRepository(api: GitApi, arg: unknown): GitRepository | undefined {
  const uri = rootUriOf(arg);
  if (uri) {
    const byRoot = api.repositories.find((r) => r.rootUri.toString() === uri.toString());
    return byRoot ?? api.getRepository(uri) ?? undefined;
  }
  if (api.repositories.length <= 1) return api.repositories[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && api.getRepository(active)) || api.repositories[0];
}
