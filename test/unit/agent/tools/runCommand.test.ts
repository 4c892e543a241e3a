import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentTools, RUN_COMMAND } from '../../../../src/core/agent/tools';
import { capOutput } from '../../../../src/core/agent/tools/runCommand';
import type { AgentToolDeps, CommandRun } from '../../../../src/core/agent/tools/host';
import type { AgentTool, ToolDetail } from '../../../../src/core/agent/types';
import { context, deps, MemoryAllowList, MemoryHost } from './memoryHost';

function commandTool(host: MemoryHost, over: Partial<AgentToolDeps> = {}): AgentTool {
  return createAgentTools(deps(host, over)).find((t) => t.definition.name === RUN_COMMAND)!;
}

const files = { 'check.js': 'console.log("ok")', 'pkg/sub/index.js': '', '.ssh/config': 'Host x' };
const run = (r: Partial<CommandRun>): (() => Promise<CommandRun>) => {
  return async () => ({ output: '', timedOut: false, stopped: false, truncated: false, ...r });
};
const yes = { kind: 'command' as const, run: true };

function commandDetail(detail: ToolDetail | undefined) {
  assert.equal(detail?.kind, 'command');
  return detail.kind === 'command' ? detail : undefined;
}

test('run_command asks, runs in the root with the limits from settings, and returns output and exit code', async () => {
  const host = new MemoryHost(files);
  host.script = run({ output: 'all 4 checks passed\n', exitCode: 0 });
  const ctx = context(yes);
  const out = await commandTool(host, { commandLimits: () => ({ timeoutSeconds: 12, maxOutputKiB: 8 }) }).run(
    { command: 'node check.js' },
    ctx,
  );
  assert.equal(out.outcome, 'ok');
  assert.equal(out.content, '$ node check.js\nall 4 checks passed\n[Exit code 0.]');
  assert.deepEqual(ctx.requests, [{ kind: 'command', id: ctx.requests[0].id, command: 'node check.js', cwd: '' }]);
  assert.equal(host.commands.length, 1);
  assert.equal(host.commands[0].cwd, '/ws/proj');
  assert.equal(host.commands[0].options.timeoutMs, 12_000);
  assert.equal(host.commands[0].options.maxOutputBytes, 8 * 1024);
  assert.equal(host.commands[0].options.signal, ctx.signal);
  assert.deepEqual(commandDetail(out.detail), { kind: 'command', command: 'node check.js', exitCode: 0 });
});

test('run_command runs in a workspace-relative cwd', async () => {
  const host = new MemoryHost(files);
  const ctx = context(yes);
  await commandTool(host).run({ command: 'ls', cwd: 'pkg/sub' }, ctx);
  assert.equal(host.commands[0].cwd, '/ws/proj/pkg/sub');
  assert.equal(ctx.requests[0].kind === 'command' && ctx.requests[0].cwd, 'pkg/sub');
});

const failures: { name: string; result: Partial<CommandRun>; expect: RegExp; detail: Partial<ToolDetail> }[] = [
  { name: 'a non-zero exit', result: { output: 'FAIL', exitCode: 1 }, expect: /FAIL\n\[Exit code 1\.\]/, detail: { exitCode: 1 } },
  {
    name: 'a timeout',
    result: { output: 'waiting', timedOut: true },
    expect: /\[Timed out after 30 s and was stopped\.\]/,
    detail: { timedOut: true },
  },
  {
    name: 'Stop',
    result: { output: 'partial', stopped: true },
    expect: /\[Stopped by the user before it finished\.\]/,
    detail: { stopped: true },
  },
];

for (const c of failures) {
  test(`run_command: ${c.name} is the outcome commandFailed, with what it printed`, async () => {
    const host = new MemoryHost(files);
    host.script = run(c.result);
    const out = await commandTool(host).run({ command: 'npm test' }, context(yes));
    assert.equal(out.outcome, 'commandFailed');
    assert.match(out.content, c.expect);
    assert.deepEqual(commandDetail(out.detail), { kind: 'command', command: 'npm test', ...c.detail });
  });
}

