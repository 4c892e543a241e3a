/**
 * The codebase indexer as the chat sees it: what goes in (excluded, .gitignored, binary, minified and oversized
 * files never indexed; excluded ones never even read), redaction, incremental updates, the file cap, saving and
 * reading back (a damaged or old saved index is rebuilt), rebuild, turning it off, and yielding to the event loop.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CodebaseIndexer, type IndexerOptions } from '../../../src/core/codebase/indexer';
import { fileStore, folderSource } from '../../../src/core/codebase/fsSource';
import { CodebaseIndex, INDEX_FORMAT_VERSION } from '../../../src/core/codebase/searchIndex';
import { defaultSettings } from '../../../src/core/settings/defaults';
import type { CodebaseSettings } from '../../../src/core/settings/model';
import { MemoryStore, MemoryWorkspace, until } from './memorySource';

const SECRET = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';

function indexer(ws: MemoryWorkspace, over: Partial<IndexerOptions> & { codebase?: Partial<CodebaseSettings> } = {}): CodebaseIndexer {
  const settings: CodebaseSettings = { enabled: true, maxFiles: 20_000, maxFileKb: 512, ...over.codebase };
  const excludeGlobs = (): string[] => defaultSettings().exclude;
  return new CodebaseIndexer({ source: ws, settings: () => settings, excludeGlobs, sliceMs: 1, ...over });
}

async function ready(ix: CodebaseIndexer): Promise<CodebaseIndexer> {
  ix.start();
  await ix.whenIdle();
  return ix;
}

const paths = async (ix: CodebaseIndexer, q: string): Promise<string[]> => (await ix.search(q, 20)).map((h) => h.path);

function workspace(): MemoryWorkspace {
  return new MemoryWorkspace({
    'src/retry.ts': [
      '/** Retries a failed source. */',
      'export function retry(count: number) {',
      '  let attempts = 0;',
      '  return attempts < count;',
      '}',
      '',
    ].join('\n'),
    'src/delay.ts': 'export function delay(ms: number) {\n  return new Promise((r) => setTimeout(r, ms));\n}\n',
    'src/config.ts': `export const token = "${SECRET}";\nexport const retriesAllowed = 3;\n`,
    '.env': 'PASSWORD_ENV_FILE=hunter2\n',
    'secrets/keys.ts': 'export const masterKeyEnvelope = 1;\n',
    'private/notes.ts': 'export const confidentialRoadmap = 1;\n',
    '.gitignore': 'dist/\n*.log\n',
    'dist/bundle.ts': 'export const gitignoredBundleMarker = 1;\n',
    'debug.log': 'gitignoredLogMarker\n',
    'node_modules/lib/index.js': 'module.exports = "dependencyMarker";\n',
    'img/logo.png': new Uint8Array([137, 80, 78, 71, 0, 0, 0]),
    'data/blob.ts': new Uint8Array([101, 120, 0, 112, 111]),
    'web/app.min.js': 'var minifiedMarker=1;',
    'web/bundle.js': `var generatedMarker=1;${'a=1;'.repeat(3000)}`,
    'big/huge.ts': `export const oversizedMarker = 1;\n${'// padding\n'.repeat(200_000)}`,
  });
}

test('a search finds the chunk that answers, with its path, line range and language', async () => {
  const ix = await ready(indexer(workspace()));
  const [hit] = await ix.search('how many attempts does retry make', 5);
  assert.equal(hit.path, 'src/retry.ts');
  assert.equal(hit.startLine, 1);
  assert.equal(hit.endLine, 5, 'the blank line at the end is in no chunk');
  assert.equal(hit.language, 'typescript');
  assert.match(hit.text, /export function retry/);
  assert.deepEqual(ix.status(), { state: 'ready', indexed: ix.stats().files, total: ix.stats().files, message: undefined });
});

