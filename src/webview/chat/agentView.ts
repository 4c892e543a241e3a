import { answerLabel, outcomeLabel, progressLine, shortArguments, stepLine } from '../../core/chat/agentFormat';
import type { ApprovalUpdate } from '../../core/chat/agentSession';
import type { AgentProgress, ApprovalRecord, ReplyTurn } from '../../core/chat/conversation';
import { formatCost, formatLatency } from '../../core/chat/format';
import type { AgentEvent, ApprovalRequest, ToolDetail } from '../../core/agent/types';
import { decorateCodeBlocks } from './codeBlocks';
import { button, h } from './dom';
import { renderMarkdown } from './render';
import { StreamingBody } from './streamView';
import { post } from './vscodeApi';

/** Diffs longer than this show their first lines and say how many were left out (Open diff shows all). */
const MAX_DIFF_LINES = 400;

/** A unified diff as text: one line per line, classed by its first character; nothing in it is markup. */
export function diffView(diff: string): HTMLElement {
  const lines = diff.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, MAX_DIFF_LINES);
  const code = h('code', { class: 'diff-lines' });
  for (const line of shown) {
    const kind = line.startsWith('@@')
      ? 'hunk'
      : line.startsWith('+++') || line.startsWith('---')
        ? 'file'
        : line.startsWith('+')
          ? 'add'
          : line.startsWith('-')
            ? 'del'
            : 'ctx';
    code.append(h('span', { class: `diff-${kind}` }, `${line}\n`));
  }
  const pre = h('pre', { class: 'diff', 'data-testid': 'diff' }, code);
  if (lines.length <= shown.length) return pre;
  return h('div', {}, pre, h('p', { class: 'meta' }, `${lines.length - shown.length} more lines not shown here.`));
}

/** One approval request's card: the diff of every file (Accept / Reject each, or all) or the command (Run / Always / Reject). */
class ApprovalCard {
  readonly el: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private readonly fileRows = new Map<string, { buttons: HTMLButtonElement[]; outcome: HTMLElement }>();
  private readonly outcome = h('span', { class: 'approval-outcome', 'data-testid': 'approval-outcome', role: 'status' });

  constructor(
    private readonly request: ApprovalRequest,
    open: boolean,
  ) {
    const id = request.id;
    if (request.kind === 'edit') {
      const n = request.files.length;
      const files = request.files.map((f) => {
        const accept = button('Accept', 'approve-file', () => post({ type: 'answerFile', id, path: f.path, decision: 'accept' }), {
          'aria-label': `Accept the change to ${f.path}`,
        });
        const reject = button('Reject', 'reject-file', () => post({ type: 'answerFile', id, path: f.path, decision: 'reject' }), {
          'aria-label': `Reject the change to ${f.path}`,
        });
        const diffBtn = button('Open diff', 'open-diff', () => post({ type: 'openDiff', id, path: f.path }), {
          title: "Show this change in VS Code's diff editor",
        });
        const outcome = h('span', { class: 'file-outcome', 'data-testid': 'file-outcome' });
        this.fileRows.set(f.path, { buttons: [accept, reject, diffBtn], outcome });
        this.buttons.push(accept, reject, diffBtn);
        return h(
          'div',
          { class: 'approval-file', 'data-testid': 'approval-file', 'data-path': f.path },
          h(
            'div',
            { class: 'approval-file-head' },
            h('span', { class: 'path' }, f.before === undefined ? `${f.path} (new file)` : f.path),
            outcome,
            diffBtn,
            reject,
            accept,
          ),
          diffView(f.diff),
        );
      });
      const all = button(n === 1 ? 'Accept' : 'Accept all', 'approve-all', () => post({ type: 'answerEdit', id, decision: 'accept' }), {
        class: 'primary',
      });
      const none = button(n === 1 ? 'Reject' : 'Reject all', 'reject-all', () => post({ type: 'answerEdit', id, decision: 'reject' }));
      this.buttons.push(all, none);
      this.el = h(
        'div',
        { class: 'approval', 'data-testid': 'approval', 'data-kind': 'edit', 'data-id': id, role: 'group', 'aria-label': 'Proposed edit' },
        h('p', { class: 'approval-title' }, `The agent proposes to ${n === 1 ? 'change 1 file' : `change ${n} files`}:`),
        ...files,
        h('div', { class: 'approval-actions' }, this.outcome, none, all),
      );
    } else {
      const run = button('Run', 'run-command', () => post({ type: 'answerCommand', id, decision: 'run' }), { class: 'primary' });
      const always = button(
        'Always allow in this workspace',
        'always-allow',
        () => post({ type: 'answerCommand', id, decision: 'always' }),
        {
          title: 'Run it, and run this exact command without asking again in this workspace',
        },
      );
      const reject = button('Reject', 'reject-command', () => post({ type: 'answerCommand', id, decision: 'reject' }));
      this.buttons.push(run, always, reject);
      this.el = h(
        'div',
        {
          class: 'approval',
          'data-testid': 'approval',
          'data-kind': 'command',
          'data-id': id,
          role: 'group',
          'aria-label': 'Command to run',
        },
        h('p', { class: 'approval-title' }, 'The agent wants to run:'),
        h('pre', { class: 'command', 'data-testid': 'approval-command' }, h('code', {}, request.command)),
        h('p', { class: 'meta', 'data-testid': 'approval-cwd' }, `in ${request.cwd === '' ? 'the workspace folder' : request.cwd}`),
        h('div', { class: 'approval-actions' }, this.outcome, reject, always, run),
      );
    }
    if (!open) this.close('Not answered: the task ended.');
  }

