/**
 * Driving a real editor from the extension host without races. The extension host and the workbench are two
 * processes: a selection set here, a focus change or a typed key reaches the other side later, and under load much
 * later. Every step here therefore waits until the side that matters shows the state the next step needs.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './setup';
import { ui } from './ui';

/** The active editor group's editor in the workbench, as the user sees it. */
const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';

interface ShownEditor {
  /** The file the active tab shows (its data-resource-name, e.g. "fib.py"). */
  tab: string;
  /** The editor widget holds the keyboard focus. */
  focused: boolean;
  /** The status bar's cursor position, e.g. "Ln 2, Col 5". */
  position: string;
}

function shownEditor(): Promise<ShownEditor> {
  return ui.eval<ShownEditor>(`(() => {
    const tab = document.querySelector('.editor-group-container.active .tab.active');
    const editor = document.querySelector('${ACTIVE_EDITOR}');
    const position = document.querySelector('[id="status.editor.selection"]');
    return {
      tab: tab ? tab.getAttribute('data-resource-name') || tab.getAttribute('aria-label') || '' : '',
      focused: !!editor && editor.contains(document.activeElement),
      position: position ? position.textContent.trim() : '',
    };
  })()`);
}

/**
 * Opens a workspace file in the first editor group and puts the cursor at (line, character); resolves once the
 * workbench shows that file focused with the cursor there, so keys typed next land at that position.
 */
export async function openAt(relative: string, line: number, character: number): Promise<vscode.TextEditor> {
  const root = process.env.GEARSHIFT_WORKSPACE as string;
  const doc = await vscode.workspace.openTextDocument(path.join(root, relative));
  const at = new vscode.Selection(line, character, line, character);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: at, preserveFocus: false });
  const want: ShownEditor = { tab: path.basename(relative), focused: true, position: `Ln ${line + 1}, Col ${character + 1}` };
  let last: ShownEditor | undefined;
  await eventually(async () => {
    // Something in the workbench (a restored view state, a late focus change) may still move the cursor or the
    // focus after the editor opened: put them back until the workbench reports the state asked for.
    if (!editor.selection.isEqual(at)) editor.selection = at;
    last = await shownEditor();
    if (!last.focused) await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    return last.tab === want.tab && last.focused && last.position === want.position && editor.selection.isEqual(at);
  }, `${relative} focused with the cursor at ${want.position}`).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; the workbench shows ${JSON.stringify(last)}`);
  });
  return editor;
}

/**
 * Types `text` with the real keyboard at the editor's cursor (one key every `delayMs`) and resolves once the
 * document holds it there and the cursor is after it.
 */
export async function typeInto(editor: vscode.TextEditor, text: string, delayMs = 0): Promise<void> {
  const doc = editor.document;
  const offset = doc.offsetAt(editor.selection.active);
  const before = doc.getText();
  const expected = before.slice(0, offset) + text + before.slice(offset);
  await ui.type(text, delayMs);
  await eventually(
    () => doc.getText() === expected && doc.offsetAt(editor.selection.active) === offset + text.length,
    `"${text}" typed at offset ${offset} of ${path.basename(doc.fileName)}`,
  ).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; the document reads ${JSON.stringify(doc.getText())}`);
  });
}

/** Reverts and closes the editor's document; resolves once no tab shows it (the next test starts without it). */
export async function revertAndClose(editor: vscode.TextEditor): Promise<void> {
  const uri = editor.document.uri.toString();
  const open = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri));
  // showTextDocument resolves once the workbench made it the active editor: the command below closes this one.
  await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await eventually(() => !open(), `${path.basename(editor.document.fileName)} closed`);
}
