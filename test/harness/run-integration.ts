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

const repo = path.resolve(__dirname, '../../..');

function prepareWorkspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-ws-'));
  fs.cpSync(path.join(repo, 'test/fixtures/workspace'), ws, { recursive: true });
  return ws;
}

async function main(): Promise<number> {
  execFileSync('bash', [path.join(repo, 'test/harness/install-vscode.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-ud-'));
  const workspace = prepareWorkspace();
  const grep = process.env.GEARSHIFT_GREP;
  try {
    await runTests({
      vscodeExecutablePath: path.join(repo, 'test/harness/launcher.js'),
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, 'out/test/integration/index.js'),
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${path.join(userDataDir, 'extensions')}`],
      extensionTestsEnv: { GEARSHIFT_WORKSPACE: workspace, GEARSHIFT_USER_DATA: userDataDir, ...(grep ? { GEARSHIFT_GREP: grep } : {}) },
    });
    return 0;
  } catch (err) {
    console.error(`integration tests failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
