import * as vscode from 'vscode';
import type { DecisionLog } from '../core/gateway/gateway';
import { explainContext } from '../core/completion/sources/explain';
import type { ContextReport } from '../core/completion/sources/types';
import { explainDecision } from '../core/router/explain';
import type { TaskTier } from '../core/router/taskTiers';
import { formatDoctor, runDoctor } from '../core/providers';
import type { ResolvedSettings } from '../core/settings/model';
import type { EndpointConfig, ModelConfig, Tier } from '../core/types';
import { PREFERENCE_LABELS } from '../core/router/dial';
import { SET_PREFERENCE_COMMAND, setRoutingPreference } from './preference';

/** The host services the command handlers use. */
export interface CommandHost {
  settings(): ResolvedSettings;
  lastDecision(): DecisionLog | undefined;
  /** What went into the last completion's context (its sources and token counts). */
  lastCompletionContext?(): ContextReport | undefined;
  /** How an agent task was classified (its tier and reason), while it is remembered. */
  taskTier?(taskId: string): TaskTier | undefined;
  setPaused(paused: boolean): void;
  isPaused(): boolean;
  showSpend(): void;
  setApiKey(endpoint?: unknown, key?: unknown): Promise<void>;
  clearApiKey(endpoint?: unknown): Promise<void>;
  keyLookup(endpoint: string): Promise<string | undefined>;
  /** Every configured endpoint as the providers see it (Bedrock with its region and profile filled in). */
  endpoints(): EndpointConfig[];
  showLog(): void;
  log(line: string): void;
  /** "priced as anthropic/claude-sonnet-5 (exact)", or why the model has no price. */
  priceLine(model: ModelConfig): string;
}

type ChatRoute = 'auto' | Tier;

