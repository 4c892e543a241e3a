import type { CacheSetting, EndpointConfig, ModelConfig, Preference, Task, Tier } from '../types';

/**
 * Gearshift's settings, as the core sees them after validation and merging
 * (defaults < user < workspace). VS Code stores them as flat keys ("gearshift.models", …);
 * SETTING_KEYS lists every key this model knows, and package.json's contributes.configuration
 * must declare exactly these (a unit test keeps the two in step).
 */

export type OnExceed = 'warn' | 'downgrade' | 'block';
export const ON_EXCEED: readonly OnExceed[] = ['warn', 'downgrade', 'block'];

/** How a task is routed: a fixed tier, or (chat and agent tasks) per request by the local classifier. */
export type ChatRoute = Tier | 'auto';

export const FIM_TEMPLATES = ['qwen', 'deepseek', 'starcoder', 'codestral', 'codellama'] as const;

export interface RoutingSettings {
  completion: Tier;
  chat: ChatRoute;
  commitMessage: Tier;
  /**
   * An agent task's tier, classified once from its first request when 'auto'; each step is then routed by its role
   * (planning and recovery steps to frontier, mechanical steps to the task's tier).
   */
  agent: ChatRoute;
  /** The quality/cost dial: which operating point of the classifier and of reasoning effort (default 'balanced'). */
  preference: Preference;
}

/** A routing rule: when every condition given in `when` holds, use `tier` (or the named `model`). */
export interface RoutingRule {
  when: {
    languages?: string[];
    tasks?: Task[];
    /** Globs matched against the request's file path (workspace-relative or absolute). */
    paths?: string[];
  };
  tier?: Tier;
  model?: string;
  /** Where the rule was set, and its 1-based position there (for reasons: "workspace rule #1"). */
  origin: 'user' | 'workspace';
  index: number;
}

export interface BudgetSettings {
  /** USD per day; undefined: no daily limit. */
  dailyUsd?: number;
  /** USD per calendar month; undefined: no monthly limit. */
  monthlyUsd?: number;
  onExceed: OnExceed;
}

export interface CompletionSettings {
  enabled: boolean;
  /** Per language id: false turns completion off there (true turns it back on). */
  languages: Record<string, boolean>;
  debounceMs: number;
  maxTokens: number;
}

/** USD per million tokens. Keys: a configured model name or a provider model id. */
export interface PriceOverride {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
}
export const PRICE_FIELDS: readonly (keyof PriceOverride)[] = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'];

export interface TimeoutSettings {
  connectMs: number;
  firstTokenMs: number;
  idleMs: number;
}

/** Limits of an agent task and its tools (gearshift.agent). */
export interface AgentSettings {
  /** Model steps per task (1–200, default 25). */
  maxSteps: number;
  /** USD per task (default 2): the task stops once its steps cost this much. */
  maxTaskUsd: number;
  /** How long a command the user approved may run before it is stopped (default 120). */
  commandTimeoutSeconds: number;
  /** How much of a command's output reaches the model (default 64 KiB; the rest is cut, and the model told so). */
  maxCommandOutputKiB: number;
  /** Names of other extensions' and MCP servers' tools (vscode.lm.tools) the user opts in to (default none). */
  externalTools: string[];
}
/** The local codebase index behind @codebase (gearshift.codebase). Nothing it holds leaves the machine by itself. */
export interface CodebaseSettings {
  /** Build and keep the index (default true). */
  enabled: boolean;
  /** Most files indexed (default 20,000); the rest are left out, and the status says how many. */
  maxFiles: number;
  /** Files larger than this many KiB are left out (default 512). */
  maxFileKb: number;
}
export const CODEBASE_FIELDS = ['enabled', 'maxFiles', 'maxFileKb'] as const;

export const AGENT_FIELDS = ['maxSteps', 'maxTaskUsd', 'commandTimeoutSeconds', 'maxCommandOutputKiB', 'externalTools'] as const;

export interface ResolvedSettings {
  endpoints: Record<string, EndpointConfig>;
  models: Record<string, ModelConfig>;
  tiers: Record<Tier, string[]>;
  routing: RoutingSettings;
  /** Workspace rules first (they take precedence), then the user's. */
  rules: RoutingRule[];
  budget: BudgetSettings;
  exclude: string[];
  completion: CompletionSettings;
  prices: Record<string, PriceOverride>;
  bedrock: { region?: string; profile?: string };
  timeouts: TimeoutSettings;
  agent: AgentSettings;
  /** gearshift.cache: prompt caching (default 'auto'). */
  cache: CacheSetting;
  codebase: CodebaseSettings;
}

/** One thing wrong with the settings, phrased for the user: what, where, and the fix. */
export interface SettingsProblem {
  /** The setting (with path inside it): "gearshift.tiers.cheap". */
  setting: string;
  /** Where it was set. */
  level: 'user' | 'workspace' | 'file';
  message: string;
  /**
   * Set when the value is ignored only because the workspace is not trusted (Restricted Mode): trusting it would
   * apply it. The editor gathers these into one message naming the settings.
   */
  untrusted?: true;
}

/** Raw settings per level, as flat VS Code keys: { "gearshift.models": {...}, ... }. */
export interface RawSettings {
  user?: Record<string, unknown>;
  workspace?: Record<string, unknown>;
}

export const SETTING_KEYS = [
  'gearshift.endpoints',
  'gearshift.models',
  'gearshift.tiers',
  'gearshift.routing',
  'gearshift.rules',
  'gearshift.budget',
  'gearshift.exclude',
  'gearshift.completion.enabled',
  'gearshift.completion.languages',
  'gearshift.completion.debounceMs',
  'gearshift.completion.maxTokens',
  'gearshift.prices',
  'gearshift.bedrock.region',
  'gearshift.bedrock.profile',
  'gearshift.timeouts',
  'gearshift.agent',
  'gearshift.cache',
  'gearshift.codebase',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Settings only the user (application scope) may set: they decide where keys and code are sent. */
export const APPLICATION_KEYS: readonly SettingKey[] = ['gearshift.endpoints', 'gearshift.bedrock.region', 'gearshift.bedrock.profile'];

/**
 * Settings a folder of a multi-root workspace may set for its own files (scope "resource" in package.json). VS Code
 * ignores a folder's value of any other key there; these are read per folder (see scopes.ts).
 */
export const RESOURCE_KEYS: readonly SettingKey[] = [
  'gearshift.exclude',
  'gearshift.completion.enabled',
  'gearshift.completion.languages',
  'gearshift.completion.debounceMs',
  'gearshift.completion.maxTokens',
];
