/**
 * @-mentions in the chat input: what the picker offers and what a picked mention becomes. Pure data shared by the
 * webview (the picker) and the host (the queries and the resolution into attachments).
 */

/** A mention the picker lists by name, whatever else is in the workspace. */
export type SpecialMention = 'codebase' | 'problems' | 'problemsWorkspace' | 'terminal' | 'diff' | 'editors';

export interface SpecialMentionInfo {
  id: SpecialMention;
  /** What is typed and shown: "@problems". */
  name: string;
  description: string;
}

/** In the order the picker lists them. */
export const SPECIAL_MENTIONS: readonly SpecialMentionInfo[] = [
  { id: 'codebase', name: '@codebase', description: 'The best-matching code of the workspace, searched when you send' },
  { id: 'problems', name: '@problems', description: 'Problems (diagnostics) of the active file' },
  { id: 'problemsWorkspace', name: '@problems:workspace', description: 'Problems of the whole workspace' },
  { id: 'terminal', name: '@terminal', description: "The active terminal's selection, or its last command and output" },
  { id: 'diff', name: '@diff', description: 'Staged and unstaged changes (Git)' },
  { id: 'editors', name: '@editors', description: 'The open editors' },
];

export type MentionGroup = 'special' | 'files' | 'symbols';

/** One row of the picker. `id` is opaque: the host maps it back to what it listed (the webview never names a path). */
export interface MentionItem {
  id: string;
  group: MentionGroup;
  /** "@diff", "session.ts", "ChatSession". */
  label: string;
  /** "Staged and unstaged changes", "src/core/chat", "class · src/core/chat/session.ts:57". */
  detail?: string;
}

/** Most rows the picker shows per group. */
export const MAX_FILE_ITEMS = 12;
export const MAX_SYMBOL_ITEMS = 8;

/** The special mentions whose name (without '@') starts with, or fuzzily contains, what was typed after '@'. */
export function matchingSpecials(query: string): SpecialMentionInfo[] {
  const q = query.toLowerCase();
  if (!q) return [...SPECIAL_MENTIONS];
  const prefix = SPECIAL_MENTIONS.filter((s) => s.name.slice(1).toLowerCase().startsWith(q));
  const within = SPECIAL_MENTIONS.filter((s) => !prefix.includes(s) && isSubsequence(q, s.name.slice(1).toLowerCase()));
  return [...prefix, ...within];
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
}
