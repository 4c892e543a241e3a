import { CompletionEngine, type EngineOptions } from './completion/engine';
import type { LedgerRecord } from './cost/record';
import { Pricing } from './cost/pricing';
import { Gateway } from './gateway/gateway';
import { systemProbe, usableEndpoints, type AvailabilityProbe } from './providers/availability';
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
  /** Tests: providers other than the official-SDK ones. */
  providerFactory?: typeof createProvider;
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
  dispose(): void;
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
  const router = new Router(settings, { budget: host.budget, available: fixed });
  const providers = new ProviderPool(() => settings, host.keyLookup, host.log ? { log: host.log } : {}, host.providerFactory);
  let pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider: (name) => providers.get(name),
    pricing: () => pricing,
    record: (r) => host.recordSink(r),
    workspace: host.workspace,
    clock: host.clock,
  });
  const engine = new CompletionEngine({
    route: (req) => gateway.route(req),
    provider: (name) => providers.get(name),
    record: (outcome) => gateway.recordCall('completion', outcome, outcome.latencyMs),
    health: router.health,
    options: engineOptions(settings),
    log: host.log ? (m) => host.log!.debug(m) : undefined,
  });

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
    void refreshAvailability();
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
    dispose: () => {
      subscription.dispose();
      engine.dispose();
    },
  };
}
