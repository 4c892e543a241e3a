/**
 * Glob matching in time linear in the path for any glob, including one written by an untrusted workspace.
 *
 * Every JavaScript glob library (picomatch, minimatch, micromatch…) compiles a glob to a backtracking RegExp:
 * `@(*)@(*)@(*)@(*)@(*)@(*)@(*)@(*)#` or `*a*a*a*a*a*a*b` then takes seconds to minutes on one path, synchronously,
 * on the extension host. This matcher simulates the glob instead (a set of positions advanced one character at a
 * time, and a set of reachable segments for `**`), so a match costs at most O(glob length × path length), with
 * both bounded: globs by GLOB_LIMITS (checked when settings are read: see globProblem), paths by MAX_PATH_LENGTH.
 *
 * The syntax is the common one, with picomatch's meaning and `{ dot: true }` (test/unit/privacy/glob.test.ts
 * checks the two agree): `*` and `?` within a path segment, `**` as a whole segment for any number of segments
 * (none included), `[abc]`, `[a-z]`, `[^x]` and `[!x]` (negated, as in VS Code and the shell; picomatch 4 reads
 * that `!` as a character), `{a,b}` (nested too), `\x` for a literal x, a leading `!` to negate. Extended globs
 * (`@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`) are not supported: checkGlob reports them, and the matcher reads their
 * characters literally.
 */

export const GLOB_LIMITS = {
  /** Characters in one glob as written. */
  length: 256,
  /** Patterns one glob's braces expand to. */
  alternatives: 32,
  /** Characters of all those patterns together. */
  expandedLength: 2048,
  /** Characters of the patterns of all globs of one setting (a path is matched against each). */
  settingExpandedLength: 8192,
} as const;

/** Longer paths are not matched (callers decide: an exclusion treats them as excluded, a rule as not matching). */
export const MAX_PATH_LENGTH = 1024;

export interface GlobOptions {
  /** Case-insensitive (Windows and macOS file systems). */
  nocase?: boolean;
  /** Also match below any folder, as if the glob started with `**` + `/` (unless it already does). */
  anywhere?: boolean;
  /** Also match what is inside a match, as if the glob ended with `/` + `**` (unless it already does). */
  contents?: boolean;
}

export type GlobMatcher = (path: string) => boolean;

class GlobLimitError extends Error {}

const EXTGLOB = /[@!+*?]\(/;

/**
 * What is wrong with a glob, in words, or undefined when it is fine; and what matching it costs (the length of
 * the patterns it expands to: a match takes at most that × the path's length). A glob with a problem is dropped
 * (settings validation reports it); compileGlob refuses the same globs.
 */
export function checkGlob(glob: string): { problem?: string; cost: number } {
  if (glob.length > GLOB_LIMITS.length) return { problem: `is longer than ${GLOB_LIMITS.length} characters`, cost: 0 };
  if (EXTGLOB.test(glob)) {
    return { problem: 'uses an extended glob such as @(…), !(…), +(…), *(…) or ?(…), which is not supported', cost: 0 };
  }
  try {
    return { cost: expandBraces(glob).reduce((n, p) => n + p.length, 0) };
  } catch (e) {
    if (e instanceof GlobLimitError) return { problem: e.message, cost: 0 };
    throw e;
  }
}

/** checkGlob's problem alone. */
export function globProblem(glob: string): string | undefined {
  return checkGlob(glob).problem;
}

/** Index of the `}` closing the `{` at `open`, and the top-level commas between; undefined when unclosed. */
function braceGroup(glob: string, open: number): { close: number; commas: number[] } | undefined {
  const commas: number[] = [];
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { close: i, commas };
    else if (c === ',' && depth === 1) commas.push(i);
  }
  return undefined;
}

