import { UNTITLED } from './conversation';

const MAX_TITLE = 48;

/**
 * A conversation title from its first message: code fences and markdown markers dropped, whitespace
 * collapsed, cut at a word boundary with an ellipsis. Falls back to the first attachment's label.
 */
export function titleFrom(text: string, attachmentLabel?: string): string {
  const plain = text
    .replace(/(`{3,}|~{3,})[^\n]*\n[\s\S]*?(\n\1|$)/g, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~]{1,3}(\S[^*_~]*?)[*_~]{1,3}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return attachmentLabel ? `About ${attachmentLabel}` : UNTITLED;
  if (plain.length <= MAX_TITLE) return plain;
  const cut = plain.slice(0, MAX_TITLE);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TITLE / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/** A user-supplied title, trimmed and bounded; undefined when nothing usable is left. */
export function cleanTitle(raw: string): string | undefined {
  const t = raw.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 120) : undefined;
}
