/**
 * Runs an approved command in a VS Code terminal named "Gearshift Agent" through its shell integration, so the
 * user sees it run: executeCommand, the output read from the execution's stream (capped as it arrives), the exit
 * code from onDidEndTerminalShellExecution. A timeout or Stop sends Ctrl-C and, when the command does not end
 * soon after, disposes the terminal. When shell integration does not come up within its deadline (or is turned
 * off), the command runs as a child process instead (processRunner.ts) and the output says so.
 *
 * Commands run one at a time (a terminal runs one command at a time); one terminal per working folder is reused
 * while its shell is still in that folder.
 */
import * as vscode from 'vscode';
import type { CommandRun, RunCommandOptions } from '../../core/agent/tools/host';
import type { Logger } from '../log';
import { OutputCapture } from './outputCapture';
import { AGENT_COMMAND_ENV, runProcess } from './processRunner';

export const AGENT_TERMINAL_NAME = 'Gearshift Agent';

export interface TerminalRunnerOptions {
  /**
   * How long to wait for a new terminal's shell integration before running without a terminal. Default 30 s (a
   * shell starts in about a second on an idle machine; 8–10 s were measured on a loaded 2-core one).
   */
  shellIntegrationWaitMs?: number;
  /** After Ctrl-C, how long the command has to end before its terminal is disposed. Default 3 s. */
  interruptGraceMs?: number;
  /** After the execution ends, how long to wait for the rest of its output stream. Default 2 s. */
  drainMs?: number;
}

