/**
 * Shared vocabulary of the core. Nothing here (or anywhere under src/core) may import 'vscode':
 * the core runs in plain Node (unit tests, the CLI) as well as inside the extension host.
 */
import type { OutcomeKind } from './gateway/outcome';
import type { StepTag } from './agent/types';
import type { ImagePart, ToolCall, ToolChoice, ToolDefinition, ToolResult } from './toolCalls';

/** The two routing tiers. */
export type Tier = 'cheap' | 'frontier';
export const TIERS: readonly Tier[] = ['cheap', 'frontier'];

/**
 * The quality/cost dial (gearshift.routing.preference), per workspace: each is an operating point of the chat
 * classifier fitted on the dev set (frontier recall ≥ 99% / 97% / 93%) and of reasoning effort.
 */
export type Preference = 'quality' | 'balanced' | 'cost';
export const PREFERENCES: readonly Preference[] = ['quality', 'balanced', 'cost'];

/** How hard a reasoning model thinks (OpenAI reasoning_effort; Anthropic/Bedrock thinking budgets map from it). */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];

/** A prompt cache's lifetime where the provider lets the caller choose (Anthropic, Bedrock): 5 minutes or 1 hour. */
export type CacheTtl = '5m' | '1h';
/** gearshift.cache: 'auto' picks the TTL per conversation from its gaps; 'off' declares no cache breakpoints. */
export type CacheSetting = 'auto' | CacheTtl | 'off';
export const CACHE_SETTINGS: readonly CacheSetting[] = ['auto', '5m', '1h', 'off'];

/**
 * Why a request escalated because the user rejected the previous (cheap) answer: 'retry' — "Retry with frontier";
 * 'pushback' — the follow-up said the answer was wrong or repeated the question. Recorded for regret.
 */
export type Escalation = 'retry' | 'pushback';

/** What a request is for. 'agent': one step of a tool-using agent task (the side panel's or VS Code's agent). */
export type Task = 'completion' | 'chat' | 'commitMessage' | 'agent';
export const TASKS: readonly Task[] = ['completion', 'chat', 'commitMessage', 'agent'];

export type Role = 'system' | 'user' | 'assistant';

/** The chat's slash commands: each has a default route (gearshift.routing.commands) and instructions of its own. */
export type SlashCommand = 'explain' | 'fix' | 'tests' | 'doc' | 'new';
export const SLASH_COMMANDS: readonly SlashCommand[] = ['explain', 'fix', 'tests', 'doc', 'new'];

export interface ChatMessage {
  role: Role;
  /** The message's text ('' when it holds only tool calls or tool results). */
  content: string;
  /** Assistant only: the tools the model called in this message (sent after its text). */
  toolCalls?: ToolCall[];
  /** User only: the results of the previous assistant message's tool calls (sent before this message's text). */
  toolResults?: ToolResult[];
  /** User only: images sent with the text, for models that take them. */
  images?: ImagePart[];
}

/** An editor selection or file sent along with a chat request. */
export interface Attachment {
  path: string;
  language?: string;
  text: string;
  /** What the block is headed with, when not the path ("src/app.ts:10-24" for a selection). */
  label?: string;
}

/**
 * Token usage of one call, normalized across providers.
 *
 * `input` counts only FRESH prompt tokens: those neither read from nor written to a prompt cache.
 * So the prompt's total size is input + cacheRead + cacheWrite5m + cacheWrite1h.
 * (OpenAI's prompt_tokens includes cached_tokens, so the provider layer subtracts them; Anthropic and
 * Bedrock already report fresh input separately.) `reasoning` is a subset of `output` (already counted
 * in it), reported for display only.
 */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  reasoning: number;
}

export function emptyUsage(): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 };
}

/** Prompt tokens of every kind. */
export function totalInput(u: Usage): number {
  return u.input + u.cacheRead + u.cacheWrite5m + u.cacheWrite1h;
}

/** Kinds of endpoint; each maps to exactly one official SDK. */
export type EndpointKind = 'openai' | 'anthropic' | 'bedrock';
export const ENDPOINT_KINDS: readonly EndpointKind[] = ['openai', 'anthropic', 'bedrock'];

/**
 * Where requests go. Endpoints are machine/application-scoped settings: a workspace can never
 * redirect where a key is sent. Keys are NOT part of an endpoint; they come from SecretStorage
 * (or, for the CLI and first run, OPENAI_API_KEY / ANTHROPIC_API_KEY).
 */
export interface EndpointConfig {
  name: string;
  kind: EndpointKind;
  /** Base URL (OpenAI-compatible: including /v1). Omitted: the SDK's default. */
  baseUrl?: string;
  /** Extra HTTP headers (never secrets: use the key commands for those). */
  headers?: Record<string, string>;
  /** False for servers that need no key (Ollama, LM Studio, vLLM without auth). */
  requiresKey?: boolean;
  /** Bedrock only. */
  region?: string;
  /** Bedrock only: a profile of the shared AWS config/credentials files (SSO included). */
  profile?: string;
  /** True when every call is free (local servers); pricing treats it as $0. */
  local?: boolean;
}

/** A named model: which endpoint serves it and under which id. */
export interface ModelConfig {
  name: string;
  endpoint: string;
  /** The provider's model id (e.g. gpt-5-mini, claude-sonnet-4-5, us.anthropic.claude-...). */
  model: string;
  /** Supports native fill-in-the-middle (OpenAI-compatible /v1/completions with suffix). */
  fim?: boolean;
  /** FIM prompt template family when the server takes raw prompts: qwen, deepseek, starcoder, codestral, codellama. */
  fimTemplate?: string;
  maxOutputTokens?: number;
  contextWindow?: number;
  /** Takes image input; absent: as the price catalog says for the model id. */
  vision?: boolean;
}

