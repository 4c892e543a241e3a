import { h } from './dom';

/** One row of the input's popup. */
export interface MenuItem {
  id: string;
  label: string;
  detail?: string;
  /** Rows with the same group are listed together under its heading, in the order given. */
  group: string;
}

let menus = 0;

/**
 * A completion popup anchored to a text box (the @-picker, the slash commands): a listbox whose active option the
 * box names with aria-activedescendant, so focus stays in the box while Up/Down move, Enter or Tab pick and Escape
 * closes. Mouse: hover moves, click picks (the box keeps focus).
 */
export class InputMenu {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private items: MenuItem[] = [];
  private options: HTMLElement[] = [];
  private active = 0;
  private readonly prefix = `input-menu-${++menus}`;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly onPick: (item: MenuItem) => void,
    label: string,
    private readonly headings: Record<string, string> = {},
  ) {
    this.list = h('ul', { role: 'listbox', id: `${this.prefix}-list`, 'aria-label': label, class: 'input-menu-list' });
    this.el = h('div', { class: 'input-menu', 'data-testid': 'input-menu', hidden: true }, this.list);
    // The box keeps focus when a row is clicked (no blur closes the menu first).
    this.el.addEventListener('mousedown', (e) => e.preventDefault());
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', this.list.id);
    input.setAttribute('aria-expanded', 'false');
    document.body.append(this.el);
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  /** Shows the rows (an empty list shows `empty` when given, else closes). */
  show(items: MenuItem[], empty?: string): void {
    if (items.length === 0 && !empty) return this.hide();
    const previous = this.items[this.active]?.id;
    this.items = groupRows(items);
    this.options = [];
    const rows: HTMLElement[] = [];
    let group: string | undefined;
    this.items.forEach((item, i) => {
      if (item.group !== group) {
        group = item.group;
        const heading = this.headings[group];
        if (heading) rows.push(h('li', { role: 'presentation', class: 'input-menu-heading' }, heading));
      }
      const option = h(
        'li',
        {
          role: 'option',
          id: `${this.prefix}-${i}`,
          class: 'input-menu-option',
          'data-testid': 'input-menu-option',
          'aria-selected': 'false',
        },
        h('span', { class: 'input-menu-label' }, item.label),
        item.detail ? h('span', { class: 'input-menu-detail' }, item.detail) : null,
      );
      option.addEventListener('mousemove', () => this.setActive(i));
      option.addEventListener('click', () => this.pick(i));
      this.options.push(option);
      rows.push(option);
    });
    if (items.length === 0 && empty) rows.push(h('li', { role: 'presentation', class: 'input-menu-empty' }, empty));
    this.list.replaceChildren(...rows);
    this.el.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.place();
    const keep = this.items.findIndex((x) => x.id === previous);
    this.setActive(keep >= 0 ? keep : 0);
  }

  hide(): void {
    if (!this.open) return;
    this.el.hidden = true;
    this.items = [];
    this.options = [];
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** Handles the popup's keys while it is open; true when the key was the popup's (the caller stops it there). */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.open || e.isComposing) return false;
    switch (e.key) {
      case 'ArrowDown':
        this.setActive((this.active + 1) % Math.max(1, this.items.length));
        return true;
      case 'ArrowUp':
        this.setActive((this.active - 1 + this.items.length) % Math.max(1, this.items.length));
        return true;
      case 'Enter':
      case 'Tab':
        if (e.shiftKey || this.items.length === 0) return false;
        this.pick(this.active);
        return true;
      case 'Escape':
        this.hide();
        return true;
      default:
        return false;
    }
  }

  private pick(i: number): void {
    const item = this.items[i];
    if (!item) return;
    this.hide();
    this.onPick(item);
  }

  private setActive(i: number): void {
    this.active = i;
    this.options.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
    const option = this.options[i];
    if (option) {
      this.input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  /** Above the box, as wide as it (fixed, so it follows the box wherever the layout puts it). */
  private place(): void {
    const r = this.input.getBoundingClientRect();
    this.el.style.left = `${Math.round(r.left)}px`;
    this.el.style.width = `${Math.round(r.width)}px`;
    this.el.style.bottom = `${Math.round(window.innerHeight - r.top + 4)}px`;
    this.el.style.maxHeight = `${Math.max(120, Math.round(r.top - 8))}px`;
  }
}

/** Rows of one group together, groups in order of first appearance. */
function groupRows(items: MenuItem[]): MenuItem[] {
  const order: string[] = [];
  for (const i of items) if (!order.includes(i.group)) order.push(i.group);
  return order.flatMap((g) => items.filter((i) => i.group === g));
}