/** Resolves when `event` fires with a value `pick` accepts, or with undefined at the deadline or on abort. */
function waitFor<E, T>(
  event: vscode.Event<E>,
  pick: (e: E) => T | undefined,
  ms: number,
  signal?: AbortSignal,
): { promise: Promise<T | undefined>; dispose(): void } {
  let done: (v: T | undefined) => void = () => {};
  const promise = new Promise<T | undefined>((resolve) => (done = resolve));
  const sub = event((e) => {
    const v = pick(e);
    if (v !== undefined) finish(v);
  });
  const timer = setTimeout(() => finish(undefined), ms);
  const onAbort = (): void => finish(undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  function finish(v: T | undefined): void {
    clearTimeout(timer);
    sub.dispose();
    signal?.removeEventListener('abort', onAbort);
    done(v);
  }
  return { promise, dispose: () => finish(undefined) };
}

function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export class TerminalRunner implements vscode.Disposable {
  private readonly terminals = new Map<string, vscode.Terminal>();
  /** Terminals whose shell integration did not start within the deadline. */
  private readonly waitedOut = new WeakSet<vscode.Terminal>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly waitMs: number;
  private readonly graceMs: number;
  private readonly drainMs: number;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly log: Logger,
    options: TerminalRunnerOptions = {},
  ) {
    this.waitMs = options.shellIntegrationWaitMs ?? 30_000;
    this.graceMs = options.interruptGraceMs ?? 3000;
    this.drainMs = options.drainMs ?? 2000;
    this.subscription = vscode.window.onDidCloseTerminal((t) => {
      for (const [cwd, known] of this.terminals) if (known === t) this.terminals.delete(cwd);
    });
  }

  /** Runs after every command queued before it has finished. */
  run(command: string, cwd: string, options: RunCommandOptions): Promise<CommandRun> {
    const next = this.queue.then(() => this.runNow(command, cwd, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(command: string, cwd: string, options: RunCommandOptions): Promise<CommandRun> {
    if (options.signal.aborted) return { output: '', timedOut: false, stopped: true, truncated: false };
    const enabled = vscode.workspace.getConfiguration('terminal.integrated').get<boolean>('shellIntegration.enabled', true);
    if (!enabled) {
      return runProcess(
        command,
        cwd,
        options,
        '[Terminal shell integration is turned off (terminal.integrated.shellIntegration.enabled), ' +
          'so the command ran without a terminal.]\n',
      );
    }
    const started = Date.now();
    const { terminal, integration } = await this.terminalFor(cwd, options.signal);
    if (options.signal.aborted) return { output: '', timedOut: false, stopped: true, truncated: false };
    if (!integration) {
      const seconds = Math.round(this.waitMs / 1000);
      this.log.warn(`agent: the terminal's shell integration did not start within ${seconds} s; running the command without a terminal`);
      const left = Math.max(1000, options.timeoutMs - (Date.now() - started));
      return runProcess(
        command,
        cwd,
        { ...options, timeoutMs: left },
        `[Terminal shell integration was not available within ${seconds} s, so the command ran without a terminal.]\n`,
      );
    }
    return this.execute(terminal, integration, command, options);
  }

  /**
   * A terminal in `cwd` with its shell integration, or without it when it did not start in time. A terminal whose
   * integration is late is kept: a later command uses it once its integration is there, and runs without a
   * terminal (at once, without waiting again) until then.
   */
  private async terminalFor(
    cwd: string,
    signal: AbortSignal,
  ): Promise<{ terminal: vscode.Terminal; integration?: vscode.TerminalShellIntegration }> {
    const known = this.terminals.get(cwd);
    if (known && known.exitStatus === undefined) {
      const integration = known.shellIntegration;
      const at = integration?.cwd?.fsPath;
      if (integration && (at === undefined || samePath(at, cwd))) return { terminal: known, integration };
      if (!integration && this.waitedOut.has(known)) return { terminal: known };
    }
    known?.dispose();
    this.terminals.delete(cwd);
    const terminal = vscode.window.createTerminal({
      name: AGENT_TERMINAL_NAME,
      cwd,
      env: { ...AGENT_COMMAND_ENV },
      iconPath: new vscode.ThemeIcon('gear'),
      isTransient: true,
    });
    this.terminals.set(cwd, terminal);
    terminal.show(true);
    if (terminal.shellIntegration) return { terminal, integration: terminal.shellIntegration };
    const wait = waitFor(
      vscode.window.onDidChangeTerminalShellIntegration,
      (e) => (e.terminal === terminal ? e.shellIntegration : undefined),
      this.waitMs,
      signal,
    );
    // It may have arrived between createTerminal and the subscription.
    if (terminal.shellIntegration) wait.dispose();
    const integration = (await wait.promise) ?? terminal.shellIntegration;
    if (!integration && !signal.aborted) this.waitedOut.add(terminal);
    return { terminal, integration };
  }

  private async execute(
    terminal: vscode.Terminal,
    integration: vscode.TerminalShellIntegration,
    command: string,
    options: RunCommandOptions,
  ): Promise<CommandRun> {
    const capture = new OutputCapture(options.maxOutputBytes);
    let timedOut = false;
    let stopped = false;
    let exitCode: number | undefined;
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const execution = integration.executeCommand(command);
    const subs = [
      vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution !== execution) return;
        exitCode = e.exitCode;
        ended();
      }),
      vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) ended();
      }),
    ];
    // Read from the start: the stream only yields what arrives after read() is called.
    const reading = (async () => {
      for await (const chunk of execution.read()) capture.append(chunk);
    })().catch((e: unknown) => this.log.debug(`agent: terminal output stream ended: ${String(e)}`));

    const interrupt = async (why: 'timeout' | 'stop'): Promise<void> => {
      if (timedOut || stopped) return;
      if (why === 'timeout') timedOut = true;
      else stopped = true;
      terminal.sendText('\u0003', false);
      const gone = await Promise.race([end.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), this.graceMs))]);
      if (!gone) {
        this.log.info(`agent: the command did not end after Ctrl-C; closing its terminal`);
        for (const [cwd, t] of this.terminals) if (t === terminal) this.terminals.delete(cwd);
        terminal.dispose();
        ended();
      }
    };
    const timer = setTimeout(() => void interrupt('timeout'), options.timeoutMs);
    const onAbort = (): void => void interrupt('stop');
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
    try {
      await end;
      // The stream ends with the execution; give it a moment to hand over what is left.
      await Promise.race([reading, new Promise((r) => setTimeout(r, this.drainMs))]);
    } finally {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      for (const s of subs) s.dispose();
    }
    const { text, truncated } = capture.result(options.maxOutputBytes);
    return { output: text, exitCode: timedOut || stopped ? undefined : exitCode, timedOut, stopped, truncated };
  }

  dispose(): void {
    this.subscription.dispose();
    for (const t of this.terminals.values()) t.dispose();
    this.terminals.clear();
  }
}
