import { AgentRunner } from './agent/loop';
import { createStepPolicy } from './agent/stepPolicy';
import { tierStepCost } from './agent/switchCost';
import { cachingOf } from './cache/caching';
import { taskKey } from './cache/warmCaches';
import type { StepPolicy } from './agent/types';
import { CompletionEngine, type EngineOptions } from './completion/engine';
import { withVerdict } from './completion/types';
import type { LedgerRecord } from './cost/record';
import { Pricing } from './cost/pricing';
import { Gateway } from './gateway/gateway';
import { systemProbe, usableEndpoints, type AvailabilityProbe } from './providers/availability';
import { deprecationAdvice, type ModelAdvice } from './providers/deprecations';
import { ProviderPool } from './providers/pool';
import type { KeyLookup, ProviderLog } from './providers/provider';
import type { createProvider } from './providers/registry';
import type { HealthTracker } from './router/health';
import { Router, type BudgetSource } from './router/router';
import type { ResolvedSettings } from './settings/model';

/** The resolved settings now, and a way to hear of new ones: the one way settings reach the core's parts. */
export interface SettingsFeed {
  current(): ResolvedSettings;
  onDidChange(listener: (settings: ResolvedSettings) => void): { dispose(): void };
}

/** A settings feed that never changes (the CLI, tests). */
export function fixedSettings(settings: ResolvedSettings): SettingsFeed {
  return { current: () => settings, onDidChange: () => ({ dispose: () => undefined }) };
}

/** What the host (the extension, the CLI, a test) gives the core. */
export interface GearshiftHost {
  settings: SettingsFeed;
  /** The API key of an endpoint: SecretStorage in the extension, the environment in the CLI. */
  keyLookup: KeyLookup;
  /** Appends one ledger record; must not throw (hosts report failures their own way). */
  recordSink(record: LedgerRecord): void;
  workspace: { id: string; name: string; root?: string };
  /** Spend so far against the budget (the router warns, downgrades or blocks from it). */
  budget?: BudgetSource;
  /** What decides endpoint availability looks at; `fixed` skips the check (the CLI's --available). */
  availability?: { probe?: AvailabilityProbe; fixed?: ReadonlySet<string> };
  /** Wall-clock ms, for the gateway's timings and decision log. */
  clock?: () => number;
  log?: ProviderLog & { info?(msg: string): void };
  /** Told once per model and problem: a configured model is deprecated, retired, or refused as not found. */
  onModelAdvice?(advice: ModelAdvice): void;
  /** Tests: providers other than the official-SDK ones. */
  providerFactory?: typeof createProvider;
}

/** How a host asks for an agent runner. */
export interface AgentRunnerOptions {
  /** Picks each step's role and tier. Default: this core's stepPolicy. */
  policy?: StepPolicy;
  /** False in Restricted Mode: only read-only tools are offered. Default: trusted. */
  trusted?: () => boolean;
}

/** Gearshift's core, built once per host. */
export interface Gearshift {
  router: Router;
  health: HealthTracker;
  gateway: Gateway;
  engine: CompletionEngine;
  providers: ProviderPool;
  pricing(): Pricing;
  settings(): ResolvedSettings;
  /** Re-decides which endpoints are usable (keys, Bedrock, local servers) and tells the router; resolves with them. */
  refreshAvailability(): Promise<ReadonlySet<string>>;
  /**
   * An agent runner over this core's router and gateway: its steps are routed, priced and recorded like every call,
   * and the current gearshift.exclude applies to its tools' path arguments. Limits come with each task
   * (agent/limits.ts reads them from the settings).
   */
  agentRunner(opts?: AgentRunnerOptions): AgentRunner;
  /**
   * The step policy of every agent task (the side panel's and VS Code's agent): roles and tiers per step, a move down
   * weighed with the current usable models' prices and caching.
   */
  stepPolicy: StepPolicy;
  dispose(): void;
}

/** Advice for every model a tier uses whose id is in its SDK's deprecation table (retired or due to retire). */
export function deprecatedModels(s: ResolvedSettings, now: Date = new Date()): ModelAdvice[] {
  const names = new Set([...s.tiers.cheap, ...s.tiers.frontier]);
  const out: ModelAdvice[] = [];
  for (const name of names) {
    const model = Object.hasOwn(s.models, name) ? s.models[name] : undefined;
    const endpoint = model && Object.hasOwn(s.endpoints, model.endpoint) ? s.endpoints[model.endpoint] : undefined;
    const advice = model && endpoint ? deprecationAdvice(model, endpoint, now) : undefined;
    if (advice) out.push(advice);
  }
  return out;
}

