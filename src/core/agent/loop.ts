/**
 * The agent loop: a task classified once from its first request, then step after step — the step policy picks each
 * step's role and tier, the gateway sends it (route → chain → price → ledger), the tools the model called run (their
 * arguments checked, their output redacted and capped), and their results go back — until the model answers without
 * calling a tool, a limit is reached, the user stops it, or a model call fails or is blocked by the budget.
 * Plain Node; the side panel and the CLI drive it with their own tools and approver.
 */
import type { Gateway, StepRequest } from '../gateway/gateway';
import { withInstructions } from '../gateway/prompt';
import { isExcluded } from '../privacy/exclude';
import { markRedacted } from '../privacy/redacted';
import type { Router } from '../router/router';
import type { ToolCall, ToolDefinition, ToolResult } from '../toolCalls';
import { totalInput, type ChatMessage, type GatewayOutcome, type ModelConfig, type RouteDecision } from '../types';
import { checkArguments } from './arguments';
import { agentSystemPrompt } from './prompt';
import { MAX_RESULT_CHARS, sealToolOutput } from './toolOutput';
import { TranscriptSize } from './transcriptSize';
import type {
  AgentEvent,
  AgentTaskRequest,
  AgentTaskResult,
  AgentTaskStatus,
  AgentTool,
  Approver,
  StepFacts,
  StepPolicy,
  StepTag,
  ToolDetail,
  ToolOutcomeKind,
} from './types';

export interface AgentRunnerDeps {
  router: Pick<Router, 'decide' | 'decideStep'>;
  gateway: Pick<Gateway, 'step'>;
  policy: StepPolicy;
  /**
   * Restricted Mode: false in a workspace the user has not trusted. Then only read-only tools are offered to the model,
   * and a call to any other tool is refused without running it. Asked once per task. Default: trusted.
   */
  trusted?: () => boolean;
  /**
   * gearshift.exclude and the workspace root: a tool call whose path arguments (`path`, `paths`, `file`, `filePath`…)
   * name an excluded file is refused before the tool runs (the tools check too; this holds for other extensions'
   * tools as well).
   */
  exclude?: () => readonly string[];
  workspaceRoot?: string;
  /** The system prompt of every step (default: agentSystemPrompt()); the task's instructions follow it. */
  system?: string;
  /** Most characters of one tool result that reach a model (default 64 Ki). */
  maxResultChars?: number;
}

/** What became of one tool call. */
interface CallEnd {
  result: ToolResult;
  outcome: ToolOutcomeKind;
  detail?: ToolDetail;
  /** A file the call read (counted for filesInPlay). */
  readPath?: string;
}

/** Keys of a tool's arguments that name files (compared case-blind). */
const PATH_KEY = /^(?:path|paths|file|files|filepath|filepaths|filename|uri)$/i;
/** Tools whose path argument is a file they read (counted for StepInput.filesInPlay). */
const READS = /read|open|view|cat/i;
/** Longest one-line summary of a tool result in the transcript. */
const SUMMARY_CHARS = 120;

export class AgentRunner {
  constructor(private readonly deps: AgentRunnerDeps) {}

  /** Runs one task to its end. Never rejects: every way a task ends is a status (and a 'done' event). */
  async run(req: AgentTaskRequest): Promise<AgentTaskResult> {
    return new TaskRun(this.deps, req).run();
  }
}

/** One task's state while it runs. */
class TaskRun {
  private readonly messages: ChatMessage[];
  private readonly offered: Map<string, AgentTool>;
  private readonly definitions: ToolDefinition[];
  private readonly system: string;
  private readonly size: TranscriptSize;
  private readonly history: StepFacts[] = [];
  private readonly filesRead = new Set<string>();
  private readonly trusted: boolean;
  private steps = 0;
  private costUsd = 0;

  constructor(
    private readonly deps: AgentRunnerDeps,
    private readonly req: AgentTaskRequest,
  ) {
    this.messages = req.messages.slice();
    this.trusted = deps.trusted?.() ?? true;
    const tools = this.trusted ? req.tools : req.tools.filter((t) => t.readOnly);
    this.offered = new Map(tools.map((t) => [t.definition.name, t]));
    this.definitions = tools.map((t) => t.definition);
    this.system = withInstructions(deps.system ?? agentSystemPrompt(), req.instructions);
    this.size = new TranscriptSize(this.system, this.definitions, this.messages);
  }

