import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { readLedger } from '../../../src/core/cost/ledger';
import { startFakeOpenAI, type FakeServer } from '../../fakes';
import { runCli, tmpDir, writeFile } from './run';

const KEY = 'sk-test-CLI-0123456789abcdefSECRET';
let fake: FakeServer;
before(async () => (fake = await startFakeOpenAI()));
after(() => fake.close());

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function settingsFor(baseUrl: string, prices = true): string {
  return writeFile(tmpDir(), 'settings.json', JSON.stringify({
    'gearshift.endpoints': { fake: { kind: 'openai', baseUrl } },
    'gearshift.models': { m: { endpoint: 'fake', model: 'gpt-fake-mini' } },
    'gearshift.tiers': { cheap: ['m'], frontier: ['m'] },
    ...(prices && { 'gearshift.prices': { m: { input: 1, output: 4 } } }),
  }));
}

test('doctor: an endpoint that answers is OK (exit 0), with the key from the environment', async () => {
  fake.reset();
  const r = await runCli(['doctor', '--settings', settingsFor(`${fake.url}/v1`)], { env: { GEARSHIFT_FAKE_API_KEY: KEY } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^ENDPOINT\s+STATUS\s+LATENCY\s+DETAIL$/);
  assert.equal(lines.length, 2, 'only the endpoint the tiers use');
  assert.match(lines[1], /^fake\s+ok\s+\d+ ms\s+m → gpt-fake-mini answered/);
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.requests[0].headers.authorization, `Bearer ${KEY}`);
});

test('doctor: a closed port is a failure row and exit code 1; a rejected key is never printed', async () => {
  const port = await closedPort();
  const down = await runCli(['doctor', '--settings', settingsFor(`http://127.0.0.1:${port}/v1`)], { env: { GEARSHIFT_FAKE_API_KEY: KEY } });
  assert.equal(down.code, 1);
  const row = down.stdout.split('\n')[1];
  assert.match(row, /^fake\s+FAIL \(network\)\s+\d+ ms\s+Could not reach OpenAI-compatible server at endpoint 'fake'/);
  assert.ok(row.endsWith(`(http://127.0.0.1:${port}/v1): connection refused. Is the server running?`), row);

  fake.reset();
  fake.script({ fault: '401' });
  const rejected = await runCli(['doctor', '--settings', settingsFor(`${fake.url}/v1`)], { env: { GEARSHIFT_FAKE_API_KEY: KEY } });
  assert.equal(rejected.code, 1);
  assert.match(rejected.stdout, /fake\s+FAIL \(auth\)/);
  assert.ok(!(rejected.stdout + rejected.stderr).includes(KEY));

  const noKey = await runCli(['doctor', '--settings', settingsFor(`${fake.url}/v1`)]);
  assert.equal(noKey.code, 1);
  assert.match(noKey.stdout, /No API key is set for endpoint 'fake'\. Set GEARSHIFT_FAKE_API_KEY in the environment/);
  assert.doesNotMatch(noKey.stdout, /Set API Key/, 'the CLI names the variable, not the VS Code command');
});

test('chat: streams the answer to stdout, route and cost to stderr, and appends to the ledger', async () => {
  fake.reset();
  fake.script({ chunks: ['Use ', '`git ', 'rebase`.'], usage: { input: 1000, output: 250 } });
  const ledgerDir = path.join(tmpDir(), 'ledger');
  const r = await runCli(['chat', 'how do I squash commits', '--settings', settingsFor(`${fake.url}/v1`), '--ledger-dir', ledgerDir], { env: { GEARSHIFT_FAKE_API_KEY: KEY } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Use `git rebase`.\n');
  const err = r.stderr.split('\n');
  assert.match(err[0], /^route: m \(chat: .* → (cheap|frontier) \(score \d\.\d\d\)\)$/);
  // 1000 × $1 + 250 × $4 per million = $0.002
  assert.equal(err[1], 'cost: $0.0020 on m, 1000 in / 250 out');
  const records = await readLedger(ledgerDir);
  assert.equal(records.length, 1);
  assert.deepEqual([records[0].modelName, records[0].endpoint, records[0].outcome, records[0].costUsd], ['m', 'fake', 'ok', 0.002]);
  assert.deepEqual(records[0].usage, { input: 1000, output: 250, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 });
  assert.ok(!fs.readFileSync(path.join(ledgerDir, fs.readdirSync(ledgerDir)[0]), 'utf8').includes('squash'), 'no prompt text in the ledger');
});

test('chat: an excluded attachment stays home, a provider error is one line without the key, exit 1', async () => {
  fake.reset();
  const dir = tmpDir();
  writeFile(dir, '.env', 'DB_PASSWORD=marker-never-sent');
  writeFile(dir, 'app.py', 'print("hello")\n');
  const ok = await runCli(['chat', 'explain', '--attach', '.env', '--attach', 'app.py', '--tier', 'cheap', '--settings', settingsFor(`${fake.url}/v1`), '--ledger-dir', path.join(dir, 'l')], { cwd: dir, env: { GEARSHIFT_FAKE_API_KEY: KEY } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /^route: m \(chat → cheap \(your choice\)\)$/m);
  assert.match(ok.stderr, /^note: .*\.env is excluded by gearshift\.exclude and was not sent$/m);
  assert.ok(!fake.requests[0].rawBody.includes('marker-never-sent'));
  assert.ok(fake.requests[0].rawBody.includes('print(\\"hello\\")'));

  fake.script({ fault: '401' });
  const bad = await runCli(['chat', 'hello', '--settings', settingsFor(`${fake.url}/v1`), '--ledger-dir', path.join(dir, 'l')], { cwd: dir, env: { GEARSHIFT_FAKE_API_KEY: KEY } });
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^error: OpenAI-compatible server rejected the API key for endpoint 'fake' \(401\)/m);
  assert.match(bad.stderr, /\. Set GEARSHIFT_FAKE_API_KEY in the environment\.$/m);
  assert.doesNotMatch(bad.stderr, /Set API Key/);

  const noKey = await runCli(['chat', 'hi', '--settings', settingsFor(`${fake.url}/v1`), '--ledger-dir', path.join(dir, 'l')], {
    cwd: dir,
  });
  assert.equal(noKey.code, 1);
  assert.match(noKey.stderr, /^error: No model is usable: .*Set an API key in the environment \(GEARSHIFT_FAKE_API_KEY\)/m);
  assert.doesNotMatch(noKey.stderr, /Set API Key/);
  assert.ok(!bad.stderr.includes(KEY));
  assert.ok(!/\n\s+at /.test(bad.stderr), 'no stack trace');
});

test('doctor --endpoint checks the named endpoints only; SDK notices do not clutter stderr', async () => {
  const r = await runCli(['doctor', '--endpoint', 'bedrock']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^bedrock\s+FAIL \(badRequest\)\s+\d+ ms\s+No AWS region for endpoint 'bedrock'/);
  assert.equal(r.stderr, '');
  const unknown = await runCli(['doctor', '--endpoint', 'nope']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr,
    "gearshift doctor: unknown endpoint 'nope' in --endpoint. Known endpoints: openai, anthropic, bedrock, ollama.\n",
  );
});