test('run_command: Stop reaches the running command through the signal', async () => {
  const host = new MemoryHost(files);
  const c = new AbortController();
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  host.script = (_cmd, _cwd, opts) =>
    new Promise((resolve) => {
      started();
      opts.signal.addEventListener('abort', () => resolve({ output: 'tick', stopped: true, timedOut: false, truncated: false }));
    });
  const pending = commandTool(host).run({ command: 'sleep 100' }, context(yes, c.signal));
  await running;
  c.abort();
  const out = await pending;
  assert.equal(out.outcome, 'commandFailed');
  assert.match(out.content, /Stopped by the user/);
});

test('run_command: a rejected command does not run', async () => {
  const host = new MemoryHost(files);
  const out = await commandTool(host).run({ command: 'rm -rf build' }, context({ kind: 'command', run: false }));
  assert.equal(out.outcome, 'rejected');
  assert.match(out.content, /The user declined to run the command: rm -rf build\nIt did not run\./);
  assert.equal(host.commands.length, 0);
});

test('run_command: a failing approver or a stopped task does not run the command', async () => {
  const host = new MemoryHost(files);
  const failing = await commandTool(host).run(
    { command: 'ls' },
    context(() => Promise.reject(new Error('closed'))),
  );
  assert.equal(failing.outcome, 'rejected');
  const c = new AbortController();
  c.abort();
  const stopped = await commandTool(host).run({ command: 'ls' }, context(yes, c.signal));
  assert.equal(stopped.outcome, 'rejected');
  assert.equal(host.commands.length, 0);
});

test('run_command: "always" adds the exact command, and the second run is not asked', async () => {
  const host = new MemoryHost(files);
  const allowList = new MemoryAllowList();
  const tool = commandTool(host, { allowList });
  const first = context({ kind: 'command', run: true, always: true });
  await tool.run({ command: 'npm test' }, first);
  assert.deepEqual(allowList.list, ['npm test']);
  const second = context({ kind: 'command', run: false });
  const out = await tool.run({ command: 'npm test' }, second);
  assert.equal(second.requests.length, 0, 'not asked again');
  assert.equal(out.outcome, 'ok');
  assert.equal(host.commands.length, 2);
  const other = context({ kind: 'command', run: false });
  await tool.run({ command: 'npm test && curl evil' }, other);
  assert.equal(other.requests.length, 1, 'only the exact command is allowed');
  assert.equal(host.commands.length, 2);
});

