import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentTools, PROPOSE_EDITS } from '../../../../src/core/agent/tools';
import type { AgentTool, ApprovalRequest, ToolDetail } from '../../../../src/core/agent/types';
import { context, deps, MemoryHost } from './memoryHost';

function editTool(host: MemoryHost): AgentTool {
  return createAgentTools(deps(host)).find((t) => t.definition.name === PROPOSE_EDITS)!;
}

const A = 'export function add(a, b) {\n  return a + b;\n}\n';
const B = 'import { add } from "./a";\nconsole.log(add(1, 2));\n';
const files = () => ({ 'src/a.js': A, 'src/b.js': B, 'src/dup.js': 'x = 1;\nx = 1;\n', '.env': 'K=1\n', 'src/win.js': 'one\r\ntwo\r\n' });
const acceptAll = (r: ApprovalRequest) => ({ kind: 'edit' as const, accepted: r.kind === 'edit' ? r.files.map((f) => f.path) : [] });

function editFiles(detail: ToolDetail | undefined) {
  assert.equal(detail?.kind, 'edit');
  return detail.kind === 'edit' ? detail.files : [];
}

test('propose_edits asks once for every file, with diffs, and writes the accepted ones', async () => {
  const host = new MemoryHost(files());
  const ctx = context(acceptAll);
  const out = await editTool(host).run(
    {
      edits: [
        { path: 'src/a.js', oldText: '  return a + b;', newText: '  return a + b + 0;' },
        { path: 'src/b.js', oldText: 'add(1, 2)', newText: 'add(2, 3)' },
      ],
      files: [{ path: 'src/new/c.js', content: 'export const c = 3;\n' }],
    },
    ctx,
  );
  assert.equal(out.outcome, 'ok', out.content);
  assert.equal(ctx.requests.length, 1);
  const req = ctx.requests[0];
  assert.equal(req.kind, 'edit');
  if (req.kind !== 'edit') return;
  assert.deepEqual(
    req.files.map((f) => f.path),
    ['src/a.js', 'src/b.js', 'src/new/c.js'],
  );
  assert.equal(
    req.files[0].diff,
    '--- a/src/a.js\n+++ b/src/a.js\n@@ -1,3 +1,3 @@\n export function add(a, b) {\n-  return a + b;\n+  return a + b + 0;\n }\n',
  );
  assert.equal(req.files[2].before, undefined);
  assert.match(req.files[2].diff, /--- \/dev\/null\n\+\+\+ b\/src\/new\/c\.js/);
  assert.equal(host.files.get('/ws/proj/src/a.js'), 'export function add(a, b) {\n  return a + b + 0;\n}\n');
  assert.equal(host.files.get('/ws/proj/src/b.js'), 'import { add } from "./a";\nconsole.log(add(2, 3));\n');
  assert.equal(host.files.get('/ws/proj/src/new/c.js'), 'export const c = 3;\n');
  assert.deepEqual(
    host.edits.map((e) => [e.path, e.create]),
    [
      ['/ws/proj/src/a.js', false],
      ['/ws/proj/src/b.js', false],
      ['/ws/proj/src/new/c.js', true],
    ],
    'one applyEdit per file',
  );
  assert.deepEqual(
    editFiles(out.detail).map((f) => [f.path, f.created, f.accepted]),
    [
      ['src/a.js', false, true],
      ['src/b.js', false, true],
      ['src/new/c.js', true, true],
    ],
  );
  assert.match(out.content, /^3 of 3 file\(s\) written\./);
});

test('propose_edits writes only the files the user accepted', async () => {
  const host = new MemoryHost(files());
  const ctx = context({ kind: 'edit', accepted: ['src/b.js'] });
  const out = await editTool(host).run(
    {
      edits: [
        { path: 'src/a.js', oldText: 'a + b', newText: 'b + a' },
        { path: 'src/b.js', oldText: 'add(1, 2)', newText: 'add(2, 3)' },
      ],
    },
    ctx,
  );
  assert.equal(out.outcome, 'ok');
  assert.equal(host.files.get('/ws/proj/src/a.js'), A, 'rejected file untouched');
  assert.match(host.files.get('/ws/proj/src/b.js')!, /add\(2, 3\)/);
  assert.deepEqual(
    host.edits.map((e) => e.path),
    ['/ws/proj/src/b.js'],
  );
  assert.deepEqual(
    editFiles(out.detail).map((f) => [f.path, f.accepted]),
    [
      ['src/a.js', false],
      ['src/b.js', true],
    ],
  );
  assert.match(out.content, /src\/a\.js: rejected by the user; not written/);
  assert.match(out.content, /Do not propose the rejected changes again unchanged/);
});

