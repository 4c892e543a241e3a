/**
 * Routing per step: which tier runs each step of an agent task, in what role, and why (in words a person reads in
 * the transcript: "step 4 · cheap · reading search results").
 *
 * The rules, first match wins:
 * 1. The first step plans: frontier ("planning").
 * 2. A step after a tool call that went wrong in the previous step (a tool error, a failing command, a rejected
 *    edit or command, arguments the tool refused or could not parse) recovers: frontier ("after a failing command").
 * 3. A step about to edit more than a few files plans: frontier ("editing 5 files"). "A few" is FEW_FILES = 3: the
 *    files the task has read that it may edit (StepInput.filesInPlay), less the files its accepted edits already
 *    touched, is more than 3. It plans once per round of edits: after such a planning step, the steps that follow
 *    carry out that plan on the task's tier until an edit is accepted (a new round) or something goes wrong.
 * 4. Otherwise the step is mechanical and goes to the task's tier: digesting what a read, search or command gave
 *    back ("reading search results"), or carrying out the plan after an accepted edit ("carrying out the plan").
 *
 * Escalation: once ESCALATE_AFTER = 2 tool calls of a cheap-tier task have gone wrong the same way (consecutive or
 * not, counted over the whole task: two failing commands, two rejected edits…), every later step of the task runs on
 * frontier, `escalated` is set and the reason says so ("reading search results; escalated: 2 failing commands").
 * Counting non-consecutive failures too is deliberate: a cheap model that fails, recovers on frontier and then
 * fails the same way again is not going to get it right.
 *
 * Switching must pay for itself. Moving UP to frontier (plan, recover, escalated) is for quality and always happens.
 * Moving DOWN from the model the task is on to the task's tier for a mechanical step happens only when the step is
 * expected to cost less there: each model is priced with the prefix it still holds warm for the task (the warm-cache
 * store, cache/warmCaches.ts, when given: a cache that expired while the user read a diff counts as lost; otherwise the
 * prompt of the latest step that tier answered), so a switch counts the cache it gives up (see switchCost.ts for who
 * caches). Otherwise the step stays, and the reason says what the move would have cost ("reading a file; stayed on
 * frontier: switching would cost $0.012 more than it saves"). Without prices for both, the step moves.
 *
 * Pure and synchronous: no I/O, microseconds per step.
 */
import type { Tier } from '../types';
import type { StepCost } from './switchCost';
import type { StepChoice, StepFacts, StepInput, StepPolicy, StepRole, ToolOutcomeKind } from './types';

/** More than this many files about to be edited makes the step a planning step. */
export const FEW_FILES = 3;
/** This many tool calls of one failure kind in a task escalate the rest of it to frontier. */
export const ESCALATE_AFTER = 2;

/** Expected output tokens of a step by role (an edit's new text makes `execute` and `plan` steps long). */
export const EXPECTED_OUTPUT_TOKENS: Readonly<Record<StepRole, number>> = { plan: 700, recover: 500, digest: 300, execute: 600 };

/** What a tool does, as the policy needs it: its results are read (digested), it edits files, or it runs a command. */
export type ToolKind = 'read' | 'search' | 'edit' | 'command';

/**
 * A tool's kind from its name: Gearshift's own tools and most others name what they do. A call that reports
 * `editFiles` is an edit whatever its name.
 */
export function toolKindByName(name: string): ToolKind {
  const n = name.toLowerCase();
  if (/edit|write|create|patch|replace|rename|delete/.test(n)) return 'edit';
  if (/command|terminal|shell|exec|run|task/.test(n)) return 'command';
  if (/search|grep|find|glob|symbol|query/.test(n)) return 'search';
  return 'read';
}

export interface StepPolicyDeps {
  /** Prices a step on a tier (switchCost.ts's tierStepCost); without it, moves down are never weighed. */
  stepCost?: StepCost;
  /**
   * The prompt tokens the tier's model holds warm for the task now (the warm-cache store, fed by the gateway: expiry
   * and what the provider really cached included); undefined when the store knows nothing of the task, and then the
   * prompt of the latest step the tier answered stands in.
   */
  warmTokens?(taskId: string, tier: Tier, now: number): number | undefined;
  /** Default: EXPECTED_OUTPUT_TOKENS. */
  outputTokens?: Partial<Record<StepRole, number>>;
  /** Default: toolKindByName. */
  toolKind?(name: string): ToolKind;
}

type Failure = Exclude<ToolOutcomeKind, 'ok'>;
type Call = StepFacts['toolCalls'][number];

const other = (t: Tier): Tier => (t === 'cheap' ? 'frontier' : 'cheap');

/** "2 failing commands" */
function failures(kind: Failure, n: number): string {
  const nouns: Record<Failure, [string, string]> = {
    toolError: ['tool error', 'tool errors'],
    badArguments: ['malformed tool call', 'malformed tool calls'],
    commandFailed: ['failing command', 'failing commands'],
    rejected: ['rejection', 'rejections'],
    refused: ['refused tool call', 'refused tool calls'],
  };
  return `${n} ${nouns[kind][n === 1 ? 0 : 1]}`;
}

