/**
 * Steps of VS Code's agent, seen from Gearshift's language-model provider. VS Code gives no task or step id: each
 * step is one request carrying the whole conversation. A request with tools is an agent step, and:
 * - the task is the run that began at the last user message with text or images (a user message holding only tool
 *   results is the previous step's answer, not a new request). A request with no tool calls since then is step 1 of
 *   a new task, which gets a random id; later steps find their task by the id of its first tool call (the provider's
 *   id, unique, echoed back by VS Code), so a prompt VS Code renders differently from step to step is still one task;
 * - its step number is 1 + the assistant turns with tool calls since then;
 * - what became of each earlier step's tool calls is read from the results sent back (an error result: 'toolError');
 * - the task's tier is classified once, from the messages up to its request (task 'agent': the user's
 *   gearshift.routing.agent and rules apply), and each step is routed by the step policy from that history;
 *   Gearshift Cheap / Frontier (the user's pick in VS Code's model picker) keep every step on that tier.
 * The steps this process answered are remembered (tier, model, usage, cost) for the policy's switching rule; a task
 * not remembered (a window reload, the LRU) is rebuilt from its messages.
 */
import { randomBytes } from 'node:crypto';
import type { StepChoice, StepFacts, StepPolicy, StepRole, StepTag, ToolOutcomeKind } from '../agent/types';
import { LruCache } from '../lru';
import { totalInput, type ChatMessage, type GatewayOutcome, type RouteDecision, type RouteRequest, type Tier } from '../types';

export interface LmStepDeps {
  router: {
    decide(req: RouteRequest): RouteDecision;
    decideStep(tier: Tier, reason: string): RouteDecision;
  };
  policy: StepPolicy;
  /** A new random task id (default: 12 random base64url characters). */
  newTaskId?: () => string;
  /** Tasks remembered (default 200). */
  maxTasks?: number;
}

export interface LmStepPlan {
  tag: StepTag;
  /** Index of the message the task began at. */
  start: number;
  /** The task's tier (classified on its first step). */
  taskTier: Tier;
  choice: StepChoice;
  decision: RouteDecision;
}

interface TaskMemory {
  taskId: string;
  taskTier: Tier;
  /** How the tier was classified (for Explain). */
  tierReason: string;
  /** Facts of the steps answered by this process, by step number. */
  steps: Map<number, StepFacts>;
}

/** Where the current task begins: the last user message with text or images (0 when there is none). */
export function taskStart(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === 'user' && (m.content !== '' || (m.images?.length ?? 0) > 0)) return i;
  }
  return 0;
}

/** Outcomes of each earlier step's tool calls, from the results sent back (steps numbered from 1). */
export function stepCalls(messages: readonly ChatMessage[], start: number): StepFacts['toolCalls'][] {
  const results = new Map<string, boolean>();
  for (let i = start + 1; i < messages.length; i++)
    for (const r of messages[i].toolResults ?? []) results.set(r.callId, r.isError === true);
  const steps: StepFacts['toolCalls'][] = [];
  for (let i = start + 1; i < messages.length; i++) {
    const m = messages[i];
    if (m.role !== 'assistant' || !m.toolCalls?.length) continue;
    steps.push(m.toolCalls.map((c) => ({ name: c.name, outcome: (results.get(c.id) ? 'toolError' : 'ok') as ToolOutcomeKind })));
  }
  return steps;
}

/**
 * What later steps find their task by: the id of its first tool call, with where the task starts in the conversation
 * (servers that number calls call_0, call_1… in every reply then still tell two conversations' tasks apart);
 * undefined on step 1.
 */
function firstCallKey(messages: readonly ChatMessage[], start: number): string | undefined {
  for (let i = start + 1; i < messages.length; i++) {
    const id = messages[i].role === 'assistant' ? messages[i].toolCalls?.[0]?.id : undefined;
    if (id) return `${start}:${id}`;
  }
  return undefined;
}

