/**
 * Where a model's path points, and whether a tool may touch it. A path is resolved inside the workspace folders
 * only: no '..', no absolute path outside a folder, no symlink leading out of the workspace. Files excluded by
 * `gearshift.exclude` or by the built-in secret-file patterns (../../privacy/exclude.ts, with the same root
 * semantics as the gateway: globs relative to the file's workspace folder) are refused, naming the rule.
 */
import * as nodePath from 'node:path';
import { compileGlob, type GlobMatcher } from '../../glob';
import { DEFAULT_EXCLUDES, isExcluded } from '../../privacy/exclude';
import type { WorkspaceHost, WorkspaceRoot } from './host';

/** A path resolved inside a workspace folder. */
export interface WorkspaceFile {
  /** Absolute, in the platform's form. */
  abs: string;
  root: WorkspaceRoot;
  /** Relative to the root, forward slashes; '' for the root itself. */
  rel: string;
  /** What models and people see: `rel` in a one-folder workspace, `<folder name>/rel` in a multi-root one. */
  display: string;
}

export type Resolution = { ok: true; file: WorkspaceFile } | { ok: false; refused: boolean; message: string };

const nocase = process.platform === 'win32' || process.platform === 'darwin';

/** The built-in patterns compiled as exclude.ts reads them, to name the one a file matched. */
let builtIns: { glob: string; test: GlobMatcher; onPath: boolean }[] | undefined;

function builtInRule(rel: string): string | undefined {
  builtIns ??= DEFAULT_EXCLUDES.map((glob) => {
    const onPath = glob.includes('/');
    return { glob, onPath, test: compileGlob(glob, onPath ? { nocase, anywhere: true, contents: true } : { nocase }) };
  });
  const parts = rel.split('/').filter(Boolean);
  return builtIns.find((b) => (b.onPath ? b.test(rel) : parts.some((p) => b.test(p))))?.glob;
}

function toSlashes(p: string): string {
  return p.split(nodePath.sep).join('/');
}

/** `abs` relative to `root` (forward slashes) when inside it, else undefined. */
function inside(root: string, abs: string): string | undefined {
  const rel = nodePath.relative(root, abs);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(rel)) return undefined;
  return toSlashes(rel);
}

export class WorkspacePaths {
  constructor(private readonly host: WorkspaceHost) {}

  roots(): readonly WorkspaceRoot[] {
    return this.host.roots();
  }

  /** The workspace file at an absolute path, or undefined when it lies outside every folder. */
  fileAt(abs: string): WorkspaceFile | undefined {
    const roots = this.host.roots();
    for (const root of roots) {
      const rel = inside(root.path, abs);
      if (rel === undefined) continue;
      return { abs, root, rel, display: this.display(root, rel, roots.length) };
    }
    return undefined;
  }

  private display(root: WorkspaceRoot, rel: string, rootCount: number): string {
    if (rootCount > 1) return rel ? `${root.name}/${rel}` : root.name;
    return rel || '.';
  }