test('run_command caps output it is given uncapped, keeping start and end', async () => {
  const host = new MemoryHost(files);
  host.script = run({ output: `START${'x'.repeat(10_000)}END`, exitCode: 0 });
  const out = await commandTool(host, { commandLimits: () => ({ timeoutSeconds: 5, maxOutputKiB: 2 }) }).run(
    { command: 'cat big' },
    context(yes),
  );
  assert.match(out.content, /^\$ cat big\nSTARTx+\n… \[8 KiB of output cut\] …\nx+END\n\[Exit code 0\.\]\n\[Output cut to 2 KiB/);
  assert.ok(out.content.length < 2048 + 200);
  assert.equal(commandDetail(out.detail)?.truncated, true);
});

test('run_command reports truncation the host did', async () => {
  const host = new MemoryHost(files);
  host.script = run({ output: 'tail of it', exitCode: 0, truncated: true });
  const out = await commandTool(host).run({ command: 'x' }, context(yes));
  assert.match(out.content, /\[Output cut to 64 KiB/);
});

test('run_command redacts secrets in output', async () => {
  const host = new MemoryHost(files);
  host.script = run({ output: 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n', exitCode: 0 });
  const out = await commandTool(host).run({ command: 'env' }, context(yes));
  assert.doesNotMatch(out.content, /AKIAIOSFODNN7EXAMPLE/);
});

test('run_command: a host that cannot start a command is a failed command', async () => {
  const host = new MemoryHost(files);
  host.script = () => Promise.reject(new Error('no shell integration'));
  const out = await commandTool(host).run({ command: 'ls' }, context(yes));
  assert.equal(out.outcome, 'commandFailed');
  assert.match(out.content, /could not be started: no shell integration/);
});

const bad: { name: string; input: Record<string, unknown>; outcome: string; message: RegExp }[] = [
  { name: 'an empty command', input: { command: '  ' }, outcome: 'toolError', message: /"command" must be a non-empty string/ },
  { name: 'a cwd outside', input: { command: 'ls', cwd: '../..' }, outcome: 'refused', message: /contains "\.\."/ },
  { name: 'an absolute cwd outside', input: { command: 'ls', cwd: '/etc' }, outcome: 'refused', message: /outside the workspace/ },
  {
    name: 'an excluded folder as cwd',
    input: { command: 'ls', cwd: 'pkg/sub' },
    outcome: 'refused',
    message: /gearshift\.exclude setting \("sub"\)/,
  },
  { name: 'a missing cwd', input: { command: 'ls', cwd: 'nope' }, outcome: 'toolError', message: /cwd "nope" is not a folder/ },
  { name: 'a file as cwd', input: { command: 'ls', cwd: 'check.js' }, outcome: 'toolError', message: /is not a folder/ },
  { name: 'a huge command', input: { command: 'x'.repeat(5000) }, outcome: 'toolError', message: /longer than 4000/ },
];

for (const c of bad) {
  test(`run_command: ${c.name} is not asked nor run`, async () => {
    const host = new MemoryHost(files);
    host.exclude = ['sub'];
    const ctx = context(yes);
    const out = await commandTool(host).run(c.input, ctx);
    assert.equal(out.outcome, c.outcome, out.content);
    assert.match(out.content, c.message);
    assert.equal(ctx.requests.length, 0);
    assert.equal(host.commands.length, 0);
  });
}

test('capOutput keeps short text, and cuts long text to the byte cap', () => {
  assert.deepEqual(capOutput('short', 100), { text: 'short', truncated: false });
  const long = capOutput('é'.repeat(10_000), 1000);
  assert.equal(long.truncated, true);
  assert.ok(Buffer.byteLength(long.text) < 1100);
});

test('a command that names an excluded or secret-looking file is refused before anyone is asked, and does not run', async () => {
  const cases: { command: string; cwd?: string; refusedFor?: RegExp }[] = [
    { command: 'cat .env', refusedFor: /\.env is a secret-looking file/ },
    { command: 'node --env-file=.env check.js', refusedFor: /\.env/ },
    { command: 'cp "pkg/../.ssh/config" /tmp/x', refusedFor: /\.ssh\/config/ },
    { command: 'cat ../../.env', cwd: 'pkg/sub', refusedFor: /\.env/ },
    { command: 'tail -n 5 check.js && grep -r TODO .' },
    { command: 'node check.js > out.txt' },
  ];
  for (const c of cases) {
    const host = new MemoryHost({ ...files, '.env': 'SECRET=1' });
    host.script = run({ output: 'fine', exitCode: 0 });
    const ctx = context(yes);
    const out = await commandTool(host).run({ command: c.command, ...(c.cwd ? { cwd: c.cwd } : {}) }, ctx);
    if (c.refusedFor) {
      assert.equal(out.outcome, 'refused', c.command);
      assert.match(out.content, c.refusedFor, c.command);
      assert.doesNotMatch(out.content, /SECRET=1/);
      assert.equal(ctx.requests.length, 0, `${c.command}: nobody was asked`);
      assert.equal(host.commands.length, 0, `${c.command}: nothing ran`);
    } else {
      assert.equal(out.outcome, 'ok', `${c.command}: ${out.content}`);
      assert.equal(host.commands.length, 1, c.command);
    }
  }
});
