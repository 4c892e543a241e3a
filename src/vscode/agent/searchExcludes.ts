/**
 * The exclude glob for vscode.workspace.findFiles that honours both `files.exclude` and `search.exclude` (given an
 * explicit exclude, findFiles applies only that one; given none, it applies files.exclude but not search.exclude).
 * Plain Node (no `vscode`), unit-tested.
 */
import { compileGlob, type GlobMatcher } from '../../core/glob';

/** A files.exclude / search.exclude value: pattern → true, false, or a sibling condition ({ when }). */
export type ExcludeSetting = Record<string, unknown> | undefined;

/**
 * The patterns switched on in the given settings (sibling conditions such as `{ "when": "$(basename).ts" }` are
 * left out: they cannot be expressed as one glob, so such files are found rather than hidden), in order, once each.
 */
export function enabledPatterns(...settings: ExcludeSetting[]): string[] {
  const out = new Set<string>();
  for (const s of settings) {
    if (!s || typeof s !== 'object') continue;
    for (const [pattern, on] of Object.entries(s)) if (on === true && pattern.trim() !== '') out.add(pattern.trim());
  }
  return [...out];
}

/**
 * One glob matching any of `patterns` ("{a,b}"), or undefined when there are none. Patterns that hold braces or
 * commas cannot sit inside another brace group; they are returned in `separate` to be checked on the results.
 */
export function combineExcludes(patterns: readonly string[]): { glob?: string; separate: string[] } {
  const simple = patterns.filter((p) => !/[{},]/.test(p));
  const separate = patterns.filter((p) => /[{},]/.test(p));
  if (simple.length === 0) return { separate };
  return { glob: simple.length === 1 ? simple[0] : `{${simple.join(',')}}`, separate };
}

/**
 * A test of a workspace-relative path (forward slashes) against patterns as VS Code reads exclude patterns: a
 * pattern matching a folder excludes everything in it. Patterns the matcher refuses are skipped.
 */
export function excludeMatcher(patterns: readonly string[], nocase: boolean): (relPath: string) => boolean {
  const tests: GlobMatcher[] = [];
  for (const p of patterns) {
    try {
      tests.push(compileGlob(p.replace(/\/+$/, ''), { nocase, contents: true }));
    } catch {
      // A glob the matcher cannot take is not applied (VS Code would reject most of them too).
    }
  }
  return (relPath) => tests.some((t) => t(relPath));
}
