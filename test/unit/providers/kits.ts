/** One "kit" per provider: how to start its fake and build a Provider pointed at it (shared by the test matrix). */
import type { EndpointConfig } from '../../../src/core/types';
import { createProvider, type Provider, type ProviderOptions } from '../../../src/core/providers';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeServer } from '../../fakes';

export const TEST_KEY = 'sk-test-SECRET-0123456789abcdef';

export interface Kit {
  name: 'openai' | 'anthropic' | 'bedrock';
  model: string;
  start(): Promise<FakeServer>;
  endpoint(fake: FakeServer): EndpointConfig;
  provider(fake: FakeServer, opts?: ProviderOptions): Provider;
}

const fastRetry: ProviderOptions = { retryBaseMs: 5 };
const lookup = async () => TEST_KEY;

function kit(name: Kit['name'], model: string, start: () => Promise<FakeServer>, endpoint: (fake: FakeServer) => EndpointConfig): Kit {
  return {
    name,
    model,
    start,
    endpoint,
    provider: (fake, opts) => createProvider(endpoint(fake), lookup, { ...fastRetry, awsCredentials: FAKE_AWS_CREDENTIALS, ...opts }),
  };
}

export const KITS: Kit[] = [
  kit('openai', 'gpt-fake-mini', startFakeOpenAI, (f) => ({ name: 'fake-openai', kind: 'openai', baseUrl: `${f.url}/v1` })),
  kit('anthropic', 'claude-fake-sonnet', startFakeAnthropic, (f) => ({ name: 'fake-anthropic', kind: 'anthropic', baseUrl: f.url })),
  kit('bedrock', 'us.anthropic.claude-fake-v1:0', startFakeBedrock, (f) => ({
    name: 'fake-bedrock',
    kind: 'bedrock',
    baseUrl: f.url,
    region: 'us-east-1',
  })),
];
