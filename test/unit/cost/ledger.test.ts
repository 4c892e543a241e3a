import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendRecord, hashWorkspaceId, ledgerFileName, listLedgerFiles, readLedger } from '../../../src/core/cost/ledger';
import { watchLedger } from '../../../src/core/cost/ledgerWatch';
import { parseRecord, recordFromOutcome, type LedgerRecord } from '../../../src/core/cost/record';
import { rec } from './records';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-ledger-'));
  dirs.push(dir);
  return dir;
}

test('records round-trip through the month file, one JSON line each', async () => {
  const dir = tmpDir();
  const a = rec({ latencyMs: 1 });
  const b = rec({ latencyMs: 2, costUsd: null, tier: 'frontier' });
  appendRecord(dir, a);
  appendRecord(dir, b);
  const file = path.join(dir, ledgerFileName(new Date(a.time)));
  assert.equal(fs.readFileSync(file, 'utf8').split('\n').length, 3);
  const back = await readLedger(dir);
  assert.deepEqual(back, [a, { ...b, unpriced: true }]);
});

test('a torn last line is skipped by readers and isolated by the next writer', async () => {
  const dir = tmpDir();
  appendRecord(dir, rec({ latencyMs: 1 }));
  const file = listLedgerFiles(dir)[0].file;
  // A crash mid-write leaves half a record without its newline.
  fs.appendFileSync(file, JSON.stringify(rec({ latencyMs: 2 })).slice(0, 40));
  assert.deepEqual(
    (await readLedger(dir)).map((r) => r.latencyMs),
    [1],
  );
  appendRecord(dir, rec({ latencyMs: 3 }));
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  assert.equal(lines.length, 4, 'fragment kept on its own line, then the new record, then the final newline');
  assert.equal(parseRecord(lines[1]), undefined);
  assert.deepEqual(
    (await readLedger(dir)).map((r) => r.latencyMs),
    [1, 3],
  );
});

test('records rotate into a new file at the local month boundary', async () => {
  const dir = tmpDir();
  const lastOfOctober = new Date(2026, 9, 31, 23, 59, 59).toISOString();
  const firstOfNovember = new Date(2026, 10, 1, 0, 0, 1).toISOString();
  appendRecord(dir, rec({ time: lastOfOctober, latencyMs: 1 }));
  appendRecord(dir, rec({ time: firstOfNovember, latencyMs: 2 }));
  assert.deepEqual(
    listLedgerFiles(dir).map((f) => path.basename(f.file)),
    ['ledger-2026-10.jsonl', 'ledger-2026-11.jsonl'],
  );
  assert.deepEqual(
    (await readLedger(dir)).map((r) => r.latencyMs),
    [1, 2],
  );
  assert.deepEqual(
    (await readLedger(dir, { since: new Date(2026, 10, 1) })).map((r) => r.latencyMs),
    [2],
  );
});

test('no text can reach the ledger: unknown fields are dropped, identifiers cut, error messages never stored', async () => {
  const dir = tmpDir();
  const sneaky = {
    ...rec(),
    prompt: 'SECRET PROMPT',
    apiKey: 'sk-live-123',
    outcome: 'error:auth: invalid key sk-live-123',
  } as unknown as LedgerRecord;
  appendRecord(dir, sneaky);
  appendRecord(dir, rec({ model: 'x'.repeat(10_000), workspace: { id: 'w', name: 'line1\nline2' } }));
  const text = fs.readFileSync(listLedgerFiles(dir)[0].file, 'utf8');
  assert.doesNotMatch(text, /SECRET|sk-live/);
  const [first, second] = await readLedger(dir);
  assert.deepEqual(Object.keys(first).sort(), [
    'costUsd',
    'endpoint',
    'estimated',
    'frontierCostUsd',
    'latencyMs',
    'model',
    'modelName',
    'outcome',
    'task',
    'tier',
    'time',
    'usage',
    'v',
    'workspace',
  ]);
  assert.equal(first.outcome, 'error:unknown');
  assert.equal(second.model.length, 120);
  assert.equal(second.workspace.name, 'line1 line2');
  for (const line of text.trim().split('\n')) assert.ok(Buffer.byteLength(line) < 4096);
});

test('recordFromOutcome keeps the error kind only and the model that answered', () => {
  const decision = {
    tier: 'frontier' as const,
    chain: [{ name: 'sonnet', endpoint: 'bedrock', model: 'us.anthropic.claude-sonnet-5-v1:0' }],
    reason: 'chat',
    source: 'task' as const,
  };
  const failed = recordFromOutcome(
    {
      decision,
      modelName: 'sonnet',
      endpoint: 'bedrock',
      fallbacks: [],
      error: { kind: 'rateLimited', message: 'Too many requests for key AKIA…' },
    },
    {
      task: 'chat',
      workspace: { id: hashWorkspaceId('file:///home/me/app'), name: 'app' },
      cost: {},
      time: new Date('2026-11-05T10:00:00Z'),
    },
  );
  assert.equal(failed.outcome, 'error:rateLimited');
  assert.equal(failed.model, 'us.anthropic.claude-sonnet-5-v1:0');
  assert.equal(failed.costUsd, null);
  assert.equal(failed.workspace.id.length, 16);
  assert.doesNotMatch(JSON.stringify(failed), /AKIA|home\/me/);
  const cancelled = recordFromOutcome(
    { decision, modelName: 'sonnet', endpoint: 'bedrock', fallbacks: [], error: { kind: 'cancelled', message: 'x' } },
    { task: 'chat', workspace: { id: 'w', name: 'app' }, cost: {} },
  );
  assert.equal(cancelled.outcome, 'cancelled');
});

test('watchLedger calls back after another writer appends', async () => {
  const dir = tmpDir();
  let notify: () => void = () => {};
  const w = watchLedger(dir, () => notify(), { pollMs: 200, debounceMs: 5 });
  try {
    // The watcher's own handles do not keep a process alive; this timer does, and fails a lost event.
    let guard: NodeJS.Timeout | undefined;
    const arrived = new Promise<void>((resolve, reject) => {
      notify = resolve;
      guard = setTimeout(() => reject(new Error('no change noticed within 5 s')), 5000);
    });
    appendRecord(dir, rec({ latencyMs: 2 }));
    await arrived.finally(() => clearTimeout(guard));
  } finally {
    w.dispose();
  }
});