/** Everything the core needs to know to end a call: text, exact usage and where it came from. */
export interface CallResult {
  text: string;
  usage: Usage;
  /** True when usage was estimated with a tokenizer because the provider reported none. */
  estimated: boolean;
  /** A cost the provider itself reported, in USD (OpenRouter usage.cost, LiteLLM header). */
  providerCostUsd?: number;
  /** The model id that actually answered, when the provider says (Bedrock prompt routers). */
  invokedModel?: string;
  finishReason?: string;
  /** Milliseconds from sending to the first text delta, when there was one. */
  firstTokenMs?: number;
  /** Milliseconds from sending to the end. */
  totalMs: number;
  /** The tools the model called, in order (the reply then asks for their results). */
  toolCalls?: ToolCall[];
}

/** Where a routing decision came from, highest precedence first. */
export type RouteSource = 'override' | 'rule' | 'task' | 'sticky' | 'classifier' | 'budget' | 'step';

/** A router's answer for one request. */
export interface RouteDecision {
  tier: Tier;
  /** Models to try, in order; the first healthy one answers, the rest are fallbacks. */
  chain: ModelConfig[];
  /** One line a person can read: "chat: stack trace + 'why' → frontier (score 0.81)". */
  reason: string;
  source: RouteSource;
  /** Classifier probability of 'frontier', when the classifier decided. */
  score?: number;
  /** Set when the budget blocks the request: the message to show instead of calling a model. */
  blocked?: string;
  /** Lowered reasoning effort for this request (the dial chose it over switching model); absent: the model's default. */
  effort?: ReasoningEffort;
  /** Set when this request escalated because the user rejected the previous answer (regret). */
  escalation?: Escalation;
  /** The preference (dial position) the decision was made under. */
  preference?: Preference;
}

/** A request to route. */
export interface RouteRequest {
  task: Task;
  messages?: ChatMessage[];
  attachments?: Attachment[];
  language?: string;
  filePath?: string;
  conversationId?: string;
  /** The user's explicit choice in the UI: a tier, or a configured model name. */
  override?: Tier | { model: string };
  /** Milliseconds since the epoch at which the request is made (warm-cache expiry); default Date.now(). */
  now?: number;
  /** Chat: the slash command the message started with; its route (gearshift.routing.commands) applies. */
  command?: SlashCommand;
}

/** What the gateway (router + providers + ledger) reports for one finished or failed call. */
/**
 * What became of a completion call's answer: 'accepted' or 'rejected' once shown, 'empty' when nothing was left to
 * show after post-processing.
 */
export type SuggestionVerdict = 'accepted' | 'rejected' | 'empty';
export const SUGGESTION_VERDICTS: readonly SuggestionVerdict[] = ['accepted', 'rejected', 'empty'];

export interface GatewayOutcome {
  decision: RouteDecision;
  /** The configured model name that answered (or last failed). */
  modelName: string;
  endpoint: string;
  result?: CallResult;
  costUsd?: number;
  /** Fallbacks taken, in order, as readable notes: "sonnet rate-limited → bedrock-sonnet". */
  fallbacks: string[];
  /** Other things the user should know about the request: "secrets.env is excluded … and was not sent". */
  notes?: string[];
  /** Set for agent steps: which task and step this call was (recorded in the ledger). */
  step?: StepTag;
  /** The chat conversation this call belongs to (hashed before it reaches the ledger). */
  conversationId?: string;
  /** Completion calls: what the user did with the suggestion (recorded in the ledger for the accept rate). */
  verdict?: SuggestionVerdict;
  /** Completion calls: the VS Code language id of the file the suggestion was for. */
  language?: string;
  error?: {
    kind: OutcomeKind;
    message: string;
    partialText?: string;
    /** The endpoint said it does not know the model id. */ modelNotFound?: boolean;
  };
}

/** One chat turn to send through the gateway (router → provider chain → ledger). */
export interface ChatSendRequest {
  conversationId: string;
  /** The whole conversation so far, ending with the new user message. */
  messages: ChatMessage[];
  attachments: Attachment[];
  language?: string;
  filePath?: string;
  override?: Tier | { model: string };
  signal?: AbortSignal;
  /** Called once the route is known, before the first token. */
  onRoute?: (decision: RouteDecision) => void;
  onDelta?: (text: string) => void;
  /** Tools the model may call (VS Code's agent through the language-model API): the request is then an agent step. */
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  onToolCall?: (call: ToolCall) => void;
  /** The slash command of the new message: routes by gearshift.routing.commands, and the reason names it. */
  command?: SlashCommand;
  /**
   * Rules added to the system prompt after Gearshift's own, in order: gearshift.instructions, then the rules files
   * (each headed by its path). Already checked against exclusions and redacted.
   */
  instructions?: { label: string; text: string }[];
}

/** What the chat UIs (side panel, VS Code's native chat) need from the core. */
export interface ChatBackend {
  /** Never rejects: failures come back as GatewayOutcome.error with any partial text. */
  send(req: ChatSendRequest): Promise<GatewayOutcome>;
  /** Configured models, for the picker. */
  /** `vision`: the model takes images (gearshift.models' `vision`, else the catalog of model families). */
  models(): { name: string; tier: Tier | undefined; model: string; endpoint: string; vision?: boolean }[];
  /** Next request of this conversation goes to the frontier tier. */
  retryWithFrontier(conversationId: string): void;
}
