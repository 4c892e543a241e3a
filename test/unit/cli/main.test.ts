import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO, runCli } from './run';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

test('help and version exit 0; help names every command and each command has its own help', async () => {
  for (const args of [['--help'], ['help'], ['-h']]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /^gearshift — /);
    for (const c of ['route', 'replay', 'doctor', 'chat']) assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'));
  }
  const route = await runCli(['help', 'route']);
  assert.equal(route.code, 0);
  assert.match(route.stdout, /^gearshift route \[--batch FILE\.jsonl\]/);
  const replay = await runCli(['replay', '--help']);
  assert.equal(replay.code, 0);
  assert.match(replay.stdout, /^gearshift replay \[--ledger PATH\]/);
  const version = await runCli(['--version']);
  assert.deepEqual([version.code, version.stdout], [0, `${VERSION}\n`]);
});

test('unknown command, unknown flag, missing flag value and no command exit 2 with a clear message', async () => {
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /^gearshift: unknown command 'frobnicate'\. Commands: route, replay, doctor, chat\.\nRun 'gearshift help' for usage\.\n$/],
    [['--frob'], /^gearshift: unknown option '--frob'\./],
    [['route', '--bach', 'x'], /^gearshift route: Unknown option '--bach'\.\nRun 'gearshift help route' for usage\.\n$/],
    [['route', '--batch'], /^gearshift route: Option '--batch <value>' argument missing\./],
    [['replay', 'extra'], /^gearshift replay: Unexpected argument 'extra'\./],
    [['help', 'nope'], /^gearshift help: no command named 'nope'/],
    [['chat'], /^gearshift chat: give the question/],
    [['chat', 'q', '--tier', 'medium'], /--tier is 'medium'; use cheap or frontier/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  }
  const none = await runCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stdout, /^gearshift — /);
});