test('a rejected proposal leaves every file untouched and is the outcome "rejected"', async () => {
  const host = new MemoryHost(files());
  const out = await editTool(host).run(
    { edits: [{ path: 'src/a.js', oldText: 'a + b', newText: 'b + a' }], files: [{ path: 'src/z.js', content: 'z' }] },
    context({ kind: 'edit', accepted: [] }),
  );
  assert.equal(out.outcome, 'rejected');
  assert.equal(host.edits.length, 0);
  assert.equal(host.files.get('/ws/proj/src/a.js'), A);
  assert.equal(host.files.has('/ws/proj/src/z.js'), false);
  assert.match(out.content, /The user rejected the proposal; no file was changed/);
});

test('an approver that fails, or a stopped task, writes nothing', async () => {
  const host = new MemoryHost(files());
  const failing = await editTool(host).run(
    { edits: [{ path: 'src/a.js', oldText: 'a + b', newText: 'b + a' }] },
    context(() => Promise.reject(new Error('panel closed'))),
  );
  assert.equal(failing.outcome, 'rejected');
  const c = new AbortController();
  c.abort();
  const ctx = context(acceptAll, c.signal);
  const stopped = await editTool(host).run({ edits: [{ path: 'src/a.js', oldText: 'a + b', newText: 'b + a' }] }, ctx);
  assert.equal(stopped.outcome, 'rejected');
  assert.match(stopped.content, /stopped before the user answered/);
  assert.equal(ctx.requests.length, 0, 'not asked once stopped');
  assert.equal(host.edits.length, 0);
});

test('a file changed while waiting for approval is not overwritten', async () => {
  const host = new MemoryHost(files());
  const ctx = context((r) => {
    host.files.set('/ws/proj/src/a.js', `${A}// typed by the user\n`);
    return acceptAll(r);
  });
  const out = await editTool(host).run({ edits: [{ path: 'src/a.js', oldText: 'a + b', newText: 'b + a' }] }, ctx);
  assert.equal(out.outcome, 'toolError');
  assert.match(out.content, /changed while waiting for approval; not written/);
  assert.equal(host.edits.length, 0);
});

test('a write that fails is reported per file', async () => {
  const host = new MemoryHost(files());
  host.failWrites.add('/ws/proj/src/a.js');
  const out = await editTool(host).run(
    {
      edits: [
        { path: 'src/a.js', oldText: 'a + b', newText: 'b + a' },
        { path: 'src/b.js', oldText: 'add(1, 2)', newText: 'add(2, 3)' },
      ],
    },
    context(acceptAll),
  );
  assert.equal(out.outcome, 'toolError');
  assert.match(out.content, /src\/a\.js: accepted, but writing failed: disk full/);
  assert.match(out.content, /src\/b\.js: accepted and written/);
});

