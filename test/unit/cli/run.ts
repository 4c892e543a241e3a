/** Runs the BUILT command line (dist/cli.js, made by `node esbuild.js`) as a child process. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Environment without the caller's real keys, debug switch or VS Code folders, and with a fresh empty home
 * folder: the CLI's default ledger (under the home's VS Code folder) is never the real one.
 */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/API_KEY|^AWS_|^GEARSHIFT_|^XDG_CONFIG_HOME$|^VSCODE_APPDATA$|^VSCODE_PORTABLE$|^APPDATA$/.test(k)) env[k] = v;
  }
  return { ...env, HOME: tmpDir(), ...extra };
}

/** Asynchronous, so fake servers in this process keep answering while the CLI runs. */
export function runCli(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'node esbuild.js' before these tests.`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? tmpDir(), env: cleanEnv(opts.env ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh empty folder (no .vscode/settings.json unless a test writes one). */
export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-cli-'));
}

/** Writes a file into a folder (creating sub-folders) and returns its path. */
export function writeFile(dir: string, name: string, text: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The lines of stdout parsed as JSON. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}
