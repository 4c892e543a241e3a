/**
 * Which tools of vscode.lm.tools (other extensions', MCP servers') the agent may call: those the user opted in to
 * by name (gearshift.agent.externalTools), never Gearshift's own (already offered as themselves), only names
 * every provider accepts, and only in a trusted workspace. Plain Node (no `vscode`), unit-tested.
 */
import { TOOL_NAME, type JsonSchema } from '../../core/toolCalls';
import { VSCODE_TOOL_PREFIX } from './toolContributions';

/** What vscode.lm.tools tells about a tool. */
export interface LmToolInfo {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: object | undefined;
  readonly tags: readonly string[];
}

export function isGearshiftTool(name: string, coreNames: ReadonlySet<string>): boolean {
  return name.startsWith(VSCODE_TOOL_PREFIX) || coreNames.has(name);
}

/** Tools the user may opt in to (everything but Gearshift's own), sorted by name. */
export function externalCandidates(tools: readonly LmToolInfo[], coreNames: ReadonlySet<string>): LmToolInfo[] {
  return tools.filter((t) => !isGearshiftTool(t.name, coreNames)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Read-only only when the tool says so in its tags (conservative: anything else may change something). */
export function readOnlyByTags(tags: readonly string[]): boolean {
  return tags.some((t) => /^(read[-_ ]?only|readonly)$/i.test(t));
}

/** The tool's schema when it is an object schema (what every provider takes), else one taking no input. */
export function objectSchema(schema: object | undefined): JsonSchema {
  const s = schema as JsonSchema | undefined;
  if (s && typeof s === 'object' && !Array.isArray(s) && s.type === 'object') return s;
  return { type: 'object', properties: {} };
}

export interface ExternalSelection {
  tools: LmToolInfo[];
  /** Opted-in names left out, each with why (for the log). */
  skipped: string[];
}

export function selectExternalTools(
  available: readonly LmToolInfo[],
  optedIn: readonly string[],
  coreNames: ReadonlySet<string>,
  trusted: boolean,
): ExternalSelection {
  if (!trusted || optedIn.length === 0) return { tools: [], skipped: [] };
  const byName = new Map(available.map((t) => [t.name, t]));
  const tools: LmToolInfo[] = [];
  const skipped: string[] = [];
  for (const name of new Set(optedIn)) {
    const tool = byName.get(name);
    if (isGearshiftTool(name, coreNames)) skipped.push(`${name}: one of Gearshift's own tools (always offered)`);
    else if (!tool) skipped.push(`${name}: not in vscode.lm.tools now (is its extension or MCP server running?)`);
    else if (!TOOL_NAME.test(name)) skipped.push(`${name}: a name models cannot call (letters, digits, _ and -, at most 64)`);
    else tools.push(tool);
  }
  return { tools, skipped };
}

/**
 * The text of a tool result's parts: text parts as they are, text-like data parts (text/*, JSON) decoded,
 * anything else counted and named as left out.
 */
export function resultText(parts: readonly unknown[]): string {
  const texts: string[] = [];
  let other = 0;
  for (const p of parts) {
    const part = p as { value?: unknown; mimeType?: unknown; data?: unknown };
    if (typeof part?.value === 'string') texts.push(part.value);
    else if (typeof part?.mimeType === 'string' && part.data instanceof Uint8Array && /^text\/|json/.test(part.mimeType)) {
      texts.push(new TextDecoder().decode(part.data));
    } else other++;
  }
  if (other > 0) texts.push(`[${other} part(s) of the result that are not text were left out.]`);
  return texts.join('\n');
}