test('several blocks for one file apply in order; replaceAll changes every occurrence; CRLF files keep CRLF', async () => {
  const host = new MemoryHost(files());
  const out = await editTool(host).run(
    {
      edits: [
        { path: 'src/a.js', oldText: 'add(a, b)', newText: 'sum(a, b)' },
        { path: 'src/a.js', oldText: 'sum(a, b) {', newText: 'sum(a, b = 0) {' },
        { path: 'src/dup.js', oldText: 'x = 1;', newText: 'x = 2;', replaceAll: true },
        { path: 'src/win.js', oldText: 'one\ntwo', newText: 'uno\ndos' },
      ],
    },
    context(acceptAll),
  );
  assert.equal(out.outcome, 'ok', out.content);
  assert.match(host.files.get('/ws/proj/src/a.js')!, /^export function sum\(a, b = 0\) \{/);
  assert.equal(host.files.get('/ws/proj/src/dup.js'), 'x = 2;\nx = 2;\n');
  assert.equal(host.files.get('/ws/proj/src/win.js'), 'uno\r\ndos\r\n');
});

const errors: { name: string; input: Record<string, unknown>; outcome: string; message: RegExp }[] = [
  {
    name: 'oldText not found, with the whitespace hint',
    input: { edits: [{ path: 'src/a.js', oldText: '    return a + b;\n  }', newText: 'x' }] },
    outcome: 'toolError',
    message: /edits\[0\] \(src\/a\.js\): oldText was not found\. It matches line\(s\) 2–3 if indentation/,
  },
  {
    name: 'oldText not found at all',
    input: { edits: [{ path: 'src/a.js', oldText: 'nowhere', newText: 'x' }] },
    outcome: 'toolError',
    message: /oldText was not found\. Read the file again/,
  },
  {
    name: 'oldText ambiguous, naming the lines',
    input: { edits: [{ path: 'src/dup.js', oldText: 'x = 1;', newText: 'x = 2;' }] },
    outcome: 'toolError',
    message: /edits\[0\] \(src\/dup\.js\): oldText occurs 2 times \(lines 1, 2\); include more surrounding lines/,
  },
  {
    name: 'every problem is reported at once',
    input: {
      edits: [
        { path: 'src/a.js', oldText: 'nowhere', newText: 'x' },
        { path: 'src/b.js', oldText: 'nothing', newText: 'y' },
      ],
    },
    outcome: 'toolError',
    message: /edits\[0\][^]*edits\[1\][^]*Nothing was proposed or changed/,
  },
  {
    name: 'an empty oldText',
    input: { edits: [{ path: 'src/a.js', oldText: '', newText: 'x' }] },
    outcome: 'toolError',
    message: /oldText is empty; to create a file/,
  },
  {
    name: 'an edit to a missing file',
    input: { edits: [{ path: 'src/missing.js', oldText: 'a', newText: 'b' }] },
    outcome: 'toolError',
    message: /src\/missing\.js does not exist; to create it, give its full content in "files"/,
  },
  {
    name: 'a file given both ways',
    input: { edits: [{ path: 'src/a.js', oldText: 'a', newText: 'b' }], files: [{ path: 'src/a.js', content: 'x' }] },
    outcome: 'toolError',
    message: /files\[0\]: src\/a\.js is already changed by another entry/,
  },
  { name: 'nothing given', input: {}, outcome: 'toolError', message: /give at least one entry/ },
  { name: 'edits of the wrong type', input: { edits: 'src/a.js' }, outcome: 'toolError', message: /"edits" must be an array of objects/ },
  {
    name: 'a change that changes nothing',
    input: { files: [{ path: 'src/a.js', content: A }] },
    outcome: 'toolError',
    message: /changes nothing \(src\/a\.js/,
  },
  {
    name: 'an edit to .env is refused',
    input: { edits: [{ path: '.env', oldText: 'K=1', newText: 'K=2' }] },
    outcome: 'refused',
    message: /edits\[0\]: \.env is a secret-looking file[^]*Nothing was proposed or changed/,
  },
  {
    name: 'creating a secret file is refused',
    input: { files: [{ path: 'deploy/id_rsa', content: 'k' }] },
    outcome: 'refused',
    message: /deploy\/id_rsa is a secret-looking file[^]*"id_rsa\*"/,
  },
  {
    name: 'a path outside the workspace is refused',
    input: { files: [{ path: '../outside.js', content: 'x' }] },
    outcome: 'refused',
    message: /contains "\.\."/,
  },
  {
    name: 'an absolute path outside is refused',
    input: { files: [{ path: '/tmp/evil.sh', content: 'x' }] },
    outcome: 'refused',
    message: /outside the workspace folders/,
  },
];

for (const c of errors) {
  test(`propose_edits: ${c.name}; nothing is asked or written`, async () => {
    const host = new MemoryHost(files());
    const ctx = context(acceptAll);
    const out = await editTool(host).run(c.input, ctx);
    assert.equal(out.outcome, c.outcome, out.content);
    assert.match(out.content, c.message);
    assert.equal(ctx.requests.length, 0);
    assert.equal(host.edits.length, 0);
  });
}

test('an excluded file cannot be edited, and the rest of the proposal is not asked either', async () => {
  const host = new MemoryHost({ ...files(), 'config/prod/db.json': '{"a":1}' });
  host.exclude = ['config/prod/**'];
  const ctx = context(acceptAll);
  const out = await editTool(host).run(
    {
      edits: [
        { path: 'config/prod/db.json', oldText: '1', newText: '2' },
        { path: 'src/a.js', oldText: 'a + b', newText: 'b + a' },
      ],
    },
    ctx,
  );
  assert.equal(out.outcome, 'refused');
  assert.match(out.content, /config\/prod\/db\.json is excluded by the gearshift\.exclude setting \("config\/prod\/\*\*"\)/);
  assert.equal(ctx.requests.length, 0);
  assert.equal(host.files.get('/ws/proj/config/prod/db.json'), '{"a":1}');
  assert.equal(host.files.get('/ws/proj/src/a.js'), A);
});

test('an edit through a folder link leading out of the workspace is refused', async () => {
  const host = new MemoryHost(files());
  host.files.set('/home/me/.bashrc', 'alias');
  host.links.set('/ws/proj/home', '/home/me');
  const out = await editTool(host).run({ files: [{ path: 'home/new-script.sh', content: 'x' }] }, context(acceptAll));
  assert.equal(out.outcome, 'refused');
  assert.match(out.content, /link to a place outside the workspace/);
  assert.equal(host.edits.length, 0);
});