  /** Files decided so far (their buttons are then disabled). */
  decided(files: readonly { path: string; accepted: boolean }[]): void {
    for (const d of files) {
      const row = this.fileRows.get(d.path);
      if (!row) continue;
      for (const b of row.buttons) if (b.dataset.testid !== 'open-diff') b.disabled = true;
      row.outcome.textContent = d.accepted ? 'Accepted' : 'Rejected';
      row.outcome.dataset.accepted = String(d.accepted);
    }
  }

  answered(rec: ApprovalRecord): void {
    if (this.request.kind === 'edit') {
      const accepted = rec.answer.kind === 'edit' ? rec.answer.accepted : [];
      this.decided(this.request.files.map((f) => ({ path: f.path, accepted: accepted.includes(f.path) })));
    }
    this.close(answerLabel(rec, this.request.kind === 'edit' ? this.request.files.map((f) => f.path) : undefined));
    this.el.dataset.answered = 'true';
  }

  private close(text: string): void {
    for (const b of this.buttons) b.disabled = true;
    this.outcome.textContent = text;
  }
}

function detailView(d: ToolDetail): HTMLElement {
  if (d.kind === 'command') {
    const how = d.stopped ? 'stopped' : d.timedOut ? 'timed out' : d.exitCode !== undefined ? `exit code ${d.exitCode}` : '';
    return h(
      'div',
      { class: 'tool-detail' },
      h('pre', { class: 'command' }, h('code', {}, d.command)),
      how || d.truncated ? h('p', { class: 'meta' }, [how, d.truncated ? 'output cut' : ''].filter(Boolean).join(' · ')) : null,
    );
  }
  return h(
    'div',
    { class: 'tool-detail' },
    ...d.files.map((f) =>
      h(
        'div',
        { class: 'approval-file', 'data-path': f.path },
        h(
          'div',
          { class: 'approval-file-head' },
          h('span', { class: 'path' }, f.created ? `${f.path} (new file)` : f.path),
          h('span', { class: 'file-outcome', 'data-accepted': String(f.accepted) }, f.accepted ? 'Written' : 'Not written'),
        ),
        diffView(f.diff),
      ),
    ),
  );
}

/**
 * An agent task in the conversation: a compact row per step (tier, reason, model, cost), the model's text
 * (markdown, sanitized as replies are), tool calls and their results (summary; content and diffs on expand),
 * approval cards, and while it runs a progress line against the task's limits.
 */
