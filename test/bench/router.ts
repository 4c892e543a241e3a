import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Router } from '../../src/core/router/router';
import { resolveSettings } from '../../src/core/settings/resolve';
import type { Attachment, ChatMessage, RouteRequest } from '../../src/core/types';
import type { BenchRow } from './types';

interface Labelled {
  messages: ChatMessage[];
  attachments: Attachment[];
  label: 'cheap' | 'frontier';
}

const ROUNDS = 40;

/** Router decision time over the dev set (chat, classifier path) and the dev set's routing quality. */
export async function rows(): Promise<BenchRow[]> {
  const file = path.resolve(__dirname, '../../../test/data/devset.jsonl');
  const records = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Labelled);
  const router = new Router(resolveSettings({}).settings);
  const requests: RouteRequest[] = records.map((r) => ({ task: 'chat', messages: r.messages, attachments: r.attachments }));
  for (const req of requests) router.decide(req); // warm up

  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const req of requests) {
      const t0 = performance.now();
      router.decide(req);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const p50 = at(0.5);
  const p99 = at(0.99);

  let frontier = 0;
  let caught = 0;
  let cheap = 0;
  for (const [i, r] of records.entries()) {
    const tier = router.decide(requests[i]).tier;
    if (tier === 'cheap') cheap++;
    if (r.label === 'frontier') {
      frontier++;
      if (tier === 'frontier') caught++;
    }
  }
  const recall = caught / frontier;
  const share = cheap / records.length;
  return [
    { area: 'router', name: `decide() p50 over dev set (${times.length} decisions)`, value: `${(p50 * 1000).toFixed(0)} µs` },
    { area: 'router', name: 'decide() p99 over dev set', value: `${(p99 * 1000).toFixed(0)} µs`, target: 'p99 ≤ 0.2 ms', ok: p99 <= 0.2 },
    {
      area: 'router',
      name: 'dev set: frontier recall / cheap share',
      value: `${(recall * 100).toFixed(1)}% / ${(share * 100).toFixed(1)}%`,
      target: 'recall ≥ 95%, cheap ≥ 35%',
      ok: recall >= 0.95 && share >= 0.35,
    },
  ];
}
