/** get_problems: the editor's diagnostics (errors, warnings…) for one file or the whole workspace. */
import type { AgentTool, ToolOutput } from '../types';
import type { Problem, WorkspaceHost } from './host';
import { guarded, ok, optionalString, refused, toolError } from './output';
import type { WorkspacePaths } from './paths';

export const GET_PROBLEMS = 'get_problems';
export const PROBLEM_LIMITS = { results: 200, messageChars: 500 } as const;

const SEVERITY_ORDER: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function getProblemsTool(host: WorkspaceHost, paths: WorkspacePaths): AgentTool {
  return {
    readOnly: true,
    definition: {
      name: GET_PROBLEMS,
      description:
        "The editor's current problems (compiler errors, lint warnings…) for one file, or for the whole workspace when no " +
        `path is given. Returns "path:line:column severity [source code] message", errors first, at most ${PROBLEM_LIMITS.results}. ` +
        'Use it after an edit to check that nothing broke. Files not yet opened may have no problems reported by some languages.',
      inputSchema: {
        type: 'object',
        properties: { path: { type: 'string', description: 'Workspace-relative path of one file (default: every file).' } },
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(GET_PROBLEMS, ctx.signal, () => problems(host, paths, input)),
  };
}

async function problems(host: WorkspaceHost, paths: WorkspacePaths, input: Record<string, unknown>): Promise<ToolOutput> {
  const path = optionalString(input, 'path');
  let target: string | undefined;
  let label = 'the workspace';
  if (path !== undefined) {
    const r = await paths.check(path);
    if (!r.ok) return r.refused ? refused(r.message) : toolError(r.message);
    target = r.file.abs;
    label = r.file.display;
  }
  const shown: { p: Problem; display: string }[] = [];
  for (const p of await host.problems(target)) {
    const file = paths.fileAt(p.path);
    if (!file || paths.excludedReason(file)) continue;
    shown.push({ p, display: file.display });
  }
  if (shown.length === 0) return ok(`No problems in ${label}.`);
  shown.sort(
    (a, b) =>
      SEVERITY_ORDER[a.p.severity] - SEVERITY_ORDER[b.p.severity] ||
      (a.display < b.display ? -1 : a.display > b.display ? 1 : 0) ||
      a.p.line - b.p.line ||
      a.p.column - b.p.column,
  );
  const counts = (['error', 'warning', 'info', 'hint'] as const)
    .map((s) => [s, shown.filter((x) => x.p.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`)
    .join(', ');
  const lines = shown.slice(0, PROBLEM_LIMITS.results).map(({ p, display }) => {
    const tag = p.source || p.code ? ` [${[p.source, p.code].filter(Boolean).join(' ')}]` : '';
    const msg = p.message.replace(/\s+/g, ' ').trim();
    const cut = msg.length > PROBLEM_LIMITS.messageChars ? `${msg.slice(0, PROBLEM_LIMITS.messageChars)}…` : msg;
    return `${display}:${p.line}:${p.column} ${p.severity}${tag} ${cut}`;
  });
  const notes = shown.length > PROBLEM_LIMITS.results ? [`[Only the first ${PROBLEM_LIMITS.results} of ${shown.length} are shown.]`] : [];
  return ok([`Problems in ${label}: ${counts}.`, ...lines, ...notes].join('\n'));
}
