import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { MentionFile, MentionHost, MentionSymbol, Read } from '../../../core/chat/mentions/picker';
import type { FileRef, ProblemFile, Severity } from '../../../core/chat/mentions/sources';
import { WorkspaceFiles } from './files';
import { gitDiff } from './git';
import { TerminalRecorder } from './terminal';

/** Longest wait for the workspace symbol provider while the picker is open (a language server may still be starting). */
const SYMBOLS_TIMEOUT_MS = 1500;

function severity(s: vscode.DiagnosticSeverity): Severity {
  return s === vscode.DiagnosticSeverity.Warning
    ? 'warning'
    : s === vscode.DiagnosticSeverity.Information
      ? 'info'
      : s === vscode.DiagnosticSeverity.Hint
        ? 'hint'
        : 'error';
}

function fileRef(uri: vscode.Uri): FileRef {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return {
    path: uri.fsPath,
    workspaceRoot: folder?.uri.fsPath,
    displayPath: folder
      ? vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1)
      : nodePath.basename(uri.fsPath),
  };
}

/** The files of the text editor tabs (every group), in tab order, each once. */
function openTabUris(): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
      if (uri && (uri.scheme === 'file' || uri.scheme === 'untitled')) seen.set(uri.toString(), uri);
    }
  }
  return [...seen.values()];
}

/** The @-picker's MentionHost over VS Code: files, symbols, diagnostics, terminals, Git and the open editors. */
export class VsMentionHost implements MentionHost, vscode.Disposable {
  readonly files_ = new WorkspaceFiles();
  readonly terminals = new TerminalRecorder();

  constructor(private readonly globs: (uri?: vscode.Uri) => string[]) {}

  dispose(): void {
    this.files_.dispose();
    this.terminals.dispose();
  }

  async files(): Promise<MentionFile[]> {
    const all = await this.files_.list();
    // Open editors first: with nothing typed yet, the picker offers them.
    const open = new Set(openTabUris().map((u) => u.toString()));
    return [...all.filter((f) => open.has(f.key)), ...all.filter((f) => !open.has(f.key))];
  }

  async symbols(query: string): Promise<MentionSymbol[]> {
    const work = vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query);
    const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), SYMBOLS_TIMEOUT_MS));
    const found = (await Promise.race([work, timeout])) ?? [];
    return found
      .filter((s) => s.location.uri.scheme === 'file')
      .map((s) => ({
        ...fileRef(s.location.uri),
        key: s.location.uri.toString(),
        name: s.name,
        kindName: (vscode.SymbolKind[s.kind] ?? 'symbol').toLowerCase(),
        ...(s.containerName ? { container: s.containerName } : {}),
        startLine: s.location.range.start.line + 1,
        endLine: s.location.range.end.line + 1,
      }));
  }

  async read(file: MentionFile, lines?: { start: number; end: number }): Promise<Read> {
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(file.key, true));
      if (!lines) return { text: doc.getText(), language: doc.languageId };
      const end = Math.min(lines.end, doc.lineCount);
      const range = new vscode.Range(lines.start - 1, 0, end - 1, doc.lineAt(end - 1).text.length);
      return { text: doc.getText(range), language: doc.languageId };
    } catch (e) {
      return { message: `${file.displayPath} could not be read: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  async problems(scope: 'file' | 'workspace'): Promise<ProblemFile[] | { message: string }> {
    let entries: [vscode.Uri, readonly vscode.Diagnostic[]][];
    if (scope === 'file') {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return { message: 'No file is active: open one for @problems, or pick @problems:workspace.' };
      entries = [[doc.uri, vscode.languages.getDiagnostics(doc.uri)]];
    } else entries = vscode.languages.getDiagnostics();
    return entries
      .filter(([uri]) => uri.scheme === 'file' || uri.scheme === 'untitled')
      .map(([uri, diags]) => ({
        ...fileRef(uri),
        problems: diags.map((d) => {
          const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
          return {
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            severity: severity(d.severity),
            message: d.message,
            ...(d.source ? { source: d.source } : {}),
            ...(code !== undefined && code !== '' ? { code: String(code) } : {}),
          };
        }),
      }));
  }

  async terminal() {
    return this.terminals.capture();
  }

  diff() {
    return gitDiff().catch((e: unknown) => ({ message: `Git could not give the diff: ${e instanceof Error ? e.message : String(e)}` }));
  }

  /** The text of every open editor tab (unsaved edits included; a tab not loaded since a reload is opened). */
  async editors(): Promise<(FileRef & { text: string; language?: string })[]> {
    const out: (FileRef & { text: string; language?: string })[] = [];
    for (const uri of openTabUris()) {
      try {
        const d = await vscode.workspace.openTextDocument(uri);
        out.push({ ...fileRef(d.uri), text: d.getText(), language: d.languageId });
      } catch {
        // A tab whose file is gone is skipped.
      }
    }
    return out;
  }

  excludeGlobs(path?: string): readonly string[] {
    return this.globs(path ? vscode.Uri.file(path) : undefined);
  }

  workspaceRoot(): string | undefined {
    return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  }
}
