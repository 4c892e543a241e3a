/**
 * The agent loop's test bench: the real Router, Gateway and Pricing over resolved settings, one in-memory Provider
 * scripted per call (it records exactly what it was sent), a step policy that records what it was asked, and a few
 * tools.
 */
import { AgentRunner, type AgentRunnerDeps } from '../../../src/core/agent/loop';
import type {
  AgentEvent,
  AgentTaskRequest,
  AgentTool,
  ApprovalAnswer,
  StepChoice,
  StepInput,
  StepPolicy,
  ToolOutput,
} from '../../../src/core/agent/types';
import { Pricing } from '../../../src/core/cost/pricing';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { Gateway } from '../../../src/core/gateway/gateway';
import { ProviderError } from '../../../src/core/providers/errors';
import type { ChatRequest, Provider } from '../../../src/core/providers/provider';
import { Router, type BudgetSource } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { ToolCall } from '../../../src/core/toolCalls';
import { emptyUsage, type CallResult, type GatewayOutcome } from '../../../src/core/types';

export type Reply = (req: ChatRequest) => Promise<CallResult>;

/** Usage of every scripted reply: 1,000 prompt tokens, 50 out. */
export const USAGE = { ...emptyUsage(), input: 1000, output: 50 };
/** big: $10/$20 per million → $0.011 per reply; small: $1/$2 → $0.0011. */
export const BIG_STEP_USD = 0.011;
export const SMALL_STEP_USD = 0.0011;

/** A reply that streams `text` and calls the given tools ([name, raw JSON arguments]). */
export function calls(list: [string, string][], text = ''): Reply {
  return async (req) => {
    if (text) req.onDelta?.(text);
    const toolCalls: ToolCall[] = list.map(([name, args], i) => ({
      id: `call_${name}_${i}_${Math.random().toString(36).slice(2, 8)}`,
      name,
      arguments: args,
    }));
    for (const c of toolCalls) req.onToolCall?.(c);
    return { text, usage: { ...USAGE }, estimated: false, totalMs: 1, toolCalls };
  };
}

/** A final answer: text, no tool call. */
export function answer(text: string): Reply {
  return async (req) => {
    req.onDelta?.(text);
    return { text, usage: { ...USAGE }, estimated: false, totalMs: 1 };
  };
}

/** A reply that streams `text`, then waits for the abort and fails as a provider does when cancelled. */
export function heldUntilAbort(text: string): Reply {
  return (req) =>
    new Promise((_, reject) => {
      req.onDelta?.(text);
      const abort = (): void => reject(new ProviderError({ kind: 'cancelled', message: 'cancelled', partialText: text }));
      if (req.signal?.aborted) abort();
      else req.signal?.addEventListener('abort', abort, { once: true });
    });
}

/** An in-memory provider: answers from a script, keeps a deep copy of every request it was sent. */
export class ScriptedProvider implements Provider {
  readonly endpoint = { name: 'mem', kind: 'openai' as const };
  readonly supportsFim = false;
  readonly requests: ChatRequest[] = [];
  readonly script: Reply[] = [];
  /** Used once the script is empty. */
  otherwise: Reply = answer('done');

  chat(req: ChatRequest): Promise<CallResult> {
    const { signal, onDelta, onToolCall, ...rest } = req;
    this.requests.push({ ...structuredClone(rest), signal, onDelta, onToolCall });
    return (this.script.shift() ?? this.otherwise)(req);
  }

  complete(): Promise<CallResult> {
    throw new ProviderError({ kind: 'badRequest', message: 'no FIM' });
  }
}

/** Plan on the first step and after a failure, then the task's tier; records every input. */
export class RecordingPolicy implements StepPolicy {
  readonly inputs: StepInput[] = [];
  choose(input: StepInput): StepChoice {
    this.inputs.push(structuredClone(input));
    const last = input.history.at(-1);
    if (!last) return { role: 'plan', tier: 'frontier', reason: 'planning the task' };
    if (last.toolCalls.some((c) => c.outcome !== 'ok')) return { role: 'recover', tier: 'frontier', reason: 'after a tool error' };
    return { role: 'digest', tier: input.taskTier, reason: 'reading tool results' };
  }
}

export const schema = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** A read-only tool reading from an in-memory file map. */
export function readFileTool(files: Record<string, string>, ran: string[] = []): AgentTool {
  return {
    definition: { name: 'read_file', description: 'Read a file', inputSchema: schema({ path: { type: 'string' } }, ['path']) },
    readOnly: true,
    async run(input): Promise<ToolOutput> {
      const path = input.path as string;
      ran.push(path);
      return path in files ? { content: files[path], outcome: 'ok' } : { content: `${path}: no such file`, outcome: 'toolError' };
    },
  };
}

