/**
 * Splits a streaming markdown reply into finished blocks and the one block still open, so a renderer can
 * keep finished blocks as they are and re-render only the open tail: the work per chunk depends on the
 * size of the open block, not on the length of the reply.
 *
 * The block lexer is injected (the webview passes marked's `lexer`), so the same block rules decide both
 * where blocks end and how they render. A block counts as finished once what follows can no longer change
 * it: a blank line followed by more text, or a fenced code block / heading / rule followed by more text,
 * or anything followed by the start of a fenced code block.
 *
 * Whatever the text, a split never fails and never takes long: the lexer sees the text with its too-deep
 * nesting blanked (see nesting.ts), and when it throws anyway, blank lines split the text instead.
 */
import { capNestingForLexer } from './nesting';

export interface BlockToken {
  type: string;
  raw: string;
}

export type BlockLexer = (markdown: string) => readonly BlockToken[];

/** The open tail, when it is a fenced code block still waiting for its closing fence. */
export interface OpenFence {
  /** The info string's first word ("ts"), or "" when there is none. */
  language: string;
  /** The code received so far (after the opening fence line). Only ever grows while the fence stays open. */
  code: string;
}

export interface BlockUpdate {
  /** Markdown of blocks finished since the last update, in order. */
  finished: string[];
  /** Markdown of the open block (may be ""). */
  tail: string;
  /** True when the tail differs from the previous update's tail. */
  tailChanged: boolean;
  openFence?: OpenFence;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^\n]*)\n/;
const FINAL_WHEN_FOLLOWED = new Set(['code', 'heading', 'hr', 'space']);

export class StreamingBlocks {
  // The reply is kept as finished pieces + the open tail: slicing one ever-growing string would copy it
  // (V8 flattens concatenated strings on slice), making each chunk cost grow with the reply.
  private readonly done: string[] = [];
  private tail = '';
  private lastTail = '';
  private pendingCR = false;

  constructor(private readonly lex: BlockLexer) {}

  /** Adds a chunk of the reply (line endings normalized to \n, as the lexer expects). */
  append(chunk: string): void {
    let s = chunk;
    if (this.pendingCR) s = s.startsWith('\n') ? s.slice(1) : s;
    this.pendingCR = s.endsWith('\r');
    this.tail += s.replace(/\r\n?/g, '\n');
  }

  /** The reply so far (normalized). Joins the pieces: call it at the end, not per chunk. */
  get content(): string {
    return this.done.join('') + this.tail;
  }

  /** What changed since the last call; the lexer sees only the uncommitted tail. */
  update(): BlockUpdate {
    const finished: string[] = [];
    const tail = this.tail;
    const tokens = tail ? safeLex(this.lex, tail) : [];
    let boundary = 0;
    let offset = 0;
    for (let i = 0; i < tokens.length - 1; i++) {
      offset += tokens[i].raw.length;
      if (FINAL_WHEN_FOLLOWED.has(tokens[i].type) || (tokens[i + 1].type === 'code' && FENCE_OPEN.test(tokens[i + 1].raw))) boundary = offset;
    }
    // Commit only when the lexer's tokens really cover the text (they do unless it drops something, e.g. link definitions).
    if (boundary > 0 && tokens.slice(0, tokens.length - 1).map((t) => t.raw).join('').startsWith(tail.slice(0, boundary))) {
      const block = tail.slice(0, boundary);
      finished.push(block);
      this.done.push(block);
      this.tail = tail.slice(boundary);
    }
    return this.result(finished, this.tail, finished.length > 0 ? tokens.slice(-1) : tokens);
  }

  /** Ends the stream: everything left becomes finished. */
  finish(): BlockUpdate {
    const rest = this.tail;
    if (rest) this.done.push(rest);
    this.tail = '';
    this.lastTail = '';
    return { finished: rest ? [rest] : [], tail: '', tailChanged: true };
  }

  private result(finished: string[], tail: string, tailTokens: readonly BlockToken[]): BlockUpdate {
    const tailChanged = tail !== this.lastTail;
    this.lastTail = tail;
    const openFence = tailTokens.length === 1 && tailTokens[0].type === 'code' ? openFenceOf(tail) : undefined;
    return { finished, tail, tailChanged, openFence };
  }
}

/**
 * The lexer's tokens for `text`, their raw text taken from `text` itself. The lexer sees `text` with its
 * too-deep nesting blanked (same offsets); when it throws anyway, blank lines split the text instead.
 */
function safeLex(lex: BlockLexer, text: string): readonly BlockToken[] {
  const capped = capNestingForLexer(text);
  let tokens: readonly BlockToken[];
  try {
    tokens = lex(capped);
  } catch {
    return paragraphsOf(text);
  }
  if (capped === text) return tokens;
  let offset = 0;
  return tokens.map((t) => {
    // The capped text has the same length and line breaks: a token that covers it in order covers `text` there.
    const raw = capped.startsWith(t.raw, offset) ? text.slice(offset, offset + t.raw.length) : t.raw;
    offset += t.raw.length;
    return { type: t.type, raw };
  });
}

/**
 * The top-level blocks of a whole text, each with the blank lines after it: together exactly `text` (split
 * at blank lines when the lexer's tokens do not cover it).
 */
export function blocksOf(text: string, lex: BlockLexer): string[] {
  let tokens = safeLex(lex, text);
  if (tokens.map((t) => t.raw).join('') !== text) tokens = paragraphsOf(text);
  const out: string[] = [];
  for (const t of tokens) {
    if (t.raw === '') continue;
    if (t.type === 'space' && out.length > 0) out[out.length - 1] += t.raw;
    else out.push(t.raw);
  }
  return out;
}

/** Blocks by blank lines alone: paragraphs and the blank runs between them (together exactly `text`). */
export function paragraphsOf(text: string): BlockToken[] {
  const out: BlockToken[] = [];
  const blank = /\n(?:[ \t]*\n)+/g;
  let from = 0;
  for (let m = blank.exec(text); m; m = blank.exec(text)) {
    if (m.index > from) out.push({ type: 'paragraph', raw: text.slice(from, m.index) });
    out.push({ type: 'space', raw: m[0] });
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push({ type: 'paragraph', raw: text.slice(from) });
  return out;
}

/** The fenced code block `tail` opens, if it has not been closed yet. */
export function openFenceOf(tail: string): OpenFence | undefined {
  const m = FENCE_OPEN.exec(tail);
  if (!m) return undefined;
  const fence = m[1];
  const code = tail.slice(m[0].length);
  const closing = new RegExp(`(^|\\n) {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*(\\n|$)`);
  if (closing.test(code)) return undefined;
  return { language: m[2].trim().split(/\s+/)[0] ?? '', code };
}
