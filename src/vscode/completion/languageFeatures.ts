import * as vscode from 'vscode';
import type { CodeLocation, CodePosition, CodeRange, LanguageFeatures, OutlineSymbol } from '../../core/completion/languageFeatures';
import { abortable } from '../../core/completion/sources/definitions';
import { isExcluded } from '../../core/privacy/exclude';

/** Files larger than this are not read from disk for context (a generated bundle says little about the code). */
const MAX_READ_BYTES = 1_000_000;
const SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell']);

/** Workspace-relative path (as the engine's DocumentSnapshot.path); untitled buffers keep their name. */
export function pathOfUri(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

const toRange = (r: vscode.Range): CodeRange => ({
  start: { line: r.start.line, character: r.start.character },
  end: { line: r.end.line, character: r.end.character },
});

function toSymbols(found: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined): OutlineSymbol[] {
  if (!Array.isArray(found)) return [];
  return found.map((s) =>
    'location' in s
      ? { name: s.name, kind: vscode.SymbolKind[s.kind], range: toRange(s.location.range) }
      : { name: s.name, kind: vscode.SymbolKind[s.kind], range: toRange(s.range), children: toSymbols(s.children) },
  );
}

/**
 * LanguageFeatures over VS Code's own providers (vscode.executeDefinitionProvider, executeTypeDefinitionProvider,
 * executeDocumentSymbolProvider) and the open documents / workspace file system. An excluded file (gearshift.exclude
 * of its folder, and the built-in secret-file patterns) is never read, outlined or reported; definitions outside the
 * workspace (the language's own library files) are left out.
 */
export class VsCodeLanguageFeatures implements LanguageFeatures {
  constructor(private readonly excludeFor: (uri: vscode.Uri) => readonly string[]) {}

  definitions(path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    return this.locations('vscode.executeDefinitionProvider', path, at, signal);
  }

  typeDefinitions(path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    return this.locations('vscode.executeTypeDefinitionProvider', path, at, signal);
  }

  async documentSymbols(path: string, signal: AbortSignal): Promise<OutlineSymbol[]> {
    const uri = await this.uriOf(path);
    if (!uri || this.excluded(uri)) return [];
    const found = await abortable(
      vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        uri,
      ),
      signal,
    );
    return toSymbols(found);
  }

  async readText(path: string, signal: AbortSignal): Promise<string | undefined> {
    const uri = await this.uriOf(path);
    if (!uri || this.excluded(uri)) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    if (uri.scheme !== 'file') return undefined;
    try {
      const stat = await abortable(vscode.workspace.fs.stat(uri), signal);
      if (stat.type !== vscode.FileType.File || stat.size > MAX_READ_BYTES) return undefined;
      const bytes = await abortable(vscode.workspace.fs.readFile(uri), signal);
      return new TextDecoder().decode(bytes);
    } catch {
      return undefined;
    }
  }

  private excluded(uri: vscode.Uri): boolean {
    return isExcluded(pathOfUri(uri), this.excludeFor(uri), vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
  }

  private async locations(command: string, path: string, at: CodePosition, signal: AbortSignal): Promise<CodeLocation[]> {
    const uri = await this.uriOf(path);
    if (!uri || this.excluded(uri)) return [];
    const found = await abortable(
      vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>(
        command,
        uri,
        new vscode.Position(at.line, at.character),
      ),
      signal,
    );
    if (!Array.isArray(found)) return [];
    const out: CodeLocation[] = [];
    for (const l of found) {
      const target = 'targetUri' in l ? l.targetUri : l.uri;
      const range = 'targetUri' in l ? (l.targetSelectionRange ?? l.targetRange) : l.range;
      if (!SCHEMES.has(target.scheme)) continue;
      const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === target.toString());
      if (!open && !vscode.workspace.getWorkspaceFolder(target)) continue;
      if (this.excluded(target)) continue;
      out.push({ path: pathOfUri(target), range: toRange(range) });
    }
    return out;
  }

  /** The URI of an engine path: an open document's first, else the first workspace folder holding the file. */
  private async uriOf(path: string): Promise<vscode.Uri | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => SCHEMES.has(d.uri.scheme) && pathOfUri(d.uri) === path);
    if (open) return open.uri;
    if (/^(?:\/|[A-Za-z]:[\\/])/.test(path)) return vscode.Uri.file(path);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 1) return vscode.Uri.joinPath(folders[0].uri, path);
    for (const f of folders) {
      const uri = vscode.Uri.joinPath(f.uri, path);
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch {
        // Not in this folder.
      }
    }
    return undefined;
  }
}
