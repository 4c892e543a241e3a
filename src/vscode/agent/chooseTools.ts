/**
 * "Gearshift: Choose Agent Tools…": a quick pick with a checkbox per tool in vscode.lm.tools (other extensions',
 * MCP servers'; Gearshift's own are always offered and not listed), written to the user setting
 * gearshift.agent.externalTools. Given a list of names as its argument it writes that list without asking.
 */
import * as vscode from 'vscode';
import { externalCandidates } from './externalSelection';

export const CHOOSE_TOOLS_COMMAND = 'gearshift.agent.chooseTools';

function userAgentSetting(): Record<string, unknown> {
  const v = vscode.workspace.getConfiguration('gearshift').inspect<Record<string, unknown>>('agent')?.globalValue;
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function userExternalTools(): string[] {
  const v = userAgentSetting().externalTools;
  return Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : [];
}

/** Writes the user's opted-in tools (the rest of their gearshift.agent setting kept as it is). */
export async function writeExternalTools(names: readonly string[]): Promise<void> {
  const agent = { ...userAgentSetting(), externalTools: [...new Set(names)] };
  await vscode.workspace.getConfiguration('gearshift').update('agent', agent, vscode.ConfigurationTarget.Global);
}

/** The command. Resolves with the names now opted in, or undefined when the user cancelled. */
export async function chooseAgentTools(coreNames: ReadonlySet<string>, names?: unknown): Promise<string[] | undefined> {
  if (Array.isArray(names) && names.every((n) => typeof n === 'string')) {
    await writeExternalTools(names as string[]);
    return userExternalTools();
  }
  const current = userExternalTools();
  const candidates = externalCandidates(vscode.lm.tools, coreNames);
  const available = new Set(candidates.map((t) => t.name));
  type Item = vscode.QuickPickItem & { name: string };
  const items: Item[] = [
    ...candidates.map((t) => ({
      name: t.name,
      label: t.name,
      description: t.tags.join(', '),
      detail: (t.description.split('\n')[0] ?? '').slice(0, 200),
      picked: current.includes(t.name),
    })),
    ...current
      .filter((n) => !available.has(n))
      .map((n) => ({
        name: n,
        label: n,
        description: 'not available now',
        detail: 'Its extension or MCP server is not running.',
        picked: true,
      })),
  ];
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      "Gearshift: no other extension or MCP server offers tools right now. Gearshift's own tools are always available to the agent.",
    );
    return current;
  }
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Gearshift: tools the agent may use',
    placeHolder: "Other extensions' and MCP servers' tools (Gearshift's own are always offered). Offered only in trusted workspaces.",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  await writeExternalTools(picked.map((i) => i.name));
  return userExternalTools();
}
