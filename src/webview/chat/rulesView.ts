import type { RulesHostMessage } from '../../core/chat/messages';
import { h } from './dom';
import { post } from './vscodeApi';

/**
 * The composer's rules chips: one per rules file of the workspace (AGENTS.md, .github/copilot-instructions.md) with
 * its size in tokens, a switch that turns it off (or back on) for this conversation, a refused file with why, and in
 * Restricted Mode one chip saying why none was read.
 */
export const rulesChips = h('div', { class: 'rules-chips', 'data-testid': 'rules', 'aria-label': 'Rules files', hidden: true });

function tokens(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k tokens` : `${n} tokens`;
}

export function showRules(m: RulesHostMessage): void {
  const chips: HTMLElement[] = [];
  if (m.untrusted) {
    chips.push(
      h(
        'span',
        { class: 'rules-chip refused', 'data-testid': 'rules-untrusted', title: m.untrusted },
        'Rules files: not read (Restricted Mode)',
      ),
    );
  }
  for (const f of m.files) {
    if (f.refused) {
      chips.push(
        h(
          'span',
          { class: 'rules-chip refused', 'data-testid': 'rules-file', 'data-path': f.path, 'data-state': 'refused', title: f.refused },
          `${f.path}: refused`,
        ),
      );
      continue;
    }
    const state = f.on ? 'on' : 'off';
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'rules-toggle',
        'data-testid': 'rules-toggle',
        'aria-pressed': String(f.on),
        'aria-label': `${f.on ? 'Turn off' : 'Turn on'} ${f.path} for this conversation`,
        title: f.on ? 'On in this conversation: click to leave it out' : 'Off in this conversation: click to use it again',
      },
      f.on ? '✓' : '○',
    );
    toggle.addEventListener('click', () =>
      post({ type: 'setRulesFile', conversationId: m.conversationId, path: f.path, state: f.on ? 'off' : 'on' }),
    );
    const redacted = f.redactions ? ` — ${f.redactions} secret-looking value(s) redacted` : '';
    chips.push(
      h(
        'span',
        {
          class: `rules-chip ${state}`,
          'data-testid': 'rules-file',
          'data-path': f.path,
          'data-state': state,
          title: `Rules file, added to the system prompt${redacted}`,
        },
        toggle,
        h('span', {}, `${f.path} · ${tokens(f.tokens)}`),
      ),
    );
  }
  rulesChips.replaceChildren(...chips);
  rulesChips.hidden = chips.length === 0;
}
