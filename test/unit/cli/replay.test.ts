import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { appendRecord, ledgerFileName } from '../../../src/core/cost/ledger';
import { conversationKey } from '../../../src/core/cost/record';
import { rec } from '../cost/records';
import { runCli, tmpDir, writeFile } from './run';

/** Prices per million tokens: cheapm $1 in / $2 out, frontm $10 in / $20 out. */
const SETTINGS = JSON.stringify({
  'gearshift.models': { cheapm: { endpoint: 'openai', model: 'm-cheap' }, frontm: { endpoint: 'anthropic', model: 'm-front' } },
  'gearshift.tiers': { cheap: ['cheapm'], frontier: ['frontm'] },
  'gearshift.prices': { cheapm: { input: 1, output: 2 }, frontm: { input: 10, output: 20 } },
});

function ledger(): string {
  const dir = tmpDir();
  // cheap: 1000 + 200 = $0.0012, frontier: 10000 + 2000 = $0.012
  appendRecord(
    dir,
    rec({ time: '2026-10-03T12:00:00.000Z', task: 'completion', tier: 'cheap', usage: { input: 1000, output: 100 }, costUsd: 0.0012 }),
  );
  // cheap: 2000 + 1000 = $0.003, frontier: 20000 + 10000 = $0.03
  appendRecord(
    dir,
    rec({ time: '2026-11-05T12:00:00.000Z', task: 'chat', tier: 'frontier', usage: { input: 2000, output: 500 }, costUsd: 0.03 }),
  );
  // cheap: 500 + 100 = $0.0006, frontier: 5000 + 1000 = $0.006
  appendRecord(
    dir,
    rec({ time: '2026-11-06T12:00:00.000Z', task: 'chat', tier: 'cheap', usage: { input: 500, output: 50 }, costUsd: 0.0006 }),
  );
  return dir;
}

interface Replay {
  calls: number;
  actual: { usd: number; unpriced: number };
  allFrontier: { usd: number; unpriced: number };
  allCheap: { usd: number; unpriced: number };
  settings: { usd: number; unpriced: number; byTier: { cheap: number; frontier: number } };
}

test('replay over a ledger folder: as recorded, all-frontier, all-cheap and under the settings, exactly', async () => {
  const dir = ledger();
  const settings = writeFile(tmpDir(), 'settings.json', SETTINGS);
  const r = await runCli(['replay', '--ledger', dir, '--settings', settings]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    [
      'Replayed 3 calls from 2026-10-03 to 2026-11-06.',
      '  as recorded       $0.0318  (34% below all-frontier)',
      '  all-frontier      $0.0480',
      '  all-cheap         $0.0048  (90% below all-frontier)',
      '  these settings    $0.0318  (34% below all-frontier)',
      '  these settings: 2 → cheap (cheapm), 1 → frontier (frontm)',
      '  regret         — (no cheap answers in a conversation: nothing to judge)',
      '  completions    — (no completion verdicts recorded)',
      '',
    ].join('\n'),
  );

  const json = await runCli(['replay', '--ledger', dir, '--settings', settings, '--json']);
  const res = JSON.parse(json.stdout) as Replay;
  assert.equal(res.calls, 3);
  assert.equal(res.actual.usd.toFixed(10), '0.0318000000');
  assert.equal(res.allFrontier.usd.toFixed(10), '0.0480000000');
  assert.equal(res.allCheap.usd.toFixed(10), '0.0048000000');
  assert.equal(res.settings.usd.toFixed(10), '0.0318000000');
  assert.deepEqual(res.settings.byTier, { cheap: 2, frontier: 1 });
});

