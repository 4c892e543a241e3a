import type { EndpointConfig, ModelConfig } from '../types';
import type { ResolvedSettings } from './model';

/**
 * Built-in endpoints and the default model set. They work with nothing configured beyond one API
 * key or a local Ollama; the router skips models whose endpoint is not available (no key, Bedrock
 * not set up, Ollama not running) and uses the next one in the tier.
 *
 * What each default needs:
 *
 * | Model            | Tier     | Endpoint  | Provider model id                           | Needs                         |
 * |------------------|----------|-----------|---------------------------------------------|-------------------------------|
 * | `local-coder`    | cheap    | ollama    | qwen2.5-coder:7b (native FIM)               | Ollama on 127.0.0.1:11434 (1) |
 * | `mini`           | cheap    | openai    | gpt-5.6-luna                                | an OpenAI API key             |
 * | `haiku`          | cheap    | anthropic | claude-haiku-4-5                            | an Anthropic API key          |
 * | `bedrock-haiku`  | cheap    | bedrock   | us.anthropic.claude-haiku-4-5-20251001-v1:0 | AWS credentials + region (2)  |
 * | `sonnet`         | frontier | anthropic | claude-sonnet-5                             | an Anthropic API key          |
 * | `gpt-5`          | frontier | openai    | gpt-5.6-sol                                 | an OpenAI API key             |
 * | `bedrock-sonnet` | frontier | bedrock   | us.anthropic.claude-sonnet-5-v1:0           | AWS credentials + region (2)  |
 *
 * (1) with the model pulled (`ollama pull qwen2.5-coder:7b`); free. (2) `gearshift.bedrock.region`.
 *
 * How the ids are chosen (test/unit/providers/defaults.test.ts holds every default to these rules, against the
 * installed packages and today's date): each id is in its SDK's model list (openai's ChatModel, Anthropic's Model;
 * a Bedrock id's Claude model in Anthropic's), not in the Anthropic SDK's deprecation table
 * (src/core/providers/deprecations.ts), and priced by an exact entry of the @pydantic/genai-prices catalog (not a
 * looser match that lends another model's price). The names (`mini`, `sonnet`, `gpt-5`…) stay fixed so settings
 * that name them keep working; only the provider ids move.
 *
 * With only an OpenAI key: cheap = mini, frontier = gpt-5. With only an Anthropic key: haiku / sonnet.
 * With only Ollama: both tiers use local-coder (the frontier tier falls back to the cheap one, and
 * the reason says so). Routing defaults: completion → cheap, chat → auto (classifier), commit
 * message → cheap. No budget limit; over a limit, warn. Completion on, 150 ms debounce, 128 tokens. Agent tasks:
 * 25 steps and $2 each at most; commands time out after 120 s, 64 KiB of their output reach the model.
 */

export const BUILTIN_ENDPOINTS: Readonly<Record<string, EndpointConfig>> = {
  openai: { name: 'openai', kind: 'openai', requiresKey: true },
  anthropic: { name: 'anthropic', kind: 'anthropic', requiresKey: true },
  bedrock: { name: 'bedrock', kind: 'bedrock', requiresKey: false },
  ollama: { name: 'ollama', kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, local: true },
};

export const DEFAULT_MODELS: Readonly<Record<string, ModelConfig>> = {
  'local-coder': { name: 'local-coder', endpoint: 'ollama', model: 'qwen2.5-coder:7b', fim: true, fimTemplate: 'qwen' },
  mini: { name: 'mini', endpoint: 'openai', model: 'gpt-5.6-luna' },
  haiku: { name: 'haiku', endpoint: 'anthropic', model: 'claude-haiku-4-5' },
  'bedrock-haiku': { name: 'bedrock-haiku', endpoint: 'bedrock', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' },
  sonnet: { name: 'sonnet', endpoint: 'anthropic', model: 'claude-sonnet-5' },
  'gpt-5': { name: 'gpt-5', endpoint: 'openai', model: 'gpt-5.6-sol' },
  'bedrock-sonnet': { name: 'bedrock-sonnet', endpoint: 'bedrock', model: 'us.anthropic.claude-sonnet-5-v1:0' },
};

/** A fresh copy of the defaults (callers may mutate it). */
export function defaultSettings(): ResolvedSettings {
  return {
    endpoints: structuredClone({ ...BUILTIN_ENDPOINTS }),
    models: structuredClone({ ...DEFAULT_MODELS }),
    tiers: { cheap: ['local-coder', 'mini', 'haiku', 'bedrock-haiku'], frontier: ['sonnet', 'gpt-5', 'bedrock-sonnet'] },
    routing: { completion: 'cheap', chat: 'auto', commitMessage: 'cheap', agent: 'auto', preference: 'balanced' },
    rules: [],
    budget: { onExceed: 'warn' },
    exclude: [
      '**/.env',
      '**/.env.*',
      '**/*.pem',
      '**/*.key',
      '**/id_rsa*',
      '**/id_ed25519*',
      '**/.npmrc',
      '**/.aws/credentials',
      '**/secrets/**',
    ],
    completion: { enabled: true, languages: {}, debounceMs: 150, maxTokens: 128 },
    prices: {},
    bedrock: {},
    timeouts: { connectMs: 10_000, firstTokenMs: 30_000, idleMs: 30_000 },
    agent: { maxSteps: 25, maxTaskUsd: 2, commandTimeoutSeconds: 120, maxCommandOutputKiB: 64, externalTools: [] },
    cache: 'auto',
    codebase: { enabled: true, maxFiles: 20_000, maxFileKb: 512 },
  };
}
