/**
 * `npm run bench -- codebase`: the @codebase index.
 * - Quality on RxJS 7.8.2's sources (test/fixtures/rxjs): recall@1, recall@5 and MRR of the right file over the
 *   questions in codebaseQuestions.json; index time, size on disk, chunks, heap.
 * - Scale: a 10,000-file workspace made reproducibly in a temp folder (the fixture's files copied with deterministic
 *   variations), indexed as the extension does it: in the index's worker thread (dist/codebaseWorker.js) behind the
 *   host-side client, while the MAIN thread's event-loop delay is measured (perf_hooks.monitorEventLoopDelay); then
 *   the index saved and reopened, and searched through the worker, each with the main thread's longest stall.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { CodebaseWorkerClient } from '../../src/core/codebase/workerClient';
import { defaultSettings } from '../../src/core/settings/defaults';
import { FIXTURE, indexFixture, measureRecall } from './codebaseRecall';
import type { BenchRow } from './types';

const AREA = 'codebase';
const WORKSPACE_FILES = 10_000;
const STALL_TARGET_MS = 50;
const NOISE_PROBE_MS = 5000;
/** The worker as the extension ships it (`npm run bench` builds dist/ first); this file runs from out/test/bench. */
const WORKER_BUNDLE = path.join(__dirname, '..', '..', '..', 'dist', 'codebaseWorker.js');
const SEARCHES = [
  'how does retry reset its counter after a successful emission',
  'debounce time scheduler',
  'share replay buffer size refCount',
  'switchMap cancels the previous inner observable',
  'AsyncSubject emits the last value on complete',
];

const mb = (bytes: number): string => `${(bytes / (1 << 20)).toFixed(1)} MB`;
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

function fixtureFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p);
    }
  };
  walk(path.join(FIXTURE, 'src'));
  return out.sort();
}

/**
 * Writes `count` files under `root`: copy k of fixture file i goes to pkg<k>/<its path> with the names it exports
 * suffixed by k and a header line, so no two files are the same text (the same every run).
 */
export function makeWorkspace(root: string, count: number): void {
  const files = fixtureFiles();
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  for (let n = 0; n < count; n++) {
    const i = n % files.length;
    const k = Math.floor(n / files.length);
    const rel = path.relative(path.join(FIXTURE, 'src'), files[i]);
    const dest = path.join(root, `pkg${k}`, rel.replace(/\.ts$/, `${k}.ts`));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const text = texts[i].replace(/export (function|class|const|interface|type) (\w+)/g, `export $1 $2V${k}`);
    fs.writeFileSync(dest, `// variant ${k} of ${rel}\n${text}`);
  }
  fs.writeFileSync(path.join(root, '.gitignore'), 'dist/\n');
}

/** Runs `fn` while the event loop's delay is sampled every 5 ms; returns the longest stall in ms. */
async function withStallProbe<T>(fn: () => Promise<T>): Promise<{ out: T; stallMs: number; p99Ms: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  h.disable();
  return { out, stallMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, ms };
}

