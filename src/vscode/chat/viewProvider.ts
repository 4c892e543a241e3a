import { randomBytes, randomUUID } from 'crypto';
import * as vscode from 'vscode';
import * as path from 'path';
import { externalLink } from '../../core/chat/codeFiles';
import { MAX_DROPPED_FILE_BYTES, MAX_IMAGE_BYTES, mb } from '../../core/chat/imageLimits';
import { sniffImage } from '../../core/chat/images';
import { isExcluded } from '../../core/privacy/exclude';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../core/chat/messages';
import { webviewPage } from '../../core/chat/page';
import type { ChatSession } from '../../core/chat/session';
import { cleanTitle } from '../../core/chat/title';
import type { ConversationCostMessage } from '../../core/cost/conversationCost';
import type { TaskCostMessage } from '../../core/cost/taskCost';
import { attachFromEditor } from './attachments';
import type { CodeActions } from './codeActions';
import type { Proposals } from './proposals';
import type { Preference } from '../../core/types';
import type { MentionPicker } from '../../core/chat/mentions/picker';

export const CHAT_VIEW_ID = 'gearshift.chat';

export interface ViewDeps {
  extensionUri: vscode.Uri;
  session: ChatSession;
  actions: CodeActions;
  proposals: Pick<Proposals, 'showChange'>;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
  excludeGlobs(uri?: vscode.Uri): string[];
  /** The quality/cost dial shown beside the model picker; absent: not shown. */
  preference?: PreferenceControl;
  /** The @-picker's queries and picks; absent: typing @ finds nothing. */
  mentions?: MentionPicker;
}

/** gearshift.routing.preference as the chat view sees it: read, set (through the command), and told of changes. */
export interface PreferenceControl {
  current(): Preference;
  set(p: Preference): Thenable<unknown>;
}

