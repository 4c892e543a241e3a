import type { EndpointConfig } from '../types';
import { AnthropicProvider } from './anthropic';
import { BedrockProvider } from './bedrock';
import { OpenAIProvider } from './openai';
import type { KeyLookup, Provider, ProviderOptions } from './provider';

/** The provider for an endpoint: one official SDK per kind. Keys are looked up per call, never stored here. */
export function createProvider(endpoint: EndpointConfig, keyLookup: KeyLookup, opts: ProviderOptions = {}): Provider {
  switch (endpoint.kind) {
    case 'openai':
      return new OpenAIProvider(endpoint, keyLookup, opts);
    case 'anthropic':
      return new AnthropicProvider(endpoint, keyLookup, opts);
    case 'bedrock':
      return new BedrockProvider(endpoint, opts);
    default:
      throw new Error(`Endpoint '${(endpoint as EndpointConfig).name}' has unknown kind '${(endpoint as EndpointConfig).kind}'; use openai, anthropic or bedrock.`);
  }
}
