/**
 * A small lexer for brackets, strings and comments, enough to tell which block a closing bracket closes and
 * whether a quote closes a string or opens one. It walks text once, left to right (every step advances), and
 * can resume: the prefix is scanned once, then the model's answer or the suffix continues from that state.
 */

/** How a language writes comments and strings. */
export interface Syntax {
  lineComments: readonly string[];
  blockComments: boolean;
  /** `"""…"""` and `'''…'''` span lines (Python, Java text blocks). */
  tripleQuotes: boolean;
  /** Backticks delimit strings that span lines (JS/TS template literals, Go raw strings). */
  backticks: boolean;
  /** `'` starts a string only as a char literal (`'a'`, `'\n'`); otherwise it is a lifetime (Rust). */
  charQuotes: boolean;
  /** Words that may come right before a quote and still start a string (`r"…"`, `b'…'`, `f"…"`). */
  stringPrefixes: RegExp | undefined;
  /** A line ending in `:` opens an indented block (Python). */
  colonBlocks: boolean;
}

const C_LIKE: Syntax = {
  lineComments: ['//'],
  blockComments: true,
  tripleQuotes: false,
  backticks: true,
  charQuotes: false,
  stringPrefixes: undefined,
  colonBlocks: false,
};

const SYNTAXES: Record<string, Syntax> = {
  python: {
    lineComments: ['#'],
    blockComments: false,
    tripleQuotes: true,
    backticks: false,
    charQuotes: false,
    stringPrefixes: /^(?:[rbfu]|rb|br|fr|rf)$/i,
    colonBlocks: true,
  },
  rust: { ...C_LIKE, backticks: false, charQuotes: true, stringPrefixes: /^(?:b|br|r)$/ },
  java: { ...C_LIKE, backticks: false, tripleQuotes: true },
  go: C_LIKE,
};

/** Languages known to use `:` for type annotations, labels, object keys — never to open a block. */
const COLON_IS_NOT_A_BLOCK = new Set([
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'java',
  'go',
  'rust',
  'c',
  'cpp',
  'csharp',
  'kotlin',
  'swift',
  'scala',
  'dart',
  'php',
  'json',
  'jsonc',
]);

/** The lexer settings for a VS Code language id (C-like when unknown). */
export function syntaxOf(languageId: string): Syntax {
  return SYNTAXES[languageId] ?? C_LIKE;
}

/** True when a line ending in `:` may open a block in this language (unknown languages: yes, as before). */
export function colonOpensBlock(languageId: string): boolean {
  return syntaxOf(languageId).colonBlocks || !COLON_IS_NOT_A_BLOCK.has(languageId);
}

/** Who wrote an open bracket or string: the document, or the text being scanned now (the model's answer). */
export type Origin = 'doc' | 'new';

/** An open bracket (or string, `char` being its quote) and the indentation of the line it was opened on. */
export interface Opener {
  char: string;
  closer: string;
  indent: number;
  /** 0-based line of the scan it was opened on. */
  line: number;
  origin: Origin;
}

/** A closing bracket, or a quote that closes a string, met by the scan. */
export interface CloseEvent {
  /** Index in the text being fed. */
  index: number;
  char: string;
  /** What it closes; undefined when nothing open matches (opened before the scanned window, or a stray). */
  opener: Opener | undefined;
  /** Nothing at all was open (rather than a bracket of another kind). */
  unmatched: boolean;
  /** Only blanks precede it on its line. */
  lineStart: boolean;
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSING = new Set([')', ']', '}']);
const WORD = /[A-Za-z0-9_]/;
/** How far below the innermost bracket a closer of another kind looks for its own (same line only). */
const MISMATCH_DEPTH = 4;
/** How many open brackets a line-start closer looks through for the one opened at its indentation. */
const INDENT_DEPTH = 64;

/** The lexer's state; `feed` walks text from it. `clone` copies it (openers are shared, so identity compares). */
export class Scanner {
  stack: Opener[] = [];
  /** The open string, if any (its `char` is the delimiter, one or three characters). */
  string: Opener | undefined;
  blockComment = false;
  line = 0;
  lineIndent = 0;
  atLineStart = true;
  origin: Origin = 'doc';

  constructor(
    readonly syntax: Syntax,
    readonly tabSize = 4,
  ) {}

  clone(origin: Origin): Scanner {
    const s = new Scanner(this.syntax, this.tabSize);
    s.stack = this.stack.slice();
    s.string = this.string;
    s.blockComment = this.blockComment;
    s.line = this.line;
    s.lineIndent = this.lineIndent;
    s.atLineStart = this.atLineStart;
    s.origin = origin;
    return s;
  }