test('replay prints regret per model, preference and workspace beside the savings, across month files', async () => {
  const dir = tmpDir();
  const a = conversationKey('a');
  const b = conversationKey('b');
  const api = { id: 'ws2', name: 'api' };
  const add = (time: string, over: Parameters<typeof rec>[0]): void => appendRecord(dir, rec({ time, costUsd: 0.001, ...over }));
  // October 31, 23:50 UTC: a cheap answer under 'cost'; its retry is the first call of November's file.
  add('2026-10-31T23:50:00.000Z', { conversation: a, modelName: 'cheapm', preference: 'cost' });
  add('2026-11-01T00:10:00.000Z', { conversation: a, tier: 'frontier', modelName: 'frontm', preference: 'cost', escalation: 'retry' });
  add('2026-11-01T00:20:00.000Z', { conversation: a, modelName: 'cheapm', preference: 'cost' });
  add('2026-11-02T09:00:00.000Z', { conversation: b, modelName: 'cheapm', preference: 'balanced', workspace: api });
  add('2026-11-02T09:01:00.000Z', { conversation: b, modelName: 'cheapm', preference: 'balanced', workspace: api });
  add('2026-11-02T09:02:00.000Z', {
    conversation: b,
    tier: 'frontier',
    modelName: 'frontm',
    preference: 'balanced',
    escalation: 'pushback',
    workspace: api,
  });
  const settings = writeFile(tmpDir(), 'settings.json', SETTINGS);
  const r = await runCli(['replay', '--ledger', dir, '--settings', settings]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('  regret'));
  assert.ok(at > lines.findIndex((l) => l.includes('all-frontier')), r.stdout);
  assert.deepEqual(
    lines.slice(at).map((l) => l.replace(/\s+/g, ' ').trim()),
    [
      'regret 50% (2 of 4) of cheap answers redone on the frontier (Retry with frontier or pushback)',
      'by model:',
      'cheapm 50% (2 of 4) (1 retried, 1 pushback)',
      'by preference:',
      'balanced 50% (1 of 2) (0 retried, 1 pushback)',
      'cost 50% (1 of 2) (1 retried, 0 pushback)',
      'by workspace:',
      'api 50% (1 of 2) (0 retried, 1 pushback)',
      'app 50% (1 of 2) (1 retried, 0 pushback)',
      'completions — (no completion verdicts recorded)',
      '',
    ],
  );
  const json = JSON.parse((await runCli(['replay', '--ledger', dir, '--settings', settings, '--json'])).stdout) as {
    regret: { total: { answers: number; regretted: number } };
  };
  assert.deepEqual([json.regret.total.answers, json.regret.total.regretted], [4, 2]);
});

test('replay: one ledger file; settings that route chat to cheap change only the last scenario', async () => {
  const dir = ledger();
  const settings = writeFile(tmpDir(), 'settings.json', SETTINGS.replace(/}$/, ', "gearshift.routing": { "chat": "cheap" } }'));
  const r = await runCli([
    'replay',
    '--ledger',
    path.join(dir, ledgerFileName(new Date('2026-11-05T12:00:00.000Z'))),
    '--settings',
    settings,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as Replay;
  assert.equal(res.calls, 2, 'only the November file');
  assert.equal(res.actual.usd.toFixed(10), '0.0306000000');
  assert.equal(res.settings.usd.toFixed(10), '0.0036000000');
  assert.deepEqual(res.settings.byTier, { cheap: 2, frontier: 0 });
});

test('replay: a missing ledger is a clear error (without --ledger: the shared folder, see ledger.test.ts)', async () => {
  const missing = await runCli(['replay', '--ledger', '/nonexistent/ledger']);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    'gearshift replay: /nonexistent/ledger does not exist. Give a ledger file or the folder holding ledger-YYYY-MM.jsonl files.\n',
  );
});

test('replay says how many lines it skipped, and counts only records', async () => {
  const dir = ledger();
  const file = path.join(dir, ledgerFileName(new Date('2026-11-05T12:00:00.000Z')));
  fs.appendFileSync(file, 'not json\n{"v":1,"time":"2026-11-07"}\n\n{"v":1,"ti');
  const settings = writeFile(tmpDir(), 'settings.json', SETTINGS);
  const r = await runCli(['replay', '--ledger', dir, '--settings', settings, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `note: skipped 3 lines that are not a ledger record (torn or foreign) in ${path.basename(file)}.\n`);
  const res = JSON.parse(r.stdout) as Replay & { skippedLines: number };
  assert.deepEqual([res.calls, res.skippedLines], [3, 3]);
  const one = await runCli(['replay', '--ledger', file, '--settings', settings]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stderr, /^note: skipped 3 lines .* in .*ledger-2026-11\.jsonl\.\n$/);
  assert.match(one.stdout, /^Replayed 2 calls/);
});

test('replay refuses a file or folder that is not a ledger', async () => {
  const dir = tmpDir();
  const cases: [string, RegExp][] = [
    [writeFile(dir, 'package.json', '{\n  "name": "app",\n  "version": "1.0.0"\n}\n'), /is not a spend ledger: none of its 4 lines is a/],
    [writeFile(dir, 'photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 13])), /none of its \d+ lines? is a/],
    [writeFile(dir, 'notes.txt', ''), /is not a spend ledger: it is empty\./],
    [path.join(dir, 'sub'), /is not a spend ledger: it holds no ledger-YYYY-MM\.jsonl files\./],
  ];
  fs.mkdirSync(path.join(dir, 'sub'));
  writeFile(dir, 'sub/readme.md', '# not a ledger');
  for (const [p, re] of cases) {
    const r = await runCli(['replay', '--ledger', p]);
    assert.equal(r.code, 1, p);
    assert.match(r.stderr, re, p);
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
  const emptyMonth = writeFile(dir, 'ledger-2026-11.jsonl', '');
  const ok = await runCli(['replay', '--ledger', emptyMonth, '--json']);
  assert.equal(ok.code, 0, `an empty month file is a ledger with no calls: ${ok.stderr}`);
});
