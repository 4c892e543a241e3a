import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { HistoryStore } from '../../core/chat/historyStore';
import type { AgentBackend } from '../../core/chat/agentSession';
import type { CodebaseSearch } from '../../core/codebase/types';
import { ChatSession } from '../../core/chat/session';
import { ConversationCostFeed, type ConversationCost } from '../../core/cost/conversationCost';
import { TaskCostFeed } from '../../core/cost/taskCost';
import type { TaskSums } from '../../core/cost/tally';
import type { ChatBackend } from '../../core/types';
import type { ModelChoice } from '../../core/chat/conversation';
import type { PromptBudget } from '../../core/chat/mentions/budget';
import { codebaseAttachments } from '../../core/chat/mentions/codebase';
import { MentionPicker } from '../../core/chat/mentions/picker';
import { VsMentionHost } from './mentions/host';
import { CodeActions } from './codeActions';
import { ASK_SELECTION_COMMAND, askAboutSelection, NEW_CHAT_COMMAND, newChat } from './commands';
import { registerLanguageModels, type LmAgent } from './lmProvider';
import { commandEditor } from './commandEditor';
import { Proposals } from './proposals';
import { RulesSource } from './rulesSource';
import { CHAT_VIEW_ID, ChatViewProvider, type PreferenceControl } from './viewProvider';

export interface ChatDeps {
  backend: ChatBackend;
  /** The side panel's agent mode (the agent loop, the VS Code tools, the limits); absent: Ask only. */
  agent?: AgentBackend;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
  /** The gearshift.exclude globs in force for a file (its folder's in a multi-root workspace; read on each attach). */
  excludeGlobs(uri?: vscode.Uri): string[];
  /** The current agent task's cost from the ledger, for the panel's header; fires when the ledger changes. */
  taskCost?: { onDidChange: vscode.Event<void>; current(): TaskSums | undefined };
  /**
   * A conversation's cost from the ledger, for the panel's header; fires when the ledger changes. Told which
   * conversation the panel shows (the status-bar tooltip shows it too).
   */
  conversationCost?: {
    onDidChange: vscode.Event<void>;
    conversationCost(conversationId: string): ConversationCost | undefined;
    setActiveConversation(conversationId: string | undefined): void;
  };
  /** Routes VS Code's agent steps through Gearshift's models (requests with tools); without it they go through send. */
  lmAgent?: LmAgent;
  /** gearshift.instructions (user level), for the system prompt with the rules files. */
  userInstructions?(): string;
  /** Fires when Gearshift's settings change (the rules chips follow gearshift.exclude). */
  onDidChangeSettings?(listener: () => void): vscode.Disposable;
  /** The local codebase index that @codebase searches (src/vscode/codebase); absent when it is not set up. */
  codebase?: CodebaseSearch;
  /** The quality/cost dial beside the model picker; `onDidChange` fires when settings change. */
  preference?: PreferenceControl & { onDidChange(listener: () => void): vscode.Disposable };
  /** The prompt budget of a model choice (context window, answer reserve): @-mentions are cut to fit it. */
  promptBudget?: (choice: ModelChoice) => PromptBudget;
}

/** How often a streaming reply is written to workspace storage, at most. */
const PARTIAL_SAVE_MS = 750;

/**
 * Registers the side-panel chat (view `gearshift.chat`), its commands (gearshift.chat.askSelection,
 * gearshift.chat.new; gearshift.chat.focus comes with the view) and, when VS Code supports it, the
 * Gearshift language models. Conversations are kept per workspace in workspaceState.
 */
export function registerChat(context: vscode.ExtensionContext, deps: ChatDeps): vscode.Disposable {
  const store = new HistoryStore(context.workspaceState, { newId: randomUUID, now: Date.now, throttleMs: PARTIAL_SAVE_MS });
  const proposals = new Proposals();
  const actions = new CodeActions(proposals);
  const rules = new RulesSource({ excludeGlobs: deps.excludeGlobs, userInstructions: () => deps.userInstructions?.() ?? '' });
  const mentionHost = new VsMentionHost(deps.excludeGlobs);
  const root = (): string | undefined => mentionHost.workspaceRoot();
  const promptBudget = deps.promptBudget;
  const session = new ChatSession({
    backend: deps.backend,
    agent: deps.agent,
    store,
    editor: commandEditor(() => actions.editor(), deps.excludeGlobs),
    rules,
    newId: randomUUID,
    now: Date.now,
    log: (m) => deps.log.error(m),
    codebase: deps.codebase,
    mentions: promptBudget && {
      budget: promptBudget,
      codebaseAttachments: (hits) => codebaseAttachments(hits, root(), mentionHost.excludeGlobs(root()), randomUUID),
    },
  });
  const view = new ChatViewProvider({
    extensionUri: context.extensionUri,
    session,
    actions,
    proposals,
    log: deps.log,
    excludeGlobs: deps.excludeGlobs,
    preference: deps.preference,
    mentions: new MentionPicker(mentionHost, randomUUID),
  });
  const disposables: vscode.Disposable[] = [
    mentionHost,
    proposals,
    actions,
    rules,
    rules.changed(() => void session.refreshRules()),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    vscode.commands.registerCommand(ASK_SELECTION_COMMAND, () => askAboutSelection(view)),
    vscode.commands.registerCommand(NEW_CHAT_COMMAND, () => newChat(view, session)),
  ];
  if (deps.preference) disposables.push(deps.preference.onDidChange(() => view.postPreference()));
  if (deps.onDidChangeSettings) disposables.push(deps.onDidChangeSettings(() => rules.settingsChanged()));
  const taskCost = deps.taskCost;
  if (taskCost) {
    const feed = new TaskCostFeed((m) => view.postTaskCost(m));
    disposables.push(taskCost.onDidChange(() => feed.update(taskCost.current())));
  }
  const conversationCost = deps.conversationCost;
  if (conversationCost) {
    const feed = new ConversationCostFeed((m) => view.postConversationCost(m));
    const update = (): void => {
      const id = view.activeConversationId;
      feed.update(id, id === undefined ? undefined : conversationCost.conversationCost(id));
    };
    disposables.push(
      conversationCost.onDidChange(update),
      view.onDidChangeActiveConversation((id) => {
        conversationCost.setActiveConversation(id);
        update();
      }),
    );
  }
  const lm = registerLanguageModels(deps.backend, deps.log, deps.lmAgent);
  if (lm) disposables.push(lm);
  return new vscode.Disposable(() => {
    void session.stop();
    void store.flush();
    for (const d of disposables) d.dispose();
  });
}