test('excluded files are never read; .gitignored, dependency, binary, minified and oversized files are never in a hit', async () => {
  const ws = workspace();
  // secrets/** is a default of gearshift.exclude; .env a built-in pattern that applies whatever the setting says.
  const ix = await ready(indexer(ws, { excludeGlobs: () => [...defaultSettings().exclude, 'private/**'] }));
  for (const never of ['.env', 'secrets/keys.ts', 'private/notes.ts', 'dist/bundle.ts', 'debug.log', 'node_modules/lib/index.js']) {
    assert.ok(!ws.reads.includes(never), `${never} was read`);
  }
  assert.ok(!ws.reads.includes('img/logo.png') && !ws.reads.includes('web/app.min.js') && !ws.reads.includes('big/huge.ts'));
  const markers = [
    'hunter2',
    'masterKeyEnvelope',
    'confidentialRoadmap',
    'gitignoredBundleMarker',
    'gitignoredLogMarker',
    'dependencyMarker',
    'minifiedMarker',
    'generatedMarker',
    'oversizedMarker',
  ];
  for (const m of markers) {
    for (const h of await ix.search(m, 50)) assert.ok(!h.text.includes(m), `${m} found in ${h.path}`);
  }
  assert.deepEqual(
    ix.stats().files,
    ['src/retry.ts', 'src/delay.ts', 'src/config.ts', 'data/blob.ts', 'web/bundle.js', '.gitignore'].length,
    'binary and minified files are remembered (empty) so they are not read again',
  );
});

test('secrets are redacted in the index: no hit holds one, and it is not searchable', async () => {
  const ix = await ready(indexer(workspace()));
  const hits = await ix.search('token retriesAllowed', 5);
  assert.equal(hits[0].path, 'src/config.ts');
  assert.ok(!hits[0].text.includes(SECRET));
  assert.match(hits[0].text, /«redacted:/);
  assert.deepEqual(await ix.search(SECRET, 5), []);
});

test('incremental: a changed file is re-read alone, a new file is found, a deleted file or folder is gone', async () => {
  const ws = workspace();
  const ix = await ready(indexer(ws));
  ws.reads.length = 0;
  ws.write('src/delay.ts', 'export function delay(ms: number) {\n  return scheduleWithBackoff(ms);\n}\n');
  ix.fileChanged('src/delay.ts');
  ws.write('src/backoff/exponential.ts', 'export function exponentialBackoff(n: number) { return 2 ** n; }\n');
  ix.fileChanged('src/backoff/exponential.ts');
  ix.fileChanged('src/retry.ts'); // unchanged: its stamp matches, it is not read again
  await ix.whenIdle();
  assert.deepEqual(ws.reads.sort(), ['src/backoff/exponential.ts', 'src/delay.ts']);
  assert.equal((await paths(ix, 'scheduleWithBackoff'))[0], 'src/delay.ts');
  assert.deepEqual(await paths(ix, 'setTimeout'), []);
  assert.equal((await paths(ix, 'exponentialBackoff'))[0], 'src/backoff/exponential.ts');
  ws.delete('src/retry.ts');
  ix.fileDeleted('src/retry.ts');
  ws.delete('src/backoff/exponential.ts');
  ix.fileDeleted('src/backoff');
  await ix.whenIdle();
  assert.ok(!(await paths(ix, 'retry attempts')).includes('src/retry.ts'));
  assert.ok(!(await paths(ix, 'exponentialBackoff')).includes('src/backoff/exponential.ts'));
  assert.ok((await paths(ix, 'scheduleWithBackoff')).includes('src/delay.ts'), 'the rest stays');
});

test('a file that becomes excluded or gitignored leaves the index on change, without being read', async () => {
  const ws = workspace();
  let globs: string[] = [];
  const ix = await ready(indexer(ws, { excludeGlobs: () => [...defaultSettings().exclude, ...globs] }));
  globs = ['src/delay.ts'];
  ws.reads.length = 0;
  ws.write('src/delay.ts', 'export const changedAfterExclusion = 1;\n');
  ix.fileChanged('src/delay.ts');
  await ix.whenIdle();
  assert.deepEqual(ws.reads, []);
  assert.ok(!(await paths(ix, 'delay setTimeout changedAfterExclusion')).includes('src/delay.ts'));
  ws.write('.gitignore', 'src/retry.ts\n');
  ix.rescan();
  await ix.whenIdle();
  assert.ok(!(await paths(ix, 'retry attempts')).includes('src/retry.ts'));
});