  async run(): Promise<AgentTaskResult> {
    const { router, policy } = this.deps;
    const { limits, signal, override } = this.req;
    // Classified once, from the first request: the user's override, rules and gearshift.routing.agent apply.
    const classified = router.decide({ task: 'agent', messages: this.req.messages, override });
    const taskTier = classified.tier;
    const picked = typeof override === 'object' && classified.source === 'override' ? classified.chain[0] : undefined;
    for (;;) {
      if (signal.aborted) return this.end('stopped', 'Stopped.');
      if (this.steps >= limits.maxSteps) {
        return this.end('stepLimit', `Stopped after ${this.steps} steps: the task reached its limit (gearshift.agent.maxSteps).`);
      }
      if (limits.maxTaskUsd !== undefined && this.costUsd >= limits.maxTaskUsd) {
        const spent = `$${this.costUsd.toFixed(4)}`;
        const limit = `its limit is $${limits.maxTaskUsd} (gearshift.agent.maxTaskUsd)`;
        return this.end('costLimit', `Stopped: this task has cost ${spent}; ${limit}.`);
      }
      const n = this.steps + 1;
      const choice = policy.choose({
        taskTier,
        step: n,
        history: this.history,
        promptTokens: this.size.tokens(),
        filesInPlay: this.filesRead.size,
        taskId: this.req.taskId,
      });
      let decision = router.decideStep(choice.tier, `step ${n} · ${choice.tier} · ${choice.reason}`);
      if (picked && choice.tier === taskTier) decision = withModelFirst(decision, picked);
      const tag: StepTag = { taskId: this.req.taskId, step: n, role: choice.role };
      const modelName = decision.chain[0]?.name ?? '';
      this.emit({ type: 'step', step: n, role: choice.role, tier: choice.tier, modelName, reason: choice.reason });
      const promptTokens = this.size.tokens();
      const outcome = await this.deps.gateway.step(this.stepRequest(decision, tag));
      this.steps = n;
      this.costUsd += outcome.costUsd ?? 0;
      const facts: StepFacts = {
        step: n,
        role: choice.role,
        tier: choice.tier,
        modelName: outcome.modelName,
        toolCalls: [],
        promptTokens,
      };
      if (outcome.result?.usage) facts.usage = outcome.result.usage;
      if (outcome.costUsd !== undefined) facts.costUsd = outcome.costUsd;
      if (outcome.error) return this.failed(outcome, facts);

      const result = outcome.result!;
      if (!result.estimated) facts.promptTokens = totalInput(result.usage);
      const calls = result.toolCalls ?? [];
      const assistant: ChatMessage = { role: 'assistant', content: result.text };
      if (calls.length > 0) assistant.toolCalls = calls;
      this.append(assistant);
      if (!result.estimated) this.size.anchorAt(result.usage);
      if (calls.length > 0) {
        const ends = await this.runCalls(n, calls);
        facts.toolCalls = ends.map((e) => {
          const f: StepFacts['toolCalls'][number] = { name: e.result.name, outcome: e.outcome };
          if (e.detail?.kind === 'edit') f.editFiles = e.detail.files.length;
          return f;
        });
        this.append({ role: 'user', content: '', toolResults: ends.map((e) => e.result) });
      }
      this.history.push(facts);
      this.endStep(n, outcome);
      if (calls.length === 0) return this.end('finished');
    }
  }

  private stepRequest(decision: RouteDecision, step: StepTag): StepRequest {
    const n = step.step;
    return {
      decision,
      step,
      system: this.system,
      messages: this.messages,
      tools: this.definitions,
      signal: this.req.signal,
      onDelta: (text) => this.emit({ type: 'text', step: n, text }),
    };
  }

  /** A model call that did not answer: stopped, blocked by the budget, or failed (any partial text is kept). */
  private failed(outcome: GatewayOutcome, facts: StepFacts): AgentTaskResult {
    const error = outcome.error!;
    if (error.partialText) this.append({ role: 'assistant', content: error.partialText });
    this.history.push(facts);
    this.endStep(facts.step, outcome, error.message);
    if (error.kind === 'cancelled' || this.req.signal.aborted) return this.end('stopped', 'Stopped.');
    if (error.kind === 'blocked') return this.end('blocked', error.message);
    return this.end('error', error.message);
  }

  private endStep(step: number, outcome: GatewayOutcome, error?: string): void {
    const end: AgentEvent = { type: 'stepEnd', step, modelName: outcome.modelName };
    if (outcome.costUsd !== undefined) end.costUsd = outcome.costUsd;
    if (error !== undefined) end.error = error;
    this.emit(end);
    const { maxSteps, maxTaskUsd } = this.req.limits;
    const progress: AgentEvent = { type: 'progress', steps: this.steps, maxSteps, costUsd: this.costUsd };
    if (maxTaskUsd !== undefined) progress.maxTaskUsd = maxTaskUsd;
    this.emit(progress);
  }

  /** Runs a step's tool calls in order; once the task is stopped, the rest are answered "stopped" without running. */
  private async runCalls(step: number, calls: ToolCall[]): Promise<CallEnd[]> {
    const ends: CallEnd[] = [];
    const approve: Approver = (request, signal) => {
      this.emit({ type: 'approval', step, request });
      return this.req.approve(request, signal);
    };
    for (const call of calls) {
      this.emit({ type: 'toolCall', step, call });
      const end = this.req.signal.aborted ? stoppedEnd(call) : await this.runCall(call, approve);
      if (end.readPath !== undefined && end.outcome === 'ok') this.filesRead.add(end.readPath);
      const ev: AgentEvent = {
        type: 'toolResult',
        step,
        callId: call.id,
        name: call.name,
        outcome: end.outcome,
        summary: summaryOf(end.result.content),
      };
      if (end.detail) ev.detail = end.detail;
      this.emit(ev);
      ends.push(end);
    }
    return ends;
  }

