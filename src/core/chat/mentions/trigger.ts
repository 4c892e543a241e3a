/**
 * Where the picker opens: an `@query` ending at the cursor (at the start of the text or after whitespace), or a
 * `/command` being typed at the very start of the message.
 */

export interface Trigger {
  kind: 'mention' | 'slash';
  /** Index of the '@' or '/' in the text. */
  start: number;
  /** What was typed after it, up to the cursor. */
  query: string;
}

/** Longest `@query` the picker follows; past it the '@' is just text. */
export const MAX_QUERY = 100;

/** The trigger the cursor is in, if any. Only a collapsed cursor opens the picker. */
export function triggerAt(text: string, cursor: number): Trigger | undefined {
  if (cursor < 0 || cursor > text.length) return undefined;
  const slash = /^\/([\w-]*)$/.exec(text.slice(0, cursor));
  if (slash) return { kind: 'slash', start: 0, query: slash[1] };
  let i = cursor;
  while (i > 0 && cursor - i <= MAX_QUERY && !/\s/.test(text[i - 1]) && text[i - 1] !== '@') i--;
  if (i === 0 || text[i - 1] !== '@' || cursor - i > MAX_QUERY) return undefined;
  const at = i - 1;
  if (at > 0 && !/\s/.test(text[at - 1])) return undefined; // an e-mail address or a decorator inside a word
  return { kind: 'mention', start: at, query: text.slice(i, cursor) };
}

/** The text with the trigger's typed `@query` (up to the cursor) removed, and where the cursor goes. */
export function removeTrigger(text: string, t: Trigger, cursor: number): { text: string; cursor: number } {
  let end = cursor;
  // One space after the removed mention goes with it when there was one before it too, so no double space is left.
  if (text[end] === ' ' && (t.start === 0 || text[t.start - 1] === ' ')) end++;
  return { text: text.slice(0, t.start) + text.slice(end), cursor: t.start };
}

/** The text with the slash command being typed replaced by `/command ` (the rest of the message kept). */
export function insertCommand(text: string, command: string, cursor: number): { text: string; cursor: number } {
  const rest = text.slice(cursor).replace(/^\S*/, '').replace(/^ /, '');
  const head = `/${command} `;
  return { text: head + rest, cursor: head.length };
}
