/**
 * A git unified diff (`git diff`, `git diff --cached`) split per file and per hunk, keeping the exact text.
 *
 * Hand-written rather than jsdiff's parsePatch: that throws on a malformed hunk and rebuilds the text, while here the
 * exact bytes are needed (they are redacted and sent as they are) and a file whose name cannot be read must be
 * dropped, not guessed. A file starts at each `diff --git ` line (git never writes one elsewhere: a hunk's lines
 * start with ' ', '+', '-' or '\'); text before the first one is not attributed to any file.
 */

export type FileChange = 'added' | 'deleted' | 'renamed' | 'copied' | 'modified';

export interface FileDiff {
  /** The path to show: the new path (the old one for a deletion), repository-relative, forward slashes. */
  path: string;
  /** Every path the diff names for this file (both sides, with and without a/ b/ prefixes): each is checked for exclusion. */
  paths: string[];
  /** The lines before the first hunk (`diff --git`, index, modes, ---/+++ or "Binary files … differ"), newline-ended. */
  header: string;
  /** Each hunk's text from its `@@` line, newline-ended. */
  hunks: string[];
  binary: boolean;
  change: FileChange;
  /** Where the file was renamed or copied from. */
  from?: string;
}

export interface SplitDiff {
  files: FileDiff[];
  /** Characters before the first `diff --git` line (not attributable to a file: never sent). */
  unattributed: number;
}

const GIT_HEADER = 'diff --git ';
/** Prefixes git puts before paths: a/ b/ by default, i/ w/ c/ o/ with diff.mnemonicPrefix. */
const SIDE_PREFIX = /^[abiwco12]\//;

/** Splits text into lines that keep their '\n' (the last may have none). */
function linesOf(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      if (start < text.length) out.push(text.slice(start));
      return out;
    }
    out.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * A path as git writes it: C-quoted ("a/t\303\251st") when it holds special characters (octal escapes are UTF-8
 * bytes), else as is. Returns the path and the rest of the text after it.
 */
