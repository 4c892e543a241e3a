import { TIERS, type EndpointConfig, type ModelConfig, type Tier } from '../types';
import { DEFAULT_MODELS, defaultSettings } from './defaults';
import {
  APPLICATION_KEYS,
  ON_EXCEED,
  SETTING_KEYS,
  type BudgetSettings,
  type CompletionSettings,
  type PriceOverride,
  type RawSettings,
  type ResolvedSettings,
  type RoutingRule,
  type RoutingSettings,
  type SettingKey,
  type SettingsProblem,
  type TimeoutSettings,
} from './model';
import {
  Checker,
  parseBedrockRegion,
  parseBudget,
  parseEndpoints,
  parseLanguages,
  parseModels,
  parsePrices,
  parseRouting,
  parseRules,
  parseTiers,
  parseTimeouts,
} from './validate';

/** The valid parts of one level's settings. */
interface Layer {
  endpoints?: Record<string, EndpointConfig>;
  models?: Record<string, ModelConfig>;
  tiers?: Partial<Record<Tier, string[]>>;
  routing?: Partial<RoutingSettings>;
  rules?: RoutingRule[];
  budget?: Partial<BudgetSettings>;
  exclude?: string[];
  completion?: Partial<CompletionSettings>;
  prices?: Record<string, PriceOverride>;
  bedrock?: { region?: string; profile?: string };
  timeouts?: Partial<TimeoutSettings>;
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
 * A workspace can never set endpoints or Bedrock credentials' region/profile; an untrusted one
 * also cannot lift exclusions, re-enable completion, raise the budget, change prices or pick
 * models on endpoints the user's own tiers do not use.
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
      c.report(key, `is not a Gearshift setting; it is ignored. Known settings: ${SETTING_KEYS.join(', ')}.`);
      continue;
    }
    const k = key as SettingKey;
    if (level === 'workspace' && APPLICATION_KEYS.includes(k)) {
      c.report(k, 'is set in workspace settings and is ignored: a workspace cannot change where requests and keys are sent. Set it in your user settings instead.');
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
  Object.assign(s.routing, layer.routing);
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
}

/** Drops what an untrusted workspace may not do, given the user-level settings `s`. */
function restrictUntrusted(ws: Layer, s: ResolvedSettings, problems: SettingsProblem[]): void {
  const c = new Checker('workspace');
  const why = 'is ignored because this workspace is not trusted';
  const allowed = new Set(TIERS.flatMap((t) => s.tiers[t]).flatMap((n) => (Object.hasOwn(s.models, n) ? [s.models[n].endpoint] : [])));
  const models = { ...s.models };
  const dropped = new Set<string>();
  for (const [name, m] of Object.entries(ws.models ?? {})) {
    if (allowed.has(m.endpoint)) models[name] = m;
    else {
      delete ws.models?.[name];
      dropped.add(name);
      c.report(`gearshift.models.${name}`, `${why} and it uses endpoint "${m.endpoint}", which your own tiers do not use. Trust the workspace to allow it.`);
    }
  }
  const onAllowed = (name: string): boolean => !Object.hasOwn(models, name) || allowed.has(models[name].endpoint);
  for (const tier of TIERS) {
    const list = ws.tiers?.[tier]?.filter((n) => !dropped.has(n)); // already reported with the model
    if (!list) continue;
    for (const name of list.filter((n) => !onAllowed(n))) {
      c.report(`gearshift.tiers.${tier}`, `names model "${name}" on endpoint "${models[name].endpoint}", which your own tiers do not use; it ${why}. Trust the workspace to allow it.`);
    }
    const kept = list.filter(onAllowed);
    // Nothing the workspace listed may be used: the user's own tier stands (not the defaults).
    if (kept.length === 0) {
      if (ws.tiers![tier]!.length === 0) c.report(`gearshift.tiers.${tier}`, 'is empty, so your own tier is used. List at least one model from gearshift.models.');
      delete ws.tiers![tier];
    }
    else ws.tiers![tier] = kept;
  }
  if (ws.rules) {
    ws.rules = ws.rules.filter((r) => {
      if (!r.model || onAllowed(r.model)) return !(r.model && dropped.has(r.model));
      c.report(`gearshift.rules[${r.index - 1}]`, `${why}: it picks model "${r.model}" on endpoint "${models[r.model].endpoint}", which your own tiers do not use.`);
      return false;
    });
  }
  if (ws.exclude) {
    const lifted = s.exclude.filter((g) => !ws.exclude!.includes(g));
    if (lifted.length) c.report('gearshift.exclude', `cannot remove exclusions in an untrusted workspace; still excluded: ${lifted.join(', ')}.`);
    ws.exclude = [...new Set([...s.exclude, ...ws.exclude])];
  }
  const comp = ws.completion;
  if (comp?.enabled === true && !s.completion.enabled) {
    c.report('gearshift.completion.enabled', `${why}: it cannot turn completion on when your user settings turn it off.`);
    delete comp.enabled;
  }
  for (const [lang, on] of Object.entries(comp?.languages ?? {})) {
    if (on && s.completion.languages[lang] === false) {
      c.report(`gearshift.completion.languages.${lang}`, `${why}: it cannot turn completion on for "${lang}" when your user settings turn it off.`);
      delete comp!.languages![lang];
    }
  }
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
  problems.push(...c.problems);
}

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
      `uses endpoint "${m.endpoint}", which is not defined. Known: ${endpointNames.join(', ')}. Fix the name or add the endpoint to gearshift.endpoints in your user settings.`,
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
      report(inWs, `gearshift.tiers.${tier}`, `names model '${name}', which is not in gearshift.models. Known: ${modelNames.join(', ')}. Fix the name or add the model.`);
      return false;
    });
    if (kept.length === 0) {
      report(inWs, `gearshift.tiers.${tier}`, `has no usable model, so the default ${tier} tier is used (${defaults[tier].join(', ')}). List at least one model from gearshift.models.`);
      s.tiers[tier] = defaults[tier];
    } else s.tiers[tier] = [...new Set(kept)];
  }
  s.rules = s.rules.filter((r) => {
    if (!r.model || Object.hasOwn(s.models, r.model)) return true;
    report(r.origin === 'workspace', `gearshift.rules[${r.index - 1}].model`, `is '${r.model}', which is not in gearshift.models. Known: ${modelNames.join(', ')}. The rule is ignored until you fix the name or add the model.`);
    return false;
  });
}