test('the file cap: files past it (by path) are left out, and the status says how many', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 10; i++) files[`f${i}.ts`] = `export const value${i} = ${i};\n`;
  const ix = await ready(indexer(new MemoryWorkspace(files), { codebase: { maxFiles: 4 } }));
  assert.equal(ix.stats().files, 4);
  assert.equal(ix.status().message, '6 files over the 4-file cap were left out');
  assert.ok(!(await paths(ix, 'value9')).includes('f9.ts'));
  assert.equal((await paths(ix, 'value0'))[0], 'f0.ts');
});

test('off: nothing is read or found, and the status says why', async () => {
  const ws = workspace();
  const ix = await ready(indexer(ws, { codebase: { enabled: false } }));
  assert.deepEqual(ws.reads, []);
  assert.equal(ix.status().state, 'off');
  assert.match(ix.status().message!, /gearshift\.codebase\.enabled/);
  assert.deepEqual(await ix.search('retry', 5), []);
});

test('unavailable (no folder, a virtual workspace): nothing is read, the status says why, and it comes back when available', async () => {
  const ws = workspace();
  let why: string | undefined = 'The codebase index is not built in a virtual workspace.';
  const ix = await ready(indexer(ws, { unavailable: () => why }));
  assert.deepEqual(ws.reads, []);
  assert.deepEqual(ix.status(), { state: 'off', indexed: 0, total: 0, message: why });
  why = undefined;
  ix.rescan();
  await ix.whenIdle();
  assert.equal(ix.status().state, 'ready');
  assert.equal((await paths(ix, 'retry attempts'))[0], 'src/retry.ts');
});

test('symbols from the editor lift the chunk that declares a symbol matching the question', async () => {
  const files: Record<string, string> = {};
  files['a/caller.ts'] = 'import { parseHeader } from "../b";\nexport const x = parseHeader(raw) + parseHeader(raw2);\n';
  files['b/impl.ts'] =
    'const helper = 1;\n// parses the first line of a message\nconst impl = (s) => s.split(":");\nexport { impl as parseHeader };\n';
  const ws = new MemoryWorkspace(files);
  const ix = await ready(indexer(ws));
  assert.equal((await ix.search('parseHeader', 5))[0].path, 'a/caller.ts');
  ws.symbolHints = [
    { name: 'parseHeader', path: 'b/impl.ts', line: 4 },
    { name: 'unrelatedThing', path: 'a/caller.ts', line: 1 },
  ];
  assert.equal((await ix.search('parseHeader', 5))[0].path, 'b/impl.ts');
});

test("a search waits for the editor's symbols only so long, and a failing symbol provider is ignored", async () => {
  const ws = workspace();
  const ix = await ready(indexer(ws, { symbolTimeoutMs: 20 }));
  ws.symbols = () => new Promise(() => undefined);
  assert.equal((await ix.search('retry attempts', 5))[0].path, 'src/retry.ts');
  ws.symbols = () => Promise.reject(new Error('provider crashed'));
  assert.equal((await ix.search('retry attempts', 5))[0].path, 'src/retry.ts');
});

test('saved and read back: the same answers, and unchanged files are not read again', async () => {
  const ws = workspace();
  const store = new MemoryStore();
  const first = await ready(indexer(ws, { store }));
  assert.equal(store.writes, 1);
  assert.ok(store.data!.startsWith(CodebaseIndex.header()));
  const strip = (hits: { path: string; startLine: number; endLine: number; text: string }[]) =>
    hits.map(({ path, startLine, endLine, text }) => ({ path, startLine, endLine, text }));
  const before = strip(await first.search('retry attempts', 5));
  first.dispose();
  ws.reads.length = 0;
  ws.write('src/delay.ts', 'export const changedWhileClosed = 1;\n');
  const second = await ready(indexer(ws, { store }));
  assert.deepEqual(ws.reads, ['src/delay.ts']);
  assert.deepEqual(strip(await second.search('retry attempts', 5)), before);
  assert.equal((await paths(second, 'changedWhileClosed'))[0], 'src/delay.ts');
});

