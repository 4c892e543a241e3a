import type { CodePosition } from '../languageFeatures';
import { positionAt } from './text';

/** An identifier near the cursor whose definition may help the model. */
export interface NearIdentifier {
  name: string;
  /** Where it starts in the document. */
  offset: number;
  position: CodePosition;
}

/** Words of the languages completion supports that are never worth a definition lookup. */
const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue debugger declare def default del delete do elif else enum ' +
    'export extends false final finally fn for from func function go if impl implements import in instanceof interface is ' +
    'keyof let match mod module mut namespace new nil None not null of or and package pass private protected pub public ' +
    'raise readonly return self Self static struct super switch this throw throws trait true True False try type typeof ' +
    'undefined use var void while with yield string number boolean any unknown never object int float str bool char ' +
    'long short double byte usize isize u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 lambda print println console require'
  ).split(' '),
);
const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/g;
const LINES_BEFORE = 3;

/**
 * Identifiers around the cursor, nearest first: the cursor line before the cursor (right to left), then the lines
 * above it (bottom up), then the rest of the cursor line. Keywords, one-letter names and repeats are left out.
 */
export function identifiersAround(text: string, offset: number, max: number): NearIdentifier[] {
  let from = offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const cursorLineStart = from;
  for (let i = 0; i < LINES_BEFORE && from > 0; i++) from = from <= 1 ? 0 : text.lastIndexOf('\n', from - 2) + 1;
  const eol = text.indexOf('\n', offset);
  const to = eol < 0 ? text.length : eol;
  const found: { name: string; offset: number; rank: number }[] = [];
  IDENT.lastIndex = 0;
  const region = text.slice(from, to);
  for (let m = IDENT.exec(region); m; m = IDENT.exec(region)) {
    const name = m[0];
    const at = from + m.index;
    if (name.length < 2 || KEYWORDS.has(name) || /^\d/.test(name)) continue;
    // Before the cursor on its line: nearest first; lines above: after those; after the cursor: last.
    const rank = at >= offset ? 2e9 + at : at >= cursorLineStart ? offset - at : 1e9 + (cursorLineStart - at);
    found.push({ name, offset: at, rank });
  }
  found.sort((a, b) => a.rank - b.rank);
  const seen = new Set<string>();
  const out: NearIdentifier[] = [];
  for (const f of found) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    out.push({ name: f.name, offset: f.offset, position: positionAt(text, f.offset) });
    if (out.length >= max) break;
  }
  return out;
}
