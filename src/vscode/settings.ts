import * as vscode from 'vscode';
import { SETTING_KEYS, type ResolvedSettings, type SettingsProblem } from '../core/settings/model';
import { resolveSettings } from '../core/settings/resolve';
import type { Logger } from './log';

/**
 * Reads Gearshift's settings from VS Code per level (user / workspace, folder values counting as workspace),
 * resolves them through the core's validation, and re-resolves on change or when trust is granted.
 * Each distinct problem is shown to the user once per window, with a button to open the settings.
 */
export class SettingsSource implements vscode.Disposable {
  private current: ResolvedSettings;
  private readonly shown = new Set<string>();
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
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  get(): ResolvedSettings {
    return this.current;
  }

  private refresh(): void {
    this.current = this.resolve();
    this.changed.fire(this.current);
  }

  private resolve(): ResolvedSettings {
    const user: Record<string, unknown> = {};
    const workspace: Record<string, unknown> = {};
    const config = vscode.workspace.getConfiguration();
    for (const key of SETTING_KEYS) {
      const inspected = config.inspect(key);
      if (!inspected) continue;
      if (inspected.globalValue !== undefined) user[key] = inspected.globalValue;
      if (inspected.workspaceValue !== undefined) workspace[key] = inspected.workspaceValue;
      if (inspected.workspaceFolderValue !== undefined) workspace[key] = inspected.workspaceFolderValue;
    }
    const { settings, problems } = resolveSettings({ user, workspace }, { trustedWorkspace: vscode.workspace.isTrusted });
    this.problems = problems;
    for (const p of problems) this.report(p);
    return settings;
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

  dispose(): void {
    this.changed.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
