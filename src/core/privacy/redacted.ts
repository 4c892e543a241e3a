/**
 * Objects whose text is already redacted (redact.ts runs its rules until nothing changes, so redacting again would
 * change nothing): the agent loop marks the tool results it sealed, and the gateway, which redacts every message part
 * before it leaves, does not walk those again. Only objects that are never changed after marking may be marked.
 */
const marked = new WeakSet<object>();

export function markRedacted<T extends object>(o: T): T {
  marked.add(o);
  return o;
}

export function isRedacted(o: object): boolean {
  return marked.has(o);
}
