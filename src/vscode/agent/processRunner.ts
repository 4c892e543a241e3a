/**
 * Runs a command line as a child process of the extension host, in the platform's shell: the fallback for when a
 * terminal's shell integration is not available. Same limits as the terminal: a timeout, Stop (the abort signal)
 * and an output cap; the whole process tree is ended (its process group on POSIX, taskkill /T on Windows).
 * Plain Node (no `vscode`), unit-tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandRun, RunCommandOptions } from '../../core/agent/tools/host';
import { OutputCapture } from './outputCapture';

/** Environment for commands an agent runs: no pager or prompt that would wait for a keypress forever. */
export const AGENT_COMMAND_ENV: Readonly<Record<string, string>> = {
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
};

/** How long a process may take to exit after being asked to (SIGTERM) before it is killed (SIGKILL). */
const KILL_GRACE_MS = 2000;
/** After the process exits, how long to wait for the rest of its output (a child it left may hold the pipes). */
const DRAIN_MS = 500;

function endTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => {});
    } else {
      process.kill(-child.pid, signal);
    }
  } catch {
    // Already gone.
  }
}

/**
 * Runs `command` in `cwd`; resolves when it ends, times out or is stopped. Rejects only when it could not be started.
 * `note` (when given) is put before the output, e.g. to say why no terminal was used.
 */
export function runProcess(command: string, cwd: string, options: RunCommandOptions, note = ''): Promise<CommandRun> {
  const capture = new OutputCapture(options.maxOutputBytes);
  if (note) capture.append(note);
  if (options.signal.aborted) {
    return Promise.resolve({ output: note, timedOut: false, stopped: true, truncated: false });
  }
  return new Promise<CommandRun>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, {
        cwd,
        shell: true,
        detached: process.platform !== 'win32',
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...AGENT_COMMAND_ENV },
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    let timedOut = false;
    let stopped = false;
    let settled = false;
    let exitCode: number | undefined;
    const timers: NodeJS.Timeout[] = [];
    const end = (why: 'timeout' | 'stop'): void => {
      if (settled || timedOut || stopped) return;
      if (why === 'timeout') timedOut = true;
      else stopped = true;
      endTree(child, 'SIGTERM');
      timers.push(setTimeout(() => endTree(child, 'SIGKILL'), KILL_GRACE_MS));
    };
    const onAbort = (): void => end('stop');
    options.signal.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => end('timeout'), options.timeoutMs));
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      options.signal.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      const { text, truncated } = capture.result(options.maxOutputBytes);
      resolve({ output: text, exitCode: timedOut || stopped ? undefined : exitCode, timedOut, stopped, truncated });
    };
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => capture.append(chunk));
    }
    child.on('error', (err) => {
      if (settled) return;
      if (child.pid === undefined) {
        settled = true;
        for (const t of timers) clearTimeout(t);
        options.signal.removeEventListener('abort', onAbort);
        reject(new Error(`could not start the shell: ${err.message}`));
      }
    });
    child.on('exit', (code) => {
      exitCode = code ?? undefined;
      // A child it left running may keep the pipes open: wait only briefly for the rest of the output.
      timers.push(setTimeout(finish, DRAIN_MS));
    });
    child.on('close', finish);
  });
}
