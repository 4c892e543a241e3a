import * as vscode from 'vscode';
import { snippetFileName } from '../../core/chat/codeFiles';
import type { CodeAction } from '../../core/chat/messages';
import type { Proposals } from './proposals';

/** Copy / Insert at cursor / Apply (diff + confirm) / Save as new file, for a code block of a reply. */
export class CodeActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly sub: vscode.Disposable;

  constructor(private readonly proposals: Proposals) {
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) this.lastEditor = e;
    });
  }

  /** The editor the user was last in (focus is in the chat panel when a button is clicked). */
  editor(): vscode.TextEditor | undefined {
    const e = vscode.window.activeTextEditor ?? this.lastEditor;
    return e && !e.document.isClosed ? e : undefined;
  }

  async run(action: CodeAction, code: string, language: string | undefined): Promise<void> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        vscode.window.setStatusBarMessage('Gearshift: code block copied', 2500);
        return;
      case 'insert':
        return this.insert(code);
      case 'apply': {
        const editor = this.editor();
        if (!editor) return void vscode.window.showWarningMessage('Open the file to change in an editor, then use Apply again.');
        return this.proposals.apply(editor, code);
      }
      case 'save':
        return this.save(code, language);
    }
  }

  private async insert(code: string): Promise<void> {
    const editor = this.editor();
    if (!editor) return void vscode.window.showWarningMessage('Open a file in an editor and place the cursor, then use Insert again.');
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, code);
    });
    if (!ok) return void vscode.window.showErrorMessage('Could not insert into the editor (is it read-only?).');
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  private async save(code: string, language: string | undefined): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = snippetFileName(language);
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      saveLabel: 'Save code block',
      title: 'Save the code block as a new file',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(code.endsWith('\n') ? code : `${code}\n`));
    await vscode.window.showTextDocument(target);
  }

  dispose(): void {
    this.sub.dispose();
  }
}
