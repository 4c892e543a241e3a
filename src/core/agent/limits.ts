import type { AgentSettings } from '../settings/model';
import type { AgentLimits } from './types';

/** A task's limits from gearshift.agent (read when the task starts: a change applies to the next task). */
export function agentLimits(settings: { agent: AgentSettings }): AgentLimits {
  return { maxSteps: settings.agent.maxSteps, maxTaskUsd: settings.agent.maxTaskUsd };
}
