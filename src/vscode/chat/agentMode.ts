import * as vscode from 'vscode';
import { agentLimits } from '../../core/agent/limits';
import { createStepPolicy } from '../../core/agent/stepPolicy';
import { tierStepCost } from '../../core/agent/switchCost';
import type { AgentTool } from '../../core/agent/types';
import type { AgentBackend } from '../../core/chat/agentSession';
import type { Gearshift } from '../../core/gearshift';
import type { ResolvedSettings } from '../../core/settings/model';

/**
 * The side panel's agent: each task gets a runner over the core's router and gateway with a step policy that prices
 * a switch of tier with the current settings' models and endpoints; Restricted Mode offers read-only tools only; the
 * tools come from the VS Code layer (agentToolsFor) and the limits from gearshift.agent, both read when a task starts.
 */
export function sidePanelAgent(core: Gearshift, settings: () => ResolvedSettings, tools: () => AgentTool[]): AgentBackend {
  return {
    run: (req) => {
      const stepCost = tierStepCost({
        usableModels: (tier) => core.router.usableModels(tier),
        endpoints: settings().endpoints,
        pricing: () => core.pricing(),
      });
      return core.agentRunner({ policy: createStepPolicy({ stepCost }), trusted: () => vscode.workspace.isTrusted }).run(req);
    },
    tools,
    limits: () => agentLimits(settings()),
  };
}
