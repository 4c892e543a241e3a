import { compileGlob } from '../glob';
import type { RouteRequest } from '../types';
import type { RoutingRule } from '../settings/model';

type Matcher = (path: string) => boolean;
const cache = new Map<string, Matcher>();

const NEVER: Matcher = () => false;

/**
 * A glob matcher; globs without a leading "/" or "**" also match below any folder (so "src/**" works on absolute
 * paths). Linear in the path whatever the glob (../glob.ts); a glob over the limits (validation reported and
 * dropped it) never matches.
 */
function matcher(glob: string): Matcher {
  let m = cache.get(glob);
  if (!m) {
    const anchored = glob.startsWith('/') || glob.startsWith('**');
    try {
      m = compileGlob(glob, { nocase: process.platform === 'win32', anywhere: !anchored });
    } catch {
      m = NEVER;
    }
    if (cache.size > 500) cache.clear();
    cache.set(glob, m);
  }
  return m;
}

function languagesOf(req: RouteRequest): string[] {
  const langs = req.attachments?.flatMap((a) => (a.language ? [a.language.toLowerCase()] : [])) ?? [];
  return req.language ? [req.language.toLowerCase(), ...langs] : langs;
}

function pathsOf(req: RouteRequest): string[] {
  const paths = req.attachments?.map((a) => a.path) ?? [];
  return (req.filePath ? [req.filePath, ...paths] : paths).map((p) => p.replace(/\\/g, '/'));
}

/** True when every condition the rule sets holds for the request. */
export function ruleMatches(rule: RoutingRule, req: RouteRequest): boolean {
  const { languages, tasks, paths } = rule.when;
  if (tasks && !tasks.includes(req.task)) return false;
  if (languages && !languagesOf(req).some((l) => languages.includes(l))) return false;
  if (paths && !pathsOf(req).some((p) => paths.some((g) => matcher(g)(p)))) return false;
  return true;
}

/** "workspace rule #1: languages rust, task chat" */
export function describeRule(rule: RoutingRule): string {
  const parts: string[] = [];
  if (rule.when.languages) parts.push(`languages ${rule.when.languages.join(', ')}`);
  if (rule.when.tasks) parts.push(`task ${rule.when.tasks.join(', ')}`);
  if (rule.when.paths) parts.push(`paths ${rule.when.paths.join(', ')}`);
  return `${rule.origin} rule #${rule.index}: ${parts.join('; ')}`;
}
