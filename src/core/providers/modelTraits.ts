/**
 * What a model can do about prompt caching and reasoning effort, by model id: one pure table the providers, the
 * router and the dial share. Figures from the providers' documentation (Anthropic prompt caching and thinking pages,
 * Amazon Bedrock prompt caching and adaptive thinking pages, OpenAI prompt caching guide) as of December 2026; where
 * sources disagree on a minimum, the lower one is taken (a breakpoint below the true minimum costs nothing: the
 * request succeeds uncached).
 */

/** How a Claude model takes a thinking request. */
export type ThinkingMode =
  /** `thinking: {type: 'enabled', budget_tokens}` (Claude 3.7 Sonnet up to the 4.5 models). */
  | 'budget'
  /** `thinking: {type: 'adaptive'}` with `output_config.effort` (Claude 4.6 and later; 4.7+ refuse 'enabled'). */
  | 'adaptive'
  /** No thinking parameter is sent. */
  | 'none';

export interface ModelTraits {
  family: 'claude' | 'nova' | 'openai' | 'other';
  /**
   * Fewest prompt tokens a cache entry may hold (a breakpoint whose prefix is shorter caches nothing). Anthropic and
   * Bedrock: per model; OpenAI: 1024 (automatic caching); unknown models: 1024.
   */
  minCacheTokens: number;
  /** Anthropic's API takes `cache_control` breakpoints for this model (every Claude model does). */
  anthropicCaching: boolean;
  /**
   * Bedrock Converse takes `cachePoint` blocks for this model; `tools`: also after the tool definitions (Claude, not
   * Nova); `ttl1h`: a 1-hour TTL is accepted (Claude 4.5 and later). False: no cache points (unknown models too).
   */
  bedrockCaching: false | { tools: boolean; ttl1h: boolean };
  /** OpenAI reports (and bills, at 1.25 × input) cache writes: the GPT-5.6 family and later. */
  openaiCacheWrites: boolean;
  /** Claude: how `reasoningEffort` becomes thinking (Anthropic and Bedrock alike). */
  thinking: ThinkingMode;
  /** Whether ChatRequest.reasoningEffort means anything for this model (OpenAI reasoning models, thinking Claudes). */
  reasoningEffort: boolean;
}

/**
 * A model id without what does not change the model: Bedrock region and vendor prefixes ("us.", "global.",
 * "anthropic."), an inference-profile ARN's path, a Bedrock version suffix ("-v1:0"), a dated snapshot
 * ("-20250929", "@20250514"), a provider prefix ("anthropic/").
 */
export function bareModel(id: string): string {
  let s = id.toLowerCase().trim();
  if (s.startsWith('arn:')) s = s.slice(s.lastIndexOf('/') + 1);
  s = s.replace(/^[a-z0-9-]+\//, '');
  s = s.replace(/^(?:[a-z][a-z-]*\.)+/, '');
  s = s.replace(/-v\d+(?::\d+)?$/, '');
  s = s.replace(/(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2})$/, '');
  return s;
}

interface ClaudeRow {
  /** Matches the bare id. */
  re: RegExp;
  min: number;
  thinking: ThinkingMode;
  /** Bedrock: cache points at all, and whether 1h is accepted. */
  bedrock: false | '5m' | '1h';
}

/** First match wins: more specific rows first. */
const CLAUDE: readonly ClaudeRow[] = [
  // Claude 5.5 (Opus, Sonnet, Haiku): 512-token minimum, adaptive thinking only.
  { re: /^claude-(?:opus|sonnet|haiku)-5-5\b/, min: 512, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-sonnet-5\b/, min: 1024, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-(?:opus|fable|mythos)-5\b/, min: 512, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-mythos-preview\b/, min: 2048, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-opus-4-8\b/, min: 1024, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-opus-4-7\b/, min: 2048, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-opus-4-6\b/, min: 4096, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-sonnet-4-6\b/, min: 1024, thinking: 'adaptive', bedrock: '1h' },
  { re: /^claude-opus-4-5\b/, min: 4096, thinking: 'budget', bedrock: '1h' },
  { re: /^claude-haiku-4-5\b/, min: 4096, thinking: 'budget', bedrock: '1h' },
  { re: /^claude-sonnet-4-5\b/, min: 1024, thinking: 'budget', bedrock: '1h' },
  { re: /^claude-(?:opus-4-1|opus-4|sonnet-4)(?:-0)?$/, min: 1024, thinking: 'budget', bedrock: '5m' },
  { re: /^claude-3-7-sonnet\b/, min: 1024, thinking: 'budget', bedrock: '5m' },
  { re: /^claude-3-5-haiku\b/, min: 2048, thinking: 'none', bedrock: '5m' },
  { re: /^claude-3-haiku\b/, min: 2048, thinking: 'none', bedrock: false },
  { re: /^claude-3-5-sonnet\b/, min: 1024, thinking: 'none', bedrock: false },
  { re: /^claude-3-opus\b/, min: 1024, thinking: 'none', bedrock: false },
];

const UNKNOWN_MIN = 1024;

/** Traits of a model id as any provider spells it (Anthropic, Bedrock model or inference-profile id, OpenAI). */
export function modelTraits(modelId: string): ModelTraits {
  const id = bareModel(modelId);
  if (id.startsWith('claude')) {
    const row = CLAUDE.find((r) => r.re.test(id));
    return {
      family: 'claude',
      minCacheTokens: row?.min ?? UNKNOWN_MIN,
      anthropicCaching: true,
      bedrockCaching: row?.bedrock ? { tools: true, ttl1h: row.bedrock === '1h' } : false,
      openaiCacheWrites: false,
      thinking: row?.thinking ?? 'none',
      reasoningEffort: (row?.thinking ?? 'none') !== 'none',
    };
  }
  if (/^nova-(?:micro|lite|pro|premier)\b/.test(id)) {
    // Nova caches system and messages only (no tool definitions), 5 minutes.
    return { ...OTHER, family: 'nova', bedrockCaching: { tools: false, ttl1h: false } };
  }
  if (/^(?:gpt-|o\d|chatgpt-)/.test(id)) {
    return {
      ...OTHER,
      family: 'openai',
      openaiCacheWrites: /^gpt-(?:5\.(?:[6-9]|\d{2,})|[6-9])/.test(id),
      reasoningEffort: /^(?:o\d|gpt-5|gpt-[6-9])/.test(id) && !/-chat\b/.test(id),
    };
  }
  return OTHER;
}

const OTHER: ModelTraits = {
  family: 'other',
  minCacheTokens: UNKNOWN_MIN,
  anthropicCaching: false,
  bedrockCaching: false,
  openaiCacheWrites: false,
  thinking: 'none',
  reasoningEffort: false,
};
