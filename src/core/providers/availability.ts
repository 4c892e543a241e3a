import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedSettings } from '../settings/model';
import type { EndpointConfig } from '../types';
import type { KeyLookup } from './provider';

/** What the availability check may look at: injectable so tests (and the CLI's --available) control it. */
export interface AvailabilityProbe {
  env: Record<string, string | undefined>;
  /** True when a file exists (the AWS shared config and credentials files). */
  exists(file: string): boolean;
  home(): string;
  /** True when a local OpenAI-compatible server answers GET {base}/models quickly. */
  answers(baseUrl: string): Promise<boolean>;
}

export const systemProbe: AvailabilityProbe = {
  env: process.env,
  exists: (f) => fs.existsSync(f),
  home: () => os.homedir(),
  answers: async (baseUrl) => {
    try {
      const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, { signal: AbortSignal.timeout(800) });
      return res.ok;
    } catch {
      return false;
    }
  },
};

/** An endpoint with Bedrock's region and profile filled in from gearshift.bedrock.* when it has none of its own. */
export function effectiveEndpoint(settings: ResolvedSettings, name: string): EndpointConfig | undefined {
  const e = Object.hasOwn(settings.endpoints, name) ? settings.endpoints[name] : undefined;
  if (!e) return undefined;
  return e.kind === 'bedrock' ? { ...e, region: e.region ?? settings.bedrock.region, profile: e.profile ?? settings.bedrock.profile } : e;
}

/**
 * The endpoints that can be called now — decided here for the extension and the CLI alike: a key is stored
 * (SecretStorage, or the environment for the CLI), Bedrock has a region and credentials to find, a keyless
 * server is configured, or a local server (Ollama) answered a quick probe.
 */
export async function usableEndpoints(settings: ResolvedSettings, keys: KeyLookup, probe: AvailabilityProbe = systemProbe): Promise<Set<string>> {
  const out = new Set<string>();
  await Promise.all(
    Object.keys(settings.endpoints).map(async (name) => {
      const e = effectiveEndpoint(settings, name)!;
      if (await usable(e, keys, probe)) out.add(name);
    }),
  );
  return out;
}

async function usable(e: EndpointConfig, keys: KeyLookup, probe: AvailabilityProbe): Promise<boolean> {
  if (e.kind === 'bedrock') return bedrockConfigured(e, probe);
  if (e.local) return e.baseUrl !== undefined && probe.answers(e.baseUrl);
  if (e.requiresKey === false) return true;
  return (await keys(e.name)) !== undefined;
}

function bedrockConfigured(e: EndpointConfig, probe: AvailabilityProbe): boolean {
  const { env } = probe;
  const region = e.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) return false;
  if (env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || e.profile || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  const aws = path.join(probe.home(), '.aws');
  return probe.exists(path.join(aws, 'credentials')) || probe.exists(path.join(aws, 'config'));
}
