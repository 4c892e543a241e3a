import * as vscode from 'vscode';
import type { TerminalCapture } from '../../../core/chat/mentions/sources';

/** Output kept per command, in characters (its end: where errors are). */
export const MAX_RECORDED_CHARS = 64_000;

interface Recorded {
  commandLine: string;
  /** Raw, as the terminal wrote it (escape sequences are removed when it is attached). */
  raw: string;
  exitCode?: number;
  cwd?: string;
}

/** Terminal escape sequences (colours, cursor moves, shell-integration marks) and bare carriage returns. */
const ESCAPES = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|\r(?!\n)/g;

export function plainOutput(raw: string): string {
  return raw.replace(ESCAPES, '').replace(/\r\n/g, '\n');
}

/**
 * @terminal: the last command of each terminal and its output (capped to its end), recorded through shell integration
 * from activation on, and the active terminal's selection when this VS Code exposes it.
 */
export class TerminalRecorder implements vscode.Disposable {
  private readonly last = new WeakMap<vscode.Terminal, Recorded>();
  private readonly running = new WeakMap<vscode.TerminalShellExecution, Recorded>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    const w = vscode.window as Partial<typeof vscode.window>;
    if (typeof w.onDidStartTerminalShellExecution !== 'function' || typeof w.onDidEndTerminalShellExecution !== 'function') return;
    this.disposables.push(
      w.onDidStartTerminalShellExecution((e) => void this.read(e.execution)),
      w.onDidEndTerminalShellExecution((e) => {
        const r = this.running.get(e.execution) ?? { commandLine: e.execution.commandLine.value, raw: '' };
        r.exitCode = e.exitCode;
        this.last.set(e.terminal, r);
      }),
      vscode.window.onDidCloseTerminal((t) => this.last.delete(t)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Reads one command's output as it comes (the read may finish after the end event: it fills the same record). */
  private async read(execution: vscode.TerminalShellExecution): Promise<void> {
    const r: Recorded = { commandLine: execution.commandLine.value, raw: '', cwd: execution.cwd?.fsPath };
    this.running.set(execution, r);
    try {
      for await (const chunk of execution.read()) {
        r.raw += chunk;
        if (r.raw.length > 2 * MAX_RECORDED_CHARS) r.raw = r.raw.slice(-MAX_RECORDED_CHARS);
      }
    } catch {
      // A terminal that goes away mid-command keeps what was read.
    }
    r.commandLine = execution.commandLine.value || r.commandLine;
  }

  /** Records a command as shell integration would (tests, and shells whose integration reports no output). */
  remember(terminal: vscode.Terminal, commandLine: string, output: string, exitCode?: number): void {
    this.last.set(terminal, { commandLine, raw: output, exitCode });
  }

  /** The active terminal's selection and last command, or undefined when no terminal is open. */
  capture(): TerminalCapture | undefined {
    const t = vscode.window.activeTerminal;
    if (!t) return undefined;
    const selection = (t as { selection?: unknown }).selection;
    const r = this.last.get(t);
    return {
      name: t.name,
      ...(typeof selection === 'string' && selection.trim() ? { selection } : {}),
      ...(r
        ? {
            command: {
              commandLine: r.commandLine,
              output: plainOutput(r.raw).slice(-MAX_RECORDED_CHARS),
              exitCode: r.exitCode,
              cwd: r.cwd,
            },
          }
        : {}),
    };
  }
}
