import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProvider, type Provider } from '../core/providers';
import type { ResolvedSettings } from '../core/settings/model';
import type { EndpointConfig } from '../core/types';
import type { Logger } from './log';
import type { KeyStore } from './secrets';

/**
 * One provider per configured endpoint, created on first use and dropped when the settings change.
 * Keys are looked up per call through the KeyStore, so a new key needs no rebuild.
 */
export class ProviderPool {
  private readonly cache = new Map<string, Provider>();

  constructor(private readonly settings: () => ResolvedSettings, private readonly keys: KeyStore, private readonly log: Logger) {}

  endpoint(name: string): EndpointConfig | undefined {
    const s = this.settings();
    const e = s.endpoints[name];
    if (!e) return undefined;
    return e.kind === 'bedrock' ? { ...e, region: e.region ?? s.bedrock.region, profile: e.profile ?? s.bedrock.profile } : e;
  }

  get(name: string): Provider | undefined {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const endpoint = this.endpoint(name);
    if (!endpoint) return undefined;
    const provider = createProvider(endpoint, (n) => this.keys.get(n), {
      log: { debug: (m) => this.log.debug(m), warn: (m) => this.log.warn(m) },
    });
    this.cache.set(name, provider);
    return provider;
  }

  /** Forget every provider (settings changed). */
  reset(): void {
    this.cache.clear();
  }

  /**
   * The endpoints that can be called now: a key is stored (or in the environment), Bedrock has a region and
   * credentials to find, a keyless server is configured, or a local server (Ollama) answered a quick probe.
   */
  async available(): Promise<Set<string>> {
    const out = new Set<string>();
    const checks = Object.values(this.settings().endpoints).map(async (e) => {
      if (await this.usable(e)) out.add(e.name);
    });
    await Promise.all(checks);
    return out;
  }

  private async usable(e: EndpointConfig): Promise<boolean> {
    if (e.kind === 'bedrock') return bedrockConfigured(this.endpoint(e.name) ?? e);
    if (e.local) return probe(e.baseUrl);
    if (e.requiresKey === false) return true;
    return this.keys.has(e.name);
  }
}

function bedrockConfigured(e: EndpointConfig): boolean {
  const region = e.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) return false;
  if (process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || e.profile || process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  const aws = path.join(os.homedir(), '.aws');
  return fs.existsSync(path.join(aws, 'credentials')) || fs.existsSync(path.join(aws, 'config'));
}

/** A local OpenAI-compatible server is there when GET {base}/models answers within 800 ms. */
async function probe(baseUrl: string | undefined): Promise<boolean> {
  if (!baseUrl) return false;
  try {
    const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, { signal: AbortSignal.timeout(800) });
    return res.ok;
  } catch {
    return false;
  }
}