/** The heap in use after a full garbage collection (the bench exposes gc to itself). */
function heapUsed(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

export async function rows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-codebase-bench-'));
  const heap0 = heapUsed();
  const t0 = performance.now();
  const indexer = await indexFixture(FIXTURE, path.join(tmp, 'rxjs.idx'));
  const indexMs = performance.now() - t0;
  const heap = heapUsed() - heap0;
  const r = await measureRecall(indexer);
  const serialized = fs.statSync(path.join(tmp, 'rxjs.idx')).size;
  const { files, chunks } = indexer.stats();
  rows.push(
    {
      area: AREA,
      name: `RxJS 7.8.2 (${files} files, ${chunks} chunks): recall@5 of the right file, ${r.n} questions`,
      value: pct(r.at5),
      target: '≥ 80%',
      ok: r.at5 >= 0.8,
    },
    { area: AREA, name: 'RxJS: recall@1 / MRR', value: `${pct(r.at1)} / ${r.mrr.toFixed(2)}` },
    { area: AREA, name: 'RxJS: index time (read, redact, chunk, index)', value: `${indexMs.toFixed(0)} ms` },
    { area: AREA, name: 'RxJS: index size on disk (serialized) / heap after indexing', value: `${mb(serialized)} / ${mb(heap)}` },
  );
  for (const m of r.misses) process.stderr.write(`codebase: missed "${m.q}" (${m.file}); got ${m.got.join(', ')}\n`);

  const root = path.join(tmp, 'workspace');
  try {
    makeWorkspace(root, WORKSPACE_FILES);
    // The machine's own noise, with the same probe: an idle loop (woken late only when the machine is busy), and a
    // loop that works in 8 ms slices of busy CPU and yields between them, as the indexer does (on a loaded machine
    // the scheduler stretches every slice of work, whoever does it).
    const idle = await withStallProbe(() => new Promise((r) => setTimeout(r, NOISE_PROBE_MS)));
    const busy = await withStallProbe(async () => {
      const end = performance.now() + NOISE_PROBE_MS;
      while (performance.now() < end) {
        const sliceEnd = performance.now() + 8;
        while (performance.now() < sliceEnd);
        await new Promise((r) => setImmediate(r));
      }
    });
    rows.push({
      area: AREA,
      name: `noise floor, ${NOISE_PROBE_MS / 1000} s each: idle loop / 8 ms busy slices, longest, p99 (load ${os.loadavg()[0].toFixed(1)})`,
      value: `${idle.stallMs.toFixed(0)}, ${idle.p99Ms.toFixed(0)} / ${busy.stallMs.toFixed(0)}, ${busy.p99Ms.toFixed(0)} ms`,
    });
    const store = path.join(root, '.index', 'codebase.idx');
    const settings = { ...defaultSettings().codebase };
    const open = (): CodebaseWorkerClient =>
      new CodebaseWorkerClient({
        spawn: () => new Worker(WORKER_BUNDLE),
        config: () => ({ settings, folders: [{ prefix: '', fsPath: root, excludeGlobs: [] }], storeFile: store }),
        searchTimeoutMs: 60_000,
      });
    const big = open();
    const heapBefore = heapUsed();
    const cpu0 = process.cpuUsage();
    const build = await withStallProbe(async () => {
      big.start();
      await big.whenIdle();
    });
    const cpu = process.cpuUsage(cpu0);
    const mainHeap = heapUsed() - heapBefore;
    const bigStats = big.stats();
    rows.push(
      {
        area: AREA,
        name: `${WORKSPACE_FILES.toLocaleString('en-US')}-file workspace: index time in the worker thread (${bigStats.chunks} chunks)`,
        value:
          `${(build.ms / 1000).toFixed(1)} s, ${((bigStats.files / build.ms) * 1000).toFixed(0)} files/s ` +
          `(${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, both threads)`,
      },
      {
        area: AREA,
        name: `10k files: main thread's event-loop delay, worker indexing + saving: longest / p99 (load ${os.loadavg()[0].toFixed(1)})`,
        value: `${build.stallMs.toFixed(0)} / ${build.p99Ms.toFixed(0)} ms`,
        target: `≤ ${STALL_TARGET_MS} ms`,
        ok: build.stallMs <= STALL_TARGET_MS,
      },
      {
        area: AREA,
        name: '10k files: index on disk / worker heap in use (no forced GC) / main-thread heap growth',
        value: `${mb(fs.statSync(store).size)} / ${mb(bigStats.heapUsed)} / ${mb(mainHeap)}`,
      },
    );
    big.dispose();
    const again = open();
    const reload = await withStallProbe(async () => {
      again.start();
      await again.whenIdle();
    });
    rows.push({
      area: AREA,
      name: "10k files: reopening in the worker (load the saved index, check every file's stamp): time / main thread's longest / p99 delay",
      value: `${(reload.ms / 1000).toFixed(1)} s / ${reload.stallMs.toFixed(0)} / ${reload.p99Ms.toFixed(0)} ms`,
      target: `stall ≤ ${STALL_TARGET_MS} ms`,
      ok: reload.stallMs <= STALL_TARGET_MS && again.stats().files === bigStats.files,
    });
    const times: number[] = [];
    let hitCount = 0;
    const searched = await withStallProbe(async () => {
      for (const q of SEARCHES) {
        const q0 = performance.now();
        hitCount += (await again.search(q, 10)).length;
        times.push(performance.now() - q0);
      }
    });
    times.sort((a, b) => a - b);
    rows.push({
      area: AREA,
      name: `10k files: a search through the worker, ${SEARCHES.length} questions: median / slowest; main thread's longest delay`,
      value:
        `${times[Math.floor(times.length / 2)].toFixed(0)} / ${times[times.length - 1].toFixed(0)} ms (${hitCount} hits); ` +
        `${searched.stallMs.toFixed(0)} ms`,
    });
    again.dispose();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
