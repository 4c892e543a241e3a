import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentTools, READ_FILE } from '../../../../src/core/agent/tools';
import { READ_LIMITS } from '../../../../src/core/agent/tools/readFile';
import type { AgentTool } from '../../../../src/core/agent/types';
import { context, deps, MemoryHost } from './memoryHost';

function readTool(host: MemoryHost): AgentTool {
  return createAgentTools(deps(host)).find((t) => t.definition.name === READ_FILE)!;
}

const files = {
  'src/a.ts': 'line one\nline two\nline three\n',
  'src/crlf.txt': 'x\r\ny\r\n',
  'empty.txt': '',
  '.env': 'OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD\n',
  'config/.env.local': 'A=1\n',
  'keys/server.pem': 'pem',
  'private/notes.md': 'secret plans',
  'bin.dat': 'ab\u0000cd',
  'src/config.ts': 'const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";\n',
};

test('read_file returns numbered lines with a header', async () => {
  const out = await readTool(new MemoryHost(files)).run({ path: 'src/a.ts' }, context());
  assert.equal(out.outcome, 'ok');
  assert.equal(out.content, 'src/a.ts (3 lines)\n1\tline one\n2\tline two\n3\tline three');
});

test('read_file reads a range, and CRLF files without stray carriage returns', async () => {
  const host = new MemoryHost(files);
  const out = await readTool(host).run({ path: 'src/a.ts', startLine: 2, endLine: 2 }, context());
  assert.equal(out.content, 'src/a.ts (lines 2–2 of 3)\n2\tline two');
  const crlf = await readTool(host).run({ path: './src/crlf.txt' }, context());
  assert.equal(crlf.content, 'src/crlf.txt (2 lines)\n1\tx\n2\ty');
});

test('read_file caps lines and says how to read on', async () => {
  const big = Array.from({ length: 5000 }, (_, i) => `l${i + 1}`).join('\n');
  const out = await readTool(new MemoryHost({ 'big.txt': big })).run({ path: 'big.txt' }, context());
  const lines = out.content.split('\n');
  assert.equal(lines.filter((l) => /^\s*\d+\t/.test(l)).length, READ_LIMITS.lines);
  assert.match(out.content, /call read_file with startLine 2001/);
  const next = await readTool(new MemoryHost({ 'big.txt': big })).run({ path: 'big.txt', startLine: 2001 }, context());
  assert.match(next.content.split('\n')[1], /^2001\tl2001$/);
});

test('read_file caps characters and cuts very long lines', async () => {
  const wide = Array.from({ length: 100 }, () => 'y'.repeat(3000)).join('\n');
  const out = await readTool(new MemoryHost({ 'wide.txt': wide })).run({ path: 'wide.txt' }, context());
  assert.ok(out.content.length <= READ_LIMITS.chars + 1000, `${out.content.length}`);
  assert.match(out.content, /line cut: 3000 characters/);
  assert.match(out.content, /To read on, call read_file with startLine \d+/);
});

test('read_file redacts secrets in what it returns', async () => {
  const out = await readTool(new MemoryHost(files)).run({ path: 'src/config.ts' }, context());
  assert.equal(out.outcome, 'ok');
  assert.doesNotMatch(out.content, /ghp_abcdef/);
  assert.match(out.content, /«redacted:/);
});

