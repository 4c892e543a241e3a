import { sourceHeading } from './sources/format';
import type { CompletionContext } from './types';

/** The marker chat models see at the cursor. */
export const HOLE = '<HOLE>';

export const HOLE_SYSTEM_PROMPT = [
  'You are a code completion engine inside an editor.',
  `You get a file with a ${HOLE} marker at the cursor. Reply with ONLY the text that replaces ${HOLE}:`,
  '- no explanation, no markdown fences, no quotes;',
  `- never repeat code that is already before or after ${HOLE};`,
  '- match the surrounding indentation and style;',
  '- if nothing sensible fits, reply with nothing.',
].join('\n');

/**
 * The user message: the file with the hole, then snippets from other files, then how much to write. The file comes
 * first because its start is what stays the same from one keystroke to the next (the snippets are chosen by the
 * lines before the cursor and change as it moves): the system prompt, the file's header and its text up to the
 * cursor form a long byte-identical prefix that the provider's prompt cache can reuse.
 */
export function holeUserMessage(ctx: CompletionContext): string {
  const parts: string[] = [];
  parts.push(`File ${ctx.path} (${ctx.languageId}):\n\`\`\`${ctx.languageId}\n${ctx.prefix}${HOLE}${ctx.suffix}\n\`\`\``);
  for (const s of ctx.snippets) {
    const heading = s.kind && s.kind !== 'similar' ? sourceHeading(s) : `Related code from ${s.path}:`;
    parts.push(`${heading}\n\`\`\`\n${s.text}\n\`\`\``);
  }
  parts.push(
    ctx.mode === 'single'
      ? `Write only the rest of the line at ${HOLE}.`
      : `Write what belongs at ${HOLE}: at most ${ctx.maxLines} lines, ending where the surrounding code continues.`,
  );
  return parts.join('\n\n');
}

const FENCE = /```[^\n`]*\n([\s\S]*?)(?:\n?```|$)/;
const PREAMBLE =
  /^(?:here(?:'s| is)|sure|certainly|the (?:missing|completed?|completion|code|text)|completion|answer|output)\b[^\n]*:\s*$/i;
const THINK = /<think>[\s\S]*?(?:<\/think>|$)/g;

/**
 * The inserted text from a chat model's answer: strips reasoning tags, ``` fences and their language tag,
 * a leading "Here is…:" line, <HOLE> echoes, and prefix/suffix lines the model repeated around its answer.
 */
export function parseHoleAnswer(answer: string, ctx: Pick<CompletionContext, 'prefix' | 'suffix'>): string {
  let text = answer.replace(THINK, '').replace(/\r\n/g, '\n');
  const fenced = FENCE.exec(text);
  if (fenced) text = fenced[1];
  else {
    const lines = text.split('\n');
    while (lines.length > 1 && (PREAMBLE.test(lines[0].trim()) || !lines[0].trim())) lines.shift();
    text = lines.join('\n');
  }
  // A model that echoed the whole file with the hole filled: keep what lies between the echoed marker context.
  text = text.replace(/<\/?HOLE>/gi, '');
  text = stripEchoedPrefix(text, ctx.prefix);
  text = stripEchoedSuffix(text, ctx.suffix);
  return text.replace(/\s+$/, '');
}

/** Removes a copy of the prefix's last lines (or of the cursor line's start) from the start of `text`. */
function stripEchoedPrefix(text: string, prefix: string): string {
  const cut = prefix.lastIndexOf('\n');
  const cursorLine = prefix.slice(cut + 1);
  const before = prefix
    .slice(0, cut + 1)
    .split('\n')
    .slice(-9, -1);
  // Whole lines first, longest run first: "def f(x):\n    return" echoed before the answer.
  for (let k = before.length; k >= 1; k--) {
    const echoed = `${before.slice(-k).join('\n')}\n${cursorLine}`;
    const hit = startsWithLoose(text, echoed);
    if (hit !== undefined && echoed.trim()) return text.slice(hit);
  }
  if (cursorLine.trim()) {
    const hit = startsWithLoose(text, cursorLine);
    if (hit !== undefined) return text.slice(hit);
  }
  return text;
}

/** Removes a copy of the suffix's first lines from the end of `text`. */
function stripEchoedSuffix(text: string, suffix: string): string {
  const lines = suffix.split('\n').slice(0, 8);
  for (let k = lines.length; k >= 1; k--) {
    const echoed = lines.slice(0, k).join('\n').trim();
    if (echoed.length < 2) continue;
    const t = text.trimEnd();
    if (t.length > echoed.length && t.endsWith(echoed)) return t.slice(0, t.length - echoed.length);
  }
  return text;
}

/** Where `text` continues after a copy of `echo` at its start, ignoring leading indentation; else undefined. */
function startsWithLoose(text: string, echo: string): number | undefined {
  if (text.startsWith(echo)) return echo.length;
  const e = echo.trimStart();
  const t = text.trimStart();
  if (e && t.startsWith(e)) return text.length - t.length + e.length;
  return undefined;
}