/** Where a routing or budget change is written: the workspace when a folder is open, else the user settings. */
function target(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function setChatRouting(host: CommandHost, choice?: unknown): Promise<void> {
  let route = typeof choice === 'string' && ['auto', 'cheap', 'frontier'].includes(choice) ? (choice as ChatRoute) : undefined;
  if (!route) {
    const current = host.settings().routing.chat;
    const choices: { label: string; description: string; route: ChatRoute }[] = [
      { label: 'Auto', description: 'classify each request on this machine', route: 'auto' },
      { label: 'Always Cheap', description: host.settings().tiers.cheap.join(', '), route: 'cheap' },
      { label: 'Always Frontier', description: host.settings().tiers.frontier.join(', '), route: 'frontier' },
    ];
    const items = choices.map((i) => ({ ...i, picked: i.route === current, detail: i.route === current ? 'current' : undefined }));
    route = (await vscode.window.showQuickPick(items, { title: 'Gearshift: chat routing for this workspace' }))?.route;
  }
  if (!route) return;
  const config = vscode.workspace.getConfiguration('gearshift');
  const routing = { ...host.settings().routing, chat: route };
  await config.update('routing', routing, target());
  host.log(`chat routing set to ${route}`);
}

async function setBudget(host: CommandHost, arg?: unknown): Promise<void> {
  const current = host.settings().budget;
  let value: { dailyUsd?: number; monthlyUsd?: number; onExceed: string } | undefined;
  if (arg && typeof arg === 'object') {
    value = arg as typeof value;
  } else {
    const ask = async (label: string, v?: number) =>
      vscode.window.showInputBox({
        title: `Gearshift: ${label} budget in USD (empty for none)`,
        value: v === undefined ? '' : String(v),
        validateInput: (s) =>
          s.trim() === '' || (Number.isFinite(Number(s)) && Number(s) >= 0)
            ? undefined
            : 'Enter a number of dollars, 0 or more, or leave it empty.',
      });
    const daily = await ask('daily', current.dailyUsd);
    if (daily === undefined) return;
    const monthly = await ask('monthly', current.monthlyUsd);
    if (monthly === undefined) return;
    const onExceed = await vscode.window.showQuickPick(
      [
        { label: 'warn', description: 'keep routing as usual, and say so' },
        { label: 'downgrade', description: 'send frontier requests to the cheap tier' },
        { label: 'block', description: 'stop paid requests until the period ends' },
      ],
      { title: 'Gearshift: when the budget is used up' },
    );
    if (!onExceed) return;
    const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
    value = { dailyUsd: num(daily), monthlyUsd: num(monthly), onExceed: onExceed.label };
  }
  await vscode.workspace.getConfiguration('gearshift').update('budget', value, target());
}

async function doctor(host: CommandHost): Promise<string> {
  const s = host.settings();
  const rows = await runDoctor(host.endpoints(), Object.values(s.models), host.keyLookup);
  const text = formatDoctor(rows);
  for (const line of text.split('\n')) host.log(line);
  return text;
}

async function showMenu(host: CommandHost): Promise<void> {
  const items: (vscode.QuickPickItem & { command: string })[] = [
    { label: '$(graph) Show Spend', command: 'gearshift.showSpend' },
    {
      label: '$(arrow-swap) Change Chat Routing…',
      description: `now: ${host.settings().routing.chat}`,
      command: 'gearshift.setChatRouting',
    },
    {
      label: `$(settings) Routing Preference: ${PREFERENCE_LABELS[host.settings().routing.preference]} ▸`,
      description: 'quality, balanced or cost, for this workspace',
      command: SET_PREFERENCE_COMMAND,
    },
    { label: host.isPaused() ? '$(play) Resume Completions' : '$(debug-pause) Pause Completions', command: 'gearshift.toggleCompletions' },
    { label: '$(credit-card) Set Budget…', command: 'gearshift.setBudget' },
    { label: '$(question) Explain Last Routing Decision', command: 'gearshift.explainRouting' },
    { label: '$(key) Set API Key…', command: 'gearshift.setApiKey' },
    { label: '$(pulse) Check Endpoints', command: 'gearshift.doctor' },
    { label: '$(output) Show Log', command: 'gearshift.showLog' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Gearshift' });
  if (picked) await vscode.commands.executeCommand(picked.command);
}

/**
 * Registers the handlers of every command Gearshift declares in package.json (contributes.commands), except the
 * chat view's own, which the chat adapter registers. Handlers return values for programmatic callers and tests.
 */
export function registerCommands(host: CommandHost): vscode.Disposable {
  const reg = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    reg('gearshift.setApiKey', (endpoint?: unknown, key?: unknown) => host.setApiKey(endpoint, key)),
    reg('gearshift.clearApiKey', (endpoint?: unknown) => host.clearApiKey(endpoint)),
    reg('gearshift.explainRouting', (opts?: { quiet?: boolean }) => {
      const last = host.lastDecision();
      let text = explainDecision(last, { priceOf: (m) => host.priceLine(m), taskTier: (id) => host.taskTier?.(id) });
      const context = last?.task === 'completion' ? host.lastCompletionContext?.() : undefined;
      if (context) text += `\n\n${explainContext(context)}`;
      if (!opts?.quiet) void vscode.window.showInformationMessage('Gearshift: last routing decision', { modal: true, detail: text });
      return text;
    }),
    reg('gearshift.setChatRouting', (choice?: unknown) => setChatRouting(host, choice)),
    reg(SET_PREFERENCE_COMMAND, (choice?: unknown) => setRoutingPreference(host.settings().routing.preference, choice, (l) => host.log(l))),
    reg('gearshift.showMenu', () => showMenu(host)),
    reg('gearshift.showSpend', () => host.showSpend()),
    reg('gearshift.toggleCompletions', (paused?: unknown) => {
      host.setPaused(typeof paused === 'boolean' ? paused : !host.isPaused());
      return host.isPaused();
    }),
    reg('gearshift.completion.trigger', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),
    reg('gearshift.setBudget', (arg?: unknown) => setBudget(host, arg)),
    reg('gearshift.doctor', async (opts?: { quiet?: boolean }) => {
      const text = await doctor(host);
      if (!opts?.quiet) host.showLog();
      return text;
    }),
    reg('gearshift.showLog', () => host.showLog()),
  );
}
