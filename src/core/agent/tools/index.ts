/**
 * Gearshift's own agent tools, built on a WorkspaceHost (./host.ts) that the VS Code layer implements. In
 * Restricted Mode (`trusted: false`) only the read-only tools are returned.
 */
import type { AgentTool } from '../types';
import { findFilesTool } from './findFiles';
import { getProblemsTool } from './getProblems';
import type { AgentToolDeps } from './host';
import { WorkspacePaths } from './paths';
import { proposeEditsTool } from './proposeEdits';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import { searchTextTool, type SearchOptions } from './searchText';
import { workspaceSymbolsTool } from './workspaceSymbols';

export type { AgentToolDeps, CommandAllowList, WorkspaceHost } from './host';
export { FIND_FILES } from './findFiles';
export { GET_PROBLEMS } from './getProblems';
export { PROPOSE_EDITS } from './proposeEdits';
export { READ_FILE } from './readFile';
export { RUN_COMMAND } from './runCommand';
export { SEARCH_TEXT } from './searchText';
export { WORKSPACE_SYMBOLS } from './workspaceSymbols';

/** Every tool, read-only first; only those when the workspace is not trusted. */
export function createAgentTools(deps: AgentToolDeps & { search?: SearchOptions }): AgentTool[] {
  const paths = new WorkspacePaths(deps.host);
  const all: AgentTool[] = [
    readFileTool(deps.host, paths),
    findFilesTool(deps.host, paths),
    searchTextTool(deps.host, paths, deps.search),
    workspaceSymbolsTool(deps.host, paths),
    getProblemsTool(deps.host, paths),
    proposeEditsTool(deps.host, paths),
    runCommandTool(deps, paths),
  ];
  return deps.trusted ? all : all.filter((t) => t.readOnly);
}
