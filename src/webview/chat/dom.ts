type Child = Node | string | null | undefined | false;

/**
 * Creates an element. Attributes are set with setAttribute and text with text nodes, so values from the
 * conversation can never become markup; inline handlers and style attributes are refused outright.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name) || name === 'style') throw new Error(`h(): attribute ${name} is not allowed`);
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A codicon (VS Code's icon font, shipped with the chat's CSS), hidden from screen readers. */
export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export interface ButtonLook {
  /** A codicon name (https://microsoft.github.io/vscode-codicons/): shown before the label. */
  icon?: string;
  /** Only the icon shows: the label becomes the button's aria-label and (unless one is given) its title. */
  iconOnly?: boolean;
}

/**
 * A focusable button with a visible label, or an icon: an icon-only button keeps its label as aria-label and title,
 * so it is named for screen readers and shows a tooltip.
 */
export function button(
  label: string,
  testid: string,
  onClick: () => void,
  attrs: Record<string, string | undefined> = {},
  look: ButtonLook = {},
): HTMLButtonElement {
  const only = look.icon && look.iconOnly;
  const extra = only ? { 'aria-label': attrs['aria-label'] ?? label, title: attrs.title ?? label } : {};
  const cls = [attrs.class, look.icon && (only ? 'icon-button' : 'with-icon')].filter(Boolean).join(' ') || undefined;
  const b = h(
    'button',
    { type: 'button', 'data-testid': testid, ...attrs, ...extra, class: cls },
    look.icon ? icon(look.icon) : null,
    only ? null : h('span', { class: 'label' }, label),
  );
  b.addEventListener('click', onClick);
  return b;
}
