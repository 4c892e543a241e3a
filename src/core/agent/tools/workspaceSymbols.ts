/** workspace_symbols: classes, functions, methods… of the workspace whose name matches a query. */
import type { AgentTool, ToolOutput } from '../types';
import type { WorkspaceHost } from './host';
import { guarded, ok, requiredString } from './output';
import type { WorkspacePaths } from './paths';

export const WORKSPACE_SYMBOLS = 'workspace_symbols';
export const SYMBOL_LIMITS = { results: 100 } as const;

export function workspaceSymbolsTool(host: WorkspaceHost, paths: WorkspacePaths): AgentTool {
  return {
    readOnly: true,
    definition: {
      name: WORKSPACE_SYMBOLS,
      description:
        "Find symbols (classes, functions, methods, variables, interfaces…) by name across the workspace, from the editor's " +
        'language servers. The query matches names fuzzily ("parseConf" finds parseConfig). ' +
        `Returns "kind name (container) path:line", at most ${SYMBOL_LIMITS.results}. Faster than search_text for definitions.`,
      inputSchema: {
        type: 'object',
        properties: { query: { type: 'string', description: 'A symbol name or part of one.' } },
        required: ['query'],
        additionalProperties: false,
      },
    },
    run: (input, ctx) => guarded(WORKSPACE_SYMBOLS, ctx.signal, () => symbols(host, paths, input, ctx.signal)),
  };
}

async function symbols(
  host: WorkspaceHost,
  paths: WorkspacePaths,
  input: Record<string, unknown>,
  signal: AbortSignal,
): Promise<ToolOutput> {
  const query = requiredString(input, 'query').trim();
  const found = await host.symbols(query, signal);
  const lines: string[] = [];
  let more = false;
  for (const s of found) {
    const file = paths.fileAt(s.path);
    if (!file || paths.excludedReason(file)) continue;
    if (lines.length === SYMBOL_LIMITS.results) {
      more = true;
      break;
    }
    const container = s.containerName ? ` (in ${s.containerName})` : '';
    lines.push(`${s.kind} ${s.name}${container} ${file.display}:${s.line}`);
  }
  if (lines.length === 0) {
    return ok(`No symbols match "${query}". The language may have no symbol provider yet; try search_text.`);
  }
  const notes = more ? [`[Only the first ${SYMBOL_LIMITS.results} are shown; make the query more specific.]`] : [];
  return ok([`${lines.length} symbol(s) match "${query}":`, ...lines, ...notes].join('\n'));
}
