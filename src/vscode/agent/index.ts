/**
 * Agent tools in the VS Code layer: registerAgentTools (called once from extension.ts) builds the WorkspaceHost
 * over VS Code, registers Gearshift's tools with VS Code's tool registry and the "Choose Agent Tools…" command;
 * agentToolsFor() gives the side panel the tools for one agent task.
 */
import * as vscode from 'vscode';
import { createAgentTools } from '../../core/agent/tools';
import type { AgentTool } from '../../core/agent/types';
import type { ResolvedSettings } from '../../core/settings/model';
import type { Logger } from '../log';
import { WorkspaceCommandAllowList } from './allowList';
import { CHOOSE_TOOLS_COMMAND, chooseAgentTools } from './chooseTools';
import { selectExternalTools } from './externalSelection';
import { externalTool } from './externalTools';
import { GearshiftLmTools } from './lmTools';
import { TerminalRunner, type TerminalRunnerOptions } from './terminalRunner';
import { VsCodeWorkspaceHost } from './workspaceHost';

export { AGENT_TERMINAL_NAME } from './terminalRunner';
export { CHOOSE_TOOLS_COMMAND } from './chooseTools';
export { vscodeToolName } from './toolContributions';

export interface AgentToolsDeps {
  settings(): ResolvedSettings;
  /** The gearshift.exclude globs for a file (SettingsSource.forResource(uri).exclude). */
  excludeGlobs(uri: vscode.Uri): readonly string[];
  log: Logger;
  terminal?: TerminalRunnerOptions;
}

/** What registerAgentTools built; the integration tests reach it through the extension's API. */
export interface AgentToolbox {
  host: VsCodeWorkspaceHost;
  allowList: WorkspaceCommandAllowList;
  lmTools: GearshiftLmTools;
  /** Gearshift's tools and the opted-in external ones, for one task (see agentToolsFor). */
  toolsFor(): AgentTool[];
}

let toolbox: AgentToolbox | undefined;

/**
 * The tools of one agent task: Gearshift's own (only the read-only ones in Restricted Mode) and, in a trusted
 * workspace, the tools of vscode.lm.tools the user opted in to (gearshift.agent.externalTools). Read at each call,
 * so trust granted or a setting changed applies to the next task.
 */
export function agentToolsFor(): AgentTool[] {
  if (!toolbox) throw new Error('agentToolsFor: the agent tools are not registered yet (registerAgentTools runs in activate()).');
  return toolbox.toolsFor();
}

export function registerAgentTools(context: vscode.ExtensionContext, deps: AgentToolsDeps): vscode.Disposable & AgentToolbox {
  const terminal = new TerminalRunner(deps.log, deps.terminal);
  const host = new VsCodeWorkspaceHost({ excludeGlobs: deps.excludeGlobs, terminal });
  const allowList = new WorkspaceCommandAllowList(context.workspaceState);
  const toolDeps = {
    host,
    allowList,
    commandLimits: () => {
      const a = deps.settings().agent;
      return { timeoutSeconds: a.commandTimeoutSeconds, maxOutputKiB: a.maxCommandOutputKiB };
    },
  };
  // Every tool is registered with VS Code; the write and run tools check trust when called.
  const all = createAgentTools({ ...toolDeps, trusted: true });
  const coreNames = new Set(all.map((t) => t.definition.name));
  const lmTools = new GearshiftLmTools({ tools: all, allowList, isTrusted: () => vscode.workspace.isTrusted });
  const logged = new Set<string>();

  const toolsFor = (): AgentTool[] => {
    const trusted = vscode.workspace.isTrusted;
    const own = createAgentTools({ ...toolDeps, trusted });
    const { tools, skipped } = selectExternalTools(vscode.lm.tools, deps.settings().agent.externalTools, coreNames, trusted);
    for (const s of skipped) {
      if (logged.has(s)) continue;
      logged.add(s);
      deps.log.warn(`agent: external tool not offered: ${s}`);
    }
    return [...own, ...tools.map(externalTool)];
  };

  const registration = vscode.Disposable.from(
    terminal,
    lmTools.register(),
    vscode.commands.registerCommand(CHOOSE_TOOLS_COMMAND, (names?: unknown) => chooseAgentTools(coreNames, names)),
  );
  const built: AgentToolbox = { host, allowList, lmTools, toolsFor };
  toolbox = built;
  return Object.assign(built, {
    dispose: () => {
      if (toolbox === built) toolbox = undefined;
      registration.dispose();
    },
  });
}