export class AgentView {
  readonly el: HTMLElement;
  private readonly header = h('header', { class: 'reply-header' });
  private readonly progressEl = h('div', { class: 'agent-progress meta', 'data-testid': 'agent-progress', role: 'status' });
  private readonly body = h('div', { class: 'agent-body' });
  private readonly footer = h('div', { class: 'reply-footer' });
  private readonly stepRows = new Map<number, { cost: HTMLElement; model: HTMLElement }>();
  private readonly cards = new Map<string, ApprovalCard>();
  private text: { step: number; body: StreamingBody } | undefined;
  private events = 0;

  constructor(
    private reply: ReplyTurn,
    private streaming: boolean,
  ) {
    this.el = h(
      'article',
      { class: 'turn reply agent', 'data-testid': 'agent-task', 'aria-label': 'Agent task' },
      this.header,
      this.progressEl,
      this.body,
      this.footer,
    );
    if (streaming) this.body.setAttribute('aria-busy', 'true');
    this.renderAll();
  }

  shows(r: ReplyTurn, streaming: boolean): boolean {
    return streaming ? this.streaming : !this.streaming && r.status === this.reply.status && r.agent?.events.length === this.events;
  }

  get progress(): AgentProgress | undefined {
    return this.reply.agent?.progress;
  }

  /** One live event (the transcript already has it merged; the view appends). */
  push(e: AgentEvent): void {
    if (!this.streaming) return;
    const t = this.reply.agent;
    if (t) {
      // Keep the view's copy of the transcript as the host keeps it.
      if (e.type === 'progress') t.progress = { steps: e.steps, maxSteps: e.maxSteps, costUsd: e.costUsd, maxTaskUsd: e.maxTaskUsd };
      else t.events.push(e);
    }
    if (e.type === 'progress') return this.renderProgress();
    if (e.type === 'text' && this.text?.step === e.step) {
      this.text.body.push(e.text);
      return;
    }
    this.endText();
    this.append(e);
  }

  approval(u: ApprovalUpdate): void {
    const card = this.cards.get(u.id);
    if (!card) return;
    card.decided(u.decided);
    if (u.record) {
      card.answered(u.record);
      this.reply.agent?.answers.push(u.record);
    }
  }

  end(reply: ReplyTurn): void {
    this.endText();
    this.reply = reply;
    this.streaming = false;
    this.body.setAttribute('aria-busy', 'false');
    this.renderAll();
  }

  private renderAll(): void {
    this.stepRows.clear();
    this.cards.clear();
    this.text = undefined;
    this.body.replaceChildren();
    const t = this.reply.agent;
    const results = new Map<string, string>();
    for (const m of t?.messages ?? []) for (const r of m.toolResults ?? []) results.set(r.callId, r.content);
    for (const e of t?.events ?? []) this.append(e, results);
    for (const rec of t?.answers ?? []) this.cards.get(rec.id)?.answered(rec);
    this.events = t?.events.length ?? 0;
    if (this.text) this.endText();
    this.renderMeta();
    this.renderProgress();
  }

