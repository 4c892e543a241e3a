import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { compileGlob, MAX_PATH_LENGTH, type GlobMatcher, type GlobOptions } from '../glob';
import { LruCache } from '../lru';

/**
 * Files whose text never leaves the machine, whatever `gearshift.exclude` says: environment files, keys,
 * certificates and credential stores. Patterns without a '/' match a file's basename or any folder on its path;
 * patterns with a '/' match the end of its workspace-relative path.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '.env*',
  '*.env',
  '.envrc',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.kdbx',
  '*.asc',
  '*.gpg',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.git-credentials',
  '.htpasswd',
  'credentials',
  'credentials.json',
  'credentials.*',
  'secrets.*',
  '*.secret',
  '*.secrets',
  '*.tfvars',
  '*.tfstate',
  '*.tfstate.backup',
  'service-account*.json',
  '.aws/credentials',
  '.aws/config',
  '.docker/config.json',
  '.kube/config',
  '.ssh/*',
  '.gnupg/**',
];

type Matcher = (path: string) => boolean;

interface Compiled {
  /** Globs without '/': tested on the basename and on each folder name. */
  name: Matcher;
  /** Globs with '/': tested on the normalized path. */
  path: Matcher;
}

const compiledCache = new Map<string, Compiled>();

/** One matcher for a list of globs; a glob the matcher refuses (settings validation reported it) is skipped. */
function anyOf(globs: string[], opts: GlobOptions): Matcher {
  const matchers: GlobMatcher[] = [];
  for (const g of globs) {
    try {
      matchers.push(compileGlob(g, opts));
    } catch {
      // Over the complexity limits or unsupported: dropped, as validation already said.
    }
  }
  return (p) => matchers.some((m) => m(p));
}

function compile(globs: readonly string[]): Compiled {
  const key = globs.join('\u0000');
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const names: string[] = [];
  const paths: string[] = [];
  for (const raw of [...DEFAULT_EXCLUDES, ...globs]) {
    const g = raw.trim().replace(/\\/g, '/');
    if (!g) continue;
    const body = g.replace(/^\.\//, '').replace(/^\//, '');
    const trimmed = body.replace(/\/+$/, '');
    // Without '/': also tested on each folder name, so "private" excludes everything inside a folder of that name.
    // With '/': matched at the end of the path (below any folder), and a folder glob covers its contents too.
    (trimmed.includes('/') ? paths : names).push(trimmed);
  }
  const nocase = process.platform === 'win32' || process.platform === 'darwin';
  const compiled: Compiled = { name: anyOf(names, { nocase }), path: anyOf(paths, { nocase, anywhere: true, contents: true }) };
  if (compiledCache.size > 32) compiledCache.clear();
  compiledCache.set(key, compiled);
  return compiled;
}

/** Forward slashes, no drive-letter or leading './'. */
function normalize(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:/, '')
    .replace(/^\.\//, '');
}

/** `p` relative to `root` when inside it (both normalized), else `p` without leading slashes. */
function relativeTo(p: string, root: string | undefined): string {
  if (root) {
    const r = normalize(root).replace(/\/+$/, '');
    if (r && p.startsWith(`${r}/`)) p = p.slice(r.length + 1);
  }
  return p.replace(/^\/+/, '');
}

function matches(m: Compiled, rel: string): boolean {
  if (!rel) return false;
  // Fail safe: a path too long to match in bounded time is treated as excluded.
  if (rel.length > MAX_PATH_LENGTH) return true;
  for (const part of rel.split('/')) {
    if (part && m.name(part)) return true;
  }
  return m.path(rel);
}

const REAL_PATH_TTL_MS = 5000;
const realPaths = new LruCache<{ real: string | undefined; at: number }>(512);

/**
 * Where `file` really is (symlinks resolved), or undefined when it is not on disk, is already real, or cannot be
 * resolved. One realpath call per file every few seconds at most; never throws.
 */
function realPathOf(file: string): string | undefined {
  const now = Date.now();
  const hit = realPaths.get(file);
  if (hit && now - hit.at < REAL_PATH_TTL_MS) return hit.real;
  let real: string | undefined;
  try {
    const r = fs.realpathSync.native(file);
    real = r !== file ? r : undefined;
  } catch {
    real = undefined;
  }
  realPaths.set(file, { real, at: now });
  return real;
}

/**
 * True when a file must never be sent to a model: it matches a built-in secret-file pattern or one of the
 * user's `gearshift.exclude` globs. `path` may be absolute or workspace-relative; give `workspaceRoot` so
 * absolute paths are matched relative to it (folder-anchored globs like "config/private/**" need that).
 * A file that is a symlink (or lies under one) is also matched by where it really is: a link in the repository
 * to ~/.netrc is excluded like ~/.netrc. Globs are compiled once per distinct list and cached; every match takes
 * time linear in the path (see ../glob.ts), whatever the globs.
 */
export function isExcluded(path: string, globs: readonly string[] = [], workspaceRoot?: string): boolean {
  const m = compile(globs);
  const p = normalize(path);
  if (matches(m, relativeTo(p, workspaceRoot))) return true;
  const rootOnDisk = workspaceRoot && nodePath.isAbsolute(workspaceRoot) ? workspaceRoot : undefined;
  const onDisk = nodePath.isAbsolute(path) ? path : rootOnDisk && nodePath.join(rootOnDisk, path);
  const real = onDisk ? realPathOf(onDisk) : undefined;
  if (real === undefined) return false;
  const rootReal = workspaceRoot ? (realPathOf(workspaceRoot) ?? workspaceRoot) : undefined;
  return matches(m, relativeTo(normalize(real), rootReal));
}
