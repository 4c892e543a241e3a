import type { ApprovalUpdate } from '../../core/chat/agentSession';
import type { ChatAttachment, ChatMode, Conversation, ConversationSummary, ModelChoice, ReplyTurn } from '../../core/chat/conversation';
import { formatCost } from '../../core/chat/format';
import type { HostMessage, ModelOption } from '../../core/chat/messages';
import type { Preference } from '../../core/types';
import { redactSecrets } from '../../core/privacy/redact';
import { AgentView } from './agentView';
import { AutoScroll } from './autoScroll';
import { button, h } from './dom';
import { acceptsDrop, ImageInput } from './imageInput';
import { renderHistory } from './historyView';
import { ReplyView, userTurnView } from './replyView';
import { rulesChips, showRules } from './rulesView';
import { chipText, chipTitle } from './chips';
import { setupMentions } from './mentions';
import { loadState, post, saveState } from './vscodeApi';

// ---- layout -------------------------------------------------------------------------------------------
const input = h('textarea', {
  id: 'chat-input',
  'data-testid': 'chat-input',
  rows: '3',
  'aria-label': 'Message (Enter sends, Shift+Enter adds a line, Escape stops)',
  placeholder: 'Ask Gearshift… (Enter to send, Shift+Enter for a new line)',
});
const picker = h('select', { 'data-testid': 'model-picker', 'aria-label': 'Model for the next message' });
/** The quality/cost dial for Auto routing (gearshift.routing.preference, this workspace); shown while Auto is picked. */
const dial = h(
  'select',
  {
    'data-testid': 'preference-picker',
    'aria-label': 'Routing preference for Auto (this workspace)',
    title: 'Auto routing: Quality keeps more on frontier, Cost sends more to cheap and lowers reasoning effort more often',
    hidden: true,
  },
  ...(['quality', 'balanced', 'cost'] as const).map((p) => h('option', { value: p }, `Auto: ${p[0].toUpperCase()}${p.slice(1)}`)),
);
let dialKnown = false;
const sendBtn = button(
  'Send',
  'send',
  () => send(),
  { id: 'send', class: 'primary', title: 'Send (Enter)' },
  { icon: 'send', iconOnly: true },
);
const stopBtn = button(
  'Stop',
  'stop',
  () => post({ type: 'stop' }),
  { id: 'stop', title: 'Stop the reply (Escape)' },
  { icon: 'debug-stop' },
);
const newChatBtn = button(
  'New chat',
  'new-chat',
  () => post({ type: 'newChat' }),
  { title: 'Start a new conversation' },
  {
    icon: 'add',
    iconOnly: true,
  },
);
const imageInput = new ImageInput((level, text) => showNotice(level, text));
const chips = h('div', { class: 'chips', 'data-testid': 'attachments', 'aria-label': 'Attached context' });
const turns = h('div', { class: 'turns', 'data-testid': 'conversation', role: 'log', 'aria-label': 'Conversation' });
const notice = h('div', { class: 'notice', role: 'status', 'data-testid': 'notice', hidden: true });
const historyList = h('ul', { class: 'history-list', 'data-testid': 'history', 'aria-label': 'Conversations in this workspace' });
const historyPanel = h('nav', { class: 'history', hidden: true, 'aria-label': 'Chat history' }, h('h2', {}, 'Conversations'), historyList);
const historyToggle = button(
  'History',
  'history-toggle',
  () => toggleHistory(),
  { 'aria-expanded': 'false', 'aria-controls': 'history-panel', title: 'Conversations in this workspace' },
  { icon: 'history', iconOnly: true },
);
historyPanel.id = 'history-panel';
const title = h('h1', { class: 'title', 'data-testid': 'chat-title' });
const taskCost = h('span', { class: 'meta task-cost', 'data-testid': 'task-cost', title: 'Cost of the agent task', hidden: true });
const conversationCost = h('span', {
  class: 'meta conversation-cost',
  'data-testid': 'conversation-cost',
  title: "This conversation's cost: the sum of its calls in the spend ledger",
  hidden: true,
});
const PLACEHOLDER: Record<ChatMode, string> = {
  ask: 'Ask Gearshift… (Enter to send, Shift+Enter for a new line)',
  agent: 'Describe a task: the agent reads, searches, edits and runs commands with your approval (Enter to start)',
};
const modeAsk = button(
  'Ask',
  'mode-ask',
  () => chooseMode('ask'),
  { 'aria-pressed': 'true', title: 'Ask: one answer from a model' },
  {
    icon: 'comment-discussion',
  },
);
const modeAgent = button(
  'Agent',
  'mode-agent',
  () => chooseMode('agent'),
  {
    'aria-pressed': 'false',
    title: 'Agent: a task that reads, searches, edits files and runs commands, asking before each edit and command',
  },
  { icon: 'robot' },
);
const modeGroup = h('div', { class: 'mode-switch', role: 'group', 'aria-label': 'Mode (Left/Right arrow switches)' }, modeAsk, modeAgent);

