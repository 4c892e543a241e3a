import ignore, { type Ignore } from 'ignore';
import { isExcluded } from '../privacy/exclude';

/**
 * What goes into the codebase index. Decided in two steps so an excluded file is never read:
 * - by path and size, before reading (`skipBeforeRead`): secret files (built-in patterns) and `gearshift.exclude`,
 *   `.gitignore`d files, folders no one asks about (node_modules, .git, build output), files over the size cap;
 * - by content, after reading (`skipAfterRead`): binary files and minified or generated one-line bundles.
 */

/** Folders never indexed, whatever .gitignore says: dependencies, VCS data, caches. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.hg', '.svn', '.vscode-test', '__pycache__', '.venv'];

/** Extensions of files that are not text a question is answered from (images, archives, fonts, binaries, locks). */
const SKIPPED_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'png jpg jpeg gif bmp ico webp svgz tif tiff psd pdf zip gz tgz bz2 xz 7z rar jar war ear class dll exe so dylib o a ' +
    'lib obj wasm pyc pyo woff woff2 ttf otf eot mp3 mp4 mov avi mkv wav flac ogg webm sqlite db bin dat map lock'
  ).split(' '),
);
const SKIPPED_NAMES: ReadonlySet<string> = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'Cargo.lock', 'poetry.lock']);

/** `.gitignore` files by the folder they sit in ('' for the root), each applying below its folder. */
export class GitignoreRules {
  private readonly byDir = new Map<string, Ignore>();

  /** Adds the rules of the `.gitignore` in folder `dir` ('/'-separated, workspace-relative, '' for the root). */
  add(dir: string, content: string): void {
    const d = dir.replace(/^\/+|\/+$/g, '');
    const ig = this.byDir.get(d) ?? ignore();
    ig.add(content);
    this.byDir.set(d, ig);
  }

  get size(): number {
    return this.byDir.size;
  }

  /** True when a `.gitignore` at or above the file's folder ignores it. */
  ignores(path: string): boolean {
    for (const [dir, ig] of this.byDir) {
      if (dir !== '' && !path.startsWith(`${dir}/`)) continue;
      const rel = dir === '' ? path : path.slice(dir.length + 1);
      try {
        if (rel && ig.ignores(rel)) return true;
      } catch {
        // `ignore` refuses paths it deems invalid (e.g. "../x"): such a path is not the repository's to ignore.
      }
    }
    return false;
  }
}

export interface AdmitOptions {
  /** gearshift.exclude globs in force for the file (the built-in secret patterns always apply). */
  excludeGlobs: readonly string[];
  gitignore?: GitignoreRules;
  /** Per-file size cap in bytes. */
  maxBytes: number;
  /** The workspace folder on disk, so symlinks to secret files are caught (see isExcluded). */
  root?: string;
}

/** Why a file is left out before it is read, or undefined to read it. `path` is workspace-relative, '/'-separated. */
export function skipBeforeRead(path: string, size: number, opts: AdmitOptions): string | undefined {
  const parts = path.split('/');
  if (parts.some((p) => SKIPPED_FOLDERS.includes(p))) return 'folder';
  if (isExcluded(path, opts.excludeGlobs, opts.root)) return 'excluded';
  if (opts.gitignore?.ignores(path)) return 'gitignored';
  const name = parts[parts.length - 1];
  const dot = name.lastIndexOf('.');
  if (SKIPPED_NAMES.has(name) || (dot > 0 && SKIPPED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase()))) return 'not text';
  if (/\.min\.(?:js|css|mjs)$/.test(name)) return 'minified';
  if (size > opts.maxBytes) return 'too large';
  return undefined;
}

/** Bytes looked at for a NUL (Git's own test for a binary file). */
const SNIFF_BYTES = 8000;

/** Why a read file is left out (binary, minified), or undefined to index it. */
export function skipAfterRead(bytes: Uint8Array): string | undefined {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return 'binary';
  return undefined;
}

/**
 * True for generated one-line text: a bundle, a minified script, a data blob. Over 2,000 characters with lines
 * averaging more than 300 characters, or one line over 20,000.
 */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    longest = Math.max(longest, i - from);
    from = i + 1;
  }
  longest = Math.max(longest, text.length - from);
  return longest > 20_000 || text.length / lines > 300;
}