function readPath(text: string): { path: string; rest: string } | undefined {
  if (!text.startsWith('"')) return undefined;
  const bytes: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { path: Buffer.from(bytes).toString('utf8'), rest: text.slice(i + 1) };
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const next = text[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return undefined;
}

/** A path field of a header line (quoted or not), without git's trailing tab-and-date some tools add. */
function pathField(field: string): string | undefined {
  const f = field.replace(/\r?\n$/, '');
  const quoted = readPath(f);
  if (quoted) return quoted.path;
  const plain = f.split('\t')[0];
  return plain && plain !== '/dev/null' ? plain : undefined;
}

/** Candidate paths from `diff --git A B`: quoted pairs exactly; unquoted ones split where both halves agree. */
function gitHeaderPaths(rest: string): { pair?: [string, string]; candidates: string[] } {
  const line = rest.replace(/\r?\n$/, '');
  const first = readPath(line);
  if (first) {
    const second = readPath(first.rest.trimStart()) ?? { path: first.rest.trim() };
    return { pair: [first.path, second.path], candidates: [first.path, second.path] };
  }
  // "a/x y b/x y": the same path twice, so the split is in the middle.
  const mid = (line.length - 1) / 2;
  if (Number.isInteger(mid) && line[mid] === ' ' && line.slice(2, mid) === line.slice(mid + 3)) {
    const pair: [string, string] = [line.slice(0, mid), line.slice(mid + 1)];
    return { pair, candidates: pair };
  }
  // Renamed, or an odd header: every way of reading it, so none escapes the exclusion check.
  const out = [line];
  for (const at of new Set([line.indexOf(' b/'), line.lastIndexOf(' b/'), line.indexOf(' "')])) {
    if (at > 0) out.push(line.slice(0, at), readPath(line.slice(at + 1))?.path ?? line.slice(at + 1));
  }
  return { candidates: out };
}

/** Both the path as written and without its a/ b/ prefix (a path may really start with "a/"). */
function withAndWithoutPrefix(p: string): string[] {
  return SIDE_PREFIX.test(p) ? [p, p.slice(2)] : [p];
}

/** Parses one file's lines (from its `diff --git` line up to the next). */
function fileOf(lines: string[]): FileDiff {
  let i = 0;
  const header: string[] = [];
  let oldPath: string | undefined;
  let newPath: string | undefined;
  let from: string | undefined;
  let change: FileChange = 'modified';
  let binary = false;
  const gitLine = gitHeaderPaths(lines[0].slice(GIT_HEADER.length));
  const named: string[] = gitLine.candidates;
  for (; i < lines.length && !lines[i].startsWith('@@'); i++) {
    const l = lines[i];
    header.push(l);
    const field = (prefix: string): string | undefined => (l.startsWith(prefix) ? pathField(l.slice(prefix.length)) : undefined);
    if (l.startsWith('--- ')) oldPath = field('--- ') ?? oldPath;
    else if (l.startsWith('+++ ')) newPath = field('+++ ') ?? newPath;
    else if (l.startsWith('new file mode')) change = 'added';
    else if (l.startsWith('deleted file mode')) change = 'deleted';
    else if (l.startsWith('rename from ') || l.startsWith('copy from ')) {
      change = l.startsWith('rename') ? 'renamed' : 'copied';
      from = field(l.startsWith('rename') ? 'rename from ' : 'copy from ');
      if (from) named.push(from);
    } else if (l.startsWith('rename to ') || l.startsWith('copy to ')) {
      const to = field(l.startsWith('rename') ? 'rename to ' : 'copy to ');
      if (to) named.push(to);
      newPath ??= to;
    } else if (/^Binary files .* differ\r?\n?$/.test(l) || l.startsWith('GIT binary patch')) binary = true;
  }
  const hunks: string[] = [];
  for (; i < lines.length; i++) {
    if (lines[i].startsWith('@@') || hunks.length === 0) hunks.push(lines[i]);
    else hunks[hunks.length - 1] += lines[i];
  }
  const paths = [...new Set([oldPath, newPath, ...named].filter((p): p is string => !!p).flatMap(withAndWithoutPrefix))];
  const strip = (p: string | undefined) => (p && SIDE_PREFIX.test(p) ? p.slice(2) : p);
  const fromHeader = gitLine.pair && (change === 'deleted' ? gitLine.pair[0] : gitLine.pair[1]);
  const path = strip(change === 'deleted' ? (oldPath ?? newPath) : (newPath ?? oldPath)) ?? strip(fromHeader) ?? named[0] ?? '';
  return { path, paths, header: header.join(''), hunks, binary, change, ...(from !== undefined && { from: strip(from) }) };
}

/** Splits a git diff into its files, each with its exact header and hunks. Never throws. */
export function splitDiff(diff: string): SplitDiff {
  const lines = linesOf(diff);
  const files: FileDiff[] = [];
  let unattributed = 0;
  let current: string[] | undefined;
  for (const l of lines) {
    if (l.startsWith(GIT_HEADER)) {
      if (current) files.push(fileOf(current));
      current = [l];
    } else if (current) current.push(l);
    else unattributed += l.length;
  }
  if (current) files.push(fileOf(current));
  return { files, unattributed };
}

/** A file's whole text as it appeared in the diff. */
export function fileText(f: FileDiff): string {
  return f.header + f.hunks.join('');
}

/** A file's text (as fileText gives it, possibly redacted since) split again into its header and hunks. */
export function headerAndHunks(text: string): { header: string; hunks: string[] } {
  let header = '';
  const hunks: string[] = [];
  for (const l of linesOf(text)) {
    if (l.startsWith('@@')) hunks.push(l);
    else if (hunks.length > 0) hunks[hunks.length - 1] += l;
    else header += l;
  }
  return { header, hunks };
}