document.body.append(
  h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'toolbar-row' }, title, newChatBtn, historyToggle),
    // The conversation's (and the agent task's) cost under the title: the title keeps the room to be read.
    h('div', { class: 'toolbar-meta' }, conversationCost, taskCost),
  ),
  historyPanel,
  turns,
  notice,
  h(
    'div',
    { class: 'composer' },
    rulesChips,
    h('div', { class: 'pending' }, chips, imageInput.chips),
    h(
      'div',
      { class: 'attach-row' },
      modeGroup,
      button(
        'Attach the selection',
        'attach-selection',
        () => post({ type: 'attach', what: 'selection' }),
        { title: 'Attach the selection of the active editor' },
        { icon: 'list-selection', iconOnly: true },
      ),
      button(
        'Attach the file',
        'attach-file',
        () => post({ type: 'attach', what: 'file' }),
        { title: 'Attach the active file' },
        {
          icon: 'file-add',
          iconOnly: true,
        },
      ),
      imageInput.attachButton(),
    ),
    input,
    // As VS Code's own chat input: the pickers at the left under the input, Stop and Send at the right.
    h('div', { class: 'send-row' }, h('span', { class: 'pickers' }, picker, dial), stopBtn, sendBtn),
  ),
);

setupMentions(input); // the @-mention and slash-command popup (its own listeners, messages and CSS)

// ---- state --------------------------------------------------------------------------------------------
let conversation: Conversation | undefined;
let streamingReplyId: string | undefined;
let history: ConversationSummary[] = [];
const replies = new Map<string, ReplyView | AgentView>();
let mode: ChatMode = 'ask';
/** The ledger's sum for a conversation (its id and "$0.0123 · 4 calls"). */
let ledgerConversation: { conversationId: string; text: string } | undefined;
/** The ledger's latest agent task (its id and "$0.0123 over 6 steps"). */
let ledgerTask: { taskId: string; text: string } | undefined;
const userViews = new Map<string, HTMLElement>();
let draftTimer = 0;
const scroll = new AutoScroll(document.scrollingElement ?? document.documentElement);

function setStreaming(id: string | undefined): void {
  streamingReplyId = id;
  stopBtn.hidden = id === undefined;
  sendBtn.disabled = id !== undefined;
}

function send(): void {
  if (!conversation) return;
  if (streamingReplyId) return showNotice('info', 'A reply is still streaming. Press Escape (or Stop) to stop it first.');
  const text = input.value;
  if (!text.trim() && chips.childElementCount === 0 && imageInput.count === 0) return;
  // A draft still waiting to be posted is this very text: posting it after the send would bring it back.
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = 0;
  post({ type: 'send', text, model: picker.value as ModelChoice, mode });
  input.value = '';
  saveState({ conversationId: conversation.id, draft: '' });
}

