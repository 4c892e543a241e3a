import { wrapBody } from './wrap';

/**
 * A model's answer made into a commit message: what models wrap around one removed (code fences, quotes, bold,
 * "Here is the commit message:", "Subject:" / "Body:" labels, <think> blocks of local reasoning models), then a
 * subject line and, after one blank line, an optional body wrapped at 72 columns. Works on a partial answer too
 * (the input box shows the message as it streams). Idempotent.
 */

/** "Sure, here's a concise commit message:", "Suggested commit message:" and the like, up to the colon. */
const PREAMBLE = new RegExp(
  [
    '^(?:(?:sure|okay|ok|certainly)[,!.]?\\s*)?',
    "(?:here(?:'s| is| are)\\s+(?:a |an |the |your |my )?",
    '(?:suggested |proposed |possible |concise |good )?(?:git )?commit message[^:\\n]*',
    '|(?:suggested |proposed |generated )?(?:git )?commit message)',
    '\\s*:[ \\t]*',
  ].join(''),
  'i',
);
const SUBJECT_LABEL = /^(?:subject|title|summary)\s*:[ \t]*/i;
const BODY_LABEL = /^(?:body|description|details)\s*:[ \t]*/i;
const FENCE = /^\s*(```|~~~)/;
const QUOTES: readonly [string, string][] = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['“', '”'],
  ['**', '**'],
  ['__', '__'],
];

/** Removes <think>…</think> (and an unclosed <think> up to the end: the message has not started yet). */
function withoutThinking(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const open = out.search(/<think>/i);
  if (open >= 0) out = out.slice(0, open);
  return out;
}

/** The content of a fence the answer opens with (after an optional one-line preamble), up to its closing fence. */
function unfenced(text: string): string {
  const lines = text.split('\n');
  let start = -1;
  if (FENCE.test(lines[0])) start = 0;
  else if (lines.length > 1 && FENCE.test(lines[1]) && /:\s*$/.test(lines[0])) start = 1;
  if (start < 0) return text;
  const rest = lines.slice(start + 1);
  const close = rest.findIndex((l) => FENCE.test(l));
  return (close >= 0 ? rest.slice(0, close) : rest).join('\n');
}

/** A pair of quotes (or bold marks) around the whole text removed. */
function unquoted(text: string): string {
  for (const [open, close] of QUOTES) {
    if (text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close)) {
      const inner = text.slice(open.length, text.length - close.length);
      if (!inner.includes(open) && !inner.includes(close)) return inner.trim();
    }
  }
  return text;
}

/** One pass of removing wrappers from the whole answer. */
function stripOnce(text: string): string {
  let t = withoutThinking(text).trim();
  t = unfenced(t).trim();
  const first = t.split('\n', 1)[0];
  const label = PREAMBLE.exec(first) ?? SUBJECT_LABEL.exec(first) ?? /^#{1,6}[ \t]+/.exec(first);
  if (label) t = t.slice(label[0].length).trim();
  return unquoted(t);
}

/** Subject and body, the body's blank runs collapsed and lines wrapped. */
function formatted(text: string): string {
  const lines = text.split('\n');
  const subject = unquoted(lines[0].replace(/\s+/g, ' ').trim());
  const bodyLines = lines.slice(1).map((l) => l.replace(/\s+$/, ''));
  while (bodyLines.length > 0 && bodyLines[0] === '') bodyLines.shift();
  if (bodyLines.length > 0) bodyLines[0] = bodyLines[0].replace(BODY_LABEL, '');
  const body = wrapBody(
    bodyLines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
  return body ? `${subject}\n\n${body}` : subject;
}

/** The commit message in a model's (possibly partial) answer. */
export function cleanMessage(raw: string): string {
  let cur = String(raw ?? '').replace(/\r\n?/g, '\n');
  // Each pass only removes text (wrapping aside), so this settles within a few passes; the cap bounds odd cases.
  for (let pass = 0; pass < 16; pass++) {
    let stripped = cur;
    for (let prev = ''; prev !== stripped;) {
      prev = stripped;
      stripped = stripOnce(stripped);
    }
    const next = formatted(stripped);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}
