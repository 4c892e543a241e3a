/**
 * Gearshift's own agent tools in VS Code's tool registry (vscode.lm.registerTool; declared in package.json
 * `contributes.languageModelTools`), so VS Code's own agent and other extensions can call them.
 *
 * propose_edits and run_command ask through VS Code's confirmation (prepareInvocation's confirmationMessages):
 * the diff summary and diffs, or the command. What the user confirmed is what runs: invoke accepts exactly the file
 * changes (or the command) shown, so a file that changed in between is not written. In Restricted Mode these two
 * refuse. Read-only tools run at once. Exclusions and redaction are the core tools' (every answer passes them).
 */
import { createHash, randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { PROPOSE_EDITS, RUN_COMMAND } from '../../core/agent/tools';
import type { CommandAllowList } from '../../core/agent/tools/host';
import type { AgentTool, ApprovalAnswer, ApprovalRequest, FileChange, ToolOutput } from '../../core/agent/types';
import { commandConfirmation, editConfirmation } from './confirmations';
import { displayName, vscodeToolName } from './toolContributions';

type Input = Record<string, unknown>;

/** What a confirmation showed, by the invocation's input, until invoke takes it. */
interface Shown {
  files?: Set<string>;
  command?: string;
  at: number;
}
const SHOWN_LIMIT = 32;
const SHOWN_TTL_MS = 30 * 60_000;

function changeKey(f: FileChange): string {
  return createHash('sha256')
    .update(JSON.stringify([f.path, f.before ?? null, f.after]))
    .digest('hex');
}

function inputKey(tool: string, input: unknown): string {
  return createHash('sha256')
    .update(`${tool}\u0000${JSON.stringify(input)}`)
    .digest('hex');
}

function signalFor(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

export interface LmToolsDeps {
  /** Gearshift's tools, all of them (trusted: the trust check is made here, per call). */
  tools: readonly AgentTool[];
  allowList: CommandAllowList;
  isTrusted(): boolean;
}

export class GearshiftLmTools {
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly deps: LmToolsDeps) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      ...this.deps.tools.map((tool) =>
        vscode.lm.registerTool<Input>(vscodeToolName(tool.definition.name), {
          prepareInvocation: (options, token) => this.prepare(tool, options.input ?? {}, token),
          invoke: (options, token) => this.invoke(tool, options.input ?? {}, token),
        }),
      ),
    );
  }

  /** One of Gearshift's tools by its core name (read_file, run_command…), whatever the workspace's trust. */
  tool(name: string): AgentTool | undefined {
    return this.deps.tools.find((t) => t.definition.name === name);
  }

  private refusedHere(tool: AgentTool): boolean {
    return !tool.readOnly && !this.deps.isTrusted();
  }

  private remember(key: string, entry: Omit<Shown, 'at'>): void {
    const now = Date.now();
    for (const [k, v] of this.shown) if (now - v.at > SHOWN_TTL_MS) this.shown.delete(k);
    this.shown.delete(key);
    this.shown.set(key, { ...entry, at: now });
    while (this.shown.size > SHOWN_LIMIT) this.shown.delete(this.shown.keys().next().value as string);
  }

  /** Side-effect free: reads files to compute the diff a confirmation shows, writes and runs nothing. */
  async prepare(tool: AgentTool, input: Input, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation> {
    const name = tool.definition.name;
    const invocationMessage = `${displayName(name)}…`;
    if (this.refusedHere(tool)) return { invocationMessage: `${displayName(name)}: not available in Restricted Mode` };
    const key = inputKey(name, input);
    if (name === RUN_COMMAND) {
      const command = typeof input.command === 'string' ? input.command.trim() : '';
      if (!command || this.deps.allowList.get().includes(command)) return { invocationMessage };
      this.remember(key, { command });
      const cwd = typeof input.cwd === 'string' ? input.cwd.trim() : '';
      const { title, message } = commandConfirmation(command, cwd === '.' ? '' : cwd);
      return { invocationMessage, confirmationMessages: { title, message: new vscode.MarkdownString(message) } };
    }
    if (name === PROPOSE_EDITS) {
      let request: ApprovalRequest | undefined;
      const s = signalFor(token);
      try {
        // A dry run: the approver records what would be asked and rejects it, so nothing is written.
        await tool.run(input, {
          signal: s.signal,
          taskId: `vscode-prepare-${randomUUID()}`,
          approve: (r) => {
            request = r;
            return Promise.resolve({ kind: 'edit', accepted: [] });
          },
        });
      } finally {
        s.dispose();
      }
      if (request?.kind !== 'edit') return { invocationMessage }; // The proposal is wrong: invoke says why.
      this.remember(key, { files: new Set(request.files.map(changeKey)) });
      const { title, message } = editConfirmation(request.files);
      return { invocationMessage, confirmationMessages: { title, message: new vscode.MarkdownString(message) } };
    }
    return { invocationMessage };
  }

  async invoke(tool: AgentTool, input: Input, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const out = await this.run(tool, input, token);
    return textResult(out.content);
  }

  /** Runs a tool for VS Code's agent: approvals are what the confirmation showed (nothing else is accepted). */
  async run(tool: AgentTool, input: Input, token: vscode.CancellationToken): Promise<ToolOutput> {
    const name = tool.definition.name;
    if (this.refusedHere(tool)) {
      return {
        content:
          `Refused: Gearshift's ${name} tool is not available in Restricted Mode (this workspace is not trusted). ` +
          'Only reading tools may be used here.',
        outcome: 'refused',
      };
    }
    const key = inputKey(name, input);
    const shown = this.shown.get(key);
    this.shown.delete(key);
    const approve = (r: ApprovalRequest): Promise<ApprovalAnswer> => {
      if (r.kind === 'edit')
        return Promise.resolve({ kind: 'edit', accepted: r.files.filter((f) => shown?.files?.has(changeKey(f))).map((f) => f.path) });
      return Promise.resolve({ kind: 'command', run: shown?.command !== undefined && shown.command === r.command });
    };
    const s = signalFor(token);
    try {
      return await tool.run(input, { signal: s.signal, taskId: `vscode-${randomUUID()}`, approve });
    } finally {
      s.dispose();
    }
  }
}
