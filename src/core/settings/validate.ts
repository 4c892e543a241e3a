import leven from 'leven';
import { checkGlob, GLOB_LIMITS } from '../glob';
import {
  ENDPOINT_KINDS,
  PREFERENCES,
  SLASH_COMMANDS,
  TASKS,
  TIERS,
  type Preference,
  type SlashCommand,
  type EndpointConfig,
  type EndpointKind,
  type ModelConfig,
  type Task,
  type Tier,
} from '../types';
import {
  AGENT_FIELDS,
  CODEBASE_FIELDS,
  FIM_TEMPLATES,
  type AgentSettings,
  type CodebaseSettings,
  ON_EXCEED,
  PRICE_FIELDS,
  type BudgetSettings,
  type ChatRoute,
  type OnExceed,
  type PriceOverride,
  type RoutingRule,
  type RoutingSettings,
  type SettingsProblem,
  type TimeoutSettings,
} from './model';

/**
 * Shape checks for each setting's raw value. Every parser returns only the parts that are valid
 * (so the caller can keep defaults for the rest) and records a problem for each part it dropped.
 * Nothing here throws.
 */
export class Checker {
  readonly problems: SettingsProblem[] = [];
  /** `untrusted`: every problem is a value ignored only because the workspace is not trusted. */
  constructor(
    readonly level: SettingsProblem['level'],
    readonly untrusted = false,
  ) {}

  report(setting: string, message: string): void {
    const problem: SettingsProblem = { setting, level: this.level, message: `${setting} ${message}` };
    if (this.untrusted) problem.untrusted = true;
    this.problems.push(problem);
  }

  object(setting: string, v: unknown): Record<string, unknown> | undefined {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.report(setting, `must be an object, but is ${describe(v)}. Using the default.`);
    return undefined;
  }

  string(setting: string, v: unknown, max = 500): string | undefined {
    if (typeof v === 'string' && v.trim() !== '' && v.length <= max) return v;
    this.report(
      setting,
      typeof v === 'string'
        ? v.trim() === ''
          ? 'is empty. Give a value or remove it.'
          : `is longer than ${max} characters.`
        : `must be a string, but is ${describe(v)}.`,
    );
    return undefined;
  }

  boolean(setting: string, v: unknown): boolean | undefined {
    if (typeof v === 'boolean') return v;
    this.report(setting, `must be true or false, but is ${describe(v)}.`);
    return undefined;
  }

