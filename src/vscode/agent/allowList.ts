/**
 * Commands the user chose to "always allow" in this workspace: kept in the extension's workspaceState, never in
 * settings (a repository's settings must not be able to pre-approve commands).
 */
import type * as vscode from 'vscode';
import type { CommandAllowList } from '../../core/agent/tools/host';

const KEY = 'gearshift.agent.alwaysAllowedCommands';
/** Oldest entries are dropped beyond this. */
const MAX_COMMANDS = 200;

export class WorkspaceCommandAllowList implements CommandAllowList {
  constructor(private readonly state: vscode.Memento) {}

  get(): readonly string[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
  }

  async add(command: string): Promise<void> {
    const next = [...this.get().filter((c) => c !== command), command].slice(-MAX_COMMANDS);
    await this.state.update(KEY, next);
  }

  /** Forgets every always-allowed command of this workspace. */
  async clear(): Promise<void> {
    await this.state.update(KEY, undefined);
  }
}
