import * as path from 'path';
import * as vscode from 'vscode';
import { proposeReplacement } from '../../core/chat/codeFiles';

const SCHEME = 'gearshift-proposal';

/**
 * "Apply" for a code block: shows a diff of the active file against the proposed version (a read-only
 * virtual document), then asks in a modal dialog; only an explicit "Apply" edits the file, through a
 * WorkspaceEdit (undoable), and only if the file did not change in the meantime.
 */
export class Proposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly registration: vscode.Disposable;
  private seq = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  async apply(editor: vscode.TextEditor, code: string): Promise<void> {
    const doc = editor.document;
    const sel = editor.selection;
    const range = sel.isEmpty
      ? new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length))
      : new vscode.Range(sel.start, sel.end);
    const original = doc.getText();
    const proposed = proposeReplacement(original, doc.offsetAt(range.start), doc.offsetAt(range.end), code);
    const name = path.basename(doc.uri.path) || 'untitled';
    if (proposed === original) {
      void vscode.window.showInformationMessage(`The code block is already what ${name} contains; nothing to apply.`);
      return;
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.seq}/${name}` });
    this.docs.set(uri.toString(), proposed);
    const version = doc.version;
    try {
      await vscode.commands.executeCommand('vscode.diff', doc.uri, uri, `${name} ↔ Gearshift proposal`, { preview: true });
      const what = sel.isEmpty
        ? `The whole of ${name} will be replaced by the code block.`
        : `Lines ${range.start.line + 1}–${range.end.line + 1} of ${name} will be replaced by the code block.`;
      const choice = await vscode.window.showInformationMessage(
        `Apply the proposed change to ${name}?`,
        { modal: true, detail: `${what} The diff shows the result. The edit can be undone.` },
        'Apply',
      );
      if (choice !== 'Apply') return;
      if (doc.isClosed || doc.version !== version) {
        void vscode.window.showWarningMessage(
          `${name} changed since the diff was shown, so nothing was applied. Use Apply again to see an up-to-date diff.`,
        );
        return;
      }
      const end = doc.positionAt(original.length);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), end), proposed);
      if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage(`Could not edit ${name} (is it read-only?).`);
    } finally {
      await closeDiff(uri);
      this.docs.delete(uri.toString());
    }
  }

  /**
   * Shows an agent's proposed change to one file in VS Code's diff editor: both sides are read-only virtual
   * documents holding exactly the texts the proposal was made from and to (the file itself is not touched).
   */
  async showChange(change: { path: string; before: string; after: string }): Promise<void> {
    const name = path.posix.basename(change.path) || 'file';
    const n = ++this.seq;
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${n}/before/${change.path}` });
    const right = vscode.Uri.from({ scheme: SCHEME, path: `/${n}/after/${change.path}` });
    this.docs.set(left.toString(), change.before);
    this.docs.set(right.toString(), change.after);
    // Keep the texts of the last few diffs only.
    for (const key of [...this.docs.keys()].slice(0, Math.max(0, this.docs.size - 40))) this.docs.delete(key);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${name} ↔ proposed by the agent`, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.docs.clear();
  }
}

async function closeDiff(proposal: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposal.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}
