import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { loadRules, RULES_FILES, type RulesReader, type RulesSnapshot } from '../../core/rules/rulesFiles';
import type { RulesProvider } from '../../core/chat/session';

/** Reads rules files through VS Code's file system (remote workspaces included). */
const reader: RulesReader = {
  async size(absPath) {
    try {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.file(absPath));
      return stat.type & vscode.FileType.File ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
  async read(absPath) {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(vscode.Uri.file(absPath)));
  },
};

export interface RulesSourceDeps {
  /** The gearshift.exclude globs in force for a folder. */
  excludeGlobs(uri?: vscode.Uri): readonly string[];
  /** gearshift.instructions. */
  userInstructions(): string;
}

/**
 * The workspace's rules files for the chat (core/rules/rulesFiles.ts): read when a message is sent, and watched
 * (FileSystemWatcher per folder) so the composer's chips follow an edit, a new or deleted file, a change of trust or
 * of settings (`changed` fires; the chat reads them again). In Restricted Mode nothing is read.
 */
/** How often the rules files' sizes and times are checked, besides the watchers. */
const STAMP_POLL_MS = 3000;

export class RulesSource implements RulesProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  readonly changed = this.emitter.event;

  constructor(private readonly deps: RulesSourceDeps) {
    this.watch();
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        this.emitter.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.emitter.fire()),
    );
    // File watchers can miss an event (a new folder, a busy watcher backend): a light check of the rules files' sizes
    // and times every few seconds catches the chips up.
    const poll = setInterval(() => void this.checkStamps(), STAMP_POLL_MS);
    this.subscriptions.push(new vscode.Disposable(() => clearInterval(poll)));
  }

  private stamps = '';

  /** Fires `changed` when any rules file appeared, vanished or changed since the last check. */
  private async checkStamps(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const parts = await Promise.all(
      folders.flatMap((f) =>
        RULES_FILES.map(async (rel) => {
          const st = await fs.promises.stat(path.join(f.uri.fsPath, rel)).catch(() => undefined);
          return st ? `${f.uri.fsPath}/${rel}:${st.size}:${st.mtimeMs}` : '';
        }),
      ),
    );
    const now = parts.join('|');
    if (this.stamps && now !== this.stamps) this.emitter.fire();
    this.stamps = now;
  }

  load(): Promise<RulesSnapshot> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return loadRules({
      folders: folders.map((f) => ({ root: f.uri.fsPath, name: f.name })),
      reader,
      exclude: (folder) => this.deps.excludeGlobs(vscode.Uri.file(folder.root)),
      trusted: vscode.workspace.isTrusted,
    });
  }

  userInstructions(): string {
    return this.deps.userInstructions();
  }

  /** Settings changed (exclusions, instructions): the chips may change. */
  settingsChanged(): void {
    this.emitter.fire();
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      // A recursive pattern (the plain `**/` form every watcher backend handles), narrowed to the rules files' own paths.
      const names = RULES_FILES.map((f) => f.split('/').pop());
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `**/{${names.join(',')}}`));
      const fire = (uri: vscode.Uri): void => {
        const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
        if (RULES_FILES.includes(rel)) this.emitter.fire();
      };
      return vscode.Disposable.from(w, w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire));
    });
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}
