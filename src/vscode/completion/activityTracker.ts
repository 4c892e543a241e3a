import * as vscode from 'vscode';
import type { LineChange, RecentActivity } from '../../core/completion/sources/recentActivity';
import { isExcluded } from '../../core/privacy/exclude';
import { pathOfUri } from './languageFeatures';

const SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell']);
/** Lines around a selection that count as viewed. */
const AROUND_SELECTION = 8;

/**
 * Feeds a RecentActivity from the editor: every text change of a code document (its line ranges), the lines around
 * each selection and the editors' visible ranges. Excluded files are never recorded.
 */
export function trackActivity(activity: RecentActivity, excludeFor: (uri: vscode.Uri) => readonly string[]): vscode.Disposable {
  const skip = (uri: vscode.Uri): boolean =>
    !SCHEMES.has(uri.scheme) || isExcluded(pathOfUri(uri), excludeFor(uri), vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
  const now = (): number => performance.now();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length || skip(e.document.uri)) return;
      const changes: LineChange[] = e.contentChanges.map((c) => ({
        startLine: c.range.start.line,
        endLine: c.range.end.line,
        newLines: c.text.split('\n').length - 1,
      }));
      activity.noteEdit(pathOfUri(e.document.uri), changes, now());
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const uri = e.textEditor.document.uri;
      if (skip(uri)) return;
      const line = e.selections[0]?.active.line ?? 0;
      activity.noteView(pathOfUri(uri), Math.max(0, line - AROUND_SELECTION), line + AROUND_SELECTION, now());
    }),
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
      const uri = e.textEditor.document.uri;
      const r = e.visibleRanges[0];
      if (!r || skip(uri)) return;
      activity.noteView(pathOfUri(uri), r.start.line, r.end.line, now());
    }),
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => activity.forget(pathOfUri(f)))),
    vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => activity.forget(pathOfUri(f.oldUri)))),
  );
}
