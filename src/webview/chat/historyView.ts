import type { ConversationSummary } from '../../core/chat/conversation';
import { button, h } from './dom';
import { post } from './vscodeApi';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The list of this workspace's conversations: open, rename, delete. */
export function renderHistory(list: HTMLElement, history: ConversationSummary[], activeId: string | undefined): void {
  if (history.length === 0) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No conversations yet.'));
    return;
  }
  list.replaceChildren(
    ...history.map((c) =>
      h(
        'li',
        { class: c.id === activeId ? 'history-item active' : 'history-item', 'data-testid': 'history-item', 'data-id': c.id },
        button(c.title, 'history-open', () => post({ type: 'openChat', id: c.id }), {
          class: 'history-open',
          title: `${c.title} — ${when.format(c.updatedAt)}`,
          'aria-current': c.id === activeId ? 'true' : undefined,
        }),
        button(
          'Rename',
          'history-rename',
          () => post({ type: 'renameChat', id: c.id }),
          { 'aria-label': `Rename "${c.title}"`, title: 'Rename' },
          {
            icon: 'edit',
            iconOnly: true,
          },
        ),
        button(
          'Delete',
          'history-delete',
          () => post({ type: 'deleteChat', id: c.id }),
          { 'aria-label': `Delete "${c.title}"`, title: 'Delete' },
          {
            icon: 'trash',
            iconOnly: true,
          },
        ),
      ),
    ),
  );
}
