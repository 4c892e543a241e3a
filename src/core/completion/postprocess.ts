import { ALL_SPECIAL_TOKENS } from './templates';
import type { CompletionContext, CompletionMode } from './types';

/** Lines a block body may span; lines when the cursor sits on a blank line elsewhere. */
export const BLOCK_MAX_LINES = 16;
export const BLANK_LINE_MAX_LINES = 6;

const OPENS_BLOCK = /(?:[{:]|=>|->|\bdo|\bthen)$/;
const ONLY_CLOSERS = /^[\s)\]}>;,]*$/;
const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/**
 * Single line when the cursor is after code on its line (mid-statement); several lines when a block was just
 * opened (`{`, `:`, `=>`, `do`… ends the line, or the previous line on a blank cursor line), bounded.
 */
export function chooseMode(linePrefix: string, lineSuffix: string, prevLine: string): { mode: CompletionMode; maxLines: number } {
  const before = linePrefix.trimEnd();
  if (before) {
    return OPENS_BLOCK.test(before) && ONLY_CLOSERS.test(lineSuffix)
      ? { mode: 'multi', maxLines: BLOCK_MAX_LINES }
      : { mode: 'single', maxLines: 1 };
  }
  if (lineSuffix.trim()) return { mode: 'single', maxLines: 1 };
  return OPENS_BLOCK.test(prevLine.trimEnd())
    ? { mode: 'multi', maxLines: BLOCK_MAX_LINES }
    : { mode: 'multi', maxLines: BLANK_LINE_MAX_LINES };
}

export interface Fitted {
  /** Text to insert at the cursor; '' when nothing is worth showing. */
  text: string;
  /** True when `text` already contains the rest of the cursor line: it replaces it rather than being inserted. */
  replacesLineSuffix: boolean;
}

export type FitContext = Pick<CompletionContext, 'prefix' | 'suffix' | 'linePrefix' | 'lineSuffix' | 'mode' | 'maxLines'>;

const NOTHING: Fitted = { text: '', replacesLineSuffix: false };

/**
 * Fits a model's raw answer to the cursor: cuts leaked special tokens, re-indents, keeps one line or a
 * bounded block, stops at an unmatched closing bracket, drops repetition and text the document already has
 * after the cursor. `relativeIndent`: the answer's indentation is relative to its first line (chat models).
 */
export function fitCompletion(raw: string, ctx: FitContext, relativeIndent = false): Fitted {
  let text = cutAtSpecialToken(raw).replace(/\r\n?/g, '\n');
  if (!text.trim()) return NOTHING;
  let lines = reindent(text.split('\n'), ctx.linePrefix, relativeIndent);
  lines = ctx.mode === 'single' ? firstNonEmptyLine(lines) : lines;
  text = lines.join('\n');
  const closed = stopAtUnmatchedCloser(text, ctx);
  if (closed.replacesLineSuffix) return closed.text.trim() ? closed : NOTHING;
  lines = closed.text.split('\n');
  // Lines past the limit are never shown; dropRepeats looks at most 4 lines ahead, so it sees the same repeats.
  if (ctx.mode === 'multi') lines = lines.slice(0, ctx.maxLines + 4);
  lines = dropRepeats(lines, ctx.linePrefix);
  if (ctx.mode === 'multi') lines = lines.slice(0, ctx.maxLines);
  lines = cutSuffixLines(lines, ctx.suffix);
  text = lines.join('\n').trimEnd();
  text = cutLineSuffixOverlap(text, ctx);
  if (!text.trim() || repeatsPrefix(text, ctx)) return NOTHING;
  return { text, replacesLineSuffix: false };
}

function cutAtSpecialToken(text: string): string {
  let end = text.length;
  for (const t of ALL_SPECIAL_TOKENS) {
    const i = text.indexOf(t);
    if (i >= 0 && i < end) end = i;
  }
  return text.slice(0, end);
}

const leading = (s: string): string => /^[ \t]*/.exec(s)![0];

/**
 * `s` without trailing spaces and tabs. By hand: an unanchored `/[ \t]*$/` (like `/\s+$/`) retries from every
 * blank of a long inner run and takes quadratic time (40k spaces mid-text: seconds).
 */
function trimBlanksEnd(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(0, end);
}

/**
 * The cursor already sits at the line's indentation, so a first line that repeats it loses it. With
 * `relative`, later lines keep their indentation relative to the answer's first line, re-based on the
 * cursor line's; that applies only when the answer is dedented below the cursor (closing lines aside).
 */
function reindent(lines: string[], linePrefix: string, relative: boolean): string[] {
  const cursorIndent = leading(linePrefix);
  const atIndent = linePrefix.length > 0 && !linePrefix.trim();
  const firstIndent = leading(lines[0]);
  const out = lines.slice();
  if (atIndent && firstIndent) out[0] = lines[0].slice(firstIndent.length);
  if (!relative || lines.length < 2) return out;
  const base = linePrefix.trim() ? '' : firstIndent;
  const body = lines.slice(1).filter((l) => l.trim() && !CLOSERS.has(l.trim()[0]));
  // A loop, not Math.min(...spread): a spread of a very long answer's lines overflows the call stack.
  let minIndent = Infinity;
  for (const l of body) minIndent = Math.min(minIndent, leading(l).length);
  if (!body.length || minIndent >= cursorIndent.length) return out;
  for (let i = 1; i < out.length; i++) {
    if (!out[i].trim()) continue;
    const own = leading(out[i]);
    const rel = own.startsWith(base) ? own.slice(base.length) : own.slice(Math.min(own.length, base.length));
    out[i] = cursorIndent + rel + out[i].slice(own.length);
  }
  return out;
}

