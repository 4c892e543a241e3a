import * as vscode from 'vscode';
import type { ResolvedSettings, SettingsProblem } from '../core/settings/model';
import { resolveScoped, type ScopedSettings } from '../core/settings/scopes';
import type { Logger } from './log';

/**
 * Reads Gearshift's settings from VS Code per level (user / workspace, folder values counting as workspace),
 * resolves them through the core's validation, and re-resolves on change, when folders are added or removed, or
 * when trust is granted. In a multi-root workspace each folder's own resource-scoped settings (gearshift.exclude,
 * gearshift.completion.*) apply to that folder's files: ask `forResource(uri)` for a file's settings.
 *
 * Each distinct problem is shown to the user once per window, with a button to open the settings; the settings an
 * untrusted workspace may not change are gathered into one message naming them, with a button to manage trust.
 */
export class SettingsSource implements vscode.Disposable {
  private current: ScopedSettings;
  private readonly shown = new Set<string>();
  private readonly loggedUntrusted = new Set<string>();
  private readonly namedUntrusted = new Set<string>();
  private readonly changed = new vscode.EventEmitter<ResolvedSettings>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChange = this.changed.event;
  problems: SettingsProblem[] = [];

  constructor(private readonly log: Logger) {
    this.current = this.resolve();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('gearshift')) this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** The window's settings (user and workspace levels): for anything not tied to one file. */
  get(): ResolvedSettings {
    return this.current.window;
  }

  /**
   * The settings for one file: in a multi-root workspace, its folder's gearshift.exclude and gearshift.completion.*
   * over the window's; for a file outside every folder (or no file), the window's.
   */
  forResource(uri: vscode.Uri | undefined): ResolvedSettings {
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    return (folder && this.current.folders.get(folder.uri.toString())) ?? this.current.window;
  }

  private refresh(): void {
    this.current = this.resolve();
    this.changed.fire(this.current.window);
  }

  private resolve(): ScopedSettings {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ id: f.uri.toString(), name: f.name, uri: f.uri }));
    const uris = new Map(folders.map((f) => [f.id, f.uri]));
    const scoped = resolveScoped(
      (key, folder) => vscode.workspace.getConfiguration(undefined, folder === undefined ? undefined : uris.get(folder)).inspect(key),
      folders,
      { trustedWorkspace: vscode.workspace.isTrusted },
    );
    this.problems = scoped.problems;
    for (const p of scoped.problems) if (!p.untrusted) this.report(p);
    this.reportUntrusted(scoped.problems.filter((p) => p.untrusted));
    return scoped;
  }

  private report(p: SettingsProblem): void {
    const key = `${p.level}\u0000${p.message}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    this.log.warn(`settings (${p.level}): ${p.message}`);
    const open = p.level === 'workspace' ? 'Open Workspace Settings' : 'Open User Settings';
    void vscode.window.showWarningMessage(`Gearshift: ${p.message}`, open).then((choice) => {
      if (!choice) return;
      const command = p.level === 'workspace' ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson';
      void vscode.commands.executeCommand(command);
    });
  }

  /**
   * One message naming the settings Restricted Mode ignores, each setting named once per window (a later message
   * names only settings not named before); every distinct reason is logged in full.
   */
  private reportUntrusted(problems: SettingsProblem[]): void {
    for (const p of problems) {
      if (this.loggedUntrusted.has(p.message)) continue;
      this.loggedUntrusted.add(p.message);
      this.log.warn(`settings (workspace, not trusted): ${p.message}`);
    }
    const names = [...new Set(problems.map((p) => p.setting))].filter((n) => !this.namedUntrusted.has(n));
    if (names.length === 0) return;
    for (const n of names) this.namedUntrusted.add(n);
    const manage = 'Manage Workspace Trust';
    const message =
      `Gearshift: this workspace is not trusted, so ${names.length === 1 ? 'this setting of it is' : 'these settings of it are'} ignored ` +
      `(your own settings apply): ${names.join(', ')}. Show Log for why; trust the workspace to apply them.`;
    void vscode.window.showWarningMessage(message, manage, 'Show Log').then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
      else if (choice === 'Show Log') this.log.show();
    });
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
