import * as vscode from 'vscode';
import { agentLimits } from '../../core/agent/limits';
import type { AgentTool, StepPolicy } from '../../core/agent/types';
import type { AgentBackend } from '../../core/chat/agentSession';
import type { Gearshift } from '../../core/gearshift';
import type { ResolvedSettings } from '../../core/settings/model';

/**
 * The side panel's agent: a runner over the core's router and gateway with the extension's step policy (the one
 * VS Code's agent steps use too); Restricted Mode offers read-only tools only; the tools come from the VS Code layer
 * (agentToolsFor) and the limits from gearshift.agent, both read when a task starts.
 */
export function sidePanelAgent(
  core: Pick<Gearshift, 'agentRunner'>,
  policy: StepPolicy,
  settings: () => ResolvedSettings,
  tools: () => AgentTool[],
): AgentBackend {
  const runner = core.agentRunner({ policy, trusted: () => vscode.workspace.isTrusted });
  return { run: (req) => runner.run(req), tools, limits: () => agentLimits(settings()) };
}