  /** A finite number in [min, max]; integers only when `integer`. */
  number(setting: string, v: unknown, min: number, max: number, unit: string, integer = false): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.report(setting, `must be a number (${unit}), but is ${describe(v)}.`);
      return undefined;
    }
    if (v < min || v > max || (integer && !Number.isInteger(v))) {
      this.report(setting, `is ${v}; it must be ${integer ? 'a whole number ' : ''}between ${min} and ${max} (${unit}).`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(setting: string, v: unknown, allowed: readonly T[]): T | undefined {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.report(setting, `is ${describe(v)}; it must be one of: ${allowed.map((a) => `"${a}"`).join(', ')}.`);
    return undefined;
  }

  stringList(setting: string, v: unknown): string[] | undefined {
    if (!Array.isArray(v)) {
      this.report(setting, `must be a list of strings, but is ${describe(v)}.`);
      return undefined;
    }
    return v.flatMap((item, i) => {
      const s = this.string(`${setting}[${i}]`, item);
      return s === undefined ? [] : [s];
    });
  }

  /**
   * A list of globs: each must be a string the matcher accepts (not too long, no extended globs, few brace
   * alternatives), and all of them together within GLOB_LIMITS.settingExpandedLength, so matching one path stays
   * cheap whatever a workspace writes. A bad glob is dropped with a problem naming it; the rest are kept.
   * `budget` (shared between calls, e.g. every rule's paths) holds the pattern characters still allowed.
   */
  globList(setting: string, v: unknown, budget = { left: GLOB_LIMITS.settingExpandedLength as number }): string[] | undefined {
    const list = this.stringList(setting, v);
    if (!list) return undefined;
    return list.filter((glob, i) => {
      const { problem, cost } = checkGlob(glob);
      const why =
        problem ??
        (cost > budget.left
          ? `goes past the ${GLOB_LIMITS.settingExpandedLength} pattern characters allowed for all globs of this setting`
          : undefined);
      if (why) {
        this.report(`${setting}[${i}]`, `${describe(glob)} ${why}; the glob is dropped (the others still apply).`);
        return false;
      }
      budget.left -= cost;
      return true;
    });
  }

  /**
   * Reports each key of `o` that is not in `known`, naming the nearest known one ("did you mean …?"), and returns
   * them. `consequence` says what happens (default: the field alone is ignored).
   */
  unknownFields(setting: string, o: Record<string, unknown>, known: readonly string[], consequence = 'It is ignored.'): string[] {
    const unknown = Object.keys(o).filter((k) => !known.includes(k));
    for (const k of unknown) this.report(`${setting}.${k}`, `is not a known field; ${didYouMean(k, known)} ${consequence}`);
    return unknown;
  }
}

/** "did you mean "task"? Known: …" when a known word is close to `word` (see nearest), else the list of known words. */
export function didYouMean(word: string, known: readonly string[]): string {
  const near = nearest(word, known);
  return near === undefined ? `known: ${known.join(', ')}.` : `did you mean "${near}"? Known: ${known.join(', ')}.`;
}

/**
 * The known word closest to `word` if one is a likely typo of it: by edit distance, case ignored (1 for words of up
 * to 3 letters, else 2 or a third of the length, at most 3), else one that it begins or that begins it.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase().slice(0, 200);
  if (w === '') return undefined;
  let best: string | undefined;
  let bestDistance = w.length <= 3 ? 1 : Math.min(3, Math.max(2, Math.floor(w.length / 3)));
  for (const k of known) {
    const d = leven(w, k.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = k;
      bestDistance = d;
    }
  }
  // A shortened or lengthened word ("commit" for "commitMessage"): the first known word sharing a prefix of 4 or more.
  if (best !== undefined || w.length < 4) return best;
  return known.find((k) => k.toLowerCase().startsWith(w) || (k.length >= 4 && w.startsWith(k.toLowerCase())));
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

const NAME = /^[A-Za-z0-9][\w.:-]{0,63}$/;
/** Header names that carry credentials: keys belong in SecretStorage, never in settings. */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

function names(c: Checker, setting: string, o: Record<string, unknown>): [string, unknown][] {
  return Object.entries(o).filter(([name]) => {
    if (NAME.test(name)) return true;
    c.report(`${setting}.${name}`, 'has an invalid name: use letters, digits, ".", "-", "_" or ":" (up to 64 characters).');
    return false;
  });
}

export function parseEndpoints(c: Checker, v: unknown): Record<string, EndpointConfig> {
  const setting = 'gearshift.endpoints';
  const o = c.object(setting, v);
  const out: Record<string, EndpointConfig> = {};
  if (!o) return out;
  for (const [name, raw] of names(c, setting, o)) {
    const s = `${setting}.${name}`;
    const e = c.object(s, raw);
    if (!e) continue;
    c.unknownFields(s, e, ['kind', 'baseUrl', 'headers', 'requiresKey', 'region', 'profile', 'local']);
    const kind = c.oneOf<EndpointKind>(`${s}.kind`, e.kind, ENDPOINT_KINDS);
    if (!kind) continue;
    const ep: EndpointConfig = { name, kind };
    if (e.baseUrl !== undefined) {
      const url = c.string(`${s}.baseUrl`, e.baseUrl, 2000);
      if (url && !/^https?:\/\/[^\s/]+/i.test(url)) {
        c.report(`${s}.baseUrl`, `is "${url}", which is not an http(s) URL. Example: "http://gpu-box:8000/v1". This endpoint is ignored.`);
        continue;
      }
      if (url === undefined) continue;
      ep.baseUrl = url;
    }
    if (e.headers !== undefined) {
      const h = c.object(`${s}.headers`, e.headers);
      if (h) {
        ep.headers = {};
        for (const [k, hv] of Object.entries(h)) {
          if (SECRET_HEADER.test(k)) {
            c.report(
              `${s}.headers.${k}`,
              'looks like a credential. Keys never go in settings: use the "Gearshift: Set API Key" command. The header is ignored.',
            );
            continue;
          }
          const str = c.string(`${s}.headers.${k}`, hv, 2000);
          if (str !== undefined) ep.headers[k] = str;
        }
      }
    }
    for (const f of ['requiresKey', 'local'] as const) {
      if (e[f] === undefined) continue;
      const b = c.boolean(`${s}.${f}`, e[f]);
      if (b !== undefined) ep[f] = b;
    }
    for (const f of ['region', 'profile'] as const) {
      if (e[f] === undefined) continue;
      const str = c.string(`${s}.${f}`, e[f], 200);
      if (str !== undefined) ep[f] = str;
    }
    warnPlainHttp(c, s, ep);
    out[name] = ep;
  }
  return out;
}

/**
 * A warning (the endpoint still applies) when credentials would cross the network unencrypted: an http:// base URL
 * on a host other than this machine, for an endpoint that sends an API key (or AWS-signed requests, whose session
 * token travels in a header).
 */
function warnPlainHttp(c: Checker, setting: string, ep: EndpointConfig): void {
  if (!ep.baseUrl) return;
  let url: URL;
  try {
    url = new URL(ep.baseUrl);
  } catch {
    return; // the shape check above already accepted it; the SDK will report a malformed URL
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return;
  const where = `is plain http:// to ${url.host}, which is not this machine:`;
  if (ep.kind === 'bedrock') {
    const what = 'your AWS-signed requests (with the session token) would cross the network unencrypted';
    c.report(`${setting}.baseUrl`, `${where} ${what}. Use https://.`);
  } else if (ep.requiresKey !== false) {
    c.report(
      `${setting}.baseUrl`,
      `${where} your API key would be sent unencrypted. Use https://, or set "requiresKey": false if the server needs no key.`,
    );
  }
}

/**
 * Whether a URL's hostname (as WHATWG URL normalizes it: "127.1" and "0x7f000001" → "127.0.0.1", IPv6 in brackets)
 * is this machine: localhost, 127.0.0.0/8, ::1 or IPv4-mapped ::ffff:127.x.y.z.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost') return true; // not "x.localhost" nor "localhost.": those may go to DNS
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return h === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h);
}

/** Models; their endpoints are checked later, once the endpoints are known. */
export function parseModels(c: Checker, v: unknown): Record<string, ModelConfig> {
  const setting = 'gearshift.models';
  const o = c.object(setting, v);
  const out: Record<string, ModelConfig> = {};
  if (!o) return out;
  for (const [name, raw] of names(c, setting, o)) {
    const s = `${setting}.${name}`;
    const m = c.object(s, raw);
    if (!m) continue;
    c.unknownFields(s, m, ['endpoint', 'model', 'fim', 'fimTemplate', 'maxOutputTokens', 'contextWindow', 'vision']);
    const endpoint = c.string(`${s}.endpoint`, m.endpoint, 64);
    const model = c.string(`${s}.model`, m.model, 300);
    if (!endpoint || !model) {
      c.report(s, 'needs both "endpoint" and "model" (e.g. { "endpoint": "openai", "model": "gpt-5-mini" }); it is ignored.');
      continue;
    }
    const mc: ModelConfig = { name, endpoint, model };
    if (m.fim !== undefined) mc.fim = c.boolean(`${s}.fim`, m.fim);
    if (m.fimTemplate !== undefined) mc.fimTemplate = c.oneOf(`${s}.fimTemplate`, m.fimTemplate, FIM_TEMPLATES);
    if (m.maxOutputTokens !== undefined)
      mc.maxOutputTokens = c.number(`${s}.maxOutputTokens`, m.maxOutputTokens, 1, 1_000_000, 'tokens', true);
    if (m.contextWindow !== undefined) mc.contextWindow = c.number(`${s}.contextWindow`, m.contextWindow, 1, 10_000_000, 'tokens', true);
    if (m.vision !== undefined) mc.vision = c.boolean(`${s}.vision`, m.vision);
    for (const k of Object.keys(mc) as (keyof ModelConfig)[]) if (mc[k] === undefined) delete mc[k];
    out[name] = mc;
  }
  return out;
}

/** Tier lists as given (model names are checked against the merged models later). */
export function parseTiers(c: Checker, v: unknown): Partial<Record<Tier, string[]>> {
  const setting = 'gearshift.tiers';
  const o = c.object(setting, v);
  const out: Partial<Record<Tier, string[]>> = {};
  if (!o) return out;
  c.unknownFields(setting, o, TIERS);
  for (const tier of TIERS) {
    if (o[tier] === undefined) continue;
    const list = c.stringList(`${setting}.${tier}`, o[tier]);
    if (list) out[tier] = list;
  }
  return out;
}

/** gearshift.routing as one level gives it: only the fields it sets; `commands` only the commands it names. */
export type RoutingLayer = Partial<Omit<RoutingSettings, 'commands'>> & { commands?: Partial<Record<SlashCommand, ChatRoute>> };

export function parseRouting(c: Checker, v: unknown): RoutingLayer {
  const setting = 'gearshift.routing';
  const o = c.object(setting, v);
  const out: RoutingLayer = {};
  if (!o) return out;
  c.unknownFields(setting, o, [...TASKS, 'preference', 'commands']);
  if (o.preference !== undefined) out.preference = c.oneOf<Preference>(`${setting}.preference`, o.preference, PREFERENCES);
  if (o.completion !== undefined) out.completion = c.oneOf<Tier>(`${setting}.completion`, o.completion, TIERS);
  if (o.commitMessage !== undefined) out.commitMessage = c.oneOf<Tier>(`${setting}.commitMessage`, o.commitMessage, TIERS);
  if (o.chat !== undefined) out.chat = c.oneOf<ChatRoute>(`${setting}.chat`, o.chat, [...TIERS, 'auto']);
  if (o.agent !== undefined) out.agent = c.oneOf<ChatRoute>(`${setting}.agent`, o.agent, [...TIERS, 'auto']);
  if (o.commands !== undefined) out.commands = parseCommandRoutes(c, `${setting}.commands`, o.commands);
  for (const k of [...TASKS, 'preference', 'commands'] as const) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * gearshift.routing.commands: { "fix": "frontier", "doc": "cheap", … }, keys without the slash. An unknown command is
 * reported with the nearest known one ("/fix" → did you mean "fix"?) and ignored; a bad route falls back to the default.
 */
function parseCommandRoutes(c: Checker, setting: string, v: unknown): Partial<Record<SlashCommand, ChatRoute>> | undefined {
  const o = c.object(setting, v);
  if (!o) return undefined;
  c.unknownFields(setting, o, SLASH_COMMANDS);
  const out: Partial<Record<SlashCommand, ChatRoute>> = {};
  for (const command of SLASH_COMMANDS) {
    if (o[command] === undefined) continue;
    const route = c.oneOf<ChatRoute>(`${setting}.${command}`, o[command], ['auto', ...TIERS]);
    if (route) out[command] = route;
  }
  return out;
}

export function parseRules(c: Checker, v: unknown, origin: RoutingRule['origin']): RoutingRule[] {
  const setting = 'gearshift.rules';
  if (!Array.isArray(v)) {
    c.report(
      setting,
      `must be a list of rules like { "when": { "languages": ["rust"], "task": "chat" }, "tier": "frontier" }, but is ${describe(v)}.`,
    );
    return [];
  }
  const out: RoutingRule[] = [];
  const globBudget = { left: GLOB_LIMITS.settingExpandedLength as number };
  v.forEach((raw, i) => {
    const s = `${setting}[${i}]`;
    const r = c.object(s, raw);
    if (!r) return;
    c.unknownFields(s, r, ['when', 'tier', 'model']);
    const when = r.when === undefined ? undefined : c.object(`${s}.when`, r.when);
    if (!when || Object.keys(when).length === 0) {
      c.report(s, 'needs a non-empty "when" (languages, task and/or paths); the rule is ignored.');
      return;
    }
    // A misspelt condition ("tasks") must not leave a rule that matches more than its author meant: drop the rule.
    const unknownConditions = c.unknownFields(`${s}.when`, when, ['languages', 'task', 'paths'], 'The rule is ignored until it is fixed.');
    const rule: RoutingRule = { when: {}, origin, index: i + 1 };
    let ok = true;
    if (when.languages !== undefined) {
      const langs = c.stringList(`${s}.when.languages`, when.languages);
      ok &&= !!langs?.length;
      rule.when.languages = langs?.map((l) => l.toLowerCase());
    }
    if (when.task !== undefined) {
      const list = Array.isArray(when.task) ? when.task : [when.task];
      const tasks = list.map((t, j) => c.oneOf<Task>(`${s}.when.task${Array.isArray(when.task) ? `[${j}]` : ''}`, t, TASKS));
      ok &&= tasks.length > 0 && tasks.every((t) => t !== undefined);
      rule.when.tasks = tasks.filter((t): t is Task => t !== undefined);
    }
    if (when.paths !== undefined) {
      // A rule whose every glob was dropped is ignored: without paths it would match every file.
      const paths = c.globList(`${s}.when.paths`, when.paths, globBudget);
      ok &&= !!paths?.length;
      rule.when.paths = paths;
    }
    if ((r.tier === undefined) === (r.model === undefined)) {
      c.report(s, 'needs exactly one of "tier" ("cheap" or "frontier") or "model" (a name from gearshift.models); the rule is ignored.');
      return;
    }
    if (r.tier !== undefined) rule.tier = c.oneOf<Tier>(`${s}.tier`, r.tier, TIERS);
    if (r.model !== undefined) rule.model = c.string(`${s}.model`, r.model, 64);
    if (unknownConditions.length) return; // already said: the rule is ignored
    if (!ok || (rule.tier === undefined && rule.model === undefined)) {
      c.report(s, 'is ignored until the problems above are fixed.');
      return;
    }
    out.push(rule);
  });
  return out;
}

export function parseBudget(c: Checker, v: unknown): Partial<BudgetSettings> {
  const setting = 'gearshift.budget';
  const o = c.object(setting, v);
  const out: Partial<BudgetSettings> = {};
  if (!o) return out;
  c.unknownFields(setting, o, ['dailyUsd', 'monthlyUsd', 'onExceed']);
  for (const k of ['dailyUsd', 'monthlyUsd'] as const) {
    if (o[k] === undefined || o[k] === null) continue;
    const n = c.number(`${setting}.${k}`, o[k], 0, 1_000_000, 'USD; 0 means no limit');
    if (n !== undefined) out[k] = n;
  }
  if (o.onExceed !== undefined) {
    const e = c.oneOf<OnExceed>(`${setting}.onExceed`, o.onExceed, ON_EXCEED);
    if (e) out.onExceed = e;
  }
  return out;
}

export function parsePrices(c: Checker, v: unknown): Record<string, PriceOverride> {
  const setting = 'gearshift.prices';
  const o = c.object(setting, v);
  const out: Record<string, PriceOverride> = {};
  if (!o) return out;
  for (const [name, raw] of Object.entries(o)) {
    const s = `${setting}.${name}`;
    if (name === '__proto__') {
      c.report(s, 'is not a valid name; it is ignored.');
      continue;
    }
    const p = c.object(s, raw);
    if (!p) continue;
    c.unknownFields(s, p, PRICE_FIELDS);
    const price: PriceOverride = {};
    for (const f of PRICE_FIELDS) {
      if (p[f] === undefined) continue;
      const n = c.number(`${s}.${f}`, p[f], 0, 10_000, 'USD per million tokens');
      if (n !== undefined) price[f] = n;
    }
    if (Object.keys(price).length) out[name] = price;
  }
  return out;
}

export function parseTimeouts(c: Checker, v: unknown): Partial<TimeoutSettings> {
  const setting = 'gearshift.timeouts';
  const o = c.object(setting, v);
  const out: Partial<TimeoutSettings> = {};
  if (!o) return out;
  c.unknownFields(setting, o, ['connectMs', 'firstTokenMs', 'idleMs']);
  for (const k of ['connectMs', 'firstTokenMs', 'idleMs'] as const) {
    if (o[k] === undefined) continue;
    const n = c.number(`${setting}.${k}`, o[k], 100, 600_000, 'milliseconds', true);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** Ranges of gearshift.agent's numbers: [min, max, unit, whole numbers only]. */
export const AGENT_RANGES = {
  maxSteps: [1, 200, 'steps per task', true],
  maxTaskUsd: [0.01, 1000, 'USD per task', false],
  commandTimeoutSeconds: [1, 3600, 'seconds', true],
  maxCommandOutputKiB: [1, 1024, 'KiB', true],
} as const;

/** A name of another extension's or MCP server's tool, as vscode.lm.tools lists it. */
const EXTERNAL_TOOL = /^[\w.:/-]{1,128}$/;

export function parseAgent(c: Checker, v: unknown): Partial<AgentSettings> {
  const setting = 'gearshift.agent';
  const o = c.object(setting, v);
  const out: Partial<AgentSettings> = {};
  if (!o) return out;
  c.unknownFields(setting, o, AGENT_FIELDS);
  for (const k of Object.keys(AGENT_RANGES) as (keyof typeof AGENT_RANGES)[]) {
    if (o[k] === undefined) continue;
    const [min, max, unit, integer] = AGENT_RANGES[k];
    const n = c.number(`${setting}.${k}`, o[k], min, max, unit, integer);
    if (n !== undefined) out[k] = n;
  }
  if (o.externalTools !== undefined) {
    const list = c.stringList(`${setting}.externalTools`, o.externalTools);
    if (list) {
      out.externalTools = [
        ...new Set(
          list.filter((name, i) => {
            if (EXTERNAL_TOOL.test(name)) return true;
            const why = `${describe(name)} is not a tool name (as vscode.lm.tools lists them); it is ignored.`;
            c.report(`${setting}.externalTools[${i}]`, why);
            return false;
          }),
        ),
      ];
    }
  }
  return out;
}

export function parseLanguages(c: Checker, v: unknown): Record<string, boolean> {
  const setting = 'gearshift.completion.languages';
  const o = c.object(setting, v);
  const out: Record<string, boolean> = {};
  if (!o) return out;
  for (const [lang, on] of Object.entries(o)) {
    if (lang === '__proto__') {
      c.report(`${setting}.${lang}`, 'is not a language id; it is ignored.');
      continue;
    }
    const b = c.boolean(`${setting}.${lang}`, on);
    if (b !== undefined) out[lang] = b;
  }
  return out;
}

export function parseBedrockRegion(c: Checker, v: unknown): string | undefined {
  const s = c.string('gearshift.bedrock.region', v, 40);
  if (s === undefined || /^[a-z]{2}(?:-[a-z]+)+-\d$/.test(s)) return s;
  c.report('gearshift.bedrock.region', `is "${s}", which is not an AWS region id (e.g. "us-east-1", "eu-central-1").`);
  return undefined;
}

/** Ranges of gearshift.codebase's numbers: [min, max, unit]. */
export const CODEBASE_RANGES = {
  maxFiles: [1, 200_000, 'files'],
  maxFileKb: [1, 10_240, 'KiB'],
} as const;

export function parseCodebase(c: Checker, v: unknown): Partial<CodebaseSettings> {
  const setting = 'gearshift.codebase';
  const o = c.object(setting, v);
  const out: Partial<CodebaseSettings> = {};
  if (!o) return out;
  c.unknownFields(setting, o, CODEBASE_FIELDS);
  if (o.enabled !== undefined) out.enabled = c.boolean(`${setting}.enabled`, o.enabled);
  for (const k of Object.keys(CODEBASE_RANGES) as (keyof typeof CODEBASE_RANGES)[]) {
    if (o[k] === undefined) continue;
    const [min, max, unit] = CODEBASE_RANGES[k];
    const n = c.number(`${setting}.${k}`, o[k], min, max, unit, true);
    if (n !== undefined) out[k] = n;
  }
  return out;
}
