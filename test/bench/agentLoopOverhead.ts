/**
 * The real agent loop's overhead per step (src/core/agent/loop.ts), model and tool time excluded: the agent trace run
 * through AgentRunner with the real Router, Gateway, Pricing and step policy, an in-memory provider that answers each
 * step at once with the trace's reply (text, tool calls, usage) and in-memory tools that answer at once with the
 * trace's results. What is left is the loop's own work per step: the policy and decideStep, the gateway's step
 * (redacting new messages, pricing, the ledger record into memory), checking tool arguments (Ajv), exclusions,
 * sealing tool output (redaction, cap), the transcript's size, events.
 *
 * A step's overhead is the time from its 'step' event to the next step's (or the task's 'done'); each step runs once
 * per round and counts with its fastest run (agentOverhead.ts's Runs says why).
 *
 * The loop (helper H2's) was not on branch lead when this was written: it is loaded when the tree has it, and the
 * bench says so when it does not. Once it is merged, a static import can replace `loadLoop`.
 */
import { performance } from 'node:perf_hooks';
import { createStepPolicy } from '../../src/core/agent/stepPolicy';
import { tierStepCost } from '../../src/core/agent/switchCost';
import type { AgentEvent, AgentTaskRequest, AgentTaskResult, AgentTool, StepPolicy, ToolOutput } from '../../src/core/agent/types';
import { Pricing } from '../../src/core/cost/pricing';
import type { LedgerRecord } from '../../src/core/cost/record';
import { Gateway } from '../../src/core/gateway/gateway';
import type { ChatRequest, Provider } from '../../src/core/providers/provider';
import { Router } from '../../src/core/router/router';
import type { ResolvedSettings } from '../../src/core/settings/model';
import { emptyUsage, type CallResult } from '../../src/core/types';
import { AGENT_TOOLS, type TaskTokens, type TraceCall } from './agentTrace';
import { Runs } from './agentOverhead';
import type { BenchRow } from './types';

const ROUNDS = 4;

/** What the bench uses of src/core/agent/loop.ts. */
interface LoopModule {
  AgentRunner: new (deps: {
    router: Router;
    gateway: Gateway;
    policy: StepPolicy;
    exclude?: () => readonly string[];
    workspaceRoot?: string;
  }) => { run(req: AgentTaskRequest): Promise<AgentTaskResult> };
}

/** The agent loop, when this tree has it. */
function loadLoop(): LoopModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../src/core/agent/loop') as LoopModule;
  } catch {
    return undefined;
  }
}

/** Answers each step of the current task at once with the trace's reply. */
class TraceProvider implements Provider {
  readonly endpoint = { name: 'memory', kind: 'openai' as const };
  readonly supportsFim = false;
  replies: CallResult[] = [];

  chat(req: ChatRequest): Promise<CallResult> {
    const reply = this.replies.shift();
    if (!reply) return Promise.reject(new Error('the trace has no more replies for this task'));
    if (reply.text) req.onDelta?.(reply.text);
    for (const c of reply.toolCalls ?? []) req.onToolCall?.(c);
    return Promise.resolve(reply);
  }

  complete(): Promise<CallResult> {
    return Promise.reject(new Error('no completions here'));
  }
}

/** The trace's tools: each run answers with the next result the trace has for a call that reaches a tool. */
function traceTools(queue: TraceCall[]): AgentTool[] {
  return AGENT_TOOLS.map((definition) => ({
    definition,
    readOnly: !['propose_edits', 'run_command'].includes(definition.name),
    run(): Promise<ToolOutput> {
      const c = queue.shift();
      if (!c || c.name !== definition.name)
        return Promise.reject(new Error(`trace out of step: ${definition.name} ran, expected ${c?.name}`));
      const out: ToolOutput = { content: c.result, outcome: c.outcome };
      if (c.kind === 'edit') {
        const paths = (JSON.parse(c.args) as { edits: { path: string }[] }).edits.map((e) => e.path);
        out.detail = { kind: 'edit', files: paths.map((path) => ({ path, diff: '', created: false, accepted: c.outcome === 'ok' })) };
      }
      if (c.kind === 'command') out.detail = { kind: 'command', command: 'npm test', exitCode: c.outcome === 'ok' ? 0 : 1 };
      return Promise.resolve(out);
    },
  }));
}

/** Rows for the real loop's overhead, or undefined when the tree has no loop yet. */
export async function measureLoopOverhead(tasks: TaskTokens[], settings: ResolvedSettings): Promise<BenchRow[] | undefined> {
  const loop = loadLoop();
  if (!loop) return undefined;
  const router = new Router(settings, { available: new Set(['openai', 'anthropic']) });
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints) });
  const provider = new TraceProvider();
  const records: LedgerRecord[] = [];
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider: () => provider,
    pricing: () => pricing,
    record: (r) => void records.push(r),
    workspace: { id: 'bench', name: 'bench', root: '/ws/bench' },
  });
  const policy = createStepPolicy({
    stepCost: tierStepCost({ usableModels: (t) => router.usableModels(t), endpoints: settings.endpoints, pricing: () => pricing }),
  });
  const runner = new loop.AgentRunner({ router, gateway, policy, exclude: () => settings.exclude, workspaceRoot: '/ws/bench' });
  const runs = new Runs();
  let steps = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [n, t] of tasks.entries()) {
      provider.replies = t.task.steps.map((s, i) => {
        const toolCalls = s.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.args }));
        const usage = { ...emptyUsage(), input: t.prompts[i], output: t.outputs[i] };
        return { text: s.text, usage, estimated: false, totalMs: 0, ...(toolCalls.length ? { toolCalls } : {}) };
      });
      // Calls the loop itself answers (malformed arguments, excluded paths) never reach a tool.
      const queue = t.task.steps.flatMap((s) => s.calls.filter((c) => c.outcome !== 'badArguments' && c.outcome !== 'refused'));
      let mark: { wall: number; cpu: NodeJS.CpuUsage } | undefined;
      const lap = (): void => {
        const now = { wall: performance.now(), cpu: process.cpuUsage() };
        if (mark && round > 0) runs.add(round, now.wall - mark.wall, mark.cpu);
        mark = now;
      };
      const result = await runner.run({
        taskId: `bench-${round}-${n}`,
        messages: [{ role: 'user', content: t.task.request }],
        tools: traceTools(queue),
        limits: { maxSteps: 25 },
        signal: new AbortController().signal,
        approve: () => Promise.reject(new Error('the trace tools ask nothing')),
        onEvent: (e: AgentEvent) => {
          if (e.type === 'step' || e.type === 'done') lap();
        },
      });
      if (result.status !== 'finished' || result.steps !== t.task.steps.length) {
        throw new Error(`${t.task.id} ended ${result.status} after ${result.steps} steps: ${result.message ?? ''}`);
      }
      if (queue.length) throw new Error(`${t.task.id}: ${queue.length} tool results were never asked for`);
      if (round > 0) steps += result.steps;
    }
  }
  if (records.length !== (steps * (ROUNDS + 1)) / ROUNDS)
    throw new Error(`ledger: ${records.length} records for ${(steps * (ROUNDS + 1)) / ROUNDS} steps`);
  return runs.rows('the real loop (AgentRunner) with an instant in-memory provider and instant tools');
}
