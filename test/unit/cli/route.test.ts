import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { jsonLines, REPO, runCli, tmpDir, writeFile } from './run';

const DEVSET = path.join(REPO, 'test', 'data', 'devset.jsonl');

test('route --batch answers one line per dev-set record, each with tier, model and reason', async () => {
  const ids = fs
    .readFileSync(DEVSET, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { id: string }).id);
  const r = await runCli(['route', '--batch', DEVSET]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = jsonLines(r.stdout);
  assert.equal(lines.length, 150);
  assert.deepEqual(
    lines.map((l) => l.id),
    ids,
  );
  for (const l of lines) {
    assert.deepEqual(Object.keys(l), ['id', 'tier', 'model', 'reason'], JSON.stringify(l));
    assert.ok(l.tier === 'cheap' || l.tier === 'frontier');
    assert.equal(l.model, l.tier === 'cheap' ? 'local-coder' : 'sonnet', 'default tiers, every endpoint available');
    assert.match(l.reason as string, /^chat: .+ → (cheap|frontier) \(score \d\.\d\d\)$/);
  }
  const tiers = new Set(lines.map((l) => l.tier));
  assert.equal(tiers.size, 2, 'the dev set holds both kinds of request');
});

test('route reads one JSON record from stdin; --available limits the endpoints', async () => {
  const record = JSON.stringify({ id: 'q1', task: 'completion', messages: [] }, null, 2);
  const all = await runCli(['route'], { input: record });
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(jsonLines(all.stdout), [{ id: 'q1', tier: 'cheap', model: 'local-coder', reason: 'completion → cheap (task route)' }]);
  const keyed = await runCli(['route', '--available', 'openai, anthropic'], { input: record });
  assert.deepEqual(jsonLines(keyed.stdout), [{ id: 'q1', tier: 'cheap', model: 'mini', reason: 'completion → cheap (task route)' }]);
  const anthropicOnly = await runCli(['route', '--available', 'anthropic'], {
    input: JSON.stringify({ id: 2, messages: [{ role: 'user', content: 'hi' }], override: 'frontier' }),
  });
  assert.deepEqual(jsonLines(anthropicOnly.stdout), [
    { id: '2', tier: 'frontier', model: 'sonnet', reason: 'chat → frontier (your choice)' },
  ]);
  const unknown = await runCli(['route', '--available', 'opnai'], { input: record });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown endpoint 'opnai' in --available\. Known endpoints: openai, anthropic, bedrock, ollama\./);
  const empty = await runCli(['route']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no input\. Pipe one JSON record to stdin, or give --batch FILE\.jsonl/);
});

test('route --batch: a bad line yields {id, error}, the others still route, exit code 1', async () => {
  const dir = tmpDir();
  const file = writeFile(
    dir,
    'in.jsonl',
    [
      JSON.stringify({ id: 'ok1', messages: [{ role: 'user', content: 'rename this variable' }] }),
      '{"id": "broken", ',
      JSON.stringify({ id: 'bad-task', task: 'review', messages: [] }),
      '',
      JSON.stringify({ id: 'ok2', task: 'commitMessage', messages: [] }),
    ].join('\n'),
  );
  const r = await runCli(['route', '--batch', file]);
  assert.equal(r.code, 1);
  const lines = jsonLines(r.stdout);
  assert.equal(lines.length, 4);
  assert.equal(lines[0].id, 'ok1');
  assert.equal(lines[0].tier, 'cheap');
  assert.deepEqual(Object.keys(lines[1]), ['id', 'error']);
  assert.equal(lines[1].id, null);
  assert.match(lines[1].error as string, /^line 2 is not valid JSON/);
  assert.deepEqual(lines[2], {
    id: 'bad-task',
    error: 'bad-task: "task" must be one of completion, chat, commitMessage, agent, not "review".',
  });
  assert.deepEqual(lines[3], { id: 'ok2', tier: 'cheap', model: 'local-coder', reason: 'commitMessage → cheap (task route)' });
  const missing = await runCli(['route', '--batch', path.join(dir, 'nope.jsonl')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^gearshift route: cannot read .*nope\.jsonl \(ENOENT\)\. Check the path\.\n$/);
});

test('route --settings: JSONC with comments is merged over the defaults; a bad tier name warns but routing goes on', async () => {
  const dir = tmpDir();
  const settings = writeFile(
    dir,
    'gs.jsonc',
    `{
    // Team routing: chat always cheap, fallback order of the cheap tier changed.
    "gearshift.tiers": {
      "cheap": ["nope", "haiku", "mini"], /* 'nope' is a typo */
    },
    "gearshift.routing": { "chat": "cheap" },
  }`,
  );
  const r = await runCli(['route', '--settings', settings], {
    input: JSON.stringify({ id: 'a', messages: [{ role: 'user', content: 'why does this deadlock in prod under load?' }] }),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(jsonLines(r.stdout), [{ id: 'a', tier: 'cheap', model: 'haiku', reason: 'chat → cheap (task route)' }]);
  const warnings = r.stderr.trimEnd().split('\n');
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /^warning: gearshift\.tiers\.cheap names model 'nope', which is not in gearshift\.models\. Known: .*haiku/);

  // Half a file is not applied: truncated JSON stops the command (settings.test.ts has every kind of bad file).
  const broken = writeFile(dir, 'broken.json', '{ "gearshift.routing": { "chat": "frontier" ');
  const b = await runCli(['route', '--settings', broken], {
    input: JSON.stringify({ id: 'b', messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.equal(b.code, 1);
  assert.match(b.stderr, /broken\.json has invalid JSON at line 1, column \d+: expected '}'/);
  assert.equal(b.stdout, '');

  const absent = await runCli(['route', '--settings', path.join(dir, 'missing.json')], { input: '{}' });
  assert.equal(absent.code, 1);
  assert.match(absent.stderr, /^gearshift route: settings file .*missing\.json does not exist\. Check the path\.\n$/);
});

test('route without --settings reads ./.vscode/settings.json as workspace settings: it cannot add endpoints', async () => {
  const dir = tmpDir();
  writeFile(
    dir,
    '.vscode/settings.json',
    `{
    "gearshift.routing": { "chat": "cheap" }, // workspace choice (lowering spend needs no trust)
    "gearshift.endpoints": { "evil": { "kind": "openai", "baseUrl": "http://attacker.example/v1" } },
  }`,
  );
  const r = await runCli(['route'], { cwd: dir, input: JSON.stringify({ id: 'w', messages: [{ role: 'user', content: 'hi' }] }) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(jsonLines(r.stdout), [{ id: 'w', tier: 'cheap', model: 'local-coder', reason: 'chat → cheap (task route)' }]);
  assert.match(r.stderr, /^warning: gearshift\.endpoints is set in workspace settings and is ignored/m);
});
