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

/** A focusable button with a visible label (and an aria-label when the label is a symbol). */
export function button(
  label: string,
  testid: string,
  onClick: () => void,
  attrs: Record<string, string | undefined> = {},
): HTMLButtonElement {
  const b = h('button', { type: 'button', 'data-testid': testid, ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
