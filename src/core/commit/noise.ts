import type { FileDiff } from './diffFiles';

/**
 * Files whose diff says nothing a commit message needs: lockfiles, minified or generated output, source maps,
 * vendored dependencies and binaries. They are summarised in one line ("package-lock.json: updated") instead of sent.
 */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'cargo.lock',
  'gemfile.lock',
  'poetry.lock',
  'pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'composer.lock',
  'go.sum',
  'flake.lock',
  'packages.lock.json',
  'podfile.lock',
  'pubspec.lock',
  'mix.lock',
  'gradle.lockfile',
]);

/** Generated or vendored by their name or folder. */
const GENERATED: readonly RegExp[] = [
  /\.min\.(js|mjs|cjs|css)$/i,
  /\.(js|css|mjs|cjs)\.map$/i,
  /\.generated\.[^/]+$/i,
  /\.g\.dart$/i,
  /\.pb\.go$/i,
  /_pb2(_grpc)?\.pyi?$/i,
  /(^|\/)(node_modules|vendor|third_party)\//i,
];

/** What happened to the file, in a few words. */
function verb(f: FileDiff): string {
  switch (f.change) {
    case 'added':
      return 'added';
    case 'deleted':
      return 'deleted';
    case 'renamed':
      return `renamed from ${f.from ?? '?'}`;
    case 'copied':
      return `copied from ${f.from ?? '?'}`;
    default:
      return 'updated';
  }
}

/** The one-line summary that replaces a noisy file's diff, or undefined when its diff should be sent. */
export function noiseSummary(f: FileDiff): string | undefined {
  const base = (f.path.split('/').pop() ?? f.path).toLowerCase();
  if (LOCKFILES.has(base)) return `${f.path}: ${verb(f)}`;
  if (f.binary) return `${f.path}: binary file ${verb(f)}`;
  if (GENERATED.some((re) => re.test(f.path))) return `${f.path}: ${verb(f)} (generated)`;
  return undefined;
}
