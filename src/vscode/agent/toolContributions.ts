/**
 * How Gearshift's own agent tools appear in VS Code's tool registry (vscode.lm.tools), where VS Code's own agent
 * and other extensions can use them: each under a `gearshift_` name (tool names are global across extensions),
 * with the core tool's description and input schema. package.json `contributes.languageModelTools` must hold
 * exactly toolContributions(every tool): a unit test checks it. Plain Node (no `vscode`).
 */
import type { AgentTool } from '../../core/agent/types';

export const VSCODE_TOOL_PREFIX = 'gearshift_';

/** The name a core tool is registered under in VS Code. */
export function vscodeToolName(coreName: string): string {
  return `${VSCODE_TOOL_PREFIX}${coreName}`;
}

interface Presentation {
  displayName: string;
  /** `#name` in a chat prompt. */
  reference: string;
  userDescription: string;
  tags: string[];
}

/** The tag that marks a tool as only reading; Gearshift also reads it on other extensions' tools. */
export const READ_ONLY_TAG = 'read-only';

const PRESENTATION: Record<string, Presentation> = {
  read_file: {
    displayName: 'Read File (Gearshift)',
    reference: 'gearshiftReadFile',
    userDescription: 'Read a workspace file or a range of its lines, numbered; secret and excluded files are refused.',
    tags: ['gearshift', READ_ONLY_TAG, 'files'],
  },
  find_files: {
    displayName: 'Find Files (Gearshift)',
    reference: 'gearshiftFindFiles',
    userDescription: 'Find workspace files by glob, honouring files.exclude, search.exclude and gearshift.exclude.',
    tags: ['gearshift', READ_ONLY_TAG, 'files', 'search'],
  },
  search_text: {
    displayName: 'Search Text (Gearshift)',
    reference: 'gearshiftSearchText',
    userDescription: 'Search the workspace for text or a regular expression.',
    tags: ['gearshift', READ_ONLY_TAG, 'search'],
  },
  workspace_symbols: {
    displayName: 'Workspace Symbols (Gearshift)',
    reference: 'gearshiftSymbols',
    userDescription: 'Find classes, functions and other symbols through the language services.',
    tags: ['gearshift', READ_ONLY_TAG, 'symbols'],
  },
  get_problems: {
    displayName: 'Problems (Gearshift)',
    reference: 'gearshiftProblems',
    userDescription: 'The errors and warnings VS Code shows for a file or the whole workspace.',
    tags: ['gearshift', READ_ONLY_TAG, 'diagnostics'],
  },
  propose_edits: {
    displayName: 'Propose Edits (Gearshift)',
    reference: 'gearshiftEdit',
    userDescription: 'Change or create workspace files after you review the diff; each file is one undoable step.',
    tags: ['gearshift', 'edit', 'files'],
  },
  run_command: {
    displayName: 'Run Command (Gearshift)',
    reference: 'gearshiftRunCommand',
    userDescription: 'Run a shell command you approve in the "Gearshift Agent" terminal, with a timeout and an output cap.',
    tags: ['gearshift', 'terminal'],
  },
};

/** One entry of package.json `contributes.languageModelTools`. */
export interface ToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  inputSchema: Record<string, unknown>;
  tags: string[];
  /** Tools that write or run are disabled for VS Code's agent in Restricted Mode (and refuse if called anyway). */
  when?: string;
}

export function toolContribution(tool: AgentTool): ToolContribution {
  const p = PRESENTATION[tool.definition.name];
  if (!p) throw new Error(`no presentation for the agent tool ${tool.definition.name}: add it to toolContributions.ts`);
  return {
    name: vscodeToolName(tool.definition.name),
    displayName: p.displayName,
    toolReferenceName: p.reference,
    canBeReferencedInPrompt: true,
    userDescription: p.userDescription,
    modelDescription: tool.definition.description,
    inputSchema: tool.definition.inputSchema,
    tags: p.tags,
    ...(tool.readOnly ? {} : { when: 'isWorkspaceTrusted' }),
  };
}

export function displayName(coreName: string): string {
  return PRESENTATION[coreName]?.displayName ?? coreName;
}
