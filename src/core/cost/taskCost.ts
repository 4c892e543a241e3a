/**
 * The side panel's header line for the current agent task ("Task: $0.0123 over 6 steps"), fed from the ledger's
 * per-task sums (SpendTally.tasks) so that it counts every step that was priced, fallbacks included. Pure.
 *
 * The message is posted to the chat webview as it is; the webview (src/webview/chat) renders `text` in its header
 * and clears it on `{ type: 'taskCost', taskId: null }`.
 */
import { ChangeFeed } from './changeFeed';
import { taskCostText } from './format';
import type { TaskSums } from './tally';

export type TaskCostMessage =
  | { type: 'taskCost'; taskId: string; steps: number; costUsd: number; unpriced: number; /** "$0.0123 over 6 steps" */ text: string }
  | { type: 'taskCost'; taskId: null };

export function taskCostMessage(t: Pick<TaskSums, 'taskId' | 'steps' | 'costUsd' | 'unpriced'> | undefined): TaskCostMessage {
  if (!t) return { type: 'taskCost', taskId: null };
  return { type: 'taskCost', taskId: t.taskId, steps: t.steps, costUsd: t.costUsd, unpriced: t.unpriced, text: taskCostText(t) };
}

/** Posts the current task's cost whenever it differs from what was posted last. */
export class TaskCostFeed extends ChangeFeed<TaskCostMessage> {
  update(t: Pick<TaskSums, 'taskId' | 'steps' | 'costUsd' | 'unpriced'> | undefined): void {
    this.push(taskCostMessage(t));
  }
}
