import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { appendRecord, hashWorkspaceId, readLedger } from '../../../src/core/cost/ledger';
import { EXTENSION_ID } from '../../../src/core/cost/ledgerLocation';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes';
import { rec } from '../cost/records';
import { runCli, tmpDir, writeFile } from './run';

const KEY = 'sk-test-CLI-ledger-0123456789abcdef';
const ENV = { GEARSHIFT_FAKE_API_KEY: KEY };
let fake: FakeOpenAI;
before(async () => (fake = await startFakeOpenAI()));
after(() => fake.close());

/** A cheap and a frontier model on the fake server, both priced, with the given budget and endpoint fields. */
function settings(budget: Record<string, unknown> = {}, endpoint: Record<string, unknown> = {}): string {
  return writeFile(tmpDir(), 'settings.json', JSON.stringify({
    'gearshift.endpoints': { fake: { kind: 'openai', baseUrl: `${fake.url}/v1`, ...endpoint } },
    'gearshift.models': { c: { endpoint: 'fake', model: 'gpt-fake-mini' }, f: { endpoint: 'fake', model: 'gpt-fake-large' } },
    'gearshift.tiers': { cheap: ['c'], frontier: ['f'] },
    'gearshift.prices': { c: { input: 1, output: 4 }, f: { input: 10, output: 40 } },
    'gearshift.budget': budget,
  }));
}

/** A ledger folder holding one call of today that cost `usd` (from another window or workspace). */
function ledgerWithSpend(usd: number): string {
  const dir = path.join(tmpDir(), 'ledger');
  if (usd > 0) appendRecord(dir, rec({ time: new Date().toISOString(), costUsd: usd, workspace: { id: 'other', name: 'other' } }));
  return dir;
}

test('chat writes to the extension\'s ledger folder by default; GEARSHIFT_LEDGER_DIR moves it; --ledger-dir wins', async () => {
  const home = tmpDir();
  const cwd = tmpDir();
  const s = settings();
  const r = await runCli(['chat', 'hi', '--settings', s], { cwd, env: { ...ENV, HOME: home } });
  assert.equal(r.code, 0, r.stderr);
  const extensionDir = path.join(home, '.config', 'Code', 'User', 'globalStorage', EXTENSION_ID, 'ledger');
  const records = await readLedger(extensionDir);
  assert.equal(records.length, 1, 'the record is in the folder the extension reads');
  // Filed under the same workspace id the extension gives this folder (a hash of its file URI).
  assert.equal(records[0].workspace.id, hashWorkspaceId(`file://${cwd}`));
  assert.equal(records[0].workspace.name, path.basename(cwd));

  const envDir = path.join(tmpDir(), 'from-env');
  const moved = await runCli(['chat', 'hi', '--settings', s], { env: { ...ENV, HOME: home, GEARSHIFT_LEDGER_DIR: envDir } });
  assert.equal(moved.code, 0, moved.stderr);
  assert.equal((await readLedger(envDir)).length, 1);

  const flagDir = path.join(tmpDir(), 'from-flag');
  const both = { ...ENV, HOME: home, GEARSHIFT_LEDGER_DIR: envDir };
  const flagged = await runCli(['chat', 'hi', '--settings', s, '--ledger-dir', flagDir], { env: both });
  assert.equal(flagged.code, 0, flagged.stderr);
  assert.equal((await readLedger(flagDir)).length, 1);
  assert.equal((await readLedger(envDir)).length, 1, 'not also in GEARSHIFT_LEDGER_DIR');
  assert.equal((await readLedger(extensionDir)).length, 1, 'nor in the extension folder');

  // replay reads the same folder without --ledger.
  const replay = await runCli(['replay', '--settings', s, '--json'], { env: { HOME: home } });
  assert.equal(replay.code, 0, replay.stderr);
  assert.equal((JSON.parse(replay.stdout) as { calls: number }).calls, 1);
  const none = await runCli(['replay', '--settings', s], { env: { HOME: tmpDir() } });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^gearshift replay: there is no spend ledger in .*gearshift-dev\.gearshift[/\\]ledger yet /);
  assert.match(none.stderr, /Give --ledger PATH, or set GEARSHIFT_LEDGER_DIR to the folder that holds it\.\n$/);
});

interface BudgetCase {
  name: string;
  budget: Record<string, unknown>;
  /** Spend already in the ledger today, USD. */
  spent: number;
  endpoint?: Record<string, unknown>;
  code: number;
  /** The model id the fake server was asked for; undefined: no request at all. */
  called?: string;
  stderr: RegExp[];
  notStderr?: RegExp;
}

