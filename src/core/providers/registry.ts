import type { EndpointConfig } from '../types';
import type { AnthropicProvider } from './anthropic';
import type { BedrockProvider } from './bedrock';
import type { OpenAIProvider } from './openai';
import type { KeyLookup, Provider, ProviderOptions } from './provider';

/** The provider for an endpoint: one official SDK per kind. Keys are looked up per call, never stored here. */
export function createProvider(endpoint: EndpointConfig, keyLookup: KeyLookup, opts: ProviderOptions = {}): Provider {
  // Each SDK module is loaded the first time an endpoint of its kind is used, not when Gearshift activates.
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (endpoint.kind) {
    case 'openai': {
      const { OpenAIProvider: P } = require('./openai') as { OpenAIProvider: typeof OpenAIProvider };
      return new P(endpoint, keyLookup, opts);
    }
    case 'anthropic': {
      const { AnthropicProvider: P } = require('./anthropic') as { AnthropicProvider: typeof AnthropicProvider };
      return new P(endpoint, keyLookup, opts);
    }
    case 'bedrock': {
      const { BedrockProvider: P } = require('./bedrock') as { BedrockProvider: typeof BedrockProvider };
      return new P(endpoint, opts);
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
    default:
      throw new Error(
        `Endpoint '${(endpoint as EndpointConfig).name}' has unknown kind '${(endpoint as EndpointConfig).kind}'; use openai, ` +
          `anthropic or bedrock.`,
      );
  }
}