/** The side-panel chat webview: serves the page, validates every message from it, and routes them. */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private focusWhenReady = false;
  private taskCost: TaskCostMessage | undefined;
  private conversationCost: ConversationCostMessage | undefined;
  private readonly activeChanged = new vscode.EventEmitter<string>();
  /** The id of the conversation the panel shows (undefined before the panel first loads). */
  activeConversationId: string | undefined;
  /** Fires with the conversation's id when the panel shows another conversation. */
  readonly onDidChangeActiveConversation = this.activeChanged.event;

  constructor(private readonly deps: ViewDeps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const { extensionUri, session, log } = this.deps;
    this.view = view;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
    webview.html = webviewPage({
      cspSource: webview.cspSource,
      scriptUri: asset('chat.js'),
      styleUri: asset('chat.css'),
      nonce: randomBytes(18).toString('base64'),
    });
    session.connect((m) => this.post(m));
    view.onDidDispose(() => {
      if (this.view === view) {
        this.view = undefined;
        session.disconnect();
      }
    });
    webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseWebviewMessage(raw);
      if (!parsed.ok) {
        log.warn(`chat: ignored a message from the webview: ${parsed.error}`);
        return;
      }
      this.handle(parsed.message).catch((err: unknown) =>
        log.error(`chat: ${parsed.message.type} failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    });
  }

  post(m: HostMessage): void {
    if ((m.type === 'init' || m.type === 'conversation') && m.conversation.id !== this.activeConversationId) {
      this.activeConversationId = m.conversation.id;
      this.activeChanged.fire(m.conversation.id);
    }
    void this.view?.webview.postMessage(m);
  }

  /** The shown conversation's cost, for the panel's header (posted again when the page reloads). */
  postConversationCost(m: ConversationCostMessage): void {
    this.conversationCost = m;
    void this.view?.webview.postMessage(m);
  }

  /** Shows the dial in force (after a change of settings, or a choice Restricted Mode refused). */
  postPreference(): void {
    if (this.deps.preference) this.post({ type: 'preference', preference: this.deps.preference.current() });
  }

  /**
   * The current agent task's cost, for the panel's header (posted again when the page reloads). Not a HostMessage
   * member yet: the chat webview renders it once it handles `taskCost` (see core/cost/taskCost.ts).
   */
  postTaskCost(m: TaskCostMessage): void {
    this.taskCost = m;
    void this.view?.webview.postMessage(m);
  }

  /** Shows the panel and puts the cursor in the message box. */
  async focus(): Promise<void> {
    this.focusWhenReady = true;
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (this.view) this.post({ type: 'focusInput' });
  }

  /** Attaches the active editor's selection or file; false (and the reason shown) when it cannot be attached. */
  attach(what: 'selection' | 'file'): boolean {
    const editor = this.deps.actions.editor();
    const result = attachFromEditor(what, editor, this.deps.excludeGlobs(editor?.document.uri), randomUUID());
    if (!result.ok) {
      if (this.view?.visible) this.deps.session.notify('error', result.message);
      else void vscode.window.showWarningMessage(result.message);
      return false;
    }
    this.deps.session.addAttachment(result.attachment);
    return true;
  }

  private async handle(m: WebviewMessage): Promise<void> {
    const { session, actions } = this.deps;
    switch (m.type) {
      case 'ready':
        this.post(await session.init());
        if (this.taskCost) void this.view?.webview.postMessage(this.taskCost);
        this.postPreference();
        if (this.conversationCost) void this.view?.webview.postMessage(this.conversationCost);
        if (session.images().length) this.post({ type: 'images', images: [...session.images()] });
        if (this.focusWhenReady) this.post({ type: 'focusInput' });
        this.focusWhenReady = false;
        await session.refreshRules();
        return;
      case 'send':
        return session.send(m.text, m.model, m.mode);
      case 'stop':
        return session.stop();
      case 'retry':
      case 'retryFrontier':
        return session.retry(m.replyId, m.type === 'retryFrontier');
      case 'draft':
        return session.setDraft(m.conversationId, m.text);
      case 'newChat':
        await session.newChat();
        return;
      case 'openChat':
        return session.openChat(m.id);
      case 'renameChat':
        return this.rename(m.id);
      case 'deleteChat':
        return this.delete(m.id);
      case 'attach':
        this.attach(m.what);
        return;
      case 'removeAttachment':
        return session.removeAttachment(m.id);
      case 'codeAction':
        return actions.run(m.action, m.code, m.language);
      case 'openLink':
        return this.openLink(m.href);
      case 'selectModel':
        return session.selectModel(m.model);
      case 'setMode':
        return session.setMode(m.mode);
      case 'setPreference':
        await this.deps.preference?.set(m.preference);
        // The settings change posts the new value; a refused choice (Restricted Mode) puts the picker back.
        this.postPreference();
        return;
      case 'answerFile':
        return session.answerFile(m.id, m.path, m.decision === 'accept');
      case 'answerEdit':
        return session.answerEdit(m.id, m.decision === 'accept');
      case 'answerCommand':
        return session.answerCommand(m.id, m.decision);
      case 'setRulesFile':
        return session.setRulesFile(m.conversationId, m.path, m.state === 'on');
      case 'mentionQuery':
        return this.mentionQuery(m.requestId, m.query);
      case 'mentionPick':
        return this.mentionPick(m.id);
      case 'addImage':
        await session.addImage(m);
        return;
      case 'removeImage':
        return session.removeImage(m.id);
      case 'dropFile':
        return this.dropFile(m.uri);
      case 'openDiff': {
        const change = session.proposedChange(m.id, m.path);
        if (!change) return session.notify('info', 'That change is no longer waiting for an answer.');
        return this.deps.proposals.showChange(change);
      }
    }
  }

  private async mentionQuery(requestId: string, query: string): Promise<void> {
    const items = (await this.deps.mentions?.query(query)) ?? [];
    this.post({ type: 'mentionResults', requestId, items });
  }

  private async mentionPick(id: string): Promise<void> {
    const picked = await this.deps.mentions?.pick(id);
    if (!picked) return;
    if (!picked.ok) return this.deps.session.notify('error', picked.message);
    for (const a of picked.attachments) this.deps.session.addAttachment(a);
    if (picked.notes.length) this.deps.session.notify('info', picked.notes.join(' '));
  }

  /**
   * A file dragged from VS Code's explorer or an editor tab: read only when it lies inside the workspace and is not
   * excluded; a PNG/JPEG within the caps is added as it is, any other image (GIF, WebP, BMP, or one too large) goes to
   * the webview to be converted or scaled down there.
   */
  private async dropFile(raw: string): Promise<void> {
    const { session } = this.deps;
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(raw, true);
    } catch {
      return session.notify('error', 'That drop is not a file Gearshift can read.');
    }
    const name = path.basename(uri.path) || 'dropped file';
    if (!vscode.workspace.getWorkspaceFolder(uri))
      return session.notify('error', `${name} is outside the workspace: drop images from the workspace, or paste them.`);
    const fsPath = uri.scheme === 'file' ? uri.fsPath : uri.path;
    if (isExcluded(fsPath, this.deps.excludeGlobs(uri), vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath))
      return session.notify('error', `${name} is excluded by gearshift.exclude and was not added.`);
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_DROPPED_FILE_BYTES)
        return session.notify('error', `${name} is ${mb(stat.size)}; files over ${mb(MAX_DROPPED_FILE_BYTES)} are not read.`);
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (err) {
      return session.notify('error', `${name} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    const type = sniffImage(bytes);
    if (!type) return session.notify('error', `${name} is not an image (PNG, JPEG, GIF, WebP or BMP).`);
    const data = Buffer.from(bytes).toString('base64');
    if ((type === 'image/png' || type === 'image/jpeg') && bytes.length <= MAX_IMAGE_BYTES) {
      await session.addImage({ name, mimeType: type, data });
      return;
    }
    this.post({ type: 'convertImage', name, mimeType: type, data });
  }

  private async rename(id: string): Promise<void> {
    const current = this.deps.session.title(id);
    if (current === undefined) return;
    const raw = await vscode.window.showInputBox({
      title: 'Rename conversation',
      value: current,
      prompt: 'New name for this conversation',
      validateInput: (v) => (cleanTitle(v) ? undefined : 'Enter a name'),
    });
    const title = raw === undefined ? undefined : cleanTitle(raw);
    if (title) await this.deps.session.rename(id, title);
  }

  private async delete(id: string): Promise<void> {
    const current = this.deps.session.title(id);
    if (current === undefined) return;
    const choice = await vscode.window.showWarningMessage(
      `Delete the conversation "${current}"?`,
      { modal: true, detail: "It is removed from this workspace's chat history." },
      'Delete',
    );
    if (choice === 'Delete') await this.deps.session.delete(id);
  }

  private async openLink(href: string): Promise<void> {
    const url = externalLink(href);
    if (!url) {
      this.deps.log.warn(`chat: did not open a non-http(s) link: ${href.slice(0, 200)}`);
      this.deps.session.notify('info', 'Only http and https links open from the chat.');
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }
}
