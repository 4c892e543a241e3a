import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcess } from '../../../src/vscode/agent/processRunner';

const node = JSON.stringify(process.execPath);
const limits = { timeoutMs: 30_000, maxOutputBytes: 64 * 1024 };

test('runs a command in its folder and gives its output and exit code', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-run-'));
  fs.writeFileSync(path.join(dir, 'marker.txt'), 'here');
  const run = await runProcess(`${node} -e "console.log(42); console.error(require('fs').readFileSync('marker.txt','utf8'))"`, dir, {
    ...limits,
    signal: new AbortController().signal,
  });
  assert.equal(run.exitCode, 0);
  assert.match(run.output, /42/);
  assert.match(run.output, /here/, 'stderr and the working folder');
  assert.deepEqual([run.timedOut, run.stopped, run.truncated], [false, false, false]);
});

test('a failing command gives its exit code', async () => {
  const run = await runProcess(`${node} -e "process.exit(3)"`, os.tmpdir(), { ...limits, signal: new AbortController().signal });
  assert.equal(run.exitCode, 3);
});

test('a command over its time is ended and marked timed out', async () => {
  const started = Date.now();
  const run = await runProcess(`${node} -e "console.log('started'); setInterval(() => {}, 1000)"`, os.tmpdir(), {
    ...limits,
    timeoutMs: 1500,
    signal: new AbortController().signal,
  });
  assert.equal(run.timedOut, true);
  assert.equal(run.exitCode, undefined);
  assert.match(run.output, /started/);
  assert.ok(Date.now() - started < 15_000, 'ended well before the test deadline');
});

test('Stop (the abort signal) ends a running command', async () => {
  const stop = new AbortController();
  const pending = runProcess(`${node} -e "console.log('running'); setInterval(() => {}, 1000)"`, os.tmpdir(), {
    ...limits,
    signal: stop.signal,
  });
  setTimeout(() => stop.abort(), 300);
  const run = await pending;
  assert.equal(run.stopped, true);
  assert.equal(run.timedOut, false);
});

test('an already stopped task runs nothing', async () => {
  const stop = new AbortController();
  stop.abort();
  const run = await runProcess(`${node} -e "require('fs').writeFileSync('should-not-exist','x')"`, os.tmpdir(), {
    ...limits,
    signal: stop.signal,
  });
  assert.equal(run.stopped, true);
  assert.equal(fs.existsSync(path.join(os.tmpdir(), 'should-not-exist')), false);
});

test('long output is capped, keeping its start and end', async () => {
  const run = await runProcess(
    `${node} -e "console.log('FIRST'); for (let i = 0; i < 20000; i++) console.log('x'.repeat(50)); console.log('LAST')"`,
    os.tmpdir(),
    { ...limits, maxOutputBytes: 4096, signal: new AbortController().signal },
  );
  assert.equal(run.truncated, true);
  assert.ok(Buffer.byteLength(run.output) < 4096 + 200, `${Buffer.byteLength(run.output)} bytes`);
  assert.match(run.output, /^FIRST/);
  assert.match(run.output, /LAST\s*$/);
});

test('the note is put before the output', async () => {
  const run = await runProcess(
    `${node} -e "console.log(1)"`,
    os.tmpdir(),
    { ...limits, signal: new AbortController().signal },
    '[no terminal]\n',
  );
  assert.match(run.output, /^\[no terminal\]\n1/);
});
