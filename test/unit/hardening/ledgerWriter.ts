/**
 * A ledger writer process for ledger-concurrency.test.ts (forked; not a test itself). Appends `count` records tagged
 * with its name (workspace.id) and a sequence number (latencyMs): the first half dated in one month, the rest in the
 * next, so its appends cross the monthly file rotation. After each append RETURNS it writes the number to its ack
 * file synchronously (an ack proves the append completed) and tells the parent on IPC at `announceAt`.
 */
import * as fs from 'node:fs';
import { appendRecord } from '../../../src/core/cost/ledger';
import { LEDGER_VERSION } from '../../../src/core/cost/record';
import { emptyUsage } from '../../../src/core/types';

const [dir, tag, count, ackFile, announceAt, monthA, monthB] = process.argv.slice(2);
const n = Number(count);
const ack = fs.openSync(ackFile, 'a');

async function main(): Promise<void> {
  for (let i = 1; i <= n; i++) {
    appendRecord(dir, {
      v: LEDGER_VERSION,
      time: i <= n / 2 ? monthA : monthB,
      workspace: { id: tag, name: tag },
      task: 'completion',
      tier: 'cheap',
      model: 'qwen2.5-coder:7b',
      modelName: 'local-coder',
      endpoint: 'ollama',
      usage: { ...emptyUsage(), input: 120, output: 8 },
      costUsd: 0,
      estimated: false,
      frontierCostUsd: 0.0012,
      latencyMs: i,
      outcome: 'ok',
    });
    fs.writeSync(ack, `${i}\n`);
    if (i === Number(announceAt)) process.send?.('announce');
    // Past the announcement, pace the appends (and let the IPC message out): the kill must land mid-run however
    // loaded the machine is, not after a synchronous loop already wrote everything.
    if (i >= Number(announceAt)) await new Promise((r) => setTimeout(r, 2));
  }
  fs.closeSync(ack);
}

void main();
