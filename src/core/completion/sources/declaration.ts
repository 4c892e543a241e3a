import type { CodeRange, OutlineSymbol } from '../languageFeatures';
import { contains, headLines } from './text';

/** Symbol kinds whose body is a list of members: too long ones are shown as their members' first lines. */
const CONTAINERS = new Set(['Class', 'Interface', 'Struct', 'Enum', 'Module', 'Namespace', 'Object', 'Package']);
/** Lines above a declaration that belong to it: doc comments, line comments, decorators and attributes. */
const LEADING = /^\s*(?:\/\*\*|\/\*|\*|\/\/|#|@|\*\/)/;
const MAX_LEADING = 8;
const MAX_SIGNATURE_LINES = 6;
const FALLBACK_LINES = 8;

export interface Declaration {
  text: string;
  startLine: number;
  endLine: number;
  /** The declared symbol's name, when the outline had it. */
  name?: string;
}

/** The innermost outline symbol whose range holds `at`'s start. */
export function enclosingSymbol(symbols: readonly OutlineSymbol[], at: CodeRange): OutlineSymbol | undefined {
  for (const s of symbols) {
    if (!contains(s.range, at.start)) continue;
    return (s.children && enclosingSymbol(s.children, at)) ?? s;
  }
  return undefined;
}

/**
 * The declaration a definition location points into, cut from its file's text with the help of its outline: the
 * whole declaration (with its doc comment) when it fits `maxChars`; else a class-like one as its header and its
 * members' first lines, anything else as its signature. Without an outline symbol, a few lines from the location.
 */
export function declarationAt(text: string, symbols: readonly OutlineSymbol[], at: CodeRange, maxChars: number): Declaration | undefined {
  const lines = text.split('\n');
  if (at.start.line < 0 || at.start.line >= lines.length) return undefined;
  const sym = enclosingSymbol(symbols, at);
  if (!sym) {
    const end = Math.min(lines.length - 1, at.start.line + FALLBACK_LINES - 1);
    const cut = headLines(lines.slice(at.start.line, end + 1).join('\n'), maxChars);
    return { text: cut.text, startLine: at.start.line, endLine: end };
  }
  const start = Math.max(0, Math.min(sym.range.start.line, at.start.line));
  const end = Math.min(lines.length - 1, Math.max(start, sym.range.end.line));
  let first = start;
  while (first > 0 && start - first < MAX_LEADING && LEADING.test(lines[first - 1]) && lines[first - 1].trim()) first--;
  const whole = lines.slice(first, end + 1).join('\n');
  if (whole.length <= maxChars) return { text: whole, startLine: first, endLine: end, name: sym.name };
  const bare = lines.slice(start, end + 1).join('\n');
  if (bare.length <= maxChars) return { text: bare, startLine: start, endLine: end, name: sym.name };
  const short = CONTAINERS.has(sym.kind) && sym.children?.length ? members(lines, sym) : signature(lines, start, end);
  return { text: headLines(short, maxChars).text, startLine: start, endLine: end, name: sym.name };
}

/** A container's header lines, each member's first line, and its closing line. */
function members(lines: string[], sym: OutlineSymbol): string {
  const start = sym.range.start.line;
  const children = [...(sym.children ?? [])].sort((a, b) => a.range.start.line - b.range.start.line);
  const headEnd = Math.min(children[0].range.start.line - 1, start + 2);
  const out = lines.slice(start, Math.max(start, headEnd) + 1);
  let last = headEnd;
  for (const c of children) {
    const l = c.range.start.line;
    if (l <= last || l >= lines.length) continue;
    out.push(lines[l]);
    last = l;
  }
  const close = lines[sym.range.end.line];
  if (sym.range.end.line > last && close !== undefined && close.trim()) out.push(close);
  return out.join('\n');
}

/** Lines from `start` until the one that opens the body (`{`, a trailing `:` or `=>`, or `=`), at most a few. */
function signature(lines: string[], start: number, end: number): string {
  const out: string[] = [];
  for (let l = start; l <= end && out.length < MAX_SIGNATURE_LINES; l++) {
    out.push(lines[l]);
    if (/[{:]\s*$|=>\s*$|=\s*$|\bwhere\s*$/.test(lines[l]) || /\{/.test(lines[l])) break;
  }
  return out.join('\n');
}