function engineOptions(s: ResolvedSettings): Partial<EngineOptions> {
  return { debounceMs: s.completion.debounceMs, maxTokens: s.completion.maxTokens };
}

/**
 * The composition root: router, pricing, providers, gateway, completion engine and health, wired the same way
 * for the extension and the CLI. Settings changes reach every part from here (and only from here).
 */
export function createGearshift(host: GearshiftHost): Gearshift {
  let settings = host.settings.current();
  const fixed = host.availability?.fixed;
  let pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  const router = new Router(settings, { budget: host.budget, available: fixed, pricing: () => pricing });
  const providers = new ProviderPool(() => settings, host.keyLookup, host.log ? { log: host.log } : {}, host.providerFactory);
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider: (name) => providers.get(name),
    pricing: () => pricing,
    record: (r) => host.recordSink(r),
    workspace: host.workspace,
    clock: host.clock,
    onModelAdvice: (a) => advise(a),
  });
  const engine = new CompletionEngine({
    route: (req) => gateway.route(req),
    provider: (name) => providers.get(name),
    record: (outcome) => gateway.recordCall('completion', withVerdict(outcome), outcome.latencyMs),
    health: router.health,
    options: engineOptions(settings),
    log: host.log ? (m) => host.log!.debug(m) : undefined,
  });

  // Each model's problem is told once per host (a window, a CLI run), however often it is met.
  const told = new Set<string>();
  const advise = (a: ModelAdvice): void => {
    const key = `${a.model}\u0000${a.problem}\u0000${a.message}`;
    if (told.has(key)) return;
    told.add(key);
    host.onModelAdvice?.(a);
  };
  const checkDeprecations = (s: ResolvedSettings): void => {
    for (const a of deprecatedModels(s)) advise(a);
  };
  checkDeprecations(settings);

  let generation = 0;
  const refreshAvailability = async (): Promise<ReadonlySet<string>> => {
    if (fixed) return fixed;
    const asked = ++generation;
    const available = await usableEndpoints(settings, host.keyLookup, host.availability?.probe ?? systemProbe);
    // A newer check (settings or keys changed meanwhile) wins over an older one that finished late.
    if (asked === generation) router.setAvailable(available);
    return available;
  };

  const subscription = host.settings.onDidChange((next) => {
    settings = next;
    router.updateSettings(next);
    pricing = new Pricing({ endpoints: Object.values(next.endpoints), overrides: next.prices });
    engine.updateOptions(engineOptions(next));
    providers.reset();
    checkDeprecations(next);
    void refreshAvailability();
  });

  const stepPolicy = createStepPolicy({
    stepCost: tierStepCost({
      usableModels: (tier) => router.usableModels(tier),
      get endpoints() {
        return settings.endpoints;
      },
      pricing: () => pricing,
      // The breakpoints the gateway declares unless gearshift.cache is "off" (under "auto" a step is 5m: steps are seconds apart).
      caching: (model, endpoint) =>
        cachingOf(endpoint, {
          plan: settings.cache === 'off' ? undefined : { ttl: settings.cache === '1h' ? '1h' : '5m' },
          modelId: model.model,
        }),
    }),
    warmTokens: (taskId, tier, now) => {
      const key = taskKey(taskId);
      if (router.warm.lastCallAt(key) === undefined) return undefined;
      const model = router.usableModels(tier)[0];
      return (model && router.warm.warm(key, model.name, now)?.tokens) ?? 0;
    },
  });
  return {
    router,
    health: router.health,
    gateway,
    engine,
    providers,
    pricing: () => pricing,
    settings: () => settings,
    refreshAvailability,
    stepPolicy,
    agentRunner: (opts = {}) =>
      new AgentRunner({
        router,
        gateway,
        policy: opts.policy ?? stepPolicy,
        trusted: opts.trusted,
        exclude: () => settings.exclude,
        workspaceRoot: host.workspace.root,
      }),
    dispose: () => {
      subscription.dispose();
      engine.dispose();
    },
  };
}
