/**
 * The codebase index behind its worker thread, as the extension host holds it: searches answered through the worker
 * (symbols passed from the host; excluded and .gitignored files never in a hit), a search while the worker indexes
 * answers from what is indexed so far, a worker that crashes is restarted and the status says why (no unhandled
 * rejection), and dispose terminates the worker.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { CodebaseStatus } from '../../../src/core/codebase/types';
import { CodebaseWorkerClient, type WorkerClientOptions } from '../../../src/core/codebase/workerClient';
import type { WorkerConfig } from '../../../src/core/codebase/workerProtocol';
import { defaultSettings } from '../../../src/core/settings/defaults';
import { until } from './memorySource';

/** The compiled worker entry (out/src/core/codebase/worker.js). */
const WORKER = path.join(__dirname, '../../../src/core/codebase/worker.js');
const tmpDirs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);
process.on('unhandledRejection', onUnhandled);
after(() => {
  process.off('unhandledRejection', onUnhandled);
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-codebase-worker-'));
  tmpDirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function config(root: string, over: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    settings: { enabled: true, maxFiles: 20_000, maxFileKb: 512 },
    folders: [{ prefix: '', fsPath: root, excludeGlobs: [...defaultSettings().exclude, 'private/**'] }],
    sliceMs: 2,
    ...over,
  };
}

function client(root: string, over: Partial<WorkerClientOptions> = {}): { c: CodebaseWorkerClient; statuses: CodebaseStatus[] } {
  const statuses: CodebaseStatus[] = [];
  const c = new CodebaseWorkerClient({
    spawn: () => new Worker(WORKER),
    config: () => config(root),
    restartDelayMs: 10,
    onStatus: (s) => statuses.push(s),
    ...over,
  });
  return { c, statuses };
}

const SMALL = {
  'src/retry.ts': 'export function retry(count: number) {\n  let attempts = 0;\n  return attempts < count;\n}\n',
  'src/delay.ts': 'export function delay(ms: number) {\n  return new Promise((r) => setTimeout(r, ms));\n}\n',
  'private/notes.ts': 'export const confidentialRoadmap = 1;\n',
  '.env': 'PASSWORD_ENV_FILE=hunter2\n',
  '.gitignore': 'dist/\n',
  'dist/bundle.ts': 'export const gitignoredBundleMarker = 1;\n',
};

test('through the worker: a search finds the chunk, excluded and .gitignored files are never hits, symbols from the host', async () => {
  const root = folder(SMALL);
  let asked = '';
  const { c } = client(root, {
    symbols: async (q) => {
      asked = q;
      return [];
    },
  });
  try {
    c.start();
    await c.whenIdle();
    assert.equal(c.status().state, 'ready');
    const hits = await c.search('retry attempts count', 5);
    assert.equal(hits[0]?.path, 'src/retry.ts');
    assert.deepEqual([hits[0].startLine, hits[0].language], [1, 'typescript']);
    assert.equal(asked, 'retry attempts count');
    for (const q of ['confidentialRoadmap', 'PASSWORD_ENV_FILE hunter2', 'gitignoredBundleMarker']) {
      const found = (await c.search(q, 5)).map((h) => h.path);
      assert.ok(!found.some((p) => p === '.env' || p.startsWith('private/') || p.startsWith('dist/')), `${q}: ${found.join(', ')}`);
    }
    assert.equal(c.stats().files, 3); // src/retry.ts, src/delay.ts, .gitignore
  } finally {
    c.dispose();
  }
});

test('a search while the worker indexes answers from what is indexed so far', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) {
    files[`src/m${i}.ts`] = `// zebracorn module ${i}\nexport const value${i} = ${i};\n${'// filler\n'.repeat(40)}`;
  }
  const root = folder(files);
  const { c } = client(root);
  try {
    c.start();
    let partial: number | undefined;
    await until(async () => {
      const hits = await c.search('zebracorn', 10);
      const s = c.status();
      if (s.state === 'indexing' && hits.length > 0) partial = s.indexed;
      assert.ok(s.state === 'indexing' || partial !== undefined, 'the index was complete before any search found a partial index');
      return partial !== undefined;
    }, 60_000);
    assert.ok(partial !== undefined && partial < 3000);
    await c.whenIdle();
    assert.equal(c.status().indexed, 3000);
  } finally {
    c.dispose();
  }
});

test('a worker that crashes is restarted: the search in flight answers nothing, the status says why, then it works again', async () => {
  const root = folder(SMALL);
  let spawned = 0;
  const { c, statuses } = client(root, {
    spawn: () => {
      spawned++;
      // The first worker dies on the first search; the second throws as it starts; the third is the real one.
      if (spawned === 1) {
        const code = "require('node:worker_threads').parentPort.on('message', (m) => { if (m.kind === 'search') process.exit(7); });";
        return new Worker(code, { eval: true });
      }
      if (spawned === 2) return new Worker("throw new Error('boom at start')", { eval: true });
      return new Worker(WORKER);
    },
  });
  try {
    c.start();
    assert.deepEqual(await c.search('retry', 5), []);
    await until(() => statuses.some((s) => s.state === 'error' && /exited with code 7/.test(s.message ?? '')));
    await until(() => statuses.some((s) => s.state === 'error' && /boom at start/.test(s.message ?? '')), 10_000);
    await until(() => c.status().state === 'ready', 30_000);
    assert.equal(spawned, 3);
    assert.equal((await c.search('retry attempts count', 5))[0]?.path, 'src/retry.ts');
    assert.deepEqual(unhandled, []);
  } finally {
    c.dispose();
  }
});

test('a worker that keeps crashing is left stopped with a message; rebuild tries again', async () => {
  const root = folder(SMALL);
  let broken = true;
  const { c } = client(root, {
    maxRestarts: 2,
    restartDelayMs: 1,
    spawn: () => (broken ? new Worker("throw new Error('always broken')", { eval: true }) : new Worker(WORKER)),
  });
  try {
    c.start();
    await until(() => /stopped after 2 restarts/.test(c.status().message ?? ''), 10_000);
    assert.equal(c.status().state, 'error');
    await c.whenIdle(); // released, not hanging
    broken = false;
    await c.rebuild();
    assert.equal(c.status().state, 'ready');
    assert.deepEqual(unhandled, []);
  } finally {
    c.dispose();
  }
});

test('dispose terminates the worker; afterwards searches answer nothing and nothing restarts it', async () => {
  const root = folder(SMALL);
  const workers: Worker[] = [];
  const { c, statuses } = client(root, {
    spawn: () => {
      const w = new Worker(WORKER);
      workers.push(w);
      return w;
    },
  });
  c.start();
  await c.whenIdle();
  let exited = false;
  workers[0].on('exit', () => (exited = true));
  const idle = c.whenIdle();
  c.dispose();
  await idle;
  await until(() => exited);
  const before = statuses.length;
  assert.deepEqual(await c.search('retry', 5), []);
  assert.equal(workers.length, 1);
  assert.equal(statuses.length, before);
  assert.ok(statuses.every((s) => s.state !== 'error'));
});
