import type { MentionItem } from '../../core/chat/mentions/kinds';
import type { HostMessage } from '../../core/chat/messages';
import { insertCommand, removeTrigger, triggerAt, type Trigger } from '../../core/chat/mentions/trigger';
import { SLASH_COMMAND_INFO } from '../../core/chat/slashCommands';
import { InputMenu, type MenuItem } from './inputMenu';
import { post } from './vscodeApi';

/** Typing pauses this long before the host is asked (each keystroke restarts it). */
const QUERY_DEBOUNCE_MS = 60;

const HEADINGS: Record<string, string> = { special: 'Mentions', files: 'Files', symbols: 'Symbols', commands: 'Commands' };

/**
 * The message box's completion popup: `@` asks the host for mentions (special ones, files, symbols) and a picked row
 * becomes a chip (the typed `@query` leaves the text); `/` at the start of the message lists the slash commands and a
 * picked one is written into the text. Answers to older queries are ignored.
 */
export function setupMentions(input: HTMLTextAreaElement): { close(): void } {
  let trigger: Trigger | undefined;
  let requestSeq = 0;
  let latest: string | undefined;
  let timer = 0;
  const menu = new InputMenu(input, (item) => pick(item), 'Suggestions', HEADINGS);

  const close = (): void => {
    trigger = undefined;
    latest = undefined;
    if (timer) clearTimeout(timer);
    timer = 0;
    menu.hide();
  };

  const update = (): void => {
    const at = input.selectionStart === input.selectionEnd ? triggerAt(input.value, input.selectionStart ?? 0) : undefined;
    if (!at) return close();
    const changed = trigger?.kind !== at.kind || trigger.start !== at.start || trigger.query !== at.query;
    trigger = at;
    if (!changed && menu.open) return;
    if (at.kind === 'slash') return showCommands(at.query);
    if (timer) clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = 0;
      latest = `q${++requestSeq}`;
      post({ type: 'mentionQuery', requestId: latest, query: at.query });
    }, QUERY_DEBOUNCE_MS);
  };

  const showCommands = (query: string): void => {
    const q = query.toLowerCase();
    const items: MenuItem[] = Object.values(SLASH_COMMAND_INFO)
      .filter((c) => c.command.startsWith(q))
      .map((c) => ({ id: c.command, label: `/${c.command}`, detail: c.description, group: 'commands' }));
    if (items.length) menu.show(items);
    else menu.hide();
  };

  const results = (requestId: string, items: MentionItem[]): void => {
    if (requestId !== latest || trigger?.kind !== 'mention') return; // an older query's answer, or the popup closed since
    menu.show(
      items.map((i) => ({ id: i.id, label: i.label, detail: i.detail, group: i.group })),
      'No matching files or symbols',
    );
  };

  const pick = (item: MenuItem): void => {
    const t = trigger;
    const cursor = input.selectionStart ?? input.value.length;
    close();
    if (!t) return;
    const next = t.kind === 'slash' ? insertCommand(input.value, item.id, cursor) : removeTrigger(input.value, t, cursor);
    input.value = next.text;
    input.setSelectionRange(next.cursor, next.cursor);
    input.dispatchEvent(new Event('input')); // the draft follows, as if typed
    if (t.kind === 'mention') post({ type: 'mentionPick', id: item.id });
  };

  // Capture: the popup's keys are handled before the box's own (Enter sends) and before the page's (Escape stops a reply).
  input.addEventListener(
    'keydown',
    (e) => {
      if (menu.handleKey(e)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    { capture: true },
  );
  input.addEventListener('input', update);
  input.addEventListener('click', update);
  input.addEventListener('keyup', (e) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') update();
  });
  input.addEventListener('blur', close);
  window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
    if (e.data?.type === 'mentionResults') results(e.data.requestId, e.data.items);
  });
  return { close };
}
