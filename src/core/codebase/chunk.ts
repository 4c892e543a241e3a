/**
 * Cuts a source file into line-ranged chunks for the codebase index. Chunks follow declarations where that is
 * cheap to see: a new chunk starts at a top-level (unindented) declaration line once the current one has a few
 * lines, so a function and its doc comment usually land in one chunk; no chunk exceeds `maxLines` lines or
 * `maxChars` characters (a long line is cut, the rest of it is left out of the index). One pass over the lines,
 * each line looked at through its first `HEAD` characters only, so any input takes linear time.
 */

export interface Chunk {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
  /** Names declared in the chunk (functions, classes, methods, types, constants), in order, without repeats. */
  symbols: string[];
}

export interface ChunkOptions {
  /** Most lines in a chunk (default 60). */
  maxLines?: number;
  /** A chunk is not cut at a declaration before it has this many lines (default 12). */
  minLines?: number;
  /** Most characters in a chunk's text (default 4000); a longer line is cut short. */
  maxChars?: number;
}

/** How much of a line the declaration patterns look at. */
const HEAD = 200;

/**
 * A declaration's name at the start of a line: `export default async function x`, `class X`, `interface X`,
 * `type X =`, `enum X`, `const x =`, `def x(` (Python), `fn x` (Rust), `func x` (Go), `struct X`… Anchored, with
 * no two quantifiers over the same characters next to each other: linear.
 */
const DECLARATION = new RegExp(
  '^(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:pub(?:\\([a-z]+\\))?\\s+)?' +
    '(?:function\\*?|class|interface|type|enum|const|let|var|namespace|module|def|fn|func|struct|trait|impl|object)' +
    '\\s+(?:\\*\\s*)?([A-Za-z_$][\\w$]*)',
);

/** A member (method, getter, property with a function value) at the start of an indented line in a class body. */
const MEMBER = new RegExp(
  '^\\s{1,8}(?:(?:public|private|protected|static|readonly|override|abstract|async|get|set|declare|def|fn|func|pub)\\s+){0,4}' +
    '\\*?#?([A-Za-z_$][\\w$]*)\\s*(?:<[^>]{0,80}>\\s*)?\\(',
);

const NOT_MEMBERS: ReadonlySet<string> = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'function', 'super', 'with']);

/** The name a line declares, if it visibly declares one. */
export function declaredName(line: string): { name: string; topLevel: boolean } | undefined {
  const head = line.length > HEAD ? line.slice(0, HEAD) : line;
  const top = DECLARATION.exec(head);
  if (top) return { name: top[1], topLevel: true };
  const m = MEMBER.exec(head);
  if (m && !NOT_MEMBERS.has(m[1])) return { name: m[1], topLevel: false };
  return undefined;
}

/** True for a line that begins a top-level declaration or its doc comment (unindented, not a closing bracket). */
function startsTopLevel(line: string): boolean {
  const c = line.charCodeAt(0);
  if (Number.isNaN(c) || c === 32 || c === 9 || c === 125 || c === 41 || c === 93) return false; // ' ', '\t', '}', ')', ']'
  const head = line.length > HEAD ? line.slice(0, HEAD) : line;
  return DECLARATION.test(head) || head.startsWith('/**') || head.startsWith('@') || head.startsWith('#[');
}

/** Splits `text` into lines (\n, \r\n or a lone \r end a line). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The chunks of a file's text, in order, covering every line (blank-only tails are dropped). */
export function chunkText(text: string, opts: ChunkOptions = {}): Chunk[] {
  const maxLines = Math.max(1, opts.maxLines ?? 60);
  const minLines = Math.min(maxLines, Math.max(1, opts.minLines ?? 12));
  const maxChars = Math.max(80, opts.maxChars ?? 4000);
  const lines = splitLines(text);
  const chunks: Chunk[] = [];
  let start = 0;
  let parts: string[] = [];
  let chars = 0;
  let symbols: string[] = [];
  let seen = new Set<string>();
  const flush = (end: number): void => {
    const body = parts.join('\n');
    if (body.trim() !== '') chunks.push({ startLine: start + 1, endLine: end, text: body, symbols });
    parts = [];
    chars = 0;
    symbols = [];
    seen = new Set();
  };
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const count = parts.length;
    const full = count >= maxLines || (count > 0 && chars + line.length + 1 > maxChars);
    const boundary = count >= minLines && startsTopLevel(line) && !continuesDoc(parts);
    if (full || boundary) {
      flush(i);
      start = i;
    }
    if (line.length > maxChars) line = line.slice(0, maxChars);
    const d = declaredName(line);
    if (d && !seen.has(d.name)) {
      seen.add(d.name);
      symbols.push(d.name);
    }
    parts.push(line);
    chars += line.length + 1;
  }
  flush(lines.length);
  return chunks;
}

/** True when the chunk so far ends inside or right after a doc comment, which belongs with what follows it. */
function continuesDoc(parts: string[]): boolean {
  const last = parts[parts.length - 1];
  if (last === undefined) return false;
  const t = last.trimStart();
  return t.startsWith('*') || t.startsWith('/**') || t.startsWith('@');
}
