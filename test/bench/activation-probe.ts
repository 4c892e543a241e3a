/**
 * Loaded by VS Code as extensionTestsPath during `npm run bench`: reports how long Gearshift's activation took
 * (from the first line of its bundle to the end of activate()), and which of its lazily loaded vendor files
 * (dist/vendor/*.js) were evaluated by then or by the availability check that follows activation, into the file
 * named by GEARSHIFT_BENCH_OUT.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GearshiftApi } from '../../src/vscode/extension';

const vendorLoaded = () =>
  Object.keys(require.cache)
    .filter((k) => /[\\/]dist[\\/]vendor[\\/]/.test(k))
    .map((k) => path.basename(k));

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<GearshiftApi>('gearshift-dev.gearshift');
  if (!ext) throw new Error('Gearshift is not installed');
  const api = await ext.activate();
  const atActivation = vendorLoaded();
  // The bundle's banner and footer (esbuild.js): from its first line to its last, then VS Code's steps until activate().
  const marks = globalThis as { __gearshiftLoadStart?: number; __gearshiftLoadEnd?: number };
  const evaluateMs = (marks.__gearshiftLoadEnd ?? NaN) - (marks.__gearshiftLoadStart ?? NaN);
  await api.refreshAvailability();
  const loaded = [...new Set([...atActivation, ...vendorLoaded()])];
  fs.writeFileSync(
    process.env.GEARSHIFT_BENCH_OUT as string,
    JSON.stringify({
      activationMs: api.activationMs,
      loadToActiveMs: api.loadToActiveMs,
      evaluateMs,
      vendorLoaded: loaded,
      vscode: vscode.version,
    }),
  );
}
