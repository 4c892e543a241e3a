import type { ReplyTurn, UserTurn } from '../../core/chat/conversation';
import { fallbackNote, formatCost, formatLatency, formatUsage } from '../../core/chat/format';
import type { Tier } from '../../core/types';
import { chipText, chipTitle } from './chips';
import { decorateCodeBlocks } from './codeBlocks';
import { button, h } from './dom';
import { turnImages } from './imageInput';
import { renderMarkdown } from './render';
import { StreamingBody } from './streamView';
import { post } from './vscodeApi';

function present(...nodes: (HTMLElement | null)[]): HTMLElement[] {
  return nodes.filter((n): n is HTMLElement => n !== null);
}

export function userTurnView(t: UserTurn): HTMLElement {
  const chips = t.attachments.map((a) => h('span', { class: 'chip', 'data-testid': 'sent-attachment', title: chipTitle(a) }, chipText(a)));
  return h(
    'section',
    { class: 'turn user', 'data-testid': 'user-message', 'aria-label': 'Your message' },
    chips.length ? h('div', { class: 'chips' }, ...chips) : null,
    turnImages(t),
    h('div', { class: 'user-text' }, t.content),
  );
}

/** One assistant reply: header (model, tier, reason, tokens, cost, latency), body, and its error/retry footer. */
export class ReplyView {
  readonly el: HTMLElement;
  private readonly header = h('header', { class: 'reply-header' });
  private readonly notes = h('div', { class: 'reply-notes' });
  private readonly body = h('div', { class: 'reply-body' });
  private readonly footer = h('div', { class: 'reply-footer' });
  private stream: StreamingBody | undefined;

  constructor(
    private reply: ReplyTurn,
    streaming: boolean,
  ) {
    this.el = h(
      'article',
      { class: 'turn reply', 'data-testid': 'reply', 'aria-label': 'Reply' },
      this.header,
      this.notes,
      this.body,
      this.footer,
    );
    if (streaming) {
      this.body.setAttribute('aria-live', 'polite');
      this.body.setAttribute('aria-busy', 'true');
      this.stream = new StreamingBody(this.body, decorateCodeBlocks);
      if (reply.content) this.stream.push(reply.content);
    } else {
      this.renderStatic();
    }
    this.renderMeta();
  }

  /** True when this view already shows `r` exactly (so a conversation refresh can keep it). */
  shows(r: ReplyTurn, streaming: boolean): boolean {
    return streaming
      ? this.stream !== undefined
      : this.stream === undefined && r.status === this.reply.status && r.content === this.reply.content;
  }

  setRoute(tier: Tier, reason: string, modelName: string | undefined): void {
    this.reply = { ...this.reply, meta: { ...this.reply.meta, tier, reason, modelName } };
    this.renderMeta();
  }

  push(text: string): void {
    this.stream?.push(text);
  }

  end(reply: ReplyTurn): void {
    const streamed = this.stream;
    this.stream = undefined;
    this.reply = reply;
    // The host's final text can differ from what streamed (e.g. a longer partial text kept from an error).
    if (streamed && reply.content.startsWith(streamed.content)) {
      streamed.push(reply.content.slice(streamed.content.length));
      streamed.finish();
    } else {
      streamed?.finish();
      this.renderStatic();
    }
    this.body.setAttribute('aria-busy', 'false');
    this.renderMeta();
  }

  private renderStatic(): void {
    const block = h('div', { class: 'block' });
    try {
      block.append(renderMarkdown(this.reply.content));
      decorateCodeBlocks(block);
    } catch {
      // renderMarkdown already fails per block; whatever else goes wrong, this reply shows as text and the rest of the chat renders.
      block.replaceChildren(h('pre', { class: 'unrendered-text' }, this.reply.content));
    }
    this.body.replaceChildren(block);
  }

  private renderMeta(): void {
    const m = this.reply.meta;
    this.el.setAttribute('data-model', m.modelName ?? '');
    this.el.setAttribute('data-tier', m.tier ?? '');
    this.el.setAttribute('data-status', this.reply.status);
    const usage = formatUsage(m);
    const done = this.reply.status !== 'streaming';
    this.header.replaceChildren(
      ...present(
        h(
          'span',
          { class: 'badge model', 'data-testid': 'reply-model', title: m.endpoint ? `${m.modelName} via ${m.endpoint}` : undefined },
          m.modelName ?? 'routing…',
        ),
        m.tier ? h('span', { class: `badge tier tier-${m.tier}`, 'data-testid': 'reply-tier', title: m.reason }, m.tier) : null,
        usage ? h('span', { class: 'meta', 'data-testid': 'reply-tokens' }, usage) : null,
        done ? h('span', { class: 'meta', 'data-testid': 'reply-cost', title: 'Cost of this reply' }, formatCost(m.costUsd)) : null,
        done && m.latencyMs !== undefined
          ? h(
              'span',
              {
                class: 'meta',
                'data-testid': 'reply-latency',
                title: m.firstTokenMs !== undefined ? `first token after ${formatLatency(m.firstTokenMs)}` : undefined,
              },
              formatLatency(m.latencyMs),
            )
          : null,
      ),
    );
    const fallback = fallbackNote(m);
    this.notes.replaceChildren(
      ...present(
        // One line while closed; the summary (keyboard-reachable) opens it to the full text.
        m.reason
          ? h(
              'details',
              { class: 'reason', 'data-testid': 'reply-reason', title: m.reason },
              h('summary', { 'aria-label': `Why this model: ${m.reason}` }, m.reason),
            )
          : null,
        fallback ? h('div', { class: 'fallback', 'data-testid': 'reply-fallback' }, `Fallback: ${fallback}`) : null,
      ),
    );
    this.renderFooter();
  }

  private renderFooter(): void {
    const r = this.reply;
    const retry = button(
      'Retry',
      'retry',
      () => post({ type: 'retry', replyId: r.id }),
      { title: 'Send the same message again' },
      { icon: 'refresh' },
    );
    if (r.status === 'error') {
      const partial = r.content ? ' The partial reply above is kept.' : '';
      this.footer.replaceChildren(
        h(
          'div',
          { class: 'error', role: 'alert', 'data-testid': 'reply-error' },
          h('span', {}, `${r.meta.error?.message ?? 'The request failed.'}${partial}`),
          retry,
        ),
      );
    } else if (r.status === 'stopped') {
      this.footer.replaceChildren(h('div', { class: 'stopped', 'data-testid': 'reply-stopped' }, h('span', {}, 'Stopped.'), retry));
    } else if (r.status === 'done' && r.meta.tier === 'cheap') {
      this.footer.replaceChildren(
        button(
          'Retry with frontier',
          'retry-frontier',
          () => post({ type: 'retryFrontier', replyId: r.id }),
          { title: 'Answer this message again with the frontier tier' },
          { icon: 'sparkle' },
        ),
      );
    } else {
      this.footer.replaceChildren();
    }
  }
}
