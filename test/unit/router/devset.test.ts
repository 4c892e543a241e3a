import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { Attachment, ChatMessage } from '../../../src/core/types';

const devset = path.resolve(__dirname, '../../../../test/data/devset.jsonl');
/** 42 prompts written apart from the dev set; never used to fit the weights (the fit script reads only the dev set). */
const heldout = path.resolve(__dirname, '../../../../test/data/heldout.jsonl');

interface Record {
  id: string;
  messages: ChatMessage[];
  attachments: Attachment[];
  label: 'cheap' | 'frontier';
}

function evaluate(file: string): { recall: number; cheapShare: number; missed: string[]; n: number } {
  const records = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record);
  const router = new Router(resolveSettings({}).settings);
  const m = { cheap: { cheap: 0, frontier: 0 }, frontier: { cheap: 0, frontier: 0 } };
  const missed: string[] = [];
  for (const r of records) {
    const d = router.decide({ task: 'chat', messages: r.messages, attachments: r.attachments });
    assert.equal(d.source, 'classifier', `${r.id}: ${d.reason}`);
    assert.match(d.reason, /^chat: .+ → (cheap|frontier) \(score \d\.\d\d\)$/);
    m[r.label][d.tier]++;
    if (r.label === 'frontier' && d.tier === 'cheap') missed.push(`${r.id} (${d.reason})`);
  }
  const recall = m.frontier.frontier / (m.frontier.frontier + m.frontier.cheap);
  const cheapShare = (m.cheap.cheap + m.frontier.cheap) / records.length;
  console.log(`${path.basename(file)}: confusion (rows: label, columns: routed tier)`);
  console.log('            cheap  frontier');
  console.log(`cheap     ${String(m.cheap.cheap).padStart(7)} ${String(m.cheap.frontier).padStart(9)}`);
  console.log(`frontier  ${String(m.frontier.cheap).padStart(7)} ${String(m.frontier.frontier).padStart(9)}`);
  console.log(`frontier recall ${(recall * 100).toFixed(1)}%, cheap share ${(cheapShare * 100).toFixed(1)}%`);
  return { recall, cheapShare, missed, n: records.length };
}

test('dev set: frontier recall ≥ 95% while ≥ 35% of records go to cheap', () => {
  const { recall, cheapShare, missed, n } = evaluate(devset);
  assert.equal(n, 150);
  assert.ok(recall >= 0.95, `frontier recall ${recall}; missed: ${missed.join(', ')}`);
  assert.ok(cheapShare >= 0.35, `cheap share ${cheapShare}`);
});

test('held-out prompts (never fitted on): frontier recall ≥ 90% while ≥ 35% go to cheap', () => {
  const { recall, cheapShare, missed, n } = evaluate(heldout);
  assert.equal(n, 42);
  assert.ok(recall >= 0.9, `frontier recall ${recall}; missed: ${missed.join(', ')}`);
  assert.ok(cheapShare >= 0.35, `cheap share ${cheapShare}`);
});
