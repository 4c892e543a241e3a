import picomatch from 'picomatch';

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
const NEVER: Matcher = () => false;

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
    if (!trimmed.includes('/')) {
      // Also tested on each folder name, so "private" excludes everything inside a folder of that name.
      names.push(trimmed);
    } else {
      paths.push(trimmed.startsWith('**/') ? trimmed : `**/${trimmed}`);
      // A folder glob ("config/private") covers its contents too.
      if (!trimmed.endsWith('**')) paths.push(`${trimmed.startsWith('**/') ? trimmed : `**/${trimmed}`}/**`);
    }
  }
  const opts = { dot: true, nocase: process.platform === 'win32' || process.platform === 'darwin' };
  const compiled: Compiled = {
    name: names.length ? picomatch(names, opts) : NEVER,
    path: paths.length ? picomatch(paths, opts) : NEVER,
  };
  if (compiledCache.size > 32) compiledCache.clear();
  compiledCache.set(key, compiled);
  return compiled;
}

/** Forward slashes, no drive-letter or leading './'. */
function normalize(p: string): string {
  return p.replace(/\\/g, '/').replace(/^[A-Za-z]:/, '').replace(/^\.\//, '');
}

/**
 * True when a file must never be sent to a model: it matches a built-in secret-file pattern or one of the
 * user's `gearshift.exclude` globs. `path` may be absolute or workspace-relative; give `workspaceRoot` so
 * absolute paths are matched relative to it (folder-anchored globs like "config/private/**" need that).
 * Globs are compiled once per distinct list and cached.
 */
export function isExcluded(path: string, globs: readonly string[] = [], workspaceRoot?: string): boolean {
  const m = compile(globs);
  let p = normalize(path);
  if (workspaceRoot) {
    const root = normalize(workspaceRoot).replace(/\/+$/, '');
    if (root && p.startsWith(`${root}/`)) p = p.slice(root.length + 1);
  }
  const rel = p.replace(/^\/+/, '');
  if (!rel) return false;
  const parts = rel.split('/');
  for (const part of parts) {
    if (part && m.name(part)) return true;
  }
  return m.path(rel);
}