/** "$0.012", "$0.0004", "$1.20", "under $0.0001": what a switch would cost, to two significant digits under a dollar. */
export function usdText(usd: number): string {
  if (usd < 0.0001) return 'under $0.0001';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2))}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function createStepPolicy(deps: StepPolicyDeps = {}): StepPolicy {
  const kindOf = (c: Call): ToolKind => (c.editFiles !== undefined ? 'edit' : (deps.toolKind ?? toolKindByName)(c.name));
  const output = (role: StepRole): number => deps.outputTokens?.[role] ?? EXPECTED_OUTPUT_TOKENS[role];

  /** "after a failing command" for the first call of the step that went wrong. */
  function recovery(calls: readonly Call[]): string | undefined {
    const bad = calls.find((c) => c.outcome !== 'ok');
    if (!bad) return undefined;
    switch (bad.outcome) {
      case 'commandFailed':
        return 'after a failing command';
      case 'rejected':
        return kindOf(bad) === 'command' ? 'after a rejected command' : 'after a rejected edit';
      case 'badArguments':
        return 'after a malformed tool call';
      case 'refused':
        return 'after a refused tool call';
      default:
        return 'after a tool error';
    }
  }

  /** The failure kind that reached ESCALATE_AFTER first in the task, with its count now. */
  function escalation(history: readonly StepFacts[]): string | undefined {
    const counts = new Map<Failure, number>();
    let first: Failure | undefined;
    for (const s of history) {
      for (const c of s.toolCalls) {
        if (c.outcome === 'ok') continue;
        const n = (counts.get(c.outcome) ?? 0) + 1;
        counts.set(c.outcome, n);
        if (n >= ESCALATE_AFTER) first ??= c.outcome;
      }
    }
    return first && failures(first, counts.get(first)!);
  }

  /** Files the task may be about to edit: read and not yet edited. */
  function pendingFiles(input: StepInput): number {
    let edited = 0;
    for (const s of input.history) for (const c of s.toolCalls) if (c.outcome === 'ok' && c.editFiles) edited += c.editFiles;
    return Math.max(0, (input.filesInPlay ?? 0) - edited);
  }

  /**
   * Whether a step after the first already planned (on frontier, or any step that recovered) since the last accepted
   * edit: its plan is then being carried out.
   */
  function plannedThisRound(history: readonly StepFacts[]): boolean {
    for (let i = history.length - 1; i >= 0; i--) {
      const s = history[i];
      if (s.toolCalls.some((c) => c.outcome === 'ok' && c.editFiles)) return false;
      if (s.step > 1 && (s.role === 'plan' || s.role === 'recover') && s.tier === 'frontier') return true;
    }
    return false;
  }

  /** What a mechanical step does with the previous step's results. */
  function mechanical(last: StepFacts | undefined): { role: StepRole; doing: string } {
    const calls = last?.toolCalls ?? [];
    const kinds = calls.map(kindOf);
    if (kinds.includes('edit') || calls.length === 0) return { role: 'execute', doing: 'carrying out the plan' };
    if (kinds.includes('command')) return { role: 'digest', doing: 'reading command output' };
    if (kinds.every((k) => k === 'search')) return { role: 'digest', doing: 'reading search results' };
    const reads = kinds.filter((k) => k === 'read').length;
    if (reads === kinds.length) return { role: 'digest', doing: reads === 1 ? 'reading a file' : `reading ${reads} files` };
    return { role: 'digest', doing: 'reading tool results' };
  }

  /** What the tier's model still has in cache for the task: the store's answer, else the latest step it answered. */
  function warmOn(tier: Tier, input: StepInput): number {
    const known = input.taskId !== undefined ? deps.warmTokens?.(input.taskId, tier, input.now ?? Date.now()) : undefined;
    if (known !== undefined) return known;
    const history = input.history;
    for (let i = history.length - 1; i >= 0; i--) {
      const s = history[i];
      if (s.tier === tier && s.modelName) return s.promptTokens;
    }
    return 0;
  }

  return {
    choose(input: StepInput): StepChoice {
      const { history, taskTier } = input;
      const last = history.at(-1);
      const escalatedBy = taskTier === 'cheap' ? escalation(history) : undefined;
      const withEscalation = (choice: StepChoice): StepChoice =>
        escalatedBy ? { ...choice, tier: 'frontier', reason: `${choice.reason}; escalated: ${escalatedBy}`, escalated: true } : choice;

      if (!last || input.step <= 1) return { role: 'plan', tier: 'frontier', reason: 'planning' };
      const recovering = recovery(last.toolCalls);
      if (recovering) return withEscalation({ role: 'recover', tier: 'frontier', reason: recovering });
      const pending = pendingFiles(input);
      if (pending > FEW_FILES && !plannedThisRound(history))
        return withEscalation({ role: 'plan', tier: 'frontier', reason: `editing ${plural(pending, 'file', 'files')}` });

      const { role, doing } = mechanical(last);
      if (escalatedBy) return withEscalation({ role, tier: 'frontier', reason: doing });
      const current = last.modelName ? last.tier : undefined;
      // Only a move down is weighed: a frontier task's steps go up for quality whatever it costs.
      if (current === undefined || current === taskTier || taskTier === 'frontier' || !deps.stepCost) {
        return { role, tier: taskTier, reason: doing };
      }
      const tokens = { promptTokens: input.promptTokens, outputTokens: output(role) };
      const stay = deps.stepCost(current, { ...tokens, warmTokens: warmOn(current, input) });
      const move = deps.stepCost(other(current), { ...tokens, warmTokens: warmOn(other(current), input) });
      if (stay === undefined || move === undefined || move <= stay) return { role, tier: taskTier, reason: doing };
      return {
        role,
        tier: current,
        reason: `${doing}; stayed on ${current}: switching would cost ${usdText(move - stay)} more than it saves`,
      };
    },
  };
}
