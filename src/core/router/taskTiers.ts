/**
 * How each recent agent task was classified (its tier and the router's reason), by task id: for "Explain Last
 * Routing Decision" on a step. Whoever classifies a task (the side panel's agent loop, the language-model provider
 * for VS Code's agent) tells it; the most recent tasks are kept.
 */
import { LruCache } from '../lru';
import type { Tier } from '../types';

export interface TaskTier {
  tier: Tier;
  reason: string;
}

export class TaskTiers {
  private readonly tasks = new LruCache<TaskTier>(100);

  remember(taskId: string, tier: Tier, reason: string): void {
    this.tasks.set(taskId, { tier, reason });
  }

  get(taskId: string): TaskTier | undefined {
    return this.tasks.get(taskId);
  }
}