  /**
   * Walks `text`, calling `visit` for every closing bracket and every quote that closes a string; stops early when
   * `visit` returns true. Returns the index it stopped at (after the event), or `text.length`.
   */
  feed(text: string, visit?: (e: CloseEvent) => boolean | void): number {
    const { syntax } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') {
        if (this.string && this.string.char.length === 1 && this.string.char !== '`') this.string = undefined;
        this.line++;
        this.lineIndent = 0;
        this.atLineStart = true;
        continue;
      }
      if (this.atLineStart && (c === ' ' || c === '\t')) {
        this.lineIndent += c === '\t' ? this.tabSize : 1;
        continue;
      }
      const lineStart = this.atLineStart;
      this.atLineStart = false;
      if (this.string) {
        const q = this.string.char;
        if (c === '\\') {
          i++;
          continue;
        }
        if (c === q[0] && (q.length === 1 || text.startsWith(q, i))) {
          const opener = this.string;
          this.string = undefined;
          i += q.length - 1;
          if (visit?.({ index: i - q.length + 1, char: q, opener, unmatched: false, lineStart })) return i + 1;
        }
        continue;
      }
      if (this.blockComment) {
        if (c === '*' && text[i + 1] === '/') {
          this.blockComment = false;
          i++;
        }
        continue;
      }
      if (syntax.lineComments.some((m) => text.startsWith(m, i))) {
        const eol = text.indexOf('\n', i);
        if (eol < 0) return text.length;
        i = eol - 1;
        continue;
      }
      if (syntax.blockComments && c === '/' && text[i + 1] === '*') {
        this.blockComment = true;
        i++;
        continue;
      }
      if (c === '"' || c === "'" || (c === '`' && syntax.backticks)) {
        i = this.openString(text, i);
        continue;
      }
      if (PAIRS[c]) {
        this.stack.push({ char: c, closer: PAIRS[c], indent: this.lineIndent, line: this.line, origin: this.origin });
        continue;
      }
      if (CLOSING.has(c)) {
        const e = this.close(c, i, lineStart);
        if (visit?.(e)) return i + 1;
      }
    }
    return text.length;
  }

  /** A quote outside strings: opens one (returns the index to go on from) unless it is an apostrophe or lifetime. */
  private openString(text: string, i: number): number {
    const c = text[i];
    const { syntax } = this;
    if (i > 0 && WORD.test(text[i - 1])) {
      let w = i;
      while (w > 0 && i - w < 3 && WORD.test(text[w - 1])) w--;
      const word = text.slice(w, i);
      if (!syntax.stringPrefixes?.test(word) || (w > 0 && WORD.test(text[w - 1]))) return i;
    }
    if (c === "'" && syntax.charQuotes && text[i + 1] !== '\\' && text[i + 2] !== "'") return i;
    const triple = syntax.tripleQuotes && c !== '`' && text.startsWith(c + c + c, i);
    const delim = triple ? c + c + c : c;
    this.string = { char: delim, closer: delim, indent: this.lineIndent, line: this.line, origin: this.origin };
    return i + delim.length - 1;
  }

  /**
   * A closing bracket. At the start of a line it closes the innermost open bracket of its kind opened on a line
   * indented as much (the brackets in between were left open); otherwise the innermost open bracket if it is of
   * its kind, else one of its kind opened on the same line just below it; else it is a stray, left alone.
   */
  private close(c: string, index: number, lineStart: boolean): CloseEvent {
    const { stack } = this;
    if (!stack.length) return { index, char: c, opener: undefined, unmatched: true, lineStart };
    if (lineStart) {
      const floor = Math.max(0, stack.length - INDENT_DEPTH);
      for (let j = stack.length - 1; j >= floor && stack[j].indent >= this.lineIndent; j--) {
        if (stack[j].closer === c && stack[j].indent === this.lineIndent) {
          const opener = stack[j];
          stack.length = j;
          return { index, char: c, opener, unmatched: false, lineStart };
        }
      }
    }
    const top = stack[stack.length - 1];
    if (top.closer !== c) {
      // `xs.map((x) => {‖)`: the `)` closes the `(` opened on the same line, leaving the `{` open (a few tries only).
      for (let j = stack.length - 2; j >= 0 && j >= stack.length - 1 - MISMATCH_DEPTH && stack[j].line === top.line; j--) {
        if (stack[j].closer === c) {
          const opener = stack[j];
          stack.length = j;
          return { index, char: c, opener, unmatched: false, lineStart };
        }
      }
      return { index, char: c, opener: undefined, unmatched: false, lineStart };
    }
    stack.pop();
    return { index, char: c, opener: top, unmatched: false, lineStart };
  }
}

/** Indentation of a line in columns (a tab counts `tabSize`). */
export function indentOf(line: string, tabSize: number): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += tabSize;
    else break;
  }
  return n;
}
