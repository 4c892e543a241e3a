/**
 * Entry point that VS Code's extension host loads (extensionTestsPath): runs every
 * out/test/integration/**\/*.test.js with mocha and resolves only when all pass.
 *
 * Two phases, for what must survive a window reload: phase 1 runs every test not tagged `@after-reload`, then (when
 * such tests exist) marks the run and reloads the window through the UI bridge; the reloaded window's extension
 * host loads this file again, sees the mark, and runs only the `@after-reload` tests. The exit code reported to the
 * launcher is that of the last phase, and phase 1 failing ends the run at once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ui } from './ui';

const AFTER_RELOAD = '@after-reload';

/**
 * The suite's test files: out/test/integration/*.test.js by default, or those of the folder named by
 * GEARSHIFT_SUITE (e.g. "restricted", run in a separate window with Workspace Trust on).
 */
function findTests(dir: string): string[] {
  const suite = process.env.GEARSHIFT_SUITE;
  const root = suite ? path.join(dir, suite) : dir;
  return fs.readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => path.join(root, e.name))
    .sort();
}

function mocha(grep: string | undefined, invert: boolean): Mocha {
  // Deadlines, not expectations: generous, because a loaded machine is slow, never wrong.
  const m = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec' });
  if (grep) m.grep(grep);
  if (invert) m.invert();
  for (const file of findTests(__dirname)) m.addFile(file);
  return m;
}

/** Runs the tests and appends their counts to results.jsonl in the run's user-data dir (the harness sums them). */
function runMocha(m: Mocha): Promise<{ failures: number; total: number }> {
  return new Promise((resolve) => {
    let passes = 0;
    const runner = m.run((failures) => {
      const dir = process.env.GEARSHIFT_USER_DATA;
      if (dir) fs.appendFileSync(path.join(dir, 'results.jsonl'), `${JSON.stringify({ passes, failures })}\n`);
      resolve({ failures, total: runner.total });
    });
    runner.on('pass', () => { passes++; });
  });
}

export async function run(): Promise<void> {
  const mark = path.join(process.env.GEARSHIFT_USER_DATA ?? '/tmp', 'gearshift-phase2');
  const userGrep = process.env.GEARSHIFT_GREP;
  if (fs.existsSync(mark)) {
    fs.rmSync(mark);
    console.log('integration: phase 2 (after window reload)');
    const { failures } = await runMocha(mocha(AFTER_RELOAD, false));
    console.log(`integration: ${failures === 0 ? 'all passed' : `${failures} failed`} (phase 2)`);
    if (failures > 0) throw new Error(`${failures} integration test(s) failed after reload`);
    return;
  }
  const { failures } = await runMocha(userGrep ? mocha(userGrep, false) : mocha(AFTER_RELOAD, true));
  console.log(`integration: ${failures === 0 ? 'all passed' : `${failures} failed`} (phase 1)`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  const hasPhase2 = !userGrep && findTests(__dirname).some((f) => fs.readFileSync(f, 'utf8').includes(AFTER_RELOAD));
  if (!hasPhase2) return;
  fs.writeFileSync(mark, new Date().toISOString());
  await ui.reload();
  // This extension host ends with the reload; the next one reports the result.
  await new Promise<void>(() => {});
}
