import type { EndpointConfig } from '../types';
import { AnthropicProvider } from './anthropic';
import { BedrockProvider } from './bedrock';
import { OpenAIProvider } from './openai';
import type { KeyLookup, Provider, ProviderOptions } from './provider';

/** Endpoints every install knows; settings may add more or override these by name. */
export const BUILTIN_ENDPOINTS: EndpointConfig[] = [
  { name: 'openai', kind: 'openai', baseUrl: 'https://api.openai.com/v1', requiresKey: true },
  { name: 'anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', requiresKey: true },
  { name: 'bedrock', kind: 'bedrock', requiresKey: false },
  { name: 'ollama', kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, local: true },
];

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