  private async runCall(call: ToolCall, approve: Approver): Promise<CallEnd> {
    const tool = this.offered.get(call.name);
    if (!tool) {
      const exists = this.req.tools.some((t) => t.definition.name === call.name);
      const why = exists
        ? `${call.name} is not available in Restricted Mode (this workspace is not trusted): only read-only tools are.`
        : `There is no tool named ${JSON.stringify(call.name.slice(0, 80))}. Tools: ${[...this.offered.keys()].join(', ') || 'none'}.`;
      return errorEnd(call, 'refused', why);
    }
    const args = checkArguments(tool.definition, call.arguments);
    if (!args.ok) return errorEnd(call, 'badArguments', args.message);
    const paths = pathArguments(args.input);
    const excluded = paths.find((p) => isExcluded(p, this.deps.exclude?.() ?? [], this.deps.workspaceRoot));
    if (excluded !== undefined) {
      return errorEnd(call, 'refused', `${excluded} is excluded by gearshift.exclude: no tool may read or change it.`);
    }
    const { signal, taskId } = this.req;
    let output;
    try {
      output = await untilAborted(tool.run(args.input, { signal, taskId, approve }), signal);
    } catch (err) {
      return errorEnd(call, 'toolError', `${call.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (output === undefined) return stoppedEnd(call);
    const sealed = sealToolOutput(output.content, this.deps.maxResultChars ?? MAX_RESULT_CHARS);
    const result: ToolResult = { callId: call.id, name: call.name, content: sealed.text };
    if (output.images?.length) result.images = output.images;
    if (output.outcome !== 'ok') result.isError = true;
    const end: CallEnd = { result: markRedacted(result), outcome: output.outcome };
    if (output.detail) end.detail = output.detail;
    // Files in play: what a reading tool (read_file, another extension's read…) read, one path per call.
    if (tool.readOnly && READS.test(call.name) && paths.length === 1) end.readPath = paths[0];
    return end;
  }

  private append(m: ChatMessage): void {
    this.messages.push(m);
    this.size.add(m);
  }

  private end(status: AgentTaskStatus, message?: string): AgentTaskResult {
    const done: AgentEvent = { type: 'done', status };
    if (message !== undefined) done.message = message;
    this.emit(done);
    const out: AgentTaskResult = { status, steps: this.steps, costUsd: this.costUsd, messages: this.messages };
    if (message !== undefined) out.message = message;
    return out;
  }

  /** A listener's failure must not end the task (nor fail a model call from inside its stream). */
  private emit(event: AgentEvent): void {
    try {
      this.req.onEvent(event);
    } catch {
      // the UI's bug; the task goes on
    }
  }
}

/** The decision with the model the user picked for the task put first (when the route left it usable). */
function withModelFirst(decision: RouteDecision, model: ModelConfig): RouteDecision {
  if (decision.blocked || decision.chain[0]?.name === model.name) return decision;
  if (!decision.chain.some((m) => m.name === model.name) && decision.source === 'budget') return decision;
  const chain = [model, ...decision.chain.filter((m) => m.name !== model.name)];
  return { ...decision, chain, reason: `${decision.reason} (${model.name}: your choice)` };
}

function errorEnd(call: ToolCall, outcome: ToolOutcomeKind, message: string): CallEnd {
  return { result: { callId: call.id, name: call.name, content: message, isError: true }, outcome };
}

function stoppedEnd(call: ToolCall): CallEnd {
  return errorEnd(call, 'toolError', 'Not finished: the user stopped the task.');
}

/** String values of the arguments' path-like keys (top level; lists of strings too). */
function pathArguments(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (!PATH_KEY.test(k)) continue;
    if (typeof v === 'string' && v !== '') out.push(v);
    else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string' && item !== '') out.push(item);
  }
  return out;
}

/** The tool's answer, or undefined once the task is stopped (a tool that ignores the signal is not waited for). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** The result's first non-empty line, shortened: what the transcript shows next to the call. */
function summaryOf(content: string): string {
  const start = content.search(/\S/);
  if (start < 0) return '(empty)';
  const nl = content.indexOf('\n', start);
  const line = (nl < 0 ? content.slice(start) : content.slice(start, nl)).trim();
  const more = nl >= 0 && content.slice(nl).trim() !== '';
  if (line.length > SUMMARY_CHARS) return `${line.slice(0, SUMMARY_CHARS - 1)}…`;
  return more ? `${line} …` : line;
}