function setMode(m: ChatMode, available: boolean): void {
  mode = available ? m : 'ask';
  modeAsk.setAttribute('aria-pressed', String(mode === 'ask'));
  modeAgent.setAttribute('aria-pressed', String(mode === 'agent'));
  modeAgent.disabled = !available;
  if (!available) modeAgent.title = 'Agent mode is not available in this window';
  input.placeholder = PLACEHOLDER[mode];
  document.body.dataset.mode = mode;
}

function chooseMode(m: ChatMode): void {
  if (m === mode || modeAgent.disabled) return;
  setMode(m, true);
  post({ type: 'setMode', mode: m });
}

/**
 * The header's task cost, for the conversation's last agent task: live against its limit while it runs (from its
 * progress), then the ledger's sum when the ledger has the task (every priced step, fallbacks included), else the
 * task's own total.
 */
function showTaskCost(): void {
  let view: AgentView | undefined;
  for (const t of conversation?.turns ?? []) {
    const v = replies.get(t.id);
    if (v instanceof AgentView) view = v;
  }
  const p = view?.progress;
  const last = conversation?.turns.filter((t) => t.role === 'assistant' && t.agent).pop();
  const running = streamingReplyId !== undefined && streamingReplyId === last?.id;
  const fromLedger = !running && last?.role === 'assistant' && ledgerTask?.taskId === last.agent?.taskId ? ledgerTask : undefined;
  if (fromLedger) {
    taskCost.hidden = false;
    taskCost.textContent = `task ${fromLedger.text}`;
    return;
  }
  const usd = running ? p?.costUsd : last?.role === 'assistant' ? last.meta.costUsd : undefined;
  taskCost.hidden = !last || usd === undefined;
  taskCost.textContent =
    usd === undefined ? '' : `task ${formatCost(usd)}${running && p?.maxTaskUsd !== undefined ? ` / ${formatCost(p.maxTaskUsd)}` : ''}`;
}

/** The header's conversation cost: the ledger's sum for the conversation shown, hidden until it has a call. */
function showConversationCost(): void {
  const c = ledgerConversation?.conversationId === conversation?.id ? ledgerConversation : undefined;
  conversationCost.hidden = !c?.text;
  conversationCost.textContent = c?.text ? `conversation ${c.text}` : '';
}

function flushDraft(): void {
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = 0;
  if (conversation) post({ type: 'draft', conversationId: conversation.id, text: input.value });
}

function showNotice(level: 'info' | 'error', text: string, actions: HTMLElement[] = []): void {
  notice.hidden = false;
  notice.className = `notice ${level}`;
  notice.replaceChildren(
    h('span', { class: 'codicon codicon-' + (level === 'error' ? 'error' : 'info'), 'aria-hidden': 'true' }),
    h('span', { class: 'notice-text' }, text),
    ...actions,
    button('Dismiss', 'notice-dismiss', () => (notice.hidden = true), {}, { icon: 'close', iconOnly: true }),
  );
}

/**
 * The host did not send a message because no model it may go to takes its images: its text goes back into the input
 * (nothing is lost; the images are still pending), and the notice offers the choice that takes them.
 */
function imagesRefused(text: string, message: string, offer: ModelChoice | undefined): void {
  if (!input.value.trim()) input.value = text;
  const label = offer ? (Array.from(picker.options).find((o) => o.value === offer)?.textContent ?? offer) : '';
  const sendWith = offer
    ? button(
        `Send with ${label}`,
        'images-offer',
        () => {
          picker.value = offer;
          post({ type: 'selectModel', model: offer });
          showDial();
          notice.hidden = true;
          send();
        },
        { class: 'primary', title: `Switch the model picker to ${label} and send` },
        { icon: 'send' },
      )
    : null;
  showNotice('error', message, sendWith ? [sendWith] : []);
}

function toggleHistory(open = historyPanel.hidden): void {
  historyPanel.hidden = !open;
  historyToggle.setAttribute('aria-expanded', String(open));
}

