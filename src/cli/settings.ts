import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSettingsFile } from '../core/settings/load';
import type { ResolvedSettings } from '../core/settings/model';
import { resolveSettings } from '../core/settings/resolve';
import { CliError } from './errors';
import type { CliIO } from './io';

/**
 * The settings a command runs with: the defaults, with `--settings FILE` laid over them as USER settings (you
 * named the file, so it may set endpoints), or else the folder's .vscode/settings.json as WORKSPACE settings
 * (so, as in VS Code, it cannot change where requests and keys go). Problems go to stderr, one per line;
 * the valid parts still apply.
 */
export function loadCliSettings(io: CliIO, file: string | undefined): ResolvedSettings {
  const workspaceFile = path.join(io.cwd, '.vscode', 'settings.json');
  const source = file !== undefined ? path.resolve(io.cwd, file) : fs.existsSync(workspaceFile) ? workspaceFile : undefined;
  if (source === undefined) return resolveSettings({}).settings;
  const loaded = loadSettingsFile(source);
  if (file !== undefined && loaded.problems.some((p) => p.level === 'file') && Object.keys(loaded.values).length === 0) {
    throw new CliError(loaded.problems.map((p) => p.message).join('\n'));
  }
  const { settings, problems } = resolveSettings(file !== undefined ? { user: loaded.values } : { workspace: loaded.values });
  for (const p of [...loaded.problems, ...problems]) io.err(`warning: ${p.message}\n`);
  return settings;
}

/** Checks `--available` names against the configured endpoints. */
export function checkEndpointNames(settings: ResolvedSettings, names: Set<string> | undefined, command: string): void {
  if (!names) return;
  const unknown = [...names].filter((n) => !settings.endpoints[n]);
  if (unknown.length) {
    throw new CliError(`gearshift ${command}: unknown endpoint${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} in --available. Configured: ${Object.keys(settings.endpoints).join(', ')}.`, 2);
  }
}
