import { completionEnabledFor } from '../completion/gate';
import {
  CACHE_SETTINGS,
  SLASH_COMMANDS,
  TASKS,
  TIERS,
  type CacheSetting,
  type EndpointConfig,
  type ModelConfig,
  type Preference,
  type Tier,
} from '../types';
import { DEFAULT_MODELS, defaultSettings } from './defaults';
import {
  APPLICATION_KEYS,
  ON_EXCEED,
  SETTING_KEYS,
  type AgentSettings,
  type BudgetSettings,
  type ChatRoute,
  type CodebaseSettings,
  type CompletionSettings,
  type PriceOverride,
  type RawSettings,
  type ResolvedSettings,
  type RoutingRule,
  type SettingKey,
  type SettingsProblem,
  type TimeoutSettings,
} from './model';
import {
  Checker,
  nearest,
  parseAgent,
  parseBedrockRegion,
  parseBudget,
  parseCodebase,
  parseEndpoints,
  parseLanguages,
  parseModels,
  parsePrices,
  parseRouting,
  parseRules,
  parseTiers,
  parseTimeouts,
  type RoutingLayer,
} from './validate';
import { MAX_USER_INSTRUCTIONS_CHARS } from '../rules/rulesFiles';

/** The valid parts of one level's settings. */
interface Layer {
  endpoints?: Record<string, EndpointConfig>;
  models?: Record<string, ModelConfig>;
  tiers?: Partial<Record<Tier, string[]>>;
  routing?: RoutingLayer;
  rules?: RoutingRule[];
  budget?: Partial<BudgetSettings>;
  exclude?: string[];
  completion?: Partial<CompletionSettings>;
  prices?: Record<string, PriceOverride>;
  bedrock?: { region?: string; profile?: string };
  timeouts?: Partial<TimeoutSettings>;
  agent?: Partial<AgentSettings>;
  cache?: CacheSetting;
  instructions?: string;
  codebase?: Partial<CodebaseSettings>;
}

export interface ResolveOptions {
  /** False in a workspace the user has not trusted (VS Code's Restricted Mode). Default: true. */
  trustedWorkspace?: boolean;
}

export interface Resolved {
  settings: ResolvedSettings;
  problems: SettingsProblem[];
}

/**
 * Validates and merges settings: defaults < user < workspace. Never throws: each invalid part is
 * reported (naming the setting and the fix) and replaced by its default, the rest still applies.
 * A workspace can never set endpoints or Bedrock credentials' region/profile; an untrusted one can only
 * make Gearshift send less, to fewer places, for less money (see restrictUntrusted).
 */
export function resolveSettings(raw: RawSettings, opts: ResolveOptions = {}): Resolved {
  const problems: SettingsProblem[] = [];
  const user = parseLayer(raw.user ?? {}, 'user', problems);
  const workspace = parseLayer(raw.workspace ?? {}, 'workspace', problems);
  const settings = defaultSettings();
  apply(settings, user);
  if (opts.trustedWorkspace === false) restrictUntrusted(workspace, settings, problems);
  apply(settings, workspace);
  settings.rules = [...(workspace.rules ?? []), ...(user.rules ?? [])];
  crossCheck(settings, workspace, problems);
  return { settings, problems };
}

function parseLayer(raw: Record<string, unknown>, level: 'user' | 'workspace', problems: SettingsProblem[]): Layer {
  const c = new Checker(level);
  const layer: Layer = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('gearshift.') || value === undefined) continue;
    if (value === '' && (key === 'gearshift.bedrock.region' || key === 'gearshift.bedrock.profile')) continue; // VS Code's "unset"
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      const near = nearest(key, SETTING_KEYS);
      const hint = near ? `Did you mean "${near}"?` : `Known settings: ${SETTING_KEYS.join(', ')}.`;
      c.report(key, `is not a Gearshift setting; it is ignored. ${hint}`);
      continue;
    }
    const k = key as SettingKey;
    if (level === 'workspace' && k === 'gearshift.instructions') {
      c.report(
        k,
        'is set in workspace settings and is ignored: it is user-level text added to every prompt. Set it in your user ' +
          "settings; a project's own rules go in its AGENTS.md (shown as a chip you can turn off).",
      );
      continue;
    }
    if (level === 'workspace' && APPLICATION_KEYS.includes(k)) {
      c.report(
        k,
        'is set in workspace settings and is ignored: a workspace cannot change where requests and keys are sent. ' +
          'Set it in your user settings instead.',
      );
      continue;
    }
    parseKey(c, layer, k, value, level);
  }
  problems.push(...c.problems);
  return layer;
}

