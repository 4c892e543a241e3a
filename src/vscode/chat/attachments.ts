import * as path from 'path';
import * as vscode from 'vscode';
import { makeAttachment, type AttachResult } from '../../core/chat/attach';

/** The active editor's selection or whole file as an attachment (excluded files refused, secrets redacted). */
export function attachFromEditor(
  what: 'selection' | 'file',
  editor: vscode.TextEditor | undefined,
  excludeGlobs: readonly string[],
  id: string,
): AttachResult {
  if (!editor) return { ok: false, message: 'Open a file in the editor first, then attach its selection or the whole file.' };
  const doc = editor.document;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const displayPath = folder ? vscode.workspace.asRelativePath(doc.uri, false) : path.basename(doc.uri.path) || doc.uri.toString();
  const source = {
    path: doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path,
    workspaceRoot: folder?.uri.fsPath,
    displayPath,
    language: doc.languageId,
  };
  if (what === 'file') return makeAttachment({ ...source, text: doc.getText() }, excludeGlobs, id);
  const sel = editor.selection;
  if (sel.isEmpty) return { ok: false, message: 'Nothing is selected: select some code first, or attach the whole file.' };
  // A selection ending at column 0 of a line does not include that line.
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  return makeAttachment({ ...source, text: doc.getText(sel), lines: { start: sel.start.line + 1, end: endLine } }, excludeGlobs, id);
}