/** A tool that asks to run a command and reports what the user answered. */
export function commandTool(): AgentTool {
  return {
    definition: { name: 'run_command', description: 'Run a command', inputSchema: schema({ command: { type: 'string' } }, ['command']) },
    readOnly: false,
    async run(input, ctx): Promise<ToolOutput> {
      const command = input.command as string;
      const a = await ctx.approve({ kind: 'command', id: `cmd-${command}`, command, cwd: '' }, ctx.signal);
      if (a.kind !== 'command' || !a.run) return { content: 'The user rejected the command.', outcome: 'rejected' };
      return { content: `ran ${command}: exit 0`, outcome: 'ok', detail: { kind: 'command', command, exitCode: 0 } };
    },
  };
}

/** A tool proposing edits to the given files, all accepted. */
export function editTool(): AgentTool {
  return {
    definition: {
      name: 'propose_edits',
      description: 'Edit files',
      inputSchema: schema({ paths: { type: 'array', items: { type: 'string' } } }, ['paths']),
    },
    readOnly: false,
    async run(input): Promise<ToolOutput> {
      const paths = input.paths as string[];
      const files = paths.map((path) => ({ path, diff: `--- ${path}`, created: false, accepted: true }));
      return { content: `edited ${paths.length} files`, outcome: 'ok', detail: { kind: 'edit', files } };
    },
  };
}

/** A tool that runs until the task is stopped, and says whether it saw the abort. */
export function waitingTool(): { tool: AgentTool; started: Promise<void>; sawAbort: () => boolean } {
  let sawAbort = false;
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  const tool: AgentTool = {
    definition: { name: 'wait', description: 'Wait', inputSchema: schema({}, []) },
    readOnly: true,
    run: (_input, ctx) =>
      new Promise<ToolOutput>((resolve) => {
        started();
        ctx.signal.addEventListener('abort', () => {
          sawAbort = true;
          resolve({ content: 'stopped', outcome: 'toolError' });
        });
      }),
  };
  return { tool, started: startedP, sawAbort: () => sawAbort };
}

export interface Bench {
  provider: ScriptedProvider;
  policy: RecordingPolicy;
  gateway: Gateway;
  router: Router;
  records: LedgerRecord[];
  outcomes: GatewayOutcome[];
  runner: AgentRunner;
  events: AgentEvent[];
  /** A task request with defaults (25 steps, no cost limit, approve everything). */
  task(over?: Partial<AgentTaskRequest>): AgentTaskRequest;
}

export function bench(opts: { extra?: Record<string, unknown>; budget?: BudgetSource; deps?: Partial<AgentRunnerDeps> } = {}): Bench {
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.endpoints': { mem: { kind: 'openai', baseUrl: 'https://mem.example/v1' } },
      'gearshift.models': {
        small: { endpoint: 'mem', model: 'mem-small', vision: true },
        big: { endpoint: 'mem', model: 'mem-big', vision: true },
      },
      'gearshift.tiers': { cheap: ['small'], frontier: ['big'] },
      'gearshift.routing': { agent: 'cheap' },
      'gearshift.prices': { small: { input: 1, output: 2 }, big: { input: 10, output: 20 } },
      ...opts.extra,
    },
  });
  if (problems.length) throw new Error(JSON.stringify(problems));
  const provider = new ScriptedProvider();
  const router = new Router(settings, { budget: opts.budget, available: new Set(['mem']) });
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  const records: LedgerRecord[] = [];
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider: (name) => (name === 'mem' ? provider : undefined),
    pricing: () => pricing,
    record: (r) => records.push(r),
    workspace: { id: 'ws', name: 'ws', root: '/ws' },
  });
  const outcomes: GatewayOutcome[] = [];
  const policy = new RecordingPolicy();
  const runner = new AgentRunner({
    router,
    gateway: {
      step: async (r) => {
        const o = await gateway.step(r);
        outcomes.push(o);
        return o;
      },
    },
    policy,
    exclude: () => settings.exclude,
    workspaceRoot: '/ws',
    ...opts.deps,
  });
  const events: AgentEvent[] = [];
  const task = (over: Partial<AgentTaskRequest> = {}): AgentTaskRequest => ({
    taskId: 'task-1',
    messages: [{ role: 'user', content: 'fix the failing test' }],
    tools: [],
    limits: { maxSteps: 25 },
    signal: new AbortController().signal,
    approve: async (r): Promise<ApprovalAnswer> => (r.kind === 'command' ? { kind: 'command', run: true } : { kind: 'edit', accepted: [] }),
    onEvent: (e) => events.push(e),
    ...over,
  });
  return { provider, policy, gateway, router, records, outcomes, runner, events, task };
}

/** Resolves once `check` holds, polling; fails after `ms`. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