const CAPITAL: Record<Tier, string> = { cheap: 'Cheap', frontier: 'Frontier' };

export class LmAgentSteps {
  /** By task id. */
  private readonly tasks: LruCache<TaskMemory>;
  /** Task ids by the id of the task's first tool call. */
  private readonly byCall: LruCache<string>;

  constructor(private readonly deps: LmStepDeps) {
    this.tasks = new LruCache<TaskMemory>(deps.maxTasks ?? 200);
    this.byCall = new LruCache<string>(deps.maxTasks ?? 200);
  }

  /**
   * The next step of the task these messages continue: its tag, role, tier and routing decision.
   * `promptTokens`: the request's estimated size (system, tools and messages).
   */
  plan(messages: readonly ChatMessage[], opts: { override?: Tier; promptTokens: number }): LmStepPlan {
    const start = taskStart(messages);
    const callKey = firstCallKey(messages, start);
    const known = callKey === undefined ? undefined : this.byCall.get(callKey);
    let task = known === undefined ? undefined : this.tasks.get(known);
    if (!task) {
      const classified = this.deps.router.decide({ task: 'agent', messages: messages.slice(0, start + 1), override: opts.override });
      task = { taskId: this.newTaskId(), taskTier: classified.tier, tierReason: classified.reason, steps: new Map() };
      this.tasks.set(task.taskId, task);
      if (callKey !== undefined) this.byCall.set(callKey, task.taskId);
    }
    const calls = stepCalls(messages, start);
    const step = calls.length + 1;
    const history: StepFacts[] = calls.map((toolCalls, i) => {
      const n = i + 1;
      const answered = task.steps.get(n);
      const role: StepRole = n === 1 ? 'plan' : 'digest';
      return answered ? { ...answered, toolCalls } : { step: n, role, tier: task.taskTier, modelName: '', toolCalls, promptTokens: 0 };
    });
    let choice = this.deps.policy.choose({ taskTier: task.taskTier, step, history, promptTokens: opts.promptTokens, taskId: task.taskId });
    if (opts.override && choice.tier !== opts.override) {
      choice = {
        ...choice,
        tier: opts.override,
        reason: `${choice.reason}; kept on ${opts.override} (Gearshift ${CAPITAL[opts.override]})`,
      };
    }
    const decision = this.deps.router.decideStep(choice.tier, `step ${step} · ${choice.tier} · ${choice.reason}`);
    return { tag: { taskId: task.taskId, step, role: choice.role }, start, taskTier: task.taskTier, choice, decision };
  }

  /** The task's tier and how it was classified, while the task is remembered (for Explain). */
  taskInfo(taskId: string): { taskTier: Tier; tierReason: string } | undefined {
    const task = this.tasks.get(taskId);
    return task && { taskTier: task.taskTier, tierReason: task.tierReason };
  }

  /** Remembers how a planned step went (its tier, model, usage and cost feed the policy's later choices). */
  finished(plan: LmStepPlan, outcome: GatewayOutcome, promptTokens: number): void {
    const task = this.tasks.get(plan.tag.taskId);
    if (!task) return;
    const first = outcome.result?.toolCalls?.[0]?.id;
    if (plan.tag.step === 1 && first) this.byCall.set(`${plan.start}:${first}`, task.taskId);
    const facts: StepFacts = {
      step: plan.tag.step,
      role: plan.tag.role,
      tier: plan.choice.tier,
      modelName: outcome.modelName,
      toolCalls: [],
      promptTokens: outcome.result && !outcome.result.estimated ? totalInput(outcome.result.usage) : promptTokens,
    };
    if (outcome.result) facts.usage = outcome.result.usage;
    if (outcome.costUsd !== undefined) facts.costUsd = outcome.costUsd;
    task.steps.set(plan.tag.step, facts);
  }

  private newTaskId(): string {
    return this.deps.newTaskId?.() ?? randomBytes(9).toString('base64url');
  }
}
