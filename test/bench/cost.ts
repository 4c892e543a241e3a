/**
 * Cost benchmarks.
 *  - Savings: a synthetic one-day developer session (seeded, so every run replays the same day) priced
 *    under the default routing — completions on the cheap model, chat split ~55% cheap / 45% frontier —
 *    against sending everything to the frontier model.
 *  - Ledger append throughput, incremental tail read, and summary time over a month of records.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendRecord, readLedger } from '../../src/core/cost/ledger';
import { LedgerTail } from '../../src/core/cost/ledgerWatch';
import { Pricing, type PriceTarget } from '../../src/core/cost/pricing';
import { LEDGER_VERSION, type LedgerRecord } from '../../src/core/cost/record';
import { summarize } from '../../src/core/cost/summary';
import { emptyUsage, type EndpointConfig, type Task, type Tier, type Usage } from '../../src/core/types';
import type { BenchRow } from './types';

const AREA = 'cost';

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal around `median`, clamped: token sizes are skewed (most prompts small, a few large). */
function sizer(rand: () => number): (median: number, spread: number, min: number, max: number) => number {
  return (median, spread, min, max) => {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.round(Math.min(max, Math.max(min, median * Math.exp(spread * z))));
  };
}

/** One request of the day, before it is priced on a particular provider. */
interface TraceEvent {
  task: Task;
  /** Minutes since the start of the day. */
  minute: number;
  /** Prompt tokens a follow-up shares with the previous turn of its conversation (cacheable prefix). */
  prefix: number;
  /** New prompt tokens. */
  fresh: number;
  output: number;
  /** The router's choice for chat (completions are always cheap). */
  tier: Tier;
}

/**
 * An 8-hour day: ~700 inline completions (FIM: ~1.2k tokens of prefix + ~400 of suffix, ~20 tokens out)
 * and ~15 chat conversations of 1–6 turns (system prompt + attached code 0.5–8k tokens, growing history,
 * 150–1,500 tokens out). Follow-up turns share the previous turn's prompt as a cacheable prefix.
 */
export function syntheticDay(seed = 42): TraceEvent[] {
  const rand = prng(seed);
  const size = sizer(rand);
  const events: TraceEvent[] = [];
  const completions = 600 + Math.floor(rand() * 200);
  for (let i = 0; i < completions; i++) {
    const prefix = size(1200, 0.5, 150, 4000);
    const suffix = size(400, 0.7, 0, 1500);
    events.push({ task: 'completion', minute: rand() * 480, prefix: 0, fresh: prefix + suffix + 30, output: size(20, 0.7, 3, 160), tier: 'cheap' });
  }
  const conversations = 12 + Math.floor(rand() * 8);
  for (let c = 0; c < conversations; c++) {
    let minute = rand() * 460;
    let history = 0;
    const turns = 1 + Math.floor(rand() * 6);
    for (let t = 0; t < turns; t++) {
      const fresh = (t === 0 ? 900 + size(2500, 0.8, 300, 12000) : 0) + size(120, 0.8, 10, 2000);
      const output = size(550, 0.6, 150, 1500);
      events.push({ task: 'chat', minute, prefix: history, fresh, output, tier: rand() < 0.55 ? 'cheap' : 'frontier' });
      history += fresh + output;
      minute += 1 + rand() * 4;
    }
  }
  return events.sort((a, b) => a.minute - b.minute);
}

/**
 * The usage an event produces on a provider. OpenAI caches shared prefixes automatically (reads only);
 * Anthropic reads the prefix and writes the new part of a chat prompt to the 5-minute cache (the
 * provider layer marks the last message cacheable). Completions do not hit caches (the prefix shifts).
 */
function usageOn(kind: EndpointConfig['kind'], e: TraceEvent): Usage {
  const u = { ...emptyUsage(), output: e.output, cacheRead: e.prefix };
  if (kind === 'anthropic' && e.task === 'chat' && e.prefix + e.fresh >= 1024) u.cacheWrite5m = e.fresh;
  else u.input = e.fresh;
  return u;
}

const endpoints: EndpointConfig[] = [
  { name: 'openai', kind: 'openai' },
  { name: 'anthropic', kind: 'anthropic' },
];
const CHEAP: PriceTarget = { model: 'gpt-5-mini', modelName: 'mini', endpoint: 'openai' };
const FRONTIER: PriceTarget = { model: 'claude-sonnet-4-5', modelName: 'sonnet', endpoint: 'anthropic' };
const KIND: Record<string, EndpointConfig['kind']> = { openai: 'openai', anthropic: 'anthropic' };

interface DayCost {
  routed: number;
  frontier: number;
  /** Routed cost by part: completions, chat on cheap, chat on frontier. */
  parts: { completion: number; chatCheap: number; chatFrontier: number };
  completions: number;
  chats: number;
}

function priceDay(events: TraceEvent[], pricing: Pricing, time: Date): DayCost {
  const d: DayCost = { routed: 0, frontier: 0, parts: { completion: 0, chatCheap: 0, chatFrontier: 0 }, completions: 0, chats: 0 };
  for (const e of events) {
    const target = e.tier === 'frontier' ? FRONTIER : CHEAP;
    const r = pricing.quote(target, usageOn(KIND[target.endpoint], e), time);
    const f = pricing.quote(FRONTIER, usageOn('anthropic', e), time);
    if (!r.priced || !f.priced) throw new Error('bench models must be priced');
    d.routed += r.usd;
    d.frontier += f.usd;
    if (e.task === 'completion') {
      d.completions++;
      d.parts.completion += r.usd;
    } else {
      d.chats++;
      d.parts[e.tier === 'frontier' ? 'chatFrontier' : 'chatCheap'] += r.usd;
    }
  }
  return d;
}