/** Shows a conversation, keeping the views of turns that did not change (so a long chat is not re-rendered on every send). */
function showConversation(c: Conversation, streamingId: string | undefined): void {
  if (conversation && conversation.id !== c.id) {
    flushDraft();
    replies.clear();
    userViews.clear();
    toggleHistory(false);
  }
  const switched = conversation?.id !== c.id;
  conversation = c;
  setStreaming(streamingId);
  title.textContent = c.title;
  showConversationCost();
  const els: HTMLElement[] = [];
  const keep = new Set<string>();
  let added = false;
  for (const t of c.turns) {
    keep.add(t.id);
    added ||= !userViews.has(t.id) && !replies.has(t.id);
    if (t.role === 'user') {
      const el = userViews.get(t.id) ?? userTurnView(t);
      userViews.set(t.id, el);
      els.push(el);
    } else {
      const streaming = t.id === streamingId;
      let v = replies.get(t.id);
      if (!v || !v.shows(t, streaming) || v instanceof AgentView !== !!t.agent) {
        v = t.agent ? new AgentView(t, streaming) : new ReplyView(t, streaming);
        replies.set(t.id, v);
      }
      els.push(v.el);
    }
  }
  for (const id of [...replies.keys()]) if (!keep.has(id)) replies.delete(id);
  for (const id of [...userViews.keys()]) if (!keep.has(id)) userViews.delete(id);
  turns.replaceChildren(
    ...(els.length ? els : [h('p', { class: 'empty' }, 'Ask about your code. Attach the selection or the current file for context.')]),
  );
  if (switched) {
    const saved = loadState();
    // The host's draft is written within 300 ms of typing; VS Code may restore an older view state after a reload
    // (even one from before the last send), so the view's own copy only fills in when the host has none.
    input.value = c.draft || (saved.conversationId === c.id && saved.draft ? saved.draft : '');
  }
  // A conversation just opened, or a new message or reply, shows its end; a refresh (a rename) leaves a reader where they are.
  if (switched || added) scroll.pin();
  else scroll.request();
  showTaskCost();
}

function showApproval(u: ApprovalUpdate): void {
  if (u.conversationId !== conversation?.id) return;
  const v = replies.get(u.replyId);
  if (v instanceof AgentView) v.approval(u);
}

function setModels(models: ModelOption[], chosen: ModelChoice): void {
  picker.replaceChildren(...models.map((m) => h('option', { value: m.choice, selected: m.choice === chosen }, m.label)));
  if (!models.some((m) => m.choice === chosen)) picker.value = 'auto';
  showDial();
}

/** The dial shows while Auto is picked, once the host has said which preference is in force. */
function showDial(): void {
  dial.hidden = !dialKnown || picker.value !== 'auto';
}

function setAttachments(list: ChatAttachment[]): void {
  chips.replaceChildren(
    ...list.map((a) =>
      h(
        'span',
        {
          class: 'chip',
          'data-testid': 'attachment',
          title: chipTitle(a),
        },
        h('span', {}, chipText(a)),
        button(
          `Remove ${a.label}`,
          'remove-attachment',
          () => post({ type: 'removeAttachment', id: a.id }),
          { class: 'chip-remove' },
          {
            icon: 'close',
            iconOnly: true,
          },
        ),
      ),
    ),
  );
}

function endReply(conversationId: string, reply: ReplyTurn): void {
  if (streamingReplyId === reply.id) setStreaming(undefined);
  if (conversation?.id !== conversationId) return;
  const i = conversation.turns.findIndex((t) => t.id === reply.id);
  if (i >= 0) conversation.turns[i] = reply;
  replies.get(reply.id)?.end(reply);
  scroll.request();
  showTaskCost();
}