const USED_UP = /^warning: the daily budget is used up \(\$50\.00 of \$1\.00\)\.$/m;
const BUDGET_CASES: BudgetCase[] = [
  {
    name: 'block: the model is not called, the block message goes to stderr, exit 1',
    budget: { dailyUsd: 1, onExceed: 'block' }, spent: 50, code: 1, called: undefined,
    stderr: [
      /^route: none \(budget 5000% → blocked/m,
      /^error: Gearshift's daily budget of \$1 is used up \(5000%\), so this request was not sent\. It resets at midnight\./m,
    ],
    notStderr: /^cost:/m,
  },
  {
    name: 'block: a local endpoint still answers',
    budget: { dailyUsd: 1, onExceed: 'block' }, spent: 50, endpoint: { local: true }, code: 0, called: 'gpt-fake-large',
    stderr: [USED_UP, /^route: f \(budget 5000% → local models only/m],
  },
  {
    name: 'downgrade: routed to cheap, and it says so',
    budget: { dailyUsd: 1, onExceed: 'downgrade' }, spent: 50, code: 0, called: 'gpt-fake-mini',
    stderr: [USED_UP, /^route: c \(budget 5000% → downgraded to cheap \(was: chat → frontier \(your choice\)\)\)$/m],
  },
  {
    name: 'warn: the frontier model answers, with a warning',
    budget: { dailyUsd: 1, onExceed: 'warn' }, spent: 50, code: 0, called: 'gpt-fake-large',
    stderr: [USED_UP, /^route: f \(chat → frontier \(your choice\) \(over the daily budget: 5000% used\)\)$/m],
  },
  {
    name: '80% of the limit: a heads-up, nothing else changes',
    budget: { dailyUsd: 1, onExceed: 'block' }, spent: 0.85, code: 0, called: 'gpt-fake-large',
    stderr: [/^warning: 85% of the daily budget used \(\$0\.85 of \$1\.00\)\.$/m, /^route: f \(chat → frontier \(your choice\)\)$/m],
  },
  {
    name: 'under the limit: no warning',
    budget: { dailyUsd: 1, onExceed: 'block' }, spent: 0.5, code: 0, called: 'gpt-fake-large',
    stderr: [/^route: f \(chat → frontier \(your choice\)\)$/m], notStderr: /warning/,
  },
  {
    name: 'the monthly limit counts the whole month',
    budget: { monthlyUsd: 10, onExceed: 'block' }, spent: 50, code: 1, called: undefined,
    stderr: [/^error: Gearshift's monthly budget of \$10 is used up \(500%\), so this request was not sent\. It resets on the 1st/m],
  },
];

test('chat enforces gearshift.budget against the shared ledger exactly as the extension does', async () => {
  for (const c of BUDGET_CASES) {
    fake.reset();
    const ledger = ledgerWithSpend(c.spent);
    const r = await runCli(['chat', 'explain this', '--tier', 'frontier', '--settings', settings(c.budget, c.endpoint)], {
      env: { ...ENV, GEARSHIFT_LEDGER_DIR: ledger },
    });
    assert.equal(r.code, c.code, `${c.name}: ${r.stderr}`);
    for (const re of c.stderr) assert.match(r.stderr, re, c.name);
    if (c.notStderr) assert.doesNotMatch(r.stderr, c.notStderr, c.name);
    assert.deepEqual(fake.requests.filter((q) => q.body !== undefined).map((q) => (q.body as { model?: string }).model), c.called ? [c.called] : [], c.name);
    assert.equal(r.stdout, c.called ? 'Hello from the fake server.\n' : '', c.name);
    const records = (c.spent > 0 ? 1 : 0) + (c.called ? 1 : 0);
    assert.equal((await readLedger(ledger)).length, records, `${c.name}: a blocked request is not recorded`);
  }
});

test('a call that pushes the spend over the limit is counted by the next call', async () => {
  fake.reset();
  fake.script({ usage: { input: 100_000, output: 0 } }); // 100k × $10 per million = $1.00
  const ledger = ledgerWithSpend(0);
  const s = settings({ dailyUsd: 1, onExceed: 'block' });
  const first = await runCli(['chat', 'q', '--tier', 'frontier', '--settings', s], { env: { ...ENV, GEARSHIFT_LEDGER_DIR: ledger } });
  assert.equal(first.code, 0, first.stderr);
  const second = await runCli(['chat', 'q', '--tier', 'frontier', '--settings', s], { env: { ...ENV, GEARSHIFT_LEDGER_DIR: ledger } });
  assert.equal(second.code, 1);
  assert.match(second.stderr, /daily budget of \$1 is used up \(100%\)/);
  assert.equal(fake.requests.length, 1);
});
