/**
 * Bounds how deeply a markdown reply nests before a markdown parser sees it. marked recurses once per
 * container level (block quote, list item) and re-lexes each level's content, and it matches nested
 * emphasis in time that grows much faster than the nesting: `>` × 5000 overflows its stack, a list nested
 * 1000 levels deep by indentation takes seconds, and 5000 nested `*a` take longer still. No answer needs
 * more than a few levels, so:
 * - a line's container markers past MAX_NESTING, and its indentation past MAX_INDENT columns, are made
 *   plain text (capNestingForDisplay) or blanked for a block lexer (capNestingForLexer);
 * - a paragraph whose emphasis nests past MAX_EMPHASIS is reported (emphasisTooDeep), to be shown as text.
 *
 * Inside a fenced code block (as far as a line-by-line look can tell) the container limits are far higher,
 * so code is left as written; they still exist there, because a fence this scan believes open may not be.
 * Every function here is linear in the length of the text.
 */

/** Container levels (block quotes, list items) kept on one line. */
export const MAX_NESTING = 16;
/** Columns of leading indentation and markers kept on one line. */
export const MAX_INDENT = 64;
/** Emphasis delimiters (`*`, `_`, `~`) open at once in one paragraph. */
export const MAX_EMPHASIS = 64;
/** The container limits inside what looks like a fenced code block. */
const MAX_NESTING_IN_FENCE = 256;
const MAX_INDENT_IN_FENCE = 1024;

/**
 * Where a line starts to nest too deeply (`at`): display drops the indentation in [at, drop) and escapes
 * the marker punctuation at `escape`, if there is one.
 */
interface Cut {
  at: number;
  drop: number;
  escape?: number;
}

interface Line {
  start: number;
  end: number;
  /** Offset after the container prefix (markers and indentation). */
  content: number;
  cut?: Cut;
  /** The prefix holds a list marker (the line starts a list item). */
  listItem: boolean;
  /** Inside a fenced code block, or one of its fence lines. */
  code: boolean;
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/** Length of the container marker at `i` (`>`, `-`/`*`/`+` + blank, `1.`/`1)` + blank), or 0; its punctuation is its last character. */
function markerAt(s: string, i: number, end: number): number {
  const ch = s[i];
  if (ch === '>') return 1;
  if ((ch === '*' || ch === '-' || ch === '+') && (i + 1 === end || isBlank(s[i + 1]))) return 1;
  if (!isDigit(ch)) return 0;
  let j = i;
  while (j < end && j - i < 9 && isDigit(s[j])) j++;
  return (s[j] === '.' || s[j] === ')') && (j + 1 === end || isBlank(s[j + 1])) ? j + 1 - i : 0;
}

/** A thematic break (`* * *`, `- - -`, `___`): a line of one marker character, which nests nothing. */
function isRule(s: string, start: number, end: number): boolean {
  let mark = '';
  let n = 0;
  for (let i = start; i < end; i++) {
    const ch = s[i];
    if (isBlank(ch)) continue;
    if (ch !== '*' && ch !== '-' && ch !== '_') return false;
    if (mark && ch !== mark) return false;
    mark = ch;
    n++;
  }
  return n >= 3;
}

function scanPrefix(s: string, start: number, end: number, maxNesting: number, maxIndent: number): Omit<Line, 'start' | 'end' | 'code'> {
  let i = start;
  let col = 0;
  let depth = 0;
  let listItem = false;
  for (;;) {
    while (i < end && isBlank(s[i])) {
      col = s[i] === '\t' ? col + 4 - (col % 4) : col + 1;
      if (col > maxIndent) {
        let j = i;
        while (j < end && isBlank(s[j])) j++;
        const len = j < end ? markerAt(s, j, end) : 0;
        return { cut: { at: i, drop: j, escape: len ? j + len - 1 : undefined }, content: j, listItem };
      }
      i++;
    }
    const len = i < end ? markerAt(s, i, end) : 0;
    if (len === 0) return { content: i, listItem };
    if (++depth > maxNesting || col + len > maxIndent) return { cut: { at: i, drop: i, escape: i + len - 1 }, content: i, listItem };
    listItem ||= s[i] !== '>';
    i += len;
    col += len;
  }
}

/** The fence a line opens or closes (after its container prefix): its character and length. */
function fenceAt(s: string, i: number, end: number): { ch: string; len: number; bare: boolean } | undefined {
  const ch = s[i];
  if (ch !== '`' && ch !== '~') return undefined;
  let j = i;
  while (j < end && s[j] === ch) j++;
  if (j - i < 3) return undefined;
  let k = j;
  while (k < end && isBlank(s[k])) k++;
  return { ch, len: j - i, bare: k === end };
}

/** The lines of `md` with their container prefix, where they nest too deeply, and whether they are code. */
function* lines(md: string): Generator<Line> {
  let fence: { ch: string; len: number } | undefined;
  for (let start = 0; start <= md.length; ) {
    let end = md.indexOf('\n', start);
    if (end < 0) end = md.length;
    if (isRule(md, start, end)) {
      yield { start, end, content: end, listItem: false, code: fence !== undefined };
    } else {
      const inFence = fence !== undefined;
      const scan = inFence
        ? scanPrefix(md, start, end, MAX_NESTING_IN_FENCE, MAX_INDENT_IN_FENCE)
        : scanPrefix(md, start, end, MAX_NESTING, MAX_INDENT);
      const f = scan.cut ? undefined : fenceAt(md, scan.content, end);
      if (!fence && f) fence = f;
      else if (fence && f && f.ch === fence.ch && f.len >= fence.len && f.bare) fence = undefined;
      yield { start, end, ...scan, code: inFence || fence !== undefined };
    }
    start = end + 1;
  }
}

/**
 * `md` for a block lexer that only has to find where blocks start and end: every line nested too deeply
 * is blanked (spaces), so the lexer does not walk its levels at all. Same length and same line breaks, so
 * the lexer's offsets are offsets in `md`.
 */
export function capNestingForLexer(md: string): string {
  const parts: string[] = [];
  let from = 0;
  for (const line of lines(md)) {
    if (!line.cut) continue;
    parts.push(md.slice(from, line.start), ' '.repeat(line.end - line.start));
    from = line.end;
  }
  if (from === 0) return md;
  parts.push(md.slice(from));
  return parts.join('');
}

/**
 * `md` with every line nested too deeply made plain text, for display: the first marker past the limit is
 * escaped (it and the rest of the line show as written), indentation past the limit is dropped.
 */
export function capNestingForDisplay(md: string): string {
  const parts: string[] = [];
  let from = 0;
  let changed = false;
  for (const { cut } of lines(md)) {
    if (!cut) continue;
    changed = true;
    parts.push(md.slice(from, cut.at));
    from = cut.drop;
    if (cut.escape !== undefined) {
      parts.push(md.slice(from, cut.escape), '\\');
      from = cut.escape;
    }
  }
  if (!changed) return md;
  parts.push(md.slice(from));
  return parts.join('');
}

function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return true;
  const c = ch.charCodeAt(0);
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 128 && /\s/.test(ch);
}