/** A month of ledger records: 22 working days of the synthetic session. */
function monthOfRecords(pricing: Pricing): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (let day = 1; day <= 30; day++) {
    const date = new Date(2026, 10, day, 9);
    if (date.getDay() === 0 || date.getDay() === 6) continue;
    for (const e of syntheticDay(day)) {
      const target = e.tier === 'frontier' ? FRONTIER : CHEAP;
      const usage = usageOn(KIND[target.endpoint], e);
      const cost = pricing.quote(target, usage, date);
      const front = pricing.quote(FRONTIER, usageOn('anthropic', e), date);
      out.push({
        v: LEDGER_VERSION,
        time: new Date(date.getTime() + e.minute * 60_000).toISOString(),
        workspace: { id: day % 3 ? 'a1b2c3d4e5f60718' : '0f1e2d3c4b5a6978', name: day % 3 ? 'app' : 'infra' },
        task: e.task,
        tier: e.tier,
        model: target.model,
        modelName: target.modelName!,
        endpoint: target.endpoint,
        usage,
        costUsd: cost.priced ? cost.usd : null,
        estimated: false,
        frontierCostUsd: front.priced ? front.usd : null,
        latencyMs: e.task === 'completion' ? 300 : 4000,
        outcome: 'ok',
      });
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p99(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))];
}

export async function rows(): Promise<BenchRow[]> {
  const pricing = new Pricing({ endpoints });
  const out: BenchRow[] = [];

  const day = syntheticDay();
  const d = priceDay(day, pricing, new Date(2026, 10, 5, 12));
  const saved = 1 - d.routed / d.frontier;
  out.push({
    area: AREA,
    name: `one-day session (${d.completions} completions, ${d.chats} chat turns): routed vs all-frontier`,
    value: `$${d.routed.toFixed(2)} vs $${d.frontier.toFixed(2)} → ${(saved * 100).toFixed(1)}% saved`,
    target: '≥ 85% saved',
    ok: saved >= 0.85,
  });
  out.push({
    area: AREA,
    name: 'routed cost by part: completions / chat on cheap / chat on frontier',
    value: `$${d.parts.completion.toFixed(2)} / $${d.parts.chatCheap.toFixed(2)} / $${d.parts.chatFrontier.toFixed(2)}`,
  });
  // Stability of the estimate across seeds (different days).
  const savings = Array.from({ length: 20 }, (_, i) => {
    const x = priceDay(syntheticDay(1000 + i), pricing, new Date(2026, 10, 5, 12));
    return 1 - x.routed / x.frontier;
  });
  out.push({ area: AREA, name: 'savings over 20 synthetic days (min / median)', value: `${(Math.min(...savings) * 100).toFixed(1)}% / ${(median(savings) * 100).toFixed(1)}%` });

  const month = monthOfRecords(pricing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-bench-ledger-'));
  try {
    const appendMs: number[] = [];
    for (const r of month) {
      const t0 = performance.now();
      appendRecord(dir, r);
      appendMs.push(performance.now() - t0);
    }
    const total = appendMs.reduce((a, b) => a + b, 0);
    out.push({
      area: AREA,
      name: `ledger append (${month.length} records, one write each)`,
      value: `${Math.round(month.length / (total / 1000)).toLocaleString('en-US')}/s, p50 ${median(appendMs).toFixed(3)} ms, p99 ${p99(appendMs).toFixed(3)} ms`,
      target: 'p99 ≤ 2 ms',
      ok: p99(appendMs) <= 2,
    });

    const readMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await readLedger(dir);
      readMs.push(performance.now() - t0);
    }
    const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    out.push({ area: AREA, name: `read a month of ledger (${(bytes / 1048576).toFixed(1)} MiB)`, value: `p50 ${median(readMs).toFixed(1)} ms` });

    const tail = new LedgerTail(dir);
    tail.readNew();
    const tailMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      appendRecord(dir, month[i]);
      const t0 = performance.now();
      const got = tail.readNew();
      tailMs.push(performance.now() - t0);
      if (got.length !== 1) throw new Error(`tail read ${got.length} records, expected 1`);
    }
    out.push({ area: AREA, name: 'watcher: read one new record after an append (month file)', value: `p50 ${median(tailMs).toFixed(3)} ms, p99 ${p99(tailMs).toFixed(3)} ms`, target: 'p99 ≤ 1 ms', ok: p99(tailMs) <= 1 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const sumMs: number[] = [];
  const now = new Date(2026, 10, 30, 18);
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    summarize(month, { now, sessionStart: new Date(2026, 10, 30, 9) });
    sumMs.push(performance.now() - t0);
  }
  out.push({
    area: AREA,
    name: `summarize a month (${month.length} records: today/session/month, by tier & model)`,
    value: `p50 ${median(sumMs).toFixed(2)} ms, p99 ${p99(sumMs).toFixed(2)} ms`,
    target: 'p50 ≤ 20 ms',
    ok: median(sumMs) <= 20,
  });
  return out;
}