  /**
   * A model's path (workspace-relative, `<folder name>/…` in a multi-root workspace, or absolute inside a folder)
   * as a workspace file. Relative paths in a multi-root workspace go to the first folder where they exist (the
   * first folder when none). Does not check exclusions: call `refusal` next.
   */
  async resolve(input: string): Promise<Resolution> {
    const roots = this.host.roots();
    if (roots.length === 0) return { ok: false, refused: false, message: 'No workspace folder is open.' };
    const raw = input.trim();
    if (!raw) return { ok: false, refused: false, message: 'The path is empty.' };
    if (raw.includes('\u0000')) return { ok: false, refused: true, message: 'The path contains a NUL character.' };
    const p = raw.replace(/\\/g, '/');
    const parts = p.split('/');
    if (parts.includes('..')) {
      return { ok: false, refused: true, message: `"${raw}" contains "..": paths must stay inside the workspace folders.` };
    }
    if (nodePath.isAbsolute(p) || /^[A-Za-z]:\//.test(p) || p.startsWith('~')) {
      const file = p.startsWith('~') ? undefined : this.fileAt(nodePath.resolve(p));
      if (!file) {
        const where = roots.map((r) => r.name).join(', ');
        return {
          ok: false,
          refused: true,
          message: `"${raw}" is outside the workspace folders (${where}). Use a workspace-relative path.`,
        };
      }
      return { ok: true, file };
    }
    const segments = parts.filter((s) => s !== '' && s !== '.');
    let root = roots[0];
    let rest = segments;
    const named = roots.length > 1 ? roots.find((r) => r.name === segments[0]) : undefined;
    if (named) {
      root = named;
      rest = segments.slice(1);
    } else if (roots.length > 1) {
      for (const r of roots) {
        if (await this.host.stat(nodePath.join(r.path, ...segments))) {
          root = r;
          break;
        }
      }
    }
    const abs = nodePath.resolve(root.path, ...rest);
    const rel = inside(root.path, abs);
    if (rel === undefined) return { ok: false, refused: true, message: `"${raw}" is outside the workspace folders.` };
    return { ok: true, file: { abs, root, rel, display: this.display(root, rel, roots.length) } };
  }

  /**
   * Why a file may not be listed or read (a sentence starting with its path), or undefined when it may. Checks
   * the path as written only (and symlinks on disk, as isExcluded does); cheap enough for every file of a listing.
   */
  excludedReason(file: WorkspaceFile): string | undefined {
    return this.reasonFor(file.abs, file.root.path, file.display, this.host.excludeGlobs(file.abs));
  }

  private reasonFor(abs: string, rootPath: string, display: string, globs: readonly string[]): string | undefined {
    if (!isExcluded(abs, globs, rootPath)) return undefined;
    if (isExcluded(abs, [], rootPath)) {
      const rule = builtInRule(inside(rootPath, abs) ?? toSlashes(abs));
      const named = rule ? ` ("${rule}")` : '';
      return (
        `${display} is a secret-looking file: it matches Gearshift's built-in secret-file pattern${named}, ` +
        'so no tool may read, list or edit it.'
      );
    }
    const rule = globs.find((g) => isExcluded(abs, [g], rootPath));
    const named = rule ? ` ("${rule}")` : '';
    return `${display} is excluded by the gearshift.exclude setting${named}, so no tool may read, list or edit it.`;
  }

  /**
   * The full check before reading or editing one file: excludedReason, then where the file really is (or, for a
   * file not yet created, its nearest existing folder): a link out of the workspace, or to an excluded file, is
   * refused. Undefined when the tool may go ahead.
   */
  async refusal(file: WorkspaceFile): Promise<string | undefined> {
    const globs = this.host.excludeGlobs(file.abs);
    const direct = this.reasonFor(file.abs, file.root.path, file.display, globs);
    if (direct) return direct;
    // The nearest existing ancestor (the file itself when it exists), at most up to the root.
    let probe = file.abs;
    let tail: string[] = [];
    let real = await this.host.realPath(probe);
    while (real === undefined && inside(file.root.path, probe)) {
      tail = [nodePath.basename(probe), ...tail];
      probe = nodePath.dirname(probe);
      real = await this.host.realPath(probe);
    }
    if (real === undefined) return undefined;
    const realAbs = tail.length ? nodePath.join(real, ...tail) : real;
    if (realAbs === file.abs) return undefined;
    for (const root of this.host.roots()) {
      const realRoot = (await this.host.realPath(root.path)) ?? root.path;
      if (inside(realRoot, realAbs) === undefined) continue;
      return this.reasonFor(realAbs, realRoot, file.display, this.host.excludeGlobs(realAbs));
    }
    return `${file.display} is a link to a place outside the workspace folders, so no tool may read or edit it.`;
  }

  /** resolve then refusal, as one answer. */
  async check(input: string): Promise<Resolution> {
    const r = await this.resolve(input);
    if (!r.ok) return r;
    const why = await this.refusal(r.file);
    return why ? { ok: false, refused: true, message: why } : r;
  }
}
