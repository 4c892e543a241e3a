/**
 * Loaded by VS Code as extensionTestsPath during `npm run bench`: reports how long Gearshift's activation took
 * (from the first line of its bundle to the end of activate()) into the file named by GEARSHIFT_BENCH_OUT.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../src/vscode/extension';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
  if (!ext) throw new Error('Gearshift is not installed');
  const api = await ext.activate();
  fs.writeFileSync(process.env.GEARSHIFT_BENCH_OUT as string, JSON.stringify({ activationMs: api.activationMs, loadToActiveMs: api.loadToActiveMs, vscode: vscode.version }));
}
