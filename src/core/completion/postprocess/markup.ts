import { lineComment } from '../languages';
import type { Filter, FilterContext } from './filter';
import { opensBlock } from './mode';

/** Tags models wrap an answer in (upper case, or lower case that is no HTML element: `<code>` stays JSX). */
const TAG_NAMES = 'COMPLETION|CODE|ANSWER|MIDDLE|FILL|INSERT|CURSOR|HOLE|SUFFIX|PREFIX|completion|answer|middle';
/** An opening tag at the very start of the answer (and the rest of its line when that is blank). */
const LEADING_TAG = new RegExp(`^[ \\t\\n]*<(?:${TAG_NAMES})>[ \\t]*\\n?`);
/** A closing tag anywhere, or an opening one at a line's start or after a blank: the answer ends there. */
const LATER_TAG = new RegExp(`</(?:${TAG_NAMES})>|(?:^|[ \\t])<(?:${TAG_NAMES})>`);
/** A Markdown code fence line: three backticks and an optional language (```ts, ```python, ```). */
const FENCE = /^```[\w+#.-]*$/;
/** Our own prompt header (templates.ts commentedHeader) as a comment: `// Path: src/a.ts`, `# Compare this snippet…`. */
const HEADER = /^(?:\/\/|#|--|;|%)[ \t]*(?:Path: \S+\.\w+|Compare this snippet from \S+:)$/;
/** The document has header-like comments of its own (`// Path: …` is its convention): then they are code. */
const OWN_HEADERS = /(?:^|\n)[ \t]*(?:\/\/|#|--|;|%)[ \t]*(?:Path: |Compare this snippet from )/;
/** A trailer comment: `# End of file.`, `// end of code`, `// EOF` (or in a block comment). */
const TRAILER = /^(?:\/\/|#|--|\/\*)[ \t]*(?:end of (?:the )?(?:file|code|completion|snippet|script|program)|eof)\.?(?:[ \t]*\*\/)?$/i;
/** First characters of the comment markers TRAILER and HEADER accept. */
const COMMENT_START = '/#-;%';
/** Languages whose text is prose: a fence there is content. */
const PROSE = new Set(['markdown', 'mdx', 'plaintext', 'restructuredtext', 'asciidoc']);

/**
 * Removes the wrapping a model puts around code on the FIM path: a Markdown fence (the opening line goes, the
 * answer ends at the closing one), `<COMPLETION>`-style tags, a copy of our prompt header's `// Path: …` (or
 * `Compare this snippet from …:`) line, an `# End of file.` trailer, and empty comment lines (`//` or `#` alone,
 * what commented-out blank lines of the header look like). Real code that looks alike stays: a fence line
 * inside a template literal, raw string or docstring (prefix included), ``` inside a string on a code line,
 * a `<Code>` component or `<code>` element, and an empty comment line between two comment lines.
 */
export const dropMarkup: Filter = (draft, ctx) => {
  const untagged = draft.text.replace(LEADING_TAG, '');
  let lines = untagged.split('\n');
  const literal = new LiteralState();
  literal.feed(ctx.prefix);
  const fences = !PROSE.has(ctx.languageId);
  const headers = !OWN_HEADERS.test(ctx.prefix);
  // A header copied first, or the opening fence, goes with the blank lines before it; the code after stays. After
  // code on the cursor line, a block (after a block opener, or an indented first line) still starts on a line of its own.
  let dropped = untagged !== draft.text && /\n/.test(draft.text.slice(0, draft.text.length - untagged.length));
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (!(headers && HEADER.test(line)) && !(fences && !literal.inside() && FENCE.test(line))) break;
    start = i + 1;
    dropped = true;
  }
  lines = lines.slice(start);
  if (dropped && ctx.linePrefix.trim() && lines[0]?.trim() && (opensBlock(ctx.linePrefix, ctx.languageId) || /^[ \t]/.test(lines[0]))) {
    lines.unshift('');
  }
  const end = endOfAnswer(lines, literal, fences, headers);
  lines = lines.slice(0, end.line);
  if (end.keep) lines.push(end.keep);
  lines = dropEmptyComments(lines, ctx);
  const text = lines.join('\n');
  return text === draft.text ? draft : { ...draft, text };
};

/** Where the answer ends: the first fence, tag, trailer or header line outside a literal (with what precedes a tag). */
function endOfAnswer(lines: readonly string[], literal: LiteralState, fences: boolean, headers: boolean): { line: number; keep?: string } {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!literal.inside()) {
      // Each pattern is only tried on a line that starts (or, for a tag, holds) the character it needs.
      if (fences && trimmed[0] === '`' && FENCE.test(trimmed)) return { line: i };
      if (COMMENT_START.includes(trimmed[0]) && (TRAILER.test(trimmed) || (headers && HEADER.test(trimmed)))) return { line: i };
      const tag = line.includes('<') ? LATER_TAG.exec(line) : null;
      if (tag) {
        const before = line.slice(0, tag.index).trimEnd();
        return before.trim() ? { line: i, keep: before } : { line: i };
      }
    }
    literal.feed(line);
    literal.feed('\n');
  }
  return { line: lines.length };
}

/**
 * Drops lines that are only the language's comment marker, unless both neighbours (the document's lines at the
 * ends) are comment lines with text: then it separates paragraphs of a real comment.
 */
function dropEmptyComments(lines: string[], ctx: Pick<FilterContext, 'languageId' | 'prefix' | 'suffix' | 'linePrefix'>): string[] {
  const marker = lineComment(ctx.languageId);
  if (!marker) return lines;
  const isEmpty = (l: string): boolean => l.trim() === marker;
  const hasText = (l: string | undefined): boolean => !!l && l.trim().startsWith(marker) && l.trim().length > marker.length;
  const out: string[] = [];
  const prefixLines = ctx.prefix.split('\n');
  const before = prefixLines[prefixLines.length - 2];
  const after = ctx.suffix.split('\n')[1];
  for (let i = 0; i < lines.length; i++) {
    // The first line continues the cursor line: only a line of its own (cursor at its indentation) can be one.
    const own = i > 0 || !ctx.linePrefix.trim();
    if (own && isEmpty(lines[i])) {
      const prev = i > 0 ? out[out.length - 1] : before;
      const next = i + 1 < lines.length ? lines[i + 1] : after;
      if (!(hasText(prev) && hasText(next))) continue;
    }
    out.push(lines[i]);
  }
  return out;
}

/**
 * Whether text fed so far is inside a multi-line literal: an odd number of unescaped backticks (a JS template
 * literal, a Go raw string) or of `"""` / `'''` (a Python docstring, a Java text block). Linear in what is fed.
 */
class LiteralState {
  private backticks = 0;
  private doubles = 0;
  private singles = 0;

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '\\' && c !== '`' && c !== '"' && c !== "'") continue;
      if (c === '\\') i++;
      else if (c === '`') this.backticks++;
      else if ((c === '"' || c === "'") && text[i + 1] === c && text[i + 2] === c) {
        if (c === '"') this.doubles++;
        else this.singles++;
        i += 2;
      }
    }
  }

  inside(): boolean {
    return this.backticks % 2 === 1 || this.doubles % 2 === 1 || this.singles % 2 === 1;
  }
}
