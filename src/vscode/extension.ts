import * as path from 'node:path';
import * as vscode from 'vscode';
import { hashWorkspaceId } from '../core/cost/ledger';
import { LEDGER_DIR_ENV } from '../core/cost/ledgerLocation';
import type { Gateway } from '../core/gateway/gateway';
import { explainPrice } from '../core/cost/pricing';
import { createGearshift } from '../core/gearshift';
import type { ResolvedSettings, SettingsProblem } from '../core/settings/model';
import { registerAgentTools, type AgentToolbox } from './agent';
import { registerChat } from './chat';
import { budgetFor } from '../core/chat/mentions/budget';
import { catalogContextWindow } from '../core/chat/mentions/contextWindow';
import { registerCodebase, type CodebaseService } from './codebase';
import { sidePanelAgent } from './chat/agentMode';
import { TaskTiers } from '../core/router/taskTiers';
import { SET_PREFERENCE_COMMAND } from './preference';
import { registerCommands } from './commands';
import { registerCommitMessage } from './commit';
import { createContextSources } from './completion/contextSources';
import { registerInlineCompletion } from './completion/inlineProvider';
import { showModelAdvice } from './modelAdvice';
import { CostService } from './cost';
import { Logger } from './log';
import { clearApiKeyCommand, KeyStore, setApiKeyCommand } from './secrets';
import { SettingsSource } from './settings';
import { showSpendPanel } from './spend/panel';
import { CostStatusBar } from './statusBar';

/** What activate() returns: used by the integration tests and the bench (and by nothing else). */
export interface GearshiftApi {
  /** Time spent inside activate(), ms. */
  activationMs: number;
  /** From the first line of the bundle being evaluated to the end of activate(), ms (includes VS Code's own set-up between). */
  loadToActiveMs: number;
  log: Logger;
  gateway: Gateway;
  cost: CostService;
  /** Recomputes which endpoints are usable (keys, Bedrock, local servers) and tells the router. */
  refreshAvailability(): Promise<void>;
  settings(): ResolvedSettings;
  settingsProblems(): readonly SettingsProblem[];
  agentTools: AgentToolbox;
  /** The workspace's codebase index (@codebase). */
  codebase: CodebaseService;
}

