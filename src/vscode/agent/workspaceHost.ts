/**
 * The WorkspaceHost (core/agent/tools/host.ts) over VS Code: files through open documents first and then
 * workspace.fs, file search through workspace.findFiles with files.exclude and search.exclude, symbols and
 * diagnostics from the language services, each edit as one WorkspaceEdit (one undoable step per file, saved after),
 * commands in a terminal with shell integration (terminalRunner.ts). Only folders on disk (file: URIs) are roots.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type {
  CommandRun,
  FileStat,
  Problem,
  RunCommandOptions,
  WorkspaceHost,
  WorkspaceRoot,
  WorkspaceSymbol,
} from '../../core/agent/tools/host';
import { combineExcludes, enabledPatterns, excludeMatcher, type ExcludeSetting } from './searchExcludes';
import type { TerminalRunner } from './terminalRunner';

const nocase = process.platform === 'win32' || process.platform === 'darwin';

/** Longest wait for a symbol provider (a language server still starting must not hold a task). */
const SYMBOLS_TIMEOUT_MS = 20_000;

function severity(s: vscode.DiagnosticSeverity): Problem['severity'] {
  switch (s) {
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    case vscode.DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}

function sameFile(a: string, b: string): boolean {
  return nocase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** `work`, or `fallback` when `signal` aborts or `ms` pass first; a timer never outlives the race. */
function withAbort<T>(work: Thenable<T>, signal: AbortSignal, fallback: T, ms?: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = (v: T): void => {
      cleanup();
      resolve(v);
    };
    const onAbort = (): void => finish(fallback);
    const timer = ms === undefined ? undefined : setTimeout(() => finish(fallback), ms);
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) return finish(fallback);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(finish, (e: unknown) => {
      cleanup();
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}

function tokenFor(signal: AbortSignal): { token: vscode.CancellationToken; dispose(): void } {
  const source = new vscode.CancellationTokenSource();
  const onAbort = (): void => source.cancel();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    token: source.token,
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    },
  };
}

/** How long a save may keep failing (VS Code refuses one while it is still taking in the file's change on disk). */
const SAVE_DEADLINE_MS = 5000;

/** Saves a document, trying again for a moment when VS Code declines; throws `failure` when it never saves. */
async function saveDocument(doc: vscode.TextDocument, failure: string): Promise<void> {
  const deadline = Date.now() + SAVE_DEADLINE_MS;
  for (let wait = 100; ; wait *= 2) {
    if ((await doc.save()) || !doc.isDirty) return;
    if (doc.isClosed || Date.now() + wait > deadline) break;
    await new Promise((r) => setTimeout(r, wait));
  }
  throw new Error(`${failure}${doc.isClosed ? ' (its document was closed)' : ''}.`);
}

export interface VsCodeWorkspaceHostDeps {
  /** The gearshift.exclude globs in force for a file (the settings' forResource(uri).exclude). */
  excludeGlobs(uri: vscode.Uri): readonly string[];
  terminal: TerminalRunner;
}

export class VsCodeWorkspaceHost implements WorkspaceHost {
  constructor(private readonly deps: VsCodeWorkspaceHostDeps) {}

  roots(): readonly WorkspaceRoot[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => ({ name: f.name, path: f.uri.fsPath }));
  }

  excludeGlobs(absPath: string): readonly string[] {
    return this.deps.excludeGlobs(vscode.Uri.file(absPath));
  }

  async realPath(absPath: string): Promise<string | undefined> {
    try {
      return await fs.promises.realpath(absPath);
    } catch {
      return undefined;
    }
  }

  /** The open document for a path, if any (its text may hold unsaved changes). */
  private openDocument(absPath: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && !d.isClosed && sameFile(d.uri.fsPath, absPath));
  }

  async stat(absPath: string): Promise<FileStat | undefined> {
    const doc = this.openDocument(absPath);
    if (doc?.isDirty) return { type: 'file', size: Buffer.byteLength(doc.getText()) };
    try {
      const st = await vscode.workspace.fs.stat(vscode.Uri.file(absPath));
      const type = st.type & vscode.FileType.Directory ? 'directory' : st.type & vscode.FileType.File ? 'file' : 'other';
      return { type, size: st.size };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      if (doc) return { type: 'file', size: Buffer.byteLength(doc.getText()) };
      throw e;
    }
  }

  async readFile(absPath: string): Promise<string | undefined> {
    const doc = this.openDocument(absPath);
    if (doc) return doc.getText();
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(absPath));
      return new TextDecoder('utf-8').decode(bytes);
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      throw e;
    }
  }

  async findFiles(glob: string, maxResults: number, signal: AbortSignal): Promise<string[]> {
    const found: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file' || signal.aborted || found.length >= maxResults) continue;
      const config = (section: string): ExcludeSetting =>
        vscode.workspace.getConfiguration(section, folder.uri).get<ExcludeSetting>('exclude');
      const { glob: exclude, separate } = combineExcludes(enabledPatterns(config('files'), config('search')));
      const excluded = excludeMatcher(separate, nocase);
      const cancel = tokenFor(signal);
      try {
        const uris = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, glob),
          // An explicit exclude replaces files.exclude: `exclude` holds both settings' patterns. null: none at all.
          exclude ?? null,
          maxResults - found.length,
          cancel.token,
        );
        for (const uri of uris) {
          const rel = nodePath.relative(folder.uri.fsPath, uri.fsPath).split(nodePath.sep).join('/');
          if (separate.length === 0 || !excluded(rel)) found.push(uri.fsPath);
        }
      } catch (e) {
        if (!signal.aborted) throw e;
      } finally {
        cancel.dispose();
      }
    }
    return found;
  }

  async symbols(query: string, signal: AbortSignal): Promise<WorkspaceSymbol[]> {
    const work = vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query);
    const found = (await withAbort(work, signal, undefined, SYMBOLS_TIMEOUT_MS)) ?? [];
    return found
      .filter((s) => s.location.uri.scheme === 'file')
      .map((s) => ({
        name: s.name,
        kind: (vscode.SymbolKind[s.kind] ?? 'symbol').toLowerCase(),
        ...(s.containerName ? { containerName: s.containerName } : {}),
        path: s.location.uri.fsPath,
        line: s.location.range.start.line + 1,
      }));
  }

  async problems(absPath?: string): Promise<Problem[]> {
    const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] =
      absPath === undefined
        ? vscode.languages.getDiagnostics()
        : [[vscode.Uri.file(absPath), vscode.languages.getDiagnostics(vscode.Uri.file(absPath))]];
    const out: Problem[] = [];
    for (const [uri, diagnostics] of entries) {
      if (uri.scheme !== 'file') continue;
      for (const d of diagnostics) {
        const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
        out.push({
          path: uri.fsPath,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          severity: severity(d.severity),
          message: d.message,
          ...(d.source ? { source: d.source } : {}),
          ...(code !== undefined && code !== '' ? { code: String(code) } : {}),
        });
      }
    }
    return out;
  }

  async applyEdit(absPath: string, newText: string, options: { create: boolean }): Promise<void> {
    const uri = vscode.Uri.file(absPath);
    const edit = new vscode.WorkspaceEdit();
    const label = `Gearshift agent: edit ${nodePath.basename(absPath)}`;
    if (options.create) {
      // Creating with contents is one step; folders on the way are created by the file service.
      edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(newText) }, { label, needsConfirmation: false });
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code could not create ${absPath} (does it exist already?).`);
      const doc = this.openDocument(absPath);
      if (doc?.isDirty) await saveDocument(doc, `${absPath} was created but could not be saved`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    edit.replace(uri, whole, newText, { label, needsConfirmation: false });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the edit to ${absPath}.`);
    await saveDocument(doc, `The edit to ${absPath} was applied but the file could not be saved`);
  }

  runCommand(command: string, cwd: string, options: RunCommandOptions): Promise<CommandRun> {
    return this.deps.terminal.run(command, cwd, options);
  }
}