/** Up to and including the first line with non-blank text (a completion may start on the next line). */
function firstNonEmptyLine(lines: string[]): string[] {
  const i = lines.findIndex((l) => l.trim());
  return i < 0 ? [] : lines.slice(0, i + 1);
}

/**
 * Finds the first closing bracket the completion did not open (strings skipped). If the document already
 * has that bracket right after the cursor, the completion stops before it — unless, on a single line, the
 * completion goes on to retype the whole rest of the line, in which case it replaces it. Otherwise the
 * completion ends with the line holding that bracket (the block is closed; more would spill outside it).
 */
function stopAtUnmatchedCloser(text: string, ctx: FitContext): Fitted {
  const at = firstUnmatchedCloser(text);
  if (at < 0) return { text, replacesLineSuffix: false };
  const closer = text[at];
  const docNext = ctx.suffix.trimStart()[0];
  if (docNext === closer) {
    const rest = ctx.lineSuffix.trim();
    if (ctx.mode === 'single' && rest && rest[0] === closer && isSubsequence(rest, text.slice(at))) {
      return { text: text.trimEnd(), replacesLineSuffix: true };
    }
    return { text: trimBlanksEnd(text.slice(0, at)).replace(/\n$/, ''), replacesLineSuffix: false };
  }
  const eol = text.indexOf('\n', at);
  return { text: eol < 0 ? text : text.slice(0, eol), replacesLineSuffix: false };
}

function firstUnmatchedCloser(text: string): number {
  const stack: string[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote || (c === '\n' && quote !== '`')) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol;
    } else if (OPEN[c]) stack.push(OPEN[c]);
    else if (CLOSERS.has(c)) {
      if (!stack.length) return i;
      if (stack[stack.length - 1] === c) stack.pop();
    }
  }
  return -1;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

/** Cuts a line that repeats the one before it, or a block of 2–4 lines repeated back to back. */
function dropRepeats(completion: string[], linePrefix: string): string[] {
  // Compared as whole document lines: the first one continues the cursor line.
  const lines = [linePrefix + completion[0], ...completion.slice(1)];
  const blank = lines.map((l) => !l.trim());
  for (let i = 1; i < lines.length; i++) {
    if (!blank[i] && lines[i] === lines[i - 1]) return completion.slice(0, i);
    for (let k = 2; k <= 4 && i + k <= lines.length && i - k >= 0; k++) {
      let same = true;
      let content = false;
      for (let j = 0; j < k && same; j++) {
        same = lines[i + j] === lines[i - k + j];
        content ||= !blank[i + j];
      }
      if (same && content) return completion.slice(0, i);
    }
  }
  return completion;
}

/** Cuts the completion where it runs into the lines that already follow the cursor line. */
function cutSuffixLines(lines: string[], suffix: string): string[] {
  const after = suffix.split('\n').slice(1);
  const next = after.find((l) => l.trim());
  if (next === undefined) return lines;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trimEnd() === next.trimEnd()) return lines.slice(0, i);
  }
  return lines;
}

/** On one line: drops a trailing `;`, `,` or auto-closed quote the document already has after the cursor. */
function cutLineSuffixOverlap(text: string, ctx: FitContext): string {
  const rest = ctx.lineSuffix.trim();
  if (!rest || text.includes('\n') || /[()[\]{}]/.test(rest) || !text.endsWith(rest)) return text;
  for (const q of ['"', "'", '`']) {
    if (rest.includes(q) && (text.split(q).length - 1) % 2 === 0) return text;
  }
  const cut = text.slice(0, text.length - rest.length);
  // The document's own blanks before that text follow the cursor: the completion's would double them.
  return /^\s/.test(ctx.lineSuffix) ? cut.trimEnd() : cut;
}

/** True when the completion only repeats the line above the one it completes, or a block just before it. */
function repeatsPrefix(text: string, ctx: FitContext): boolean {
  const prefixLines = ctx.prefix.split('\n');
  const cursorLine = prefixLines.pop() ?? '';
  const lines = text.split('\n');
  // A completion starting with a newline completes the next line: the cursor line is then "above" it.
  const nextLine = !lines[0].trim();
  if (nextLine) prefixLines.push(cursorLine);
  const recent = prefixLines
    .slice(-30)
    .map((l) => l.trim())
    .filter((l) => l);
  const own = nextLine ? lines.slice(1) : [ctx.linePrefix + lines[0], ...lines.slice(1)];
  const want = own.map((l) => l.trim()).filter((l) => l);
  if (want.length === 1) return want[0].length >= 4 && want[0] === recent[recent.length - 1];
  for (let s = 0; s + want.length <= recent.length; s++) {
    if (want.every((l, j) => recent[s + j] === l)) return true;
  }
  return false;
}