/** The patterns `{a,b}` groups expand to (a group without a top-level comma stays literal). Throws over limits. */
function expandBraces(glob: string): string[] {
  let out = [''];
  let i = 0;
  let literal = '';
  const flush = (): void => {
    if (literal) out = out.map((p) => p + literal);
    literal = '';
  };
  while (i < glob.length) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) {
      literal += glob.slice(i, i + 2);
      i += 2;
      continue;
    }
    const group = c === '{' ? braceGroup(glob, i) : undefined;
    if (!group || group.commas.length === 0) {
      literal += c;
      i++;
      continue;
    }
    flush();
    const bounds = [i, ...group.commas, group.close];
    const alts: string[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) alts.push(...expandBraces(glob.slice(bounds[k] + 1, bounds[k + 1])));
    if (out.length * alts.length > GLOB_LIMITS.alternatives) {
      throw new GlobLimitError(`expands to more than ${GLOB_LIMITS.alternatives} patterns ({…,…} groups multiply)`);
    }
    out = out.flatMap((p) => alts.map((a) => p + a));
    i = group.close + 1;
  }
  flush();
  if (out.reduce((n, p) => n + p.length, 0) > GLOB_LIMITS.expandedLength) {
    throw new GlobLimitError(`expands to more than ${GLOB_LIMITS.expandedLength} characters of patterns`);
  }
  return out;
}

const enum Kind {
  Char,
  Any,
  Star,
  Class,
}

interface Token {
  kind: Kind;
  /** Kind.Char: the character. */
  char?: string;
  /** Kind.Class: inclusive ranges of UTF-16 code units, and whether the class is negated. */
  ranges?: [number, number][];
  negated?: boolean;
}

/** A segment: the tokens of one `/`-separated part, or GLOBSTAR for a whole `**`. */
type Segment = Token[] | typeof GLOBSTAR;
const GLOBSTAR = Symbol('**');

/** A `[…]` class starting at `at`, or undefined when it does not close (then `[` is a literal). */
function parseClass(s: string, at: number): { token: Token; end: number } | undefined {
  let i = at + 1;
  const negated = s[i] === '!' || s[i] === '^';
  if (negated) i++;
  const ranges: [number, number][] = [];
  let first = true;
  while (i < s.length && (s[i] !== ']' || first)) {
    first = false;
    let lo = s[i];
    if (lo === '\\' && i + 1 < s.length) lo = s[++i];
    i++;
    let hi = lo;
    if (s[i] === '-' && i + 1 < s.length && s[i + 1] !== ']') {
      hi = s[i + 1];
      if (hi === '\\' && i + 2 < s.length) hi = s[++i + 1];
      i += 2;
    }
    ranges.push([lo.charCodeAt(0), hi.charCodeAt(0)]);
  }
  if (i >= s.length) return undefined;
  return { token: { kind: Kind.Class, ranges, negated }, end: i + 1 };
}

function parseSegment(s: string): Segment {
  if (s === '**') return GLOBSTAR;
  const tokens: Token[] = [];
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      tokens.push({ kind: Kind.Char, char: s[i + 1] });
      i += 2;
    } else if (c === '*') {
      // `**` inside a segment is a `*`; consecutive stars are one.
      if (tokens.length === 0 || tokens[tokens.length - 1].kind !== Kind.Star) tokens.push({ kind: Kind.Star });
      i++;
    } else if (c === '?') {
      tokens.push({ kind: Kind.Any });
      i++;
    } else if (c === '[') {
      const cls = parseClass(s, i);
      tokens.push(cls ? cls.token : { kind: Kind.Char, char: '[' });
      i = cls ? cls.end : i + 1;
    } else {
      tokens.push({ kind: Kind.Char, char: c });
      i++;
    }
  }
  return tokens;
}

function inClass(t: Token, code: number): boolean {
  let hit = false;
  for (const [lo, hi] of t.ranges!) if (code >= lo && code <= hi) hit = true;
  return hit !== t.negated;
}