function parseKey(c: Checker, layer: Layer, key: SettingKey, v: unknown, level: 'user' | 'workspace'): void {
  const completion = (layer.completion ??= {});
  switch (key) {
    case 'gearshift.endpoints':
      layer.endpoints = parseEndpoints(c, v);
      return;
    case 'gearshift.models':
      layer.models = parseModels(c, v);
      return;
    case 'gearshift.tiers':
      layer.tiers = parseTiers(c, v);
      return;
    case 'gearshift.routing':
      layer.routing = parseRouting(c, v);
      return;
    case 'gearshift.rules':
      layer.rules = parseRules(c, v, level);
      return;
    case 'gearshift.budget':
      layer.budget = parseBudget(c, v);
      return;
    case 'gearshift.exclude':
      layer.exclude = c.globList(key, v);
      return;
    case 'gearshift.completion.enabled':
      completion.enabled = c.boolean(key, v);
      return;
    case 'gearshift.completion.languages':
      completion.languages = parseLanguages(c, v);
      return;
    case 'gearshift.completion.debounceMs':
      completion.debounceMs = c.number(key, v, 0, 5000, 'milliseconds', true);
      return;
    case 'gearshift.completion.maxTokens':
      completion.maxTokens = c.number(key, v, 1, 4096, 'tokens', true);
      return;
    case 'gearshift.prices':
      layer.prices = parsePrices(c, v);
      return;
    case 'gearshift.bedrock.region':
      (layer.bedrock ??= {}).region = parseBedrockRegion(c, v);
      return;
    case 'gearshift.bedrock.profile':
      (layer.bedrock ??= {}).profile = c.string(key, v, 200);
      return;
    case 'gearshift.timeouts':
      layer.timeouts = parseTimeouts(c, v);
      return;
    case 'gearshift.agent':
      layer.agent = parseAgent(c, v);
      return;
    case 'gearshift.cache':
      layer.cache = c.oneOf<CacheSetting>(key, v, CACHE_SETTINGS);
      return;
    case 'gearshift.instructions':
      if (v === '') return; // VS Code's "unset"
      layer.instructions = c.string(key, v, MAX_USER_INSTRUCTIONS_CHARS);
      return;
    case 'gearshift.codebase':
      layer.codebase = parseCodebase(c, v);
      return;
  }
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (o) for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function apply(s: ResolvedSettings, layer: Layer): void {
  Object.assign(s.endpoints, layer.endpoints);
  Object.assign(s.models, layer.models);
  Object.assign(s.tiers, layer.tiers);
  const { commands, ...routing } = layer.routing ?? {};
  Object.assign(s.routing, routing);
  Object.assign(s.routing.commands, commands);
  const budget = defined(layer.budget);
  for (const k of ['dailyUsd', 'monthlyUsd'] as const) if (budget[k] === 0) budget[k] = undefined; // 0: no limit
  Object.assign(s.budget, budget);
  if (layer.exclude) s.exclude = layer.exclude;
  const { languages, ...completion } = defined(layer.completion);
  Object.assign(s.completion, completion);
  Object.assign(s.completion.languages, languages);
  Object.assign(s.prices, layer.prices);
  Object.assign(s.bedrock, defined(layer.bedrock));
  Object.assign(s.timeouts, layer.timeouts);
  Object.assign(s.agent, layer.agent);
  if (layer.cache) s.cache = layer.cache;
  if (layer.instructions !== undefined) s.instructions = layer.instructions;
  Object.assign(s.codebase, defined(layer.codebase));
}

/** How much a route may spend, for "only ever cheaper" comparisons. */
const ROUTE_COST: Record<ChatRoute, number> = { cheap: 0, auto: 1, frontier: 2 };
/** How much each preference tends to spend: an untrusted workspace may only move the dial towards 'cost'. */
export const PREFERENCE_COST: Record<Preference, number> = { cost: 0, balanced: 1, quality: 2 };

/**
 * Drops what an untrusted workspace may not do, given the user-level settings `s` (defaults < user). The rule for
 * every key: an untrusted workspace may make Gearshift send less, to fewer places, for less money — never more.
 *
 * | Setting                         | In an untrusted workspace                                                     |
 * |---------------------------------|-------------------------------------------------------------------------------|
 * | endpoints, bedrock.*            | never from any workspace (application scope)                                  |
 * | models                          | ignored unless identical to yours: a model id (`o1-pro`), maxOutputTokens,    |
 * |                                 | contextWindow or FIM mode/template would change what is bought and where sent |
 * | tiers                           | ignored unless identical to yours: a reordered or moved list can put a paid   |
 * |                                 | or frontier model where you have a free or cheap one                          |
 * | routing                         | a task may only move to a cheaper route (frontier > auto > cheap)             |
 * | routing.preference              | may only move towards "cost" (quality > balanced > cost)                      |
 * | routing.commands                | a slash command may only move to a cheaper route (frontier > auto > cheap)    |
 * | instructions                    | never from any workspace (user-level text in every prompt)                    |
 * | cache                           | ignored (caching TTLs change what you pay)                                    |
 * | rules                           | only `"tier": "cheap"` rules; frontier and `model` rules are ignored          |
 * | budget                          | limits may only be lowered, onExceed only made stricter                       |
 * | exclude                         | may only add exclusions                                                       |
 * | completion.enabled / .languages | may only turn completion off (a language on only where yours already is)      |
 * | completion.debounceMs           | may only be raised (fewer requests)                                           |
 * | completion.maxTokens            | may only be lowered                                                           |
 * | prices                          | ignored (a workspace could hide real costs)                                   |
 * | timeouts                        | may only be raised (shorter ones fail your free models over to paid ones)     |
 * | agent.maxSteps / .maxTaskUsd    | may only be lowered (a task stops sooner and spends less)                     |
 * | agent.commandTimeoutSeconds /   | may only be lowered (commands the user approved run shorter and send less     |
 * | .maxCommandOutputKiB            | output to a model)                                                            |
 * | agent.externalTools             | may only remove tools from yours (it cannot opt you in to another tool)       |
 * | codebase.enabled                | may only turn the local index off (it reads the workspace's files)            |
 * | codebase.maxFiles / .maxFileKb  | may only be lowered (fewer and smaller files are read)                        |
 */
function restrictUntrusted(ws: Layer, s: ResolvedSettings, problems: SettingsProblem[]): void {
  const c = new Checker('workspace', true);
  const why = 'is ignored because this workspace is not trusted';
  const trust = 'Trust the workspace to apply it.';
  for (const [name, m] of Object.entries(ws.models ?? {})) {
    const mine = Object.hasOwn(s.models, name) ? s.models[name] : undefined;
    const changed = modelChanges(mine, m);
    if (changed.length === 0) continue;
    delete ws.models![name];
    const what = mine
      ? `it would change your model "${name}" (${changed.join('; ')})`
      : `a workspace cannot add models (this one would use "${m.model}" on endpoint "${m.endpoint}")`;
    c.report(`gearshift.models.${name}`, `${why}: ${what}. ${trust}`);
  }
  for (const tier of TIERS) {
    const list = ws.tiers?.[tier];
    if (!list || sameList(list, s.tiers[tier])) continue;
    delete ws.tiers![tier];
    const mine = s.tiers[tier].join(', ');
    const what = 'a workspace cannot choose which models answer';
    c.report(`gearshift.tiers.${tier}`, `${why}: ${what}; your ${tier} tier stays (${mine}). ${trust}`);
  }
  for (const task of TASKS) {
    const route = ws.routing?.[task];
    if (route === undefined || ROUTE_COST[route] <= ROUTE_COST[s.routing[task]]) continue;
    delete ws.routing![task];
    c.report(`gearshift.routing.${task}`, `${why}: it can only route ${task} to a cheaper tier than your "${s.routing[task]}". ${trust}`);
  }
  for (const command of SLASH_COMMANDS) {
    const route = ws.routing?.commands?.[command];
    const mine = s.routing.commands[command];
    if (route === undefined || ROUTE_COST[route] <= ROUTE_COST[mine]) continue;
    delete ws.routing!.commands![command];
    c.report(
      `gearshift.routing.commands.${command}`,
      `${why}: it can only route /${command} to a cheaper tier than your "${mine}". ${trust}`,
    );
  }
  const pref = ws.routing?.preference;
  if (pref !== undefined && PREFERENCE_COST[pref] > PREFERENCE_COST[s.routing.preference]) {
    delete ws.routing!.preference;
    c.report(
      'gearshift.routing.preference',
      `${why}: it can only move the dial towards "cost" from your "${s.routing.preference}" (it would spend more). ${trust}`,
    );
  }
  if (ws.cache !== undefined && ws.cache !== s.cache) {
    c.report('gearshift.cache', `${why}: a workspace cannot change how your prompts are cached (yours: "${s.cache}"). ${trust}`);
    delete ws.cache;
  }
  if (ws.rules) {
    ws.rules = ws.rules.filter((r) => {
      if (r.tier === 'cheap') return true;
      const what = r.model ? `it picks model "${r.model}"` : 'it routes to the frontier tier';
      c.report(`gearshift.rules[${r.index - 1}]`, `${why}: ${what}; only rules that route to the cheap tier apply here. ${trust}`);
      return false;
    });
  }
  if (ws.exclude) {
    const lifted = s.exclude.filter((g) => !ws.exclude!.includes(g));
    if (lifted.length) {
      c.report('gearshift.exclude', `cannot remove exclusions in an untrusted workspace; still excluded: ${lifted.join(', ')}.`);
    }
    ws.exclude = [...new Set([...s.exclude, ...ws.exclude])];
  }
  restrictCompletion(c, ws, s, why);
  if (ws.budget) {
    for (const k of ['dailyUsd', 'monthlyUsd'] as const) {
      const v = ws.budget[k];
      const mine = s.budget[k];
      if (v !== undefined && (v === 0 || (mine !== undefined && v > mine))) {
        c.report(`gearshift.budget.${k}`, `${why}: it can only lower your limit (${mine === undefined ? 'none' : `$${mine}`}).`);
        delete ws.budget[k];
      }
    }
    const e = ws.budget.onExceed;
    if (e && ON_EXCEED.indexOf(e) < ON_EXCEED.indexOf(s.budget.onExceed)) {
      c.report('gearshift.budget.onExceed', `${why}: it can only make the budget stricter than your "${s.budget.onExceed}".`);
      delete ws.budget.onExceed;
    }
  }
  if (ws.prices && Object.keys(ws.prices).length) {
    c.report('gearshift.prices', `${why}: a workspace could hide real costs. Set prices in your user settings or trust the workspace.`);
    delete ws.prices;
  }
  for (const k of ['connectMs', 'firstTokenMs', 'idleMs'] as const) {
    const v = ws.timeouts?.[k];
    if (v === undefined || v >= s.timeouts[k]) continue;
    delete ws.timeouts![k];
    const because = 'a shorter one makes free models fail over to paid ones';
    c.report(`gearshift.timeouts.${k}`, `${why}: it can only lengthen your ${s.timeouts[k]} ms (${because}). ${trust}`);
  }
  restrictAgent(c, ws, s, why, trust);
  restrictCodebase(c, ws, s, why, trust);
  problems.push(...c.problems);
}

/** gearshift.agent in an untrusted workspace: every limit only lowered, tools only taken away. */
function restrictAgent(c: Checker, ws: Layer, s: ResolvedSettings, why: string, trust: string): void {
  const agent = ws.agent;
  if (!agent) return;
  for (const k of ['maxSteps', 'maxTaskUsd', 'commandTimeoutSeconds', 'maxCommandOutputKiB'] as const) {
    const v = agent[k];
    if (v === undefined || v <= s.agent[k]) continue;
    delete agent[k];
    c.report(`gearshift.agent.${k}`, `${why}: it can only lower your ${s.agent[k]}. ${trust}`);
  }
  if (agent.externalTools) {
    const added = agent.externalTools.filter((t) => !s.agent.externalTools.includes(t));
    if (added.length) {
      const what = `a workspace cannot opt you in to other tools (${added.map((t) => `"${t}"`).join(', ')})`;
      c.report('gearshift.agent.externalTools', `${why}: ${what}. ${trust}`);
      agent.externalTools = agent.externalTools.filter((t) => s.agent.externalTools.includes(t));
    }
  }
}

/** gearshift.codebase in an untrusted workspace: it may only turn the index off and lower its caps (read less). */
function restrictCodebase(c: Checker, ws: Layer, s: ResolvedSettings, why: string, trust: string): void {
  const cb = ws.codebase;
  if (!cb) return;
  if (cb.enabled === true && !s.codebase.enabled) {
    c.report('gearshift.codebase.enabled', `${why}: it cannot turn the codebase index on when your user settings turn it off. ${trust}`);
    delete cb.enabled;
  }
  for (const k of ['maxFiles', 'maxFileKb'] as const) {
    const v = cb[k];
    if (v === undefined || v <= s.codebase[k]) continue;
    delete cb[k];
    c.report(`gearshift.codebase.${k}`, `${why}: it can only lower your ${s.codebase[k]}. ${trust}`);
  }
}

function restrictCompletion(c: Checker, ws: Layer, s: ResolvedSettings, why: string): void {
  const comp = ws.completion;
  if (!comp) return;
  if (comp.enabled === true && !s.completion.enabled) {
    c.report('gearshift.completion.enabled', `${why}: it cannot turn completion on when your user settings turn it off.`);
    delete comp.enabled;
  }
  for (const [lang, on] of Object.entries(comp.languages ?? {})) {
    // "*" counts too: { "*": false } in your settings keeps every language off that you did not turn on yourself.
    if (on && !completionEnabledFor({ enabled: true, languages: s.completion.languages }, lang)) {
      const setting = `gearshift.completion.languages.${lang}`;
      c.report(setting, `${why}: it cannot turn completion on for "${lang}" when your user settings turn it off.`);
      delete comp.languages![lang];
    }
  }
  if (comp.debounceMs !== undefined && comp.debounceMs < s.completion.debounceMs) {
    const mine = s.completion.debounceMs;
    const because = 'a shorter wait sends more requests';
    c.report('gearshift.completion.debounceMs', `${why}: it can only wait longer than your ${mine} ms (${because}).`);
    delete comp.debounceMs;
  }
  if (comp.maxTokens !== undefined && comp.maxTokens > s.completion.maxTokens) {
    c.report('gearshift.completion.maxTokens', `${why}: it can only lower your ${s.completion.maxTokens} tokens.`);
    delete comp.maxTokens;
  }
}

/** What a workspace's definition of a model changes against yours ([] when identical). */
function modelChanges(mine: ModelConfig | undefined, theirs: ModelConfig): string[] {
  if (!mine) return ['new'];
  const fields = ['endpoint', 'model', 'fim', 'fimTemplate', 'maxOutputTokens', 'contextWindow', 'vision'] as const;
  const label = (f: (typeof fields)[number]): string => (f === 'model' ? 'model id' : f);
  return fields.filter((f) => mine[f] !== theirs[f]).map((f) => `${label(f)} ${show(mine[f])} → ${show(theirs[f])}`);
}

const show = (v: unknown): string => (v === undefined ? 'unset' : JSON.stringify(v));
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Checks references between settings once all levels are merged (own names only: "constructor" is no model). */
function crossCheck(s: ResolvedSettings, ws: Layer, problems: SettingsProblem[]): void {
  const level = (inWs: boolean): SettingsProblem['level'] => (inWs ? 'workspace' : 'user');
  const report = (inWs: boolean, setting: string, message: string): void => {
    problems.push({ setting, level: level(inWs), message: `${setting} ${message}` });
  };
  const bedrock = s.endpoints.bedrock;
  if (bedrock?.kind === 'bedrock') {
    if (s.bedrock.region !== undefined) bedrock.region ??= s.bedrock.region;
    if (s.bedrock.profile !== undefined) bedrock.profile ??= s.bedrock.profile;
  }
  const endpointNames = Object.keys(s.endpoints);
  for (const [name, m] of Object.entries(s.models)) {
    if (Object.hasOwn(s.endpoints, m.endpoint)) continue;
    report(
      !!ws.models?.[name],
      `gearshift.models.${name}`,
      `uses endpoint "${m.endpoint}", which is not defined. Known: ${endpointNames.join(', ')}. ` +
        'Fix the name or add the endpoint to gearshift.endpoints in your user settings.',
    );
    if (Object.hasOwn(DEFAULT_MODELS, name)) s.models[name] = structuredClone(DEFAULT_MODELS[name]);
    else delete s.models[name];
  }
  const modelNames = Object.keys(s.models);
  const defaults = defaultSettings().tiers;
  for (const tier of TIERS) {
    const inWs = !!ws.tiers?.[tier];
    const kept = s.tiers[tier].filter((name) => {
      if (Object.hasOwn(s.models, name)) return true;
      const known = modelNames.join(', ');
      const message = `names model '${name}', which is not in gearshift.models. Known: ${known}. Fix the name or add the model.`;
      report(inWs, `gearshift.tiers.${tier}`, message);
      return false;
    });
    if (kept.length === 0) {
      const fallback = defaults[tier].join(', ');
      const message =
        `has no usable model, so the default ${tier} tier is used (${fallback}). ` + 'List at least one model from gearshift.models.';
      report(inWs, `gearshift.tiers.${tier}`, message);
      s.tiers[tier] = defaults[tier];
    } else s.tiers[tier] = [...new Set(kept)];
  }
  s.rules = s.rules.filter((r) => {
    if (!r.model || Object.hasOwn(s.models, r.model)) return true;
    const message =
      `is '${r.model}', which is not in gearshift.models. Known: ${modelNames.join(', ')}. ` +
      'The rule is ignored until you fix the name or add the model.';
    report(r.origin === 'workspace', `gearshift.rules[${r.index - 1}].model`, message);
    return false;
  });
}
