/** Bench rows of the foundation: activation time in the real VS Code (median of 5), bundle and VSIX size. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { BenchRow } from './types';
import { median } from './stats';

const repo = path.resolve(__dirname, '../../..');

interface Activation { activationMs: number; loadToActiveMs: number }

async function activation(): Promise<Activation> {
  const ud = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-bench-'));
  const out = path.join(ud, 'activation.json');
  const ws = path.join(repo, 'test/fixtures/sample');
  await runTests({
    vscodeExecutablePath: path.join(repo, 'test/harness/launcher.js'),
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out/test/bench/activation-probe.js'),
    launchArgs: [ws, `--user-data-dir=${ud}`, `--extensions-dir=${path.join(ud, 'extensions')}`],
    extensionTestsEnv: { GEARSHIFT_BENCH_OUT: out },
  });
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Activation;
}

export async function rows(): Promise<BenchRow[]> {
  execFileSync('bash', [path.join(repo, 'test/harness/install-vscode.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const runs: Activation[] = [];
  for (let i = 0; i < 5; i++) runs.push(await activation());
  const inside = median(runs.map((r) => r.activationMs));
  const sinceLoad = median(runs.map((r) => r.loadToActiveMs));
  const bundle = fs.statSync(path.join(repo, 'dist/extension.js')).size;
  const vsixPath = path.join(os.tmpdir(), `gearshift-bench-${process.pid}.vsix`);
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '-o', vsixPath], { cwd: repo, stdio: 'ignore' });
  const vsix = fs.statSync(vsixPath).size;
  fs.rmSync(vsixPath);
  return [
    { area: 'foundation', name: 'activate() in VS Code 1.139 (median of 5)', value: `${inside.toFixed(1)} ms`, target: '≤ 20 ms', ok: inside <= 20 },
    { area: 'foundation', name: 'bundle load → active, incl. VS Code set-up (median of 5)', value: `${sinceLoad.toFixed(1)} ms` },
    { area: 'foundation', name: 'extension bundle (dist/extension.js)', value: `${(bundle / 1024).toFixed(0)} KiB` },
    { area: 'foundation', name: 'VSIX size', value: `${(vsix / 1024).toFixed(0)} KiB` },
  ];
}
