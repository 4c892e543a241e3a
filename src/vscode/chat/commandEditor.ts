import * as path from 'path';
import * as vscode from 'vscode';
import type { CommandEditor } from '../../core/chat/session';
import { problemsAttachment, type Problem } from '../../core/chat/selectionProblems';
import { isExcluded } from '../../core/privacy/exclude';
import { attachFromEditor } from './attachments';

/** Read when used, not when the bundle loads (loading the extension evaluates nothing of vscode's enums). */
function severity(s: vscode.DiagnosticSeverity): Problem['severity'] {
  switch (s) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return 'hint';
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * Slash commands' view of the editor: the active (or last active) editor's selection, attached as "+ Selection" does,
 * and the diagnostics meeting it for /fix (the whole file's when nothing is selected). An excluded file gives neither.
 */
export function commandEditor(
  editor: () => vscode.TextEditor | undefined,
  excludeGlobs: (uri?: vscode.Uri) => readonly string[],
): CommandEditor {
  return {
    selection: (id) => {
      const e = editor();
      return attachFromEditor('selection', e, excludeGlobs(e?.document.uri), id);
    },
    problems: (id) => {
      const e = editor();
      if (!e) return { none: 'No editor is open, so /fix has no problems to attach.' };
      const doc = e.document;
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      const shown = folder ? vscode.workspace.asRelativePath(doc.uri, false) : path.basename(doc.uri.path);
      const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path;
      if (isExcluded(file, excludeGlobs(doc.uri), folder?.uri.fsPath)) {
        return { none: `${shown} is excluded from Gearshift, so its problems are not attached.` };
      }
      const sel = e.selection;
      const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
      const lines = sel.isEmpty ? undefined : { start: sel.start.line + 1, end: endLine };
      const problems: Problem[] = vscode.languages.getDiagnostics(doc.uri).map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        severity: severity(d.severity),
        message: d.message,
        source: d.source,
        code: codeOf(d),
      }));
      return problemsAttachment(shown, lines, problems, id);
    },
  };
}
