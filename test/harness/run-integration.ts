/**
 * Runs the integration tests inside the real VS Code 1.139.1 (see launcher.js) through
 * @vscode/test-electron's runTests, pointed at our launcher instead of a downloaded desktop build.
 * Installs the VS Code test build first when it is missing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ALL_TEST_KEYS } from '../integration/keys';

const repo = path.resolve(__dirname, '../../..');

function prepareWorkspace(fixture: string): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-ws-'));
  fs.cpSync(path.join(repo, 'test/fixtures', fixture), ws, { recursive: true });
  return ws;
}

/** Every file under `roots` (server logs, user and global storage, the ledger, screenshots) that holds a test key. */
function scanForKeys(roots: string[], keys: readonly string[]): { files: number; found: string[] } {
  let files = 0;
  const found: string[] = [];
  const walk = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if (path.basename(p) === 'extensions' || path.basename(p) === 'node_modules') return;
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
      return;
    }
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return;
    files++;
    const buf = fs.readFileSync(p);
    if (keys.some((k) => buf.includes(k) || buf.includes(Buffer.from(k, 'utf16le')))) found.push(p);
  };
  for (const r of roots) walk(r);
  return { files, found };
}

interface Suite {
  name: string;
  fixture: string;
  /** Workspace Trust on (Restricted Mode for the untrusted fixture). */
  trust?: boolean;
}

const SUITES: Suite[] = [
  { name: '', fixture: 'workspace' },
  { name: 'restricted', fixture: 'restricted', trust: true },
];

async function runSuite(suite: Suite, userDataDir: string): Promise<boolean> {
  const workspace = prepareWorkspace(suite.fixture);
  const grep = process.env.GEARSHIFT_GREP;
  console.log(`\nintegration suite: ${suite.name || 'main'} (workspace ${suite.fixture}${suite.trust ? ', Workspace Trust on' : ''})`);
  try {
    await runTests({
      vscodeExecutablePath: path.join(repo, 'test/harness/launcher.js'),
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, 'out/test/integration/index.js'),
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(userDataDir, 'extensions')}`,
        ...(suite.trust ? ['--enable-workspace-trust'] : []),
      ],
      extensionTestsEnv: {
        GEARSHIFT_WORKSPACE: workspace,
        GEARSHIFT_USER_DATA: userDataDir,
        ...(suite.name ? { GEARSHIFT_SUITE: suite.name } : {}),
        ...(grep ? { GEARSHIFT_GREP: grep } : {}),
      },
    });
    return true;
  } catch (err) {
    console.error(`integration suite ${suite.name || 'main'} failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

async function main(): Promise<number> {
  execFileSync('bash', [path.join(repo, 'test/harness/install-vscode.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const only = process.env.GEARSHIFT_SUITE;
  let ok = true;
  const dirs: string[] = [];
  for (const suite of SUITES) {
    if (only !== undefined && only !== suite.name) continue;
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-ud-'));
    dirs.push(userDataDir);
    ok = (await runSuite(suite, userDataDir)) && ok;
  }
  const counts = dirs
    .map(readCounts)
    .reduce((a, b) => ({ passes: a.passes + b.passes, failures: a.failures + b.failures }), { passes: 0, failures: 0 });
  const leaks = scanForKeys([...dirs, path.join(repo, 'test-results')], ALL_TEST_KEYS);
  console.log(
    `key-leak scan: ${leaks.files} files read (logs, settings, global storage incl. the ledger, workspace storage, ` +
      `screenshots); ${leaks.found.length} leaks`,
  );
  for (const f of leaks.found) console.error(`  test key found in ${f}`);
  const failed = counts.failures + (leaks.found.length > 0 ? 1 : 0) + (ok || counts.failures > 0 ? 0 : 1);
  console.log(`integration: ${counts.passes + (leaks.found.length === 0 ? 1 : 0)} passed, ${failed} failed`);
  return ok && leaks.found.length === 0 ? 0 : 1;
}

/** The pass/fail counts the extension host wrote for one suite (test/integration/index.ts). */
function readCounts(userDataDir: string): { passes: number; failures: number } {
  const file = path.join(userDataDir, 'results.jsonl');
  if (!fs.existsSync(file)) return { passes: 0, failures: 0 };
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { passes: number; failures: number })
    .reduce((a, b) => ({ passes: a.passes + b.passes, failures: a.failures + b.failures }), { passes: 0, failures: 0 });
}

void main().then((code) => process.exit(code));
