/** find_files: workspace files matching a glob, as workspace-relative paths. */
import { globProblem } from '../../glob';
import type { AgentTool, ToolOutput } from '../types';
import type { WorkspaceHost } from './host';
import { guarded, InputError, ok, optionalInteger, requiredString, Slicer } from './output';
import type { WorkspaceFile, WorkspacePaths } from './paths';

export const FIND_FILES = 'find_files';
export const FIND_LIMITS = { defaultResults: 200, maxResults: 1000 } as const;

export function findFilesTool(host: WorkspaceHost, paths: WorkspacePaths): AgentTool {
  return {
    readOnly: true,
    definition: {
      name: FIND_FILES,
      description:
        'Find files in the workspace by glob, e.g. "src/**/*.ts", "**/package.json", "test/*". ' +
        'A glob without "/" matches file names at any depth ("*.md" is "**/*.md"). Supports *, **, ?, [abc] and {a,b}. ' +
        "Returns workspace-relative paths, sorted; the user's files.exclude and search.exclude apply, " +
        'and secret or excluded files are left out.',
      inputSchema: {
        type: 'object',
        properties: {
          glob: { type: 'string', description: 'Glob relative to the workspace root (forward slashes).' },
          maxResults: {
            type: 'integer',
            minimum: 1,
            maximum: FIND_LIMITS.maxResults,
            description: `At most this many paths (default ${FIND_LIMITS.defaultResults}).`,
          },
        },
        required: ['glob'],
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(FIND_FILES, ctx.signal, () => findFiles(host, paths, input, ctx.signal)),
  };
}

/**
 * A glob as the host takes it: checked (a clear error naming the glob), no absolute path or '..', and one without
 * '/' widened to any depth.
 */
export function workspaceGlob(raw: string, key = 'glob'): string {
  let glob = raw.trim().replace(/\\/g, '/');
  const problem = globProblem(glob);
  if (problem) throw new InputError(`The ${key} "${raw}" ${problem}.`);
  if (glob.startsWith('/') || /^[A-Za-z]:\//.test(glob)) {
    throw new InputError(`The ${key} "${raw}" is absolute; write it relative to the workspace root, e.g. "src/**/*.ts".`);
  }
  if (glob.split('/').includes('..')) throw new InputError(`The ${key} "${raw}" contains "..": globs must stay inside the workspace.`);
  glob = glob.replace(/^(\.\/)+/, '');
  if (!glob.includes('/') && !glob.startsWith('**')) glob = `**/${glob}`;
  return glob;
}

/**
 * Files the host found for `glob` that a tool may show (inside a folder, not excluded nor secret), sorted, at most
 * `max`; `more` when the host had more than that.
 */
export async function listFiles(
  host: WorkspaceHost,
  paths: WorkspacePaths,
  glob: string,
  max: number,
  signal: AbortSignal,
): Promise<{ files: WorkspaceFile[]; more: boolean; hidden: number }> {
  // Ask for a few more: some may be excluded.
  const found = await host.findFiles(glob, max + Math.min(max, 200) + 1, signal);
  const files: WorkspaceFile[] = [];
  let hidden = 0;
  const slicer = new Slicer();
  for (const abs of found) {
    await slicer.tick();
    if (signal.aborted) break;
    const file = paths.fileAt(abs);
    // The full check: a link named like an ordinary file may lead to a secret one.
    if (!file || (await paths.refusal(file))) hidden++;
    else files.push(file);
  }
  files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  const more = files.length > max;
  return { files: files.slice(0, max), more, hidden };
}

async function findFiles(
  host: WorkspaceHost,
  paths: WorkspacePaths,
  input: Record<string, unknown>,
  signal: AbortSignal,
): Promise<ToolOutput> {
  const raw = requiredString(input, 'glob');
  const max = Math.min(optionalInteger(input, 'maxResults', 1) ?? FIND_LIMITS.defaultResults, FIND_LIMITS.maxResults);
  const glob = workspaceGlob(raw);
  if (paths.roots().length === 0) return ok('No workspace folder is open.');
  const { files, more, hidden } = await listFiles(host, paths, glob, max, signal);
  const widened = glob !== raw.trim() && !raw.includes('/') ? ` (searched as "${glob}")` : '';
  if (files.length === 0) {
    const why = hidden > 0 ? ` (${hidden} matching file(s) are excluded or secret and not shown)` : '';
    return ok(`No files match "${raw}"${widened}${why}.`);
  }
  const head = `${files.length}${more ? '+' : ''} file(s) match "${raw}"${widened}:`;
  const notes: string[] = [];
  if (more) notes.push(`[Only the first ${max} are shown; narrow the glob or raise maxResults (up to ${FIND_LIMITS.maxResults}).]`);
  if (signal.aborted) notes.push('[Stopped before the search finished.]');
  return ok([head, ...files.map((f) => f.display), ...notes].join('\n'));
}