const errors: { name: string; input: Record<string, unknown>; outcome: string; message: RegExp; setup?: (h: MemoryHost) => void }[] = [
  { name: '.env is refused naming the rule', input: { path: '.env' }, outcome: 'refused', message: /secret-looking file.*"\.env\*"/ },
  { name: 'nested .env.local is refused', input: { path: 'config/.env.local' }, outcome: 'refused', message: /\.env\*/ },
  { name: 'a key file is refused', input: { path: 'keys/server.pem' }, outcome: 'refused', message: /"\*\.pem"/ },
  {
    name: 'a gearshift.exclude file is refused naming the glob',
    input: { path: 'private/notes.md' },
    outcome: 'refused',
    message: /excluded by the gearshift\.exclude setting \("private"\)/,
    setup: (h) => (h.exclude = ['*.sql', 'private']),
  },
  { name: 'path traversal is refused', input: { path: '../other/x.ts' }, outcome: 'refused', message: /contains "\.\."/ },
  { name: 'traversal in the middle is refused', input: { path: 'src/../../x' }, outcome: 'refused', message: /contains "\.\."/ },
  { name: 'backslash traversal is refused', input: { path: 'src\\..\\..\\x' }, outcome: 'refused', message: /contains "\.\."/ },
  { name: 'an absolute path outside is refused', input: { path: '/etc/passwd' }, outcome: 'refused', message: /outside the workspace/ },
  { name: 'a home path is refused', input: { path: '~/.ssh/id_rsa' }, outcome: 'refused', message: /outside the workspace/ },
  {
    name: 'a symlink leading out is refused',
    input: { path: 'link/passwd' },
    outcome: 'refused',
    message: /link to a place outside/,
    setup: (h) => {
      h.files.set('/etc/passwd', 'root');
      h.links.set('/ws/proj/link', '/etc');
    },
  },
  {
    name: 'a symlink to a secret file is refused',
    input: { path: 'docs/settings.txt' },
    outcome: 'refused',
    message: /secret-looking/,
    setup: (h) => h.links.set('/ws/proj/docs/settings.txt', '/ws/proj/.env'),
  },
  { name: 'a missing file', input: { path: 'nope.ts' }, outcome: 'toolError', message: /nope\.ts does not exist/ },
  { name: 'a folder', input: { path: 'src' }, outcome: 'toolError', message: /src is a folder/ },
  { name: 'a binary file', input: { path: 'bin.dat' }, outcome: 'toolError', message: /looks binary/ },
  { name: 'endLine before startLine', input: { path: 'src/a.ts', startLine: 3, endLine: 1 }, outcome: 'toolError', message: /endLine/ },
  { name: 'startLine past the end', input: { path: 'src/a.ts', startLine: 9 }, outcome: 'ok', message: /has 3 lines; startLine 9/ },
  { name: 'an empty file', input: { path: 'empty.txt' }, outcome: 'ok', message: /empty\.txt is empty/ },
  { name: 'a wrong argument type', input: { path: 42 }, outcome: 'toolError', message: /"path" must be a non-empty string/ },
  {
    name: 'a file too large',
    input: { path: 'huge.log' },
    outcome: 'toolError',
    message: /over the 8 MiB/,
    setup: (h) => h.files.set('/ws/proj/huge.log', 'x'.repeat(READ_LIMITS.fileBytes + 1)),
  },
];

for (const c of errors) {
  test(`read_file: ${c.name}`, async () => {
    const host = new MemoryHost(files);
    c.setup?.(host);
    const out = await readTool(host).run(c.input, context());
    assert.equal(out.outcome, c.outcome, out.content);
    assert.match(out.content, c.message);
  });
}

test('read_file never returns the text of a refused file', async () => {
  const out = await readTool(new MemoryHost(files)).run({ path: '.env' }, context());
  assert.doesNotMatch(out.content, /OPENAI_API_KEY|sk-proj/);
});

test('read_file in a multi-root workspace takes "<folder>/path" and finds a relative path in the folder that has it', async () => {
  const host = new MemoryHost({}, [
    { name: 'app', path: '/ws/app' },
    { name: 'lib', path: '/ws/lib' },
  ]);
  host.files.set('/ws/app/main.ts', 'app main');
  host.files.set('/ws/lib/util.ts', 'lib util');
  const tool = readTool(host);
  assert.match((await tool.run({ path: 'lib/util.ts' }, context())).content, /^lib\/util\.ts \(1 line\)\n1\tlib util$/);
  assert.match((await tool.run({ path: 'util.ts' }, context())).content, /^lib\/util\.ts/);
  assert.match((await tool.run({ path: '/ws/app/main.ts' }, context())).content, /^app\/main\.ts/);
});
