import type { ToolCall, ToolChoice, ToolDefinition } from '../toolCalls';
import type { CacheTtl, CallResult, ChatMessage, EndpointConfig, ReasoningEffort } from '../types';
import type { BodyCaps } from './guards';

/** Per-call time limits, in milliseconds. Any may be omitted: no limit, except the total (10 minutes). */
export interface Timeouts {
  /** From sending the request until response headers arrive. */
  connectMs?: number;
  /** From sending the request until the first text delta, tool-call piece or piece of streamed thinking. */
  firstTokenMs?: number;
  /** Longest silence between two stream chunks. */
  idleMs?: number;
  /**
   * Hard cap on the whole call, retries and their waits included (default 10 minutes): the call ends by then,
   * whatever the server or the SDK does.
   */
  totalMs?: number;
}

export interface ChatRequest {
  /** Provider model id. */
  model: string;
  /** Optional system prompt (kept apart: Anthropic and Bedrock take it separately). */
  system?: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  signal?: AbortSignal;
  timeouts?: Timeouts;
  /** Retries for this call (rate limits, outages, network failures before the first delta). Default: the provider's. */
  maxRetries?: number;
  /**
   * How hard a reasoning model may think before answering: OpenAI gpt-5 / o-series `reasoning_effort`; Anthropic
   * (and Claude on Bedrock) extended thinking with a budget mapped from it. Only set it for models that take it.
   */
  reasoningEffort?: ReasoningEffort;
  /**
   * Prompt caching for this call. Anthropic: cache_control breakpoints on the stable prefix with this TTL; Bedrock:
   * cachePoint blocks (models that support them); OpenAI: `key` goes as prompt_cache_key (api.openai.com only).
   * Absent: no breakpoints are declared (gearshift.cache "off").
   */
  cache?: PromptCachePlan;
  /** Called with each text delta as it arrives. */
  onDelta?: (text: string) => void;
  /** Tools the model may call (their calls come back in CallResult.toolCalls). */
  tools?: ToolDefinition[];
  /** Default 'auto' when tools are given. */
  toolChoice?: ToolChoice;
  /** Called with each tool call once its arguments have fully arrived (streamed calls arrive in pieces). */
  onToolCall?: (call: ToolCall) => void;
}

/** How a call asks the provider to cache its prompt prefix. */
export interface PromptCachePlan {
  ttl: CacheTtl;
  /** A stable per-conversation key (no content): OpenAI's prompt_cache_key. */
  key?: string;
}

/** Fill-in-the-middle: text before and after the cursor. */
export interface CompletionRequest {
  model: string;
  prompt: string;
  suffix?: string;
  /** When the prompt already holds the model family's FIM tokens, send it raw (no suffix field). */
  raw?: boolean;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  signal?: AbortSignal;
  timeouts?: Timeouts;
  maxRetries?: number;
  onDelta?: (text: string) => void;
}

/**
 * The one provider interface. Implementations wrap exactly one official SDK each.
 * Both calls resolve with the full result (text + normalized usage) or reject with a ProviderError.
 */
export interface Provider {
  readonly endpoint: EndpointConfig;
  chat(req: ChatRequest): Promise<CallResult>;
  /** Native FIM; throws ProviderError('badRequest') where the endpoint has no such API. */
  complete(req: CompletionRequest): Promise<CallResult>;
  /** Whether complete() is available on this endpoint. */
  readonly supportsFim: boolean;
  /** The model ids the endpoint serves (GET /models), where the API has such a list. */
  listModels?(opts?: { signal?: AbortSignal; timeouts?: Timeouts }): Promise<string[]>;
}

/** Resolves an API key for an endpoint, or undefined when none is set. Never logged. */
export type KeyLookup = (endpointName: string) => Promise<string | undefined>;

/** Where providers write diagnostics (the VS Code adapter routes it to its LogOutputChannel). Never receives keys. */
export interface ProviderLog {
  debug(msg: string): void;
  warn(msg: string): void;
}

export interface ProviderOptions {
  log?: ProviderLog;
  /** Default retries per call for retryable failures before the first delta (default 2). */
  maxRetries?: number;
  /** Base of the exponential backoff with jitter, in ms (default 400). */
  retryBaseMs?: number;
  /** Longest wait honoured before a retry (default 20 s); a longer Retry-After fails at once so a fallback can answer. */
  maxRetryDelayMs?: number;
  /**
   * Caps on what a server may make Gearshift read (see guards.ts): one stream event (SSE event/line or event-stream
   * frame, default 512 KiB), an HTTP error body (256 KiB), any other body (32 MiB).
   */
  limits?: Partial<BodyCaps>;
  /** Bedrock, tests and the CLI only: static credentials instead of the AWS default chain. */
  awsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}
