import * as vscode from 'vscode';
import type { CompletionEngine, CompletionInput } from '../../core/completion/engine';
import { completionEnabledFor } from '../../core/completion/gate';
import type { DocumentSnapshot } from '../../core/completion/types';
import { isExcluded } from '../../core/privacy/exclude';
import type { CompletionSettings } from '../../core/settings/model';

/** Internal command each shown item runs when accepted (not contributed: it is never in the palette). */
export const ACCEPTED_COMMAND = 'gearshift.completion.accepted';

/** Documents that are code the user edits: files, untitled buffers and notebook cells (not output, git or SCM views). */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-notebook-cell' }];
const SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell']);
const MAX_OTHERS = 20;

export interface InlineCompletionDeps {
  engine: CompletionEngine;
  /**
   * The resolved settings now for a file (gearshift.completion.enabled / .languages, gearshift.exclude): in a
   * multi-root workspace, those of the file's folder (SettingsSource.forResource).
   */
  settings(resource: vscode.Uri): { completion: Pick<CompletionSettings, 'enabled' | 'languages'>; exclude: readonly string[] };
  /** True while the user has paused completion (status-bar toggle). */
  isPaused(): boolean;
  log?: { debug(message: string): void };
  /** Context sources: the editor's language features and recent activity (contextSources.ts). */
  sources?: Pick<CompletionInput, 'features' | 'activity'>;
}

/**
 * Registers Gearshift's inline completion provider. All decisions are the engine's; this adapter only maps
 * the editor's document, cursor, open editors and cancellation to it and its suggestion back to an item.
 * The "gearshift.completion.trigger" command is expected to run `editor.action.inlineSuggest.trigger`.
 */
export function registerInlineCompletion(context: vscode.ExtensionContext, deps: InlineCompletionDeps): vscode.Disposable {
  const texts = new TextCache();
  const provider: vscode.InlineCompletionItemProvider = {
    async provideInlineCompletionItems(document, position, ctx, token) {
      const settings = deps.settings(document.uri);
      if (deps.isPaused() || !completionEnabledFor(settings.completion, document.languageId)) return undefined;
      // With the suggest widget open an inline item would have to extend its choice: let the widget lead.
      if (ctx.selectedCompletionInfo) return undefined;
      const path = pathOf(document);
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const suggestion = await deps.engine.complete({
          document: { path, languageId: document.languageId, text: texts.get(document), offset: document.offsetAt(position) },
          others: othersLike(document, (d) => deps.settings(d.uri).exclude, texts),
          exclude: settings.exclude,
          // The folder's real path lets exclusion match where a symlinked file really is.
          workspaceRoot: vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath,
          signal: controller.signal,
          explicit: ctx.triggerKind === vscode.InlineCompletionTriggerKind.Invoke,
          ...deps.sources,
        });
        if (!suggestion || token.isCancellationRequested) return undefined;
        const end = suggestion.replacesLineSuffix ? document.lineAt(position.line).range.end : position;
        const item = new vscode.InlineCompletionItem(suggestion.text, new vscode.Range(position, end), {
          command: ACCEPTED_COMMAND,
          title: 'Accept Gearshift suggestion',
          arguments: [suggestion.id],
        });
        return [item];
      } finally {
        sub.dispose();
      }
    },
  };
  const disposables = [
    vscode.languages.registerInlineCompletionItemProvider(SELECTOR, provider),
    vscode.commands.registerCommand(ACCEPTED_COMMAND, (id: unknown) => {
      if (typeof id === 'string') deps.engine.accept(id);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => texts.forget(d)),
    // The typing rhythm (debounce) is measured from keystrokes in the active editor, not from requests.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document === vscode.window.activeTextEditor?.document) deps.engine.noteKeystroke();
    }),
    { dispose: () => deps.engine.dispose() },
  ];
  const all = vscode.Disposable.from(...disposables);
  context.subscriptions.push(all);
  return all;
}

/** Workspace-relative path (shown to the model and matched by exclude globs); untitled buffers keep their name. */
function pathOf(document: vscode.TextDocument): string {
  return document.uri.scheme === 'untitled' ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false);
}

/** Other open documents of the same language, visible editors first, files excluded (by their own folder's settings) skipped. */
function othersLike(
  current: vscode.TextDocument,
  excludeFor: (d: vscode.TextDocument) => readonly string[],
  texts: TextCache,
): DocumentSnapshot[] {
  const seen = new Set<string>([current.uri.toString()]);
  const docs: vscode.TextDocument[] = [];
  for (const d of [...vscode.window.visibleTextEditors.map((e) => e.document), ...vscode.workspace.textDocuments]) {
    const key = d.uri.toString();
    if (seen.has(key) || d.languageId !== current.languageId || !SCHEMES.has(d.uri.scheme)) continue;
    seen.add(key);
    // An excluded file's text is never even read (the engine would drop it anyway).
    if (isExcluded(pathOf(d), excludeFor(d), vscode.workspace.getWorkspaceFolder(d.uri)?.uri.fsPath)) continue;
    docs.push(d);
    if (docs.length >= MAX_OTHERS) break;
  }
  return docs.map((d) => ({ path: pathOf(d), languageId: d.languageId, text: texts.get(d) }));
}

/** Document text per version: unchanged documents hand the engine the same string (its snippet index stays valid). */
class TextCache {
  private readonly map = new Map<string, { version: number; text: string }>();

  get(d: vscode.TextDocument): string {
    const key = d.uri.toString();
    const hit = this.map.get(key);
    if (hit && hit.version === d.version) return hit.text;
    const text = d.getText();
    this.map.set(key, { version: d.version, text });
    return text;
  }

  forget(d: vscode.TextDocument): void {
    this.map.delete(d.uri.toString());
  }
}
