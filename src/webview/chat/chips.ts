import type { ChatAttachment } from '../../core/chat/conversation';
import { formatTokens, isCodebaseMarker } from '../../core/chat/mentions/chip';

/** What a context chip reads: its label, its size in tokens, and whether it was redacted or cut to fit. */
export function chipText(a: ChatAttachment): string {
  if (isCodebaseMarker(a)) return '@codebase (searched when sent)';
  const parts = [a.redactions ? `${a.label} (redacted)` : a.label];
  if (a.tokens !== undefined) parts.push(`${formatTokens(a.tokens)} tokens`);
  if (a.cut) parts.push(a.cut.startsWith('left out') ? 'left out' : 'cut');
  return parts.join(' · ');
}

/** The chip's tooltip: the path, what was redacted, what was cut and why. */
export function chipTitle(a: ChatAttachment): string {
  if (isCodebaseMarker(a)) return 'When you send, the codebase index is searched with your message and the best chunks are attached';
  return [a.path, a.redactions ? `${a.redactions} secret-looking value(s) redacted` : '', a.cut ?? ''].filter(Boolean).join(' — ');
}