function isPunct(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
  return /[\p{P}\p{S}]/u.test(ch);
}

/** The code spans of `text` as [start, end) pairs: a backtick run opens one that the next run of the same length closes. */
function codeSpans(text: string): number[] {
  const at: number[] = [];
  const len: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2; // backslash escape
    else if (c === 96) {
      let j = i;
      while (text.charCodeAt(j) === 96) j++;
      at.push(i);
      len.push(j - i);
      i = j;
    } else i++;
  }
  // For each run length, the runs of that length in order, and how far the search for a closer has got.
  const byLen = new Map<number, number[]>();
  for (let k = 0; k < len.length; k++) {
    const list = byLen.get(len[k]);
    if (list) list.push(k);
    else byLen.set(len[k], [k]);
  }
  const searched = new Map<number, number>();
  const spans: number[] = [];
  for (let k = 0; k < len.length; k++) {
    const same = byLen.get(len[k])!;
    let p = searched.get(len[k]) ?? 0;
    while (p < same.length && same[p] <= k) p++;
    searched.set(len[k], p);
    if (p < same.length) {
      const close = same[p];
      spans.push(at[k], at[close] + len[close]);
      k = close;
    }
  }
  return spans;
}

/**
 * The most emphasis delimiters open when a closing one comes, in one paragraph `text` (its lines joined,
 * container prefixes removed), after CommonMark's flanking rules; code spans and escaped characters do not count.
 */
function paragraphEmphasis(text: string): number {
  const spans = codeSpans(text);
  let depth = 0;
  let max = 0;
  let span = 0;
  for (let i = 0; i < text.length; ) {
    if (span < spans.length && i >= spans[span]) {
      i = Math.max(i, spans[span + 1]);
      span += 2;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c !== 42 && c !== 95 && c !== 126) {
      i++;
      continue;
    }
    let j = i;
    while (text.charCodeAt(j) === c) j++;
    const before = text[i - 1];
    const after = text[j];
    const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
    const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
    const underscore = c === 95;
    if (left && (!right || (!underscore && depth === 0))) depth += j - i;
    else if (right && (!left || !underscore)) {
      // Nesting costs marked time only where closers meet openers: measured when a closer comes.
      if (depth > max) max = depth;
      depth = Math.max(0, depth - (j - i));
    }
    i = j;
  }
  return max;
}

/** True when some paragraph of `md` nests emphasis past MAX_EMPHASIS (marked would take seconds on it). */
export function emphasisTooDeep(md: string): boolean {
  let paragraph: string[] = [];
  const flush = (): boolean => {
    const deep = paragraph.length > 0 && paragraphEmphasis(paragraph.join('\n')) > MAX_EMPHASIS;
    paragraph = [];
    return deep;
  };
  for (const line of lines(md)) {
    const content = line.cut ? line.cut.drop : line.content;
    if (line.code || content >= line.end || line.listItem || md[content] === '#') {
      if (flush()) return true;
      if (line.code || content >= line.end) continue;
    }
    paragraph.push(md.slice(content, line.end));
  }
  return flush();
}
