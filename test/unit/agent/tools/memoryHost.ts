/**
 * An in-memory WorkspaceHost for the agent tools' tests: files and folders in a Map (POSIX paths), symlinks by
 * prefix, exclusions, symbols and problems as given, edits recorded, commands scripted.
 */
import * as path from 'node:path';
import { compileGlob } from '../../../../src/core/glob';
import type {
  AgentToolDeps,
  CommandAllowList,
  CommandRun,
  FileStat,
  Problem,
  RunCommandOptions,
  WorkspaceHost,
  WorkspaceRoot,
  WorkspaceSymbol,
} from '../../../../src/core/agent/tools/host';
import type { ApprovalAnswer, ApprovalRequest, Approver, ToolRunContext } from '../../../../src/core/agent/types';

export type CommandScript = (command: string, cwd: string, options: RunCommandOptions) => Promise<CommandRun>;

export class MemoryHost implements WorkspaceHost {
  rootList: WorkspaceRoot[];
  files = new Map<string, string>();
  /** Link path → target path (absolute). */
  links = new Map<string, string>();
  exclude: string[] = [];
  /** Globs the host itself hides from findFiles (files.exclude / search.exclude). */
  searchExclude: string[] = [];
  symbolList: WorkspaceSymbol[] = [];
  problemList: Problem[] = [];
  edits: { path: string; text: string; create: boolean }[] = [];
  failWrites = new Set<string>();
  commands: { command: string; cwd: string; options: RunCommandOptions }[] = [];
  script: CommandScript = async () => ({ output: '', exitCode: 0, timedOut: false, stopped: false, truncated: false });
  /** Called on every readFile (tests change files "while the user looks"). */
  onRead?: (abs: string) => void;

  constructor(files: Record<string, string> = {}, roots: WorkspaceRoot[] = [{ name: 'proj', path: '/ws/proj' }]) {
    this.rootList = roots;
    for (const [rel, text] of Object.entries(files)) this.files.set(path.posix.isAbsolute(rel) ? rel : path.join(roots[0].path, rel), text);
  }

  roots(): readonly WorkspaceRoot[] {
    return this.rootList;
  }

  excludeGlobs(): readonly string[] {
    return this.exclude;
  }

  /** Where a path leads after links (one level of link per prefix, applied until stable). */
  private follow(abs: string): string {
    for (let i = 0; i < 8; i++) {
      let changed = false;
      for (const [link, target] of this.links) {
        if (abs === link || abs.startsWith(`${link}/`)) {
          abs = target + abs.slice(link.length);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return abs;
  }

  private isDir(abs: string): boolean {
    if (this.rootList.some((r) => r.path === abs)) return true;
    for (const f of this.files.keys()) if (f.startsWith(`${abs}/`)) return true;
    return false;
  }

  async realPath(abs: string): Promise<string | undefined> {
    const real = this.follow(abs);
    return this.files.has(real) || this.isDir(real) ? real : undefined;
  }

  async stat(abs: string): Promise<FileStat | undefined> {
    const real = this.follow(abs);
    const text = this.files.get(real);
    if (text !== undefined) return { type: 'file', size: Buffer.byteLength(text) };
    return this.isDir(real) ? { type: 'directory', size: 0 } : undefined;
  }

  async readFile(abs: string): Promise<string | undefined> {
    this.onRead?.(abs);
    return this.files.get(this.follow(abs));
  }

  async findFiles(glob: string, maxResults: number): Promise<string[]> {
    const m = compileGlob(glob);
    const hidden = this.searchExclude.map((g) => compileGlob(g));
    const out: string[] = [];
    for (const abs of [...this.files.keys()].sort()) {
      for (const root of this.rootList) {
        if (!abs.startsWith(`${root.path}/`)) continue;
        const rel = abs.slice(root.path.length + 1);
        if (m(rel) && !hidden.some((h) => h(rel)) && out.length < maxResults) out.push(abs);
      }
    }
    // Links inside the workspace are listed under their link path.
    for (const [link, target] of this.links) {
      if (this.files.has(target) && this.rootList.some((r) => link.startsWith(`${r.path}/`))) {
        const root = this.rootList.find((r) => link.startsWith(`${r.path}/`))!;
        if (m(link.slice(root.path.length + 1)) && out.length < maxResults) out.push(link);
      }
    }
    return out;
  }

  async symbols(query: string): Promise<WorkspaceSymbol[]> {
    return this.symbolList.filter((s) => s.name.toLowerCase().includes(query.toLowerCase()));
  }

  async problems(abs?: string): Promise<Problem[]> {
    return abs === undefined ? this.problemList : this.problemList.filter((p) => p.path === abs);
  }

  async applyEdit(abs: string, newText: string, options: { create: boolean }): Promise<void> {
    if (this.failWrites.has(abs)) throw new Error('disk full');
    this.edits.push({ path: abs, text: newText, create: options.create });
    this.files.set(this.follow(abs), newText);
  }

  async runCommand(command: string, cwd: string, options: RunCommandOptions): Promise<CommandRun> {
    this.commands.push({ command, cwd, options });
    return this.script(command, cwd, options);
  }
}

export class MemoryAllowList implements CommandAllowList {
  constructor(public list: string[] = []) {}
  get(): readonly string[] {
    return this.list;
  }
  add(command: string): void {
    this.list.push(command);
  }
}

export function deps(host: MemoryHost, over: Partial<AgentToolDeps> = {}): AgentToolDeps {
  return {
    host,
    allowList: new MemoryAllowList(),
    trusted: true,
    commandLimits: () => ({ timeoutSeconds: 30, maxOutputKiB: 64 }),
    ...over,
  };
}

/** A run context whose approver answers with `answer` and records each request. */
export function context(
  answer: ApprovalAnswer | ((r: ApprovalRequest) => ApprovalAnswer | Promise<ApprovalAnswer>) = { kind: 'edit', accepted: [] },
  signal: AbortSignal = new AbortController().signal,
): ToolRunContext & { requests: ApprovalRequest[] } {
  const requests: ApprovalRequest[] = [];
  const approve: Approver = async (r) => {
    requests.push(r);
    return typeof answer === 'function' ? answer(r) : answer;
  };
  return { signal, taskId: 't1', approve, requests };
}

/** One row of a tool's table-driven test: the tool's input, the outcome and text it must give. */
export interface ToolCase {
  name: string;
  input: Record<string, unknown>;
  outcome: string;
  expect: RegExp;
  absent?: RegExp;
  setup?: (h: MemoryHost) => void;
}
