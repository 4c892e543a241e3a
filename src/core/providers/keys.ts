import type { EndpointConfig } from '../types';
import { ProviderError } from './errors';
import type { KeyLookup } from './provider';

const WELL_KNOWN: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/** The environment variable the CLI reads for an endpoint's key: OPENAI_API_KEY, ANTHROPIC_API_KEY, else GEARSHIFT_<NAME>_API_KEY. */
export function keyEnvVar(endpointName: string): string {
  return WELL_KNOWN[endpointName] ?? `GEARSHIFT_${endpointName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
}

/** KeyLookup for the CLI: reads each endpoint's key from the environment (see keyEnvVar). */
export function envKeyLookup(env: NodeJS.ProcessEnv | Record<string, string | undefined>): KeyLookup {
  return async (endpointName) => {
    const v = env[keyEnvVar(endpointName)];
    return v && v.trim() ? v.trim() : undefined;
  };
}

/** Key sent to servers that need none (Ollama, LM Studio): the SDKs insist on some value. */
export const NO_KEY = 'gearshift-no-key';

export const SET_KEY_HINT = "Run 'Gearshift: Set API Key…'";

/** The endpoint's key, or a clear 'auth' error when one is required and missing. */
export async function requireKey(endpoint: EndpointConfig, keyLookup: KeyLookup): Promise<string | undefined> {
  const key = await keyLookup(endpoint.name);
  if (key || endpoint.requiresKey === false) return key;
  throw new ProviderError({
    kind: 'auth',
    message: `No API key is set for endpoint '${endpoint.name}'. ${SET_KEY_HINT} (the CLI reads ${keyEnvVar(endpoint.name)}).`,
  });
}