const DAMAGED: [string, (saved: string) => string][] = [
  ['not an index at all', () => 'hello\nworld\n'],
  ['an older format version', (s) => s.replace(`"version":${INDEX_FORMAT_VERSION}`, '"version":1')],
  ['cut short mid-line', (s) => s.slice(0, Math.floor(s.length * 0.6))],
  ['a line of the wrong shape', (s) => s.replace(/\n\[/, '\n[1,2,3]\n[')],
  ['binary garbage', () => '\u0000\uffff{{{\n\u0001'],
  ['empty', () => ''],
];

for (const [name, damage] of DAMAGED) {
  test(`a saved index that is ${name} is ignored and rebuilt, never a crash`, async () => {
    const ws = workspace();
    const store = new MemoryStore();
    (await ready(indexer(ws, { store }))).dispose();
    store.data = damage(store.data!);
    const logs: string[] = [];
    const ix = await ready(indexer(ws, { store, log: (m) => logs.push(m) }));
    assert.equal(ix.status().state, 'ready');
    assert.equal((await paths(ix, 'retry attempts'))[0], 'src/retry.ts');
    assert.ok(store.data!.startsWith(CodebaseIndex.header()), 'the rebuilt index is saved');
    const reread = await ready(indexer(ws, { store }));
    assert.equal(reread.stats().files, ix.stats().files);
  });
}

test('the file store: written atomically, read back line by line; a missing file reads as nothing saved', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-codebase-'));
  try {
    const file = path.join(dir, 'sub', 'index.jsonl');
    const store = fileStore(file);
    assert.equal(await store.read(), undefined);
    const root = path.join(dir, 'ws');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'export function alphaBetaGamma() {}\n');
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=x\n');
    const settings = { enabled: true, maxFiles: 100, maxFileKb: 512 };
    const ix = new CodebaseIndexer({ source: folderSource(root), store, settings: () => settings, excludeGlobs: () => [] });
    await ready(ix);
    assert.deepEqual(await paths(ix, 'alphaBetaGamma'), ['src/a.ts']);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['index.jsonl'], 'no temporary file left');
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(!lines.join('\n').includes('SECRET'));
    const again = await ready(new CodebaseIndexer({ source: folderSource(root), store, settings: () => settings, excludeGlobs: () => [] }));
    assert.deepEqual(await paths(again, 'alphaBetaGamma'), ['src/a.ts']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rebuild reads every file again, even while a scan is under way', async () => {
  const ws = workspace();
  const ix = indexer(ws);
  ix.start();
  await ix.rebuild();
  ws.reads.length = 0;
  await ix.rebuild();
  assert.deepEqual([...new Set(ws.reads)].sort(), [
    '.gitignore',
    'data/blob.ts',
    'private/notes.ts',
    'src/config.ts',
    'src/delay.ts',
    'src/retry.ts',
    'web/bundle.js',
  ]);
  assert.equal(ix.status().state, 'ready');
});

test('indexing yields to the event loop between slices, and stops reading once disposed', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`m${i}.ts`] = `export function fn${i}() {\n  return ${i};\n}\n`.repeat(20);
  const ws = new MemoryWorkspace(files);
  const ix = indexer(ws, { sliceMs: 1 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  ix.start();
  await until(() => ws.reads.length > 0 && ticks > 3);
  assert.ok(ix.status().state === 'indexing' || ix.stats().files < 300, 'timers ran while the index was being built');
  ix.dispose();
  await ix.whenIdle();
  clearInterval(timer);
  const readAtDispose = ws.reads.length;
  await new Promise((r) => setImmediate(r));
  assert.equal(ws.reads.length, readAtDispose);
  assert.ok(readAtDispose < 300, `read ${readAtDispose} files`);
});
