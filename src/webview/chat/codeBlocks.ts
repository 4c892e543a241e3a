import type { CodeAction } from '../../core/chat/messages';
import { button, h } from './dom';
import { codeBlockOf } from './render';
import { post } from './vscodeApi';

const ACTIONS: { action: CodeAction; label: string; title: string; icon: string }[] = [
  { action: 'copy', label: 'Copy', title: 'Copy the code to the clipboard', icon: 'copy' },
  { action: 'insert', label: 'Insert', title: 'Insert the code at the cursor of the active editor', icon: 'insert' },
  { action: 'apply', label: 'Apply…', title: 'Show a diff of the active file with this code applied, then confirm', icon: 'git-compare' },
  { action: 'save', label: 'Save…', title: 'Save the code as a new file', icon: 'save' },
];

/**
 * Gives every code block of a finished block its toolbar: Copy, Insert, Apply…, Save…. Only blocks that
 * renderMarkdown built from the markdown's code fences get one (a <pre> in the reply's HTML does not), and
 * the actions take the fence's text as parsed, never the DOM's text (which hidden markup could pad).
 */
export function decorateCodeBlocks(block: HTMLElement): void {
  for (const pre of Array.from(block.querySelectorAll('pre'))) {
    const source = codeBlockOf(pre);
    if (!source) continue;
    const { code, language } = source;
    const bar = h('div', { class: 'code-actions', role: 'toolbar', 'aria-label': `Code block${language ? ` (${language})` : ''} actions` });
    for (const a of ACTIONS) {
      const run = (): void => post({ type: 'codeAction', action: a.action, code, language });
      bar.append(button(a.label, a.action, run, { title: a.title, 'aria-label': a.label }, { icon: a.icon, iconOnly: true }));
    }
    const wrap = h('div', { class: 'code-block' });
    pre.replaceWith(wrap);
    wrap.append(bar, pre);
  }
}
