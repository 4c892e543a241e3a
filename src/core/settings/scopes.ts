import { RESOURCE_KEYS, SETTING_KEYS, type RawSettings, type ResolvedSettings, type SettingKey, type SettingsProblem } from './model';
import { resolveSettings, type ResolveOptions } from './resolve';

/** What VS Code's WorkspaceConfiguration.inspect(key) returns for one key, as far as Gearshift reads it. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * Reads one setting as VS Code holds it: for a folder of the workspace (`folder` is its id, e.g. its URI; VS Code's
 * getConfiguration(undefined, folderUri)), or for the window as a whole (`folder` undefined: getConfiguration()).
 */
export type SettingsReader = (key: SettingKey, folder: string | undefined) => InspectedSetting | undefined;

export interface WorkspaceFolderRef {
  /** What the reader takes to read this folder's settings (e.g. its URI as a string). */
  id: string;
  /** Shown in messages. */
  name: string;
}

export interface ScopedSettings {
  /** User and workspace levels: what applies to anything not inside a folder, and to whole-window decisions. */
  window: ResolvedSettings;
  /** Per folder id: the window's settings with that folder's own resource-scoped values (exclude, completion.*) over them. */
  folders: Map<string, ResolvedSettings>;
  /** The window's problems, then each folder's own (those the window does not have), naming the folder. */
  problems: SettingsProblem[];
}

/**
 * The raw levels for the window, or for one folder. VS Code fills `workspaceFolderValue` only when asked with a
 * resource, so a multi-root workspace's folder settings (each folder's .vscode/settings.json) are invisible to a
 * reader asked for the window: they must be read per folder. Only resource-scoped keys count at folder level, as in
 * VS Code (a folder of a multi-root workspace cannot set window-scoped settings); a folder value replaces the
 * workspace file's value of the same key, and both are workspace level (trusted or not as the window is).
 */
export function readRawSettings(read: SettingsReader, folder?: string): RawSettings {
  const user: Record<string, unknown> = {};
  const workspace: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const inspected = read(key, folder);
    if (!inspected) continue;
    if (inspected.globalValue !== undefined) user[key] = inspected.globalValue;
    if (inspected.workspaceValue !== undefined) workspace[key] = inspected.workspaceValue;
    if (inspected.workspaceFolderValue !== undefined && (folder === undefined || RESOURCE_KEYS.includes(key))) {
      workspace[key] = inspected.workspaceFolderValue;
    }
  }
  return { user, workspace };
}

/** Resolves the window's settings and each folder's (see ScopedSettings). Never throws. */
export function resolveScoped(read: SettingsReader, folders: readonly WorkspaceFolderRef[], opts: ResolveOptions = {}): ScopedSettings {
  const window = resolveSettings(readRawSettings(read), opts);
  const problems = [...window.problems];
  const seen = new Set(problems.map((p) => `${p.level}\u0000${p.message}`));
  const byFolder = new Map<string, ResolvedSettings>();
  for (const folder of folders) {
    const r = resolveSettings(readRawSettings(read, folder.id), opts);
    byFolder.set(folder.id, r.settings);
    for (const p of r.problems) {
      if (seen.has(`${p.level}\u0000${p.message}`)) continue; // the window's own: said once, for every folder
      problems.push({ ...p, message: `${p.message} (folder "${folder.name}")` });
    }
  }
  return { window: window.settings, folders: byFolder, problems };
}