/** Whether `tokens` match all of `text`: the set of token positions is advanced one character at a time. */
function matchSegment(tokens: Token[], text: string): boolean {
  const m = tokens.length;
  // Fast paths: a literal segment, or a lone star (any non-empty segment).
  if (m === 1 && tokens[0].kind === Kind.Star) return text.length > 0;
  let now = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (set: Uint8Array): void => {
    for (let k = 0; k < m; k++) if (set[k] && tokens[k].kind === Kind.Star) set[k + 1] = 1;
  };
  now[0] = 1;
  close(now);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    next.fill(0);
    let any = false;
    for (let k = 0; k < m; k++) {
      if (!now[k]) continue;
      const t = tokens[k];
      if (t.kind === Kind.Star) {
        next[k] = 1;
        any = true;
      } else if (t.kind === Kind.Any || (t.kind === Kind.Char ? t.char === ch : inClass(t, code))) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [now, next] = [next, now];
  }
  // A segment is never empty in a path, and a pattern of only stars needs at least one character (as picomatch).
  return now[m] === 1 && text.length > 0;
}

/** Whether the pattern's segments match the path's: the set of reachable path positions, one segment at a time. */
function matchSegments(pattern: Segment[], parts: string[]): boolean {
  let reach = new Uint8Array(parts.length + 1);
  reach[0] = 1;
  for (const seg of pattern) {
    const out = new Uint8Array(parts.length + 1);
    let any = false;
    if (seg === GLOBSTAR) {
      let seen = false;
      for (let j = 0; j <= parts.length; j++) {
        seen ||= reach[j] === 1;
        if (seen) out[j] = 1;
        any ||= seen;
      }
    } else {
      for (let j = 0; j < parts.length; j++) {
        if (reach[j] && (seg.length === 0 ? parts[j] === '' : matchSegment(seg, parts[j]))) {
          out[j + 1] = 1;
          any = true;
        }
      }
    }
    if (!any) return false;
    reach = out;
  }
  return reach[parts.length] === 1;
}

/** Path segments without `.` and with `..` applied; duplicate and trailing slashes dropped. */
function pathParts(path: string): string[] {
  const raw = path.split('/');
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    if (p === '' && i > 0) continue; // '//' or a trailing '/' (a leading '' marks an absolute path)
    if (p === '.') continue;
    if (p === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') {
      parts.pop();
      continue;
    }
    parts.push(p);
  }
  return parts;
}

/**
 * Compiles a glob (forward slashes) into a matcher of forward-slash paths. Throws an Error naming the problem for
 * a glob that globProblem rejects. A path longer than MAX_PATH_LENGTH never matches.
 */
export function compileGlob(glob: string, opts: GlobOptions = {}): GlobMatcher {
  const problem = globProblem(glob);
  if (problem) throw new Error(`The glob "${glob.slice(0, 80)}" ${problem}.`);
  let g = opts.nocase ? glob.toLowerCase() : glob;
  let negate = false;
  while (g.startsWith('!')) {
    negate = !negate;
    g = g.slice(1);
  }
  while (g.startsWith('./')) g = g.slice(2);
  // Empty segments ('//', a trailing '/') dropped; a leading '' (an absolute glob) kept; '.' and '..' are literal.
  const patterns = expandBraces(g).map((p) =>
    p
      .split('/')
      .filter((seg, i) => seg !== '' || i === 0)
      .map(parseSegment),
  );
  if (opts.contents) for (const p of patterns) if (p[p.length - 1] !== GLOBSTAR) p.push(GLOBSTAR);
  // `**` matches no segment too, so the prefixed pattern also matches where the glob alone would.
  if (opts.anywhere) for (const p of patterns) if (p[0] !== GLOBSTAR) p.unshift(GLOBSTAR);
  return (path: string) => {
    if (path.length > MAX_PATH_LENGTH) return false;
    const parts = pathParts(opts.nocase ? path.toLowerCase() : path);
    return patterns.some((p) => matchSegments(p, parts)) !== negate;
  };
}
