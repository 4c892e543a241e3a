/**
 * Bench rows of the foundation, measured on what ships: the production build (`node esbuild.js --production`), packed
 * by vsce, and installed as the VSIX's files alone in a folder outside the repository (no node_modules within reach).
 * Activation in the real VS Code (median of 5), the bundle that loads at activation, the vendor files loaded on first
 * use (their sizes, and their load time in a fresh Node), and the VSIX.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { BenchRow } from './types';
import { median } from './stats';

const repo = path.resolve(__dirname, '../../..');
const ACTIVATION_BUNDLE_TARGET = 1024 * 1024;
const LOAD_TO_ACTIVE_TARGET_MS = 30;

interface Activation {
  activationMs: number;
  loadToActiveMs: number;
  /** Evaluating the bundle, first line to last (the rest of loadToActiveMs is VS Code's steps and activate()). */
  evaluateMs: number;
  /** dist/vendor files evaluated once activation and its follow-up work (availability check) were done. */
  vendorLoaded: string[];
}

async function activation(extensionDir: string): Promise<Activation> {
  const ud = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-bench-'));
  const out = path.join(ud, 'activation.json');
  const ws = path.join(repo, 'test/fixtures/sample');
  await runTests({
    vscodeExecutablePath: path.join(repo, 'test/harness/launcher.js'),
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: path.join(repo, 'out/test/bench/activation-probe.js'),
    launchArgs: [ws, `--user-data-dir=${ud}`, `--extensions-dir=${path.join(ud, 'extensions')}`],
    extensionTestsEnv: { GEARSHIFT_BENCH_OUT: out },
  });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Activation;
}

/** The VSIX's files (as `vsce ls` lists them) copied into a fresh folder: the extension as a user installs it. */
function installAsShipped(): string {
  const vsce = path.join(repo, 'node_modules/@vscode/vsce/vsce');
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repo, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-shipped-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(repo, f), path.join(dir, f));
  }
  return dir;
}

/** Milliseconds a fresh Node takes to require one file (median of 3): what the first use of a vendor file costs. */
function loadMs(file: string): number {
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  return median([0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))));
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export async function rows(): Promise<BenchRow[]> {
  execFileSync('bash', [path.join(repo, 'test/harness/install-vscode.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [path.join(repo, 'esbuild.js'), '--production'], { cwd: repo, stdio: 'ignore' });
  const shipped = installAsShipped();
  const runs: Activation[] = [];
  for (let i = 0; i < 5; i++) runs.push(await activation(shipped));
  const inside = median(runs.map((r) => r.activationMs));
  const sinceLoad = median(runs.map((r) => r.loadToActiveMs));
  const evaluate = median(runs.map((r) => r.evaluateMs));
  const between = median(runs.map((r) => r.loadToActiveMs - r.evaluateMs - r.activationMs));
  const eager = [...new Set(runs.flatMap((r) => r.vendorLoaded))];
  const bundle = fs.statSync(path.join(shipped, 'dist/extension.js')).size;
  const vendorDir = path.join(shipped, 'dist/vendor');
  const vendor = fs
    .readdirSync(vendorDir)
    .filter((f) => f.endsWith('.js'))
    .sort();
  const vsixPath = path.join(os.tmpdir(), `gearshift-bench-${process.pid}.vsix`);
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '-o', vsixPath], { cwd: repo, stdio: 'ignore' });
  const vsix = fs.statSync(vsixPath).size;
  fs.rmSync(vsixPath);
  fs.rmSync(shipped, { recursive: true, force: true });
  return [
    {
      area: 'foundation',
      name: 'activate() in VS Code 1.139, shipped build (median of 5)',
      value: `${inside.toFixed(1)} ms`,
      target: '≤ 20 ms',
      ok: inside <= 20,
    },
    {
      area: 'foundation',
      name: 'bundle load → active, incl. VS Code set-up (median of 5)',
      value: `${sinceLoad.toFixed(1)} ms`,
      target: `≤ ${LOAD_TO_ACTIVE_TARGET_MS} ms`,
      ok: sinceLoad <= LOAD_TO_ACTIVE_TARGET_MS,
    },
    { area: 'foundation', name: '  of which: evaluating dist/extension.js (median of 5)', value: `${evaluate.toFixed(1)} ms` },
    { area: 'foundation', name: '  of which: VS Code between load and activate() (median of 5)', value: `${between.toFixed(1)} ms` },
    {
      area: 'foundation',
      name: 'activation bundle (dist/extension.js, minified)',
      value: kib(bundle),
      target: '≤ 1 MiB',
      ok: bundle <= ACTIVATION_BUNDLE_TARGET,
    },
    {
      area: 'foundation',
      name: 'vendor files loaded by activation',
      value: eager.length ? eager.join(', ') : 'none',
      target: 'none',
      ok: eager.length === 0,
    },
    ...vendor.map((f): BenchRow => {
      const file = path.join(repo, 'dist/vendor', f);
      return {
        area: 'foundation',
        name: `lazy dist/vendor/${f}: size, first load (fresh Node)`,
        value: `${kib(fs.statSync(file).size)}, ${loadMs(file).toFixed(0)} ms`,
      };
    }),
    { area: 'foundation', name: 'VSIX size', value: kib(vsix) },
  ];
}