function workspaceIdentity(): { id: string; name: string; root?: string } {
  const key = vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'no-folder';
  return { id: hashWorkspaceId(key), name: vscode.workspace.name ?? 'no folder', root: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
}

/** The spend ledger's folder: GEARSHIFT_LEDGER_DIR when set (the CLI honours it too), else this extension's global storage. */
function ledgerDir(context: vscode.ExtensionContext): string {
  const fromEnv = process.env[LEDGER_DIR_ENV]?.trim();
  return fromEnv && path.isAbsolute(fromEnv) ? fromEnv : path.join(context.globalStorageUri.fsPath, 'ledger');
}

export function activate(context: vscode.ExtensionContext): GearshiftApi {
  const loaded = (globalThis as { __gearshiftLoadStart?: number }).__gearshiftLoadStart ?? performance.now();
  const entered = performance.now();
  const log = new Logger();
  const settings = new SettingsSource(log);
  const keys = new KeyStore(context.secrets, log);
  const workspace = workspaceIdentity();
  const cost = new CostService(ledgerDir(context), workspace.id, settings.get().budget, log, context.globalState);
  const core = createGearshift({
    settings: { current: () => settings.get(), onDidChange: (listener) => settings.onDidChange(listener) },
    keyLookup: (endpoint) => keys.get(endpoint),
    recordSink: (r) => cost.record(r),
    workspace,
    budget: cost.budgetSource(),
    log: { debug: (m) => log.debug(m), warn: (m) => log.warn(m), info: (m) => log.info(m) },
    onModelAdvice: (advice) => showModelAdvice(advice, () => settings.get(), log),
  });
  const { gateway, engine, providers } = core;
  const taskTiers = new TaskTiers();
  const { stepPolicy } = core;
  const statusBar = new CostStatusBar(cost);
  const excludeGlobs = (uri: vscode.Uri | undefined): string[] => settings.forResource(uri).exclude;
  const agentTools = registerAgentTools(context, { settings: () => settings.get(), excludeGlobs, log });
  let paused = false;

  const refreshAvailability = async (): Promise<void> => {
    const available = await core.refreshAvailability();
    log.info(`usable endpoints: ${[...available].join(', ') || 'none (set a key with "Gearshift: Set API Key…" or start Ollama)'}`);
  };

  // The local codebase index behind @codebase: built in the background after activation, kept in workspace storage.
  const codebase = registerCodebase(context, {
    settings: () => settings.get(),
    excludeGlobs: (uri) => settings.forResource(uri).exclude,
    onDidChangeSettings: (listener) => settings.onDidChange(() => listener()),
    log,
  });

  // Definitions, imported outlines and recent edits for completion context (excluded files are never read).
  const contextSources = createContextSources((uri) => settings.forResource(uri).exclude);
  context.subscriptions.push(
    log,
    settings,
    keys,
    cost,
    statusBar,
    agentTools,
    codebase,
    { dispose: () => core.dispose() },
    settings.onDidChange((s) => cost.setBudget(s.budget)),
    keys.onDidChange(() => {
      core.health.reset();
      void refreshAvailability();
    }),
    gateway.onActivity((n) => statusBar.setInFlight(n)),
    registerCommands({
      settings: () => settings.get(),
      lastDecision: () => gateway.lastDecision(),
      lastCompletionContext: () => engine.lastContext(),
      taskTier: (taskId) => taskTiers.get(taskId),
      setPaused: (p) => {
        paused = p;
        statusBar.setPaused(p);
      },
      isPaused: () => paused,
      showSpend: () =>
        showSpendPanel(context, {
          loadTally: () => cost.spendTally(),
          readRecords: (since) => cost.readRecords(since),
          readAll: () => cost.readAll(),
          onDidChange: cost.onDidChange,
          workspaceId: workspace.id,
        }),
      setApiKey: (endpoint, key) => setApiKeyCommand(keys, () => Object.values(settings.get().endpoints), endpoint, key),
      clearApiKey: (endpoint) => clearApiKeyCommand(keys, () => Object.values(settings.get().endpoints), endpoint),
      keyLookup: (endpoint) => keys.get(endpoint),
      endpoints: () => Object.keys(settings.get().endpoints).flatMap((n) => providers.endpoint(n) ?? []),
      showLog: () => log.show(),
      priceLine: (m) => explainPrice(core.pricing(), { model: m.model, modelName: m.name, endpoint: m.endpoint }),
      log: (line) => log.info(line),
    }),
    registerChat(context, {
      backend: gateway,
      agent: sidePanelAgent(
        core,
        stepPolicy,
        () => settings.get(),
        () => agentTools.toolsFor(),
      ),
      log,
      excludeGlobs: (uri) => settings.forResource(uri).exclude,
      userInstructions: () => settings.get().instructions,
      onDidChangeSettings: (listener) => settings.onDidChange(() => listener()),
      promptBudget: (choice) => {
        const s = settings.get();
        return budgetFor(choice, s.models, s.tiers, catalogContextWindow);
      },
      codebase,
      preference: {
        current: () => settings.get().routing.preference,
        set: (p) => vscode.commands.executeCommand(SET_PREFERENCE_COMMAND, p),
        onDidChange: (listener) => settings.onDidChange(() => listener()),
      },
      lmAgent: {
        steps: { router: core.router, policy: stepPolicy },
        step: (req) => gateway.step(req),
        tierModels: () => {
          const s = settings.get();
          const ids = (names: string[]): string[] => names.flatMap((n) => (Object.hasOwn(s.models, n) ? [s.models[n].model] : []));
          return { cheap: ids(s.tiers.cheap), frontier: ids(s.tiers.frontier) };
        },
        onDidChange: (listener) => settings.onDidChange(listener),
        onTask: (taskId, tier, reason) => taskTiers.remember(taskId, tier, reason),
      },
      // The header's task: this workspace's latest agent task begun in this window's session.
      taskCost: {
        onDidChange: cost.onDidChange,
        current: () => {
          const t = cost.lastTask();
          return t && Date.parse(t.started) >= cost.sessionStart.getTime() ? t : undefined;
        },
      },
      // The header's and the status-bar tooltip's conversation cost: the ledger's sum for the conversation shown.
      conversationCost: cost,
    }),
    contextSources,
    registerCommitMessage({
      commitMessage: (req) => gateway.commitMessage(req),
      excludeGlobs: (uri) => settings.forResource(uri).exclude,
      log,
    }),
    registerInlineCompletion(context, {
      engine,
      settings: (uri) => settings.forResource(uri),
      isPaused: () => paused,
      log,
      sources: { features: contextSources.features, activity: contextSources.activity },
    }),
  );

  // Work that may touch the disk or the network runs after activation returns.
  setImmediate(() => {
    cost.start();
    void refreshAvailability();
  });

  const done = performance.now();
  const api: GearshiftApi = {
    activationMs: done - entered,
    loadToActiveMs: done - loaded,
    log,
    gateway,
    cost,
    refreshAvailability,
    settings: () => settings.get(),
    settingsProblems: () => settings.problems,
    agentTools,
    codebase,
  };
  log.info(
    `Gearshift ${context.extension.packageJSON.version} activated in ${api.activationMs.toFixed(1)} ms ` +
      `(${api.loadToActiveMs.toFixed(1)} ms since its code was loaded; VS Code ${vscode.version}, ${vscode.env.appHost})`,
  );
  return api;
}

export function deactivate(): void {}
