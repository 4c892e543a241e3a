import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listLedgerFiles, readLedger } from '../../../src/core/cost/ledger';
import { parseRecord } from '../../../src/core/cost/record';
import { rec } from './records';

const LEDGER_MODULE = path.join(__dirname, '../../../src/core/cost/ledger.js');
const PER_CHILD = 5000;
const KILL_AFTER = 300;

// Each child appends PER_CHILD records tagged with its name (workspace.id) and a sequence number
// (latencyMs). After each append RETURNS it writes the number to its ack file with a synchronous write,
// so an ack proves the append had completed. At KILL_AFTER it tells the parent on stdout.
const CHILD = `
const fs = require('node:fs');
const { appendRecord } = require(${JSON.stringify(LEDGER_MODULE)});
const [dir, tag, n, ackFile, killAfter, template] = process.argv.slice(1);
const base = JSON.parse(template);
const ack = fs.openSync(ackFile, 'a');
(async () => {
  for (let i = 1; i <= Number(n); i++) {
    appendRecord(dir, { ...base, workspace: { id: tag, name: tag }, latencyMs: i });
    fs.writeSync(ack, i + '\\n');
    if (i === Number(killAfter)) process.stdout.write('halfway\\n');
    // Past halfway the appends are paced, so the kill lands mid-run however loaded the machine is.
    if (i >= Number(killAfter)) await new Promise((r) => setTimeout(r, 1));
  }
})();
`;

function start(dir: string, tag: string): { child: ChildProcess; ackFile: string; exited: Promise<NodeJS.Signals | number | null> } {
  // Ack files live beside the shared ledger directory.
  const ackFile = path.join(dir, `${tag}.acks`);
  const child = spawn(
    process.execPath,
    ['-e', CHILD, path.join(dir, 'ledger'), tag, String(PER_CHILD), ackFile, String(KILL_AFTER), JSON.stringify(rec())],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { child, ackFile, exited };
}

function acks(file: string): number[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

test('two processes append concurrently, one is SIGKILLed: every acknowledged record is readable', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-durable-'));
  const ledgerDir = path.join(dir, 'ledger');
  const victim = start(dir, 'victim');
  const survivor = start(dir, 'survivor');
  victim.child.stdout!.on('data', (d: Buffer) => {
    if (d.toString().includes('halfway')) victim.child.kill('SIGKILL');
  });
  survivor.child.stdout!.resume();
  assert.equal(await victim.exited, 'SIGKILL');
  assert.equal(await survivor.exited, 0);

  const victimAcks = acks(victim.ackFile);
  const survivorAcks = acks(survivor.ackFile);
  assert.ok(victimAcks.length >= KILL_AFTER && victimAcks.length < PER_CHILD, `victim killed mid-run (acked ${victimAcks.length})`);
  assert.equal(survivorAcks.length, PER_CHILD);

  const records = await readLedger(ledgerDir);
  const seen = { victim: [] as number[], survivor: [] as number[] };
  for (const r of records) seen[r.workspace.id as 'victim' | 'survivor'].push(r.latencyMs);
  // Every acknowledged append is there, each exactly once and in its writer's order.
  assert.deepEqual(seen.survivor, survivorAcks);
  assert.deepEqual(seen.victim.slice(0, victimAcks.length), victimAcks);
  assert.ok(seen.victim.length <= victimAcks.length + 1, 'at most the one append in flight at the kill is unacknowledged');
  // The file stays readable: every complete line parses. (Blank lines can appear when a writer takes
  // another's in-progress append for a torn tail; readers skip them.)
  const lines = fs.readFileSync(listLedgerFiles(ledgerDir)[0].file, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'file ends with a newline');
  for (const line of lines) if (line) assert.ok(parseRecord(line), `unparseable line: ${line.slice(0, 80)}`);
  fs.rmSync(dir, { recursive: true, force: true });
});
