import type { FzfResultItem } from 'fzf' with { 'resolution-mode': 'import' };

type FzfModule = typeof import('fzf', { with: { 'resolution-mode': 'import' } });
let fzfModule: Promise<FzfModule> | undefined;

/** fzf ships ESM (its UMD build is not loadable from CommonJS under its "type": "module"): loaded once, on first use. */
function loadFzf(): Promise<FzfModule> {
  fzfModule ??= import('fzf');
  return fzfModule;
}

/** Start of the file name within a '/'-separated path. */
function baseStart(path: string): number {
  return path.lastIndexOf('/') + 1;
}

/** fzf's score first; on a tie, the match that lies within the file name, then the shorter path. */
function tiebreak(a: FzfResultItem<string>, b: FzfResultItem<string>): number {
  const inBase = (r: FzfResultItem<string>): number => {
    const s = baseStart(r.item);
    return [...r.positions].every((p) => p >= s) ? 0 : 1;
  };
  return inBase(a) - inBase(b) || a.item.length - b.item.length;
}

/**
 * Workspace-relative paths ranked for what was typed after '@' (fzf's v2 algorithm, smart case), best first, at most
 * `limit`. An empty query keeps the given order (the caller puts recently opened files first).
 */
export async function rankPaths(paths: readonly string[], query: string, limit: number): Promise<string[]> {
  const q = query.trim();
  if (!q) return paths.slice(0, limit);
  const { Fzf } = await loadFzf();
  const fzf = new Fzf(paths, { limit, tiebreakers: [tiebreak] });
  return fzf.find(q).map((r: FzfResultItem<string>) => r.item);
}