// ---- host messages --------------------------------------------------------------------------------------
window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      setMode(m.mode ?? 'ask', m.agentAvailable === true);
      setModels(m.models, m.model);
      setAttachments(m.attachments);
      history = m.history;
      conversation = undefined;
      showConversation(m.conversation, m.streamingReplyId);
      renderHistory(historyList, history, m.conversation.id);
      for (const u of m.approvals ?? []) showApproval(u);
      break;
    case 'conversation':
      showConversation(m.conversation, m.streamingReplyId);
      renderHistory(historyList, history, m.conversation.id);
      break;
    case 'history':
      history = m.history;
      renderHistory(historyList, history, conversation?.id);
      break;
    case 'route': {
      const v = m.conversationId === conversation?.id ? replies.get(m.replyId) : undefined;
      if (v instanceof ReplyView) v.setRoute(m.tier, m.reason, m.modelName);
      break;
    }
    case 'delta': {
      const v = m.conversationId === conversation?.id ? replies.get(m.replyId) : undefined;
      if (v instanceof ReplyView) {
        v.push(m.text); // renders in the next frame…
        scroll.request(); // …and this frame callback runs after it
      }
      break;
    }
    case 'agentEvent': {
      const v = m.conversationId === conversation?.id ? replies.get(m.replyId) : undefined;
      if (v instanceof AgentView) {
        v.push(m.event);
        if (m.event.type === 'progress') showTaskCost();
        scroll.request();
      }
      break;
    }
    case 'approval':
      showApproval(m);
      break;
    case 'taskCost':
      ledgerTask = m.taskId === null ? undefined : { taskId: m.taskId, text: m.text };
      showTaskCost();
      break;
    case 'conversationCost':
      ledgerConversation = { conversationId: m.conversationId, text: m.text };
      showConversationCost();
      break;
    case 'replyEnd':
      endReply(m.conversationId, m.reply);
      break;
    case 'attachments':
      setAttachments(m.attachments);
      break;
    case 'notice':
      showNotice(m.level, m.text);
      break;
    case 'preference':
      dial.value = m.preference;
      dialKnown = true;
      showDial();
      break;
    case 'focusInput':
      input.focus();
      break;
    case 'rules':
      if (m.conversationId === conversation?.id) showRules(m);
      break;
    case 'images':
      imageInput.set(m.images);
      break;
    case 'convertImage':
      void imageInput.convert(m.name, m.mimeType, m.data);
      break;
    case 'imagesRefused':
      imagesRefused(m.text, m.message, m.offer);
      break;
  }
});

// ---- user input -----------------------------------------------------------------------------------------
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && streamingReplyId) {
    e.preventDefault();
    post({ type: 'stop' });
  }
});
modeGroup.addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
  e.preventDefault();
  chooseMode(e.key === 'ArrowLeft' ? 'ask' : 'agent');
  (mode === 'ask' ? modeAsk : modeAgent).focus();
});
input.addEventListener('input', () => {
  if (!conversation) return;
  // VS Code keeps the view's state in workspace storage: a pasted key is kept there redacted, as the host keeps drafts.
  saveState({ conversationId: conversation.id, draft: redactSecrets(input.value).text });
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = window.setTimeout(flushDraft, 300);
});
picker.addEventListener('change', () => {
  post({ type: 'selectModel', model: picker.value as ModelChoice });
  showDial();
});
dial.addEventListener('change', () => post({ type: 'setPreference', preference: dial.value as Preference }));
// Images: pasted anywhere in the panel, dropped on it (from the OS, or VS Code's explorer as URIs), or picked.
document.addEventListener('paste', (e) => imageInput.onPaste(e));
document.addEventListener('dragover', (e) => {
  if (!acceptsDrop(e)) return;
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) document.body.classList.remove('dropping');
});
document.addEventListener('drop', (e) => {
  document.body.classList.remove('dropping');
  imageInput.onDrop(e);
});
// Links in replies: never navigated inside the webview; the host opens http(s) links in the browser.
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a') : null;
  if (!a) return;
  e.preventDefault();
  const href = a.getAttribute('href');
  if (href) post({ type: 'openLink', href });
});
window.addEventListener('blur', () => {
  if (draftTimer) flushDraft();
});
// Focusing the view (gearshift.chat.focus, the activity bar) lands in the message box.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body) input.focus();
});

setStreaming(undefined);
post({ type: 'ready' });