  private append(e: AgentEvent, results?: Map<string, string>): void {
    switch (e.type) {
      case 'step': {
        const model = h('span', { class: 'meta step-model' }, e.modelName);
        const cost = h('span', { class: 'meta step-cost' });
        this.stepRows.set(e.step, { cost, model });
        this.body.append(
          h(
            'div',
            {
              class: `agent-step tier-${e.tier}`,
              'data-testid': 'agent-step',
              'data-step': String(e.step),
              'data-tier': e.tier,
              'data-role': e.role,
              title: `${e.role} step: ${e.reason}`,
            },
            h('span', { class: 'step-line' }, stepLine(e.step, e.tier, e.reason)),
            ' · ',
            model,
            cost,
          ),
        );
        return;
      }
      case 'text': {
        const block = h('div', { class: 'agent-text reply-body' });
        this.body.append(block);
        if (this.streaming && !results) {
          this.text = { step: e.step, body: new StreamingBody(block, decorateCodeBlocks) };
          this.text.body.push(e.text);
        } else {
          try {
            block.append(renderMarkdown(e.text));
            decorateCodeBlocks(block);
          } catch {
            block.replaceChildren(h('pre', { class: 'unrendered-text' }, e.text));
          }
        }
        return;
      }
      case 'toolCall':
        this.body.append(
          h(
            'div',
            { class: 'agent-tool-call', 'data-testid': 'agent-tool-call', 'data-tool': e.call.name },
            h('span', { class: 'tool-name' }, e.call.name),
            ' ',
            h('span', { class: 'meta tool-args', title: e.call.arguments.slice(0, 2000) }, shortArguments(e.call.arguments)),
          ),
        );
        return;
      case 'approval': {
        const card = new ApprovalCard(e.request, this.streaming);
        this.cards.set(e.request.id, card);
        this.body.append(card.el);
        return;
      }
      case 'toolResult': {
        const content = results?.get(e.callId);
        const detail = e.detail ? detailView(e.detail) : null;
        const summary = h(
          'summary',
          {},
          h('span', { class: `outcome outcome-${e.outcome}` }, outcomeLabel(e.outcome)),
          ' · ',
          h('span', { class: 'tool-summary' }, e.summary),
        );
        if (!detail && content === undefined) {
          this.body.append(
            h(
              'div',
              { class: 'agent-tool-result', 'data-testid': 'agent-tool-result', 'data-outcome': e.outcome, 'data-tool': e.name },
              ...Array.from(summary.childNodes),
            ),
          );
          return;
        }
        this.body.append(
          h(
            'details',
            { class: 'agent-tool-result', 'data-testid': 'agent-tool-result', 'data-outcome': e.outcome, 'data-tool': e.name },
            summary,
            detail,
            content === undefined ? null : h('pre', { class: 'tool-content', 'data-testid': 'tool-content' }, content),
          ),
        );
        return;
      }
      case 'stepEnd': {
        const row = this.stepRows.get(e.step);
        if (row) {
          row.model.textContent = e.modelName || row.model.textContent;
          row.cost.textContent = e.costUsd === undefined ? '' : ` · ${formatCost(e.costUsd)}`;
        }
        if (e.error) this.body.append(h('div', { class: 'agent-error', 'data-testid': 'agent-step-error' }, e.error));
        return;
      }
      case 'done':
        this.body.append(
          h(
            'div',
            { class: `agent-done status-${e.status}`, 'data-testid': 'agent-done', 'data-status': e.status },
            e.status === 'finished' ? 'Finished.' : e.status === 'stopped' ? 'Stopped.' : (e.message ?? `Ended: ${e.status}.`),
          ),
        );
        return;
      case 'progress':
        return;
    }
  }

  private endText(): void {
    this.text?.body.finish();
    this.text = undefined;
  }

  private renderProgress(): void {
    const p = this.reply.agent?.progress;
    this.progressEl.hidden = !this.streaming || !p;
    this.progressEl.textContent = p ? progressLine(p) : '';
  }

  private renderMeta(): void {
    const r = this.reply;
    const t = r.agent;
    const steps = t?.progress?.steps ?? t?.events.filter((e) => e.type === 'step').length ?? 0;
    this.el.setAttribute('data-status', r.status);
    this.el.setAttribute('data-task-status', t?.status ?? '');
    const done = r.status !== 'streaming';
    this.header.replaceChildren(
      h('span', { class: 'badge agent-badge' }, 'Agent'),
      h('span', { class: 'meta', 'data-testid': 'agent-steps' }, `${steps} step${steps === 1 ? '' : 's'}`),
      ...(done
        ? [
            h('span', { class: 'meta', 'data-testid': 'reply-cost', title: 'Cost of this task' }, formatCost(r.meta.costUsd)),
            r.meta.latencyMs === undefined ? '' : h('span', { class: 'meta' }, formatLatency(r.meta.latencyMs)),
          ]
        : []),
    );
    const retry = button('Retry', 'retry', () => post({ type: 'retry', replyId: r.id }), { title: 'Run the same task again' });
    if (r.status === 'error') {
      this.footer.replaceChildren(
        h(
          'div',
          { class: 'error', role: 'alert', 'data-testid': 'reply-error' },
          h('span', {}, r.meta.error?.message ?? 'The task failed.'),
          retry,
        ),
      );
    } else if (r.status === 'stopped') {
      this.footer.replaceChildren(h('div', { class: 'stopped', 'data-testid': 'reply-stopped' }, h('span', {}, 'Stopped.'), retry));
    } else this.footer.replaceChildren();
  }
}
