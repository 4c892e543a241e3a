import type { ResolvedSettings } from '../settings/model';
import type { EndpointConfig } from '../types';
import { effectiveEndpoint } from './availability';
import type { KeyLookup, Provider, ProviderOptions } from './provider';
import { createProvider } from './registry';

/**
 * One provider per configured endpoint, created on first use and dropped when the settings change.
 * Keys are looked up per call, so a new key needs no rebuild.
 */
export class ProviderPool {
  private readonly cache = new Map<string, Provider>();

  constructor(
    private readonly settings: () => ResolvedSettings,
    private readonly keys: KeyLookup,
    private readonly options: ProviderOptions = {},
    private readonly factory: typeof createProvider = createProvider,
  ) {}

  /** The endpoint as its provider sees it (Bedrock's region and profile filled in). */
  endpoint(name: string): EndpointConfig | undefined {
    return effectiveEndpoint(this.settings(), name);
  }

  get(name: string): Provider | undefined {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const endpoint = this.endpoint(name);
    if (!endpoint) return undefined;
    const provider = this.factory(endpoint, this.keys, this.options);
    this.cache.set(name, provider);
    return provider;
  }

  /** Forget every provider (settings changed). */
  reset(): void {
    this.cache.clear();
  }
}
