/**
 * Agent-loop overhead per step, model and tool time excluded: everything an agent step does around the model call
 * and the tools, timed per step over the whole agent trace (several rounds, after a warm-up round).
 *
 * Each step runs in every round (the same steps in the same order) and is timed in wall time and the process's CPU
 * time. On the shared 2-core machine, both have a long tail that measures the neighbours: the scheduler (and the
 * hypervisor) takes the core away mid-step, and the process's CPU time also counts V8's background compiler and GC
 * threads. A step's overhead is therefore the fastest of its runs; the target is checked on those, and every run's
 * percentiles are printed beside them with the load average.
 *
 * Measured: the step policy's choice, Router.decideStep, redaction of the step's tool results, the transcript's
 * bookkeeping (the assistant message and tool results appended, the next prompt's size estimated, the step's facts
 * recorded).
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createStepPolicy } from '../../src/core/agent/stepPolicy';
import { tierStepCost } from '../../src/core/agent/switchCost';
import type { StepFacts } from '../../src/core/agent/types';
import { Pricing } from '../../src/core/cost/pricing';
import { redactSecrets } from '../../src/core/privacy/redact';
import { Router } from '../../src/core/router/router';
import type { ResolvedSettings } from '../../src/core/settings/model';
import { approxTokens } from '../../src/core/tokens';
import type { ChatMessage } from '../../src/core/types';
import type { TraceTask } from './agentTrace';
import { percentile } from './stats';
import type { BenchRow } from './types';

const ROUNDS = 4;
/** Extra runs of the policy per step, outside the step's own timing. */
const REPEATS = 4;
const TARGET_MS = 2;

/**
 * The parts of a step's overhead that exist without the loop, timed over the trace: `label` names what the total is.
 * Also reported on their own: the step policy with decideStep (wall time: too short for CPU counters), and redacting
 * the step's tool results once (CPU time).
 */
export async function measureOverhead(trace: TraceTask[], settings: ResolvedSettings, label: string): Promise<BenchRow[]> {
  const router = new Router(settings, { available: new Set(['openai', 'anthropic']) });
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints) });
  const policy = createStepPolicy({
    stepCost: tierStepCost({ usableModels: (t) => router.usableModels(t), endpoints: settings.endpoints, pricing: () => pricing }),
  });
  const runs = new Runs();
  const policyWall: number[] = [];
  const redactCpu: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    for (const task of trace) {
      const taskTier = router.decide({ task: 'agent', messages: [{ role: 'user', content: task.request }] }).tier;
      const messages: ChatMessage[] = [{ role: 'user', content: task.request }];
      const history: StepFacts[] = [];
      const read = new Set<string>();
      let prompt = approxTokens(task.request);
      for (const [i, s] of task.steps.entries()) {
        // The policy alone is a few microseconds: the fastest of a few runs keeps the scheduler's pauses out of it
        // (the extra runs come before the step's own timing starts).
        let fastest = Infinity;
        for (let k = 0; k < REPEATS; k++) {
          const k0 = performance.now();
          const c = policy.choose({ taskTier, step: i + 1, history, promptTokens: prompt, filesInPlay: read.size });
          router.decideStep(c.tier, `step ${i + 1} · ${c.tier} · ${c.reason}`);
          fastest = Math.min(fastest, performance.now() - k0);
        }
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const choice = policy.choose({ taskTier, step: i + 1, history, promptTokens: prompt, filesInPlay: read.size });
        const decision = router.decideStep(choice.tier, `step ${i + 1} · ${choice.tier} · ${choice.reason}`);
        const decided = Math.min(fastest, performance.now() - t0);
        const assistant: ChatMessage = { role: 'assistant', content: s.text };
        if (s.calls.length) assistant.toolCalls = s.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.args }));
        messages.push(assistant);
        prompt += approxTokens(s.text) + s.calls.reduce((n, c) => n + approxTokens(c.args), 0);
        if (s.calls.length) {
          const r0 = process.cpuUsage();
          const toolResults = s.calls.map((c) => ({ callId: c.id, name: c.name, content: redactSecrets(c.result).text }));
          const r = process.cpuUsage(r0);
          if (round > 0) redactCpu.push((r.user + r.system) / 1000);
          messages.push({ role: 'user', content: '', toolResults });
          prompt += toolResults.reduce((n, r) => n + approxTokens(r.content), 0);
          for (const c of s.calls) if (c.read && c.outcome === 'ok') read.add(c.read);
        }
        history.push({
          step: i + 1,
          role: choice.role,
          tier: decision.tier,
          modelName: decision.chain[0]?.name ?? '',
          toolCalls: s.calls.map((c) => ({ name: c.name, outcome: c.outcome, ...(c.editFiles ? { editFiles: c.editFiles } : {}) })),
          promptTokens: prompt,
        });
        if (round > 0) {
          policyWall.push(decided);
          runs.add(round, performance.now() - t0, c0);
        }
      }
    }
  }
  return [
    ...runs.rows(label),
    {
      area: 'agent',
      name: `of which: step policy + decideStep (${policyWall.length} steps, fastest of ${REPEATS + 1} runs each): wall p50 / p99`,
      value: `${ms(percentile(policyWall, 50))} / ${ms(percentile(policyWall, 99))}`,
    },
    {
      area: 'agent',
      name: `of which: redacting a step's tool results once (${redactCpu.length} steps with tool calls): CPU p50 / p99`,
      value: `${ms(percentile(redactCpu, 50))} / ${ms(percentile(redactCpu, 99))}`,
    },
  ];
}

const ms = (x: number): string => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(2)} ms`);

/**
 * Per-step times of every round; the rounds replay the same steps in the same order. A step's overhead is the fastest
 * of its runs (the scheduler's pauses and the neighbours' load only ever add time); every run's CPU and wall
 * percentiles are printed beside it.
 */
export class Runs {
  private readonly wall: number[][] = [];
  private readonly cpu: number[][] = [];

  /** Records one step of a 1-based round; `cpuAtStart` is process.cpuUsage() when the step began. */
  add(round: number, wallMs: number, cpuAtStart: NodeJS.CpuUsage): void {
    const c = process.cpuUsage(cpuAtStart);
    (this.wall[round - 1] ??= []).push(wallMs);
    (this.cpu[round - 1] ??= []).push((c.user + c.system) / 1000);
  }

  rows(what: string): BenchRow[] {
    const steps = this.wall[0]?.length ?? 0;
    if (this.wall.some((r) => r.length !== steps)) throw new Error('the rounds did not replay the same steps');
    const fastest = Array.from({ length: steps }, (_, i) => Math.min(...this.wall.map((r) => r[i])));
    const p99 = percentile(fastest, 99);
    const wall = this.wall.flat();
    const cpu = this.cpu.flat();
    const load = os.loadavg()[0].toFixed(1);
    return [
      {
        area: 'agent',
        name: `per-step overhead, model and tools excluded (${what}; ${steps} steps, fastest of ${this.wall.length} runs each): p50 / p99`,
        value: `${ms(percentile(fastest, 50))} / ${ms(p99)}`,
        target: `p99 ≤ ${TARGET_MS} ms`,
        ok: p99 <= TARGET_MS,
      },
      {
        area: 'agent',
        name: `per-step overhead, every run: CPU p50 / p99 · wall p50 / p99 (load average ${load} on ${os.cpus().length} cores)`,
        value: `${ms(percentile(cpu, 50))} / ${ms(percentile(cpu, 99))} · ${ms(percentile(wall, 50))} / ${ms(percentile(wall, 99))}`,
      },
    ];
  }
}
