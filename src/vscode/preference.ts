import * as vscode from 'vscode';
import { describePreference, PREFERENCE_LABELS } from '../core/router/dial';
import { PREFERENCE_COST } from '../core/settings/resolve';
import { PREFERENCES, type Preference } from '../core/types';

export const SET_PREFERENCE_COMMAND = 'gearshift.setRoutingPreference';

const isPreference = (v: unknown): v is Preference => typeof v === 'string' && (PREFERENCES as readonly string[]).includes(v);

/**
 * Sets the quality/cost dial (gearshift.routing's "preference") for this workspace, or in the user settings when no
 * folder is open, keeping the object's other keys at that level. Asks with a quick pick when `choice` is not given.
 * In Restricted Mode a workspace may only move the dial towards "cost" from the user's own preference (the settings
 * layer ignores the rest): a choice that would be ignored is not written and the user is told why.
 * Returns the preference written, or undefined when nothing was written.
 */
export async function setRoutingPreference(
  current: Preference,
  choice?: unknown,
  log?: (line: string) => void,
): Promise<Preference | undefined> {
  let pref = isPreference(choice) ? choice : undefined;
  if (!pref) {
    const items = PREFERENCES.map((p) => ({
      label: `${PREFERENCE_LABELS[p]}${p === current ? ' (current)' : ''}`,
      description: describePreference(p),
      picked: p === current,
      pref: p,
    }));
    pref = (await vscode.window.showQuickPick(items, { title: 'Gearshift: routing preference for this workspace' }))?.pref;
  }
  if (!pref) return undefined;
  const config = vscode.workspace.getConfiguration('gearshift');
  const inWorkspace = Boolean(vscode.workspace.workspaceFolders?.length);
  const info = config.inspect<Record<string, unknown>>('routing');
  const own = (inWorkspace ? info?.workspaceValue : info?.globalValue) ?? {};
  const next: Record<string, unknown> = { ...own, preference: pref };
  if (inWorkspace && !vscode.workspace.isTrusted) {
    const userPref = isPreference(info?.globalValue?.preference) ? info.globalValue.preference : 'balanced';
    if (PREFERENCE_COST[pref] > PREFERENCE_COST[userPref]) {
      const msg =
        `Restricted Mode: this workspace can only move the routing preference towards "cost" from your "${userPref}", ` +
        `so "${pref}" was not set. Trust the workspace, or set it in your user settings.`;
      log?.(msg);
      void vscode.window.showWarningMessage(msg, 'Manage Workspace Trust').then((b) => {
        if (b) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return undefined;
    }
    // Back to the user's own preference: the workspace no longer overrides it.
    if (pref === userPref) delete next.preference;
  }
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('routing', Object.keys(next).length ? next : undefined, target);
  log?.(`routing preference set to ${pref} (${inWorkspace ? 'workspace' : 'user'} settings)`);
  return pref;
}
