import type { ChatAttachment } from '../conversation';

/** What chips show, shared by the host and the webview (no Node modules here). */

/** "812", "4.2k", "128k". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  return `${Math.round(n / 1000)}k`;
}

/** The chip the picker adds for @codebase: a marker with no text, replaced by the search's chunks when the message is sent. */
export function codebaseMarker(id: string): ChatAttachment {
  return { id, path: '@codebase', label: '@codebase', text: '', redactions: 0, kind: 'codebase' };
}

export function isCodebaseMarker(a: ChatAttachment): boolean {
  return a.kind === 'codebase' && a.path === '@codebase' && a.text === '';
}
