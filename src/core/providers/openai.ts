import OpenAI from 'openai';
import type { ImagePart, ToolCall, ToolChoice, ToolDefinition } from '../toolCalls';
import type { CallResult, ChatMessage, EndpointConfig } from '../types';
import { describeNetworkError, runAttempt, runPlain, type CallSpec, type StreamState } from './call';
import { classifyFailure, retryAfterFromHeaders, type ProviderError } from './errors';
import { DEFAULT_CAPS, guardedFetch } from './guards';
import { sawDoneMarker, watchDoneMarker } from './sseDone';
import { NO_KEY, requireKey, SET_KEY_HINT } from './keys';
import { modelNotFoundFacts } from './notFound';
import { promptImages, promptText } from './prompt';
import { argumentsForHistory, resultText } from './toolWire';
import type { ChatRequest, CompletionRequest, KeyLookup, Provider, ProviderOptions, Timeouts } from './provider';
import { policyFor, withRetries } from './retry';
import { fromOpenAIUsage, type OpenAIUsageWire } from './usage';
import { deadlineFor } from './watch';

interface UsageChunk {
  usage?: (OpenAIUsageWire & object) | null;
}

/**
 * OpenAI and every OpenAI-compatible server (Ollama, LM Studio, vLLM, OpenRouter, LiteLLM) through the `openai` SDK:
 * streaming chat completions with a final usage chunk, and /v1/completions with `suffix` for fill-in-the-middle.
 */
export class OpenAIProvider implements Provider {
  readonly supportsFim = true;
  private client?: { key: string; sdk: OpenAI };
  private readonly vendor: string;

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly keyLookup: KeyLookup,
    private readonly opts: ProviderOptions = {},
  ) {
    this.vendor = isOpenAIApi(endpoint.baseUrl) ? 'OpenAI' : 'OpenAI-compatible server';
  }

  async chat(req: ChatRequest): Promise<CallResult> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    if (req.system) messages.push({ role: 'system', content: req.system });
    for (const m of req.messages) messages.push(...toOpenAIMessages(m));
    const tools = req.tools?.length ? req.tools : undefined;
    const params: OpenAI.Chat.ChatCompletionCreateParamsStreaming = {
      model: req.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(req.maxTokens !== undefined && { max_completion_tokens: req.maxTokens }),
      ...(req.reasoningEffort && { reasoning_effort: req.reasoningEffort }),
      ...(req.temperature !== undefined && { temperature: req.temperature }),
      ...(req.stop?.length && { stop: req.stop }),
      ...(tools && { tools: tools.map(toOpenAITool), tool_choice: toOpenAIChoice(req.toolChoice ?? 'auto') }),
      ...(req.cache?.key && isOpenAIApi(this.endpoint.baseUrl) && { prompt_cache_key: req.cache.key }),
    };
    return this.run(
      req,
      () => promptText(req.system, req.messages, req.tools),
      async (sdk, signal, st) => {
        const { data, response } = await sdk.chat.completions.create(params, { signal }).withResponse();
        this.onHeaders(response, st);
        for await (const chunk of data) {
          st.chunk();
          const choice = chunk.choices?.[0];
          if (choice?.delta?.content) st.delta(choice.delta.content);
          // Pieces of a call share its index; the first carries id and name, every one more of the arguments.
          choice?.delta?.tool_calls?.forEach((tc, i) =>
            st.toolPiece(tc.index ?? i, { id: tc.id, name: tc.function?.name, arguments: tc.function?.arguments }),
          );
          if (choice?.finish_reason) st.finishReason = choice.finish_reason;
          this.onUsage(chunk as UsageChunk, st);
        }
        this.onEnd(response, st);
      },
    );
  }

  async complete(req: CompletionRequest): Promise<CallResult> {
    const params: OpenAI.CompletionCreateParamsStreaming = {
      model: req.model,
      prompt: req.prompt,
      stream: true,
      stream_options: { include_usage: true },
      ...(!req.raw && req.suffix !== undefined && { suffix: req.suffix }),
      ...(req.maxTokens !== undefined && { max_tokens: req.maxTokens }),
      ...(req.temperature !== undefined && { temperature: req.temperature }),
      ...(req.stop?.length && { stop: req.stop }),
    };
    return this.run(
      req,
      () => req.prompt + (req.raw ? '' : (req.suffix ?? '')),
      async (sdk, signal, st) => {
        const { data, response } = await sdk.completions.create(params, { signal }).withResponse();
        this.onHeaders(response, st);
        for await (const chunk of data) {
          st.chunk();
          const choice = chunk.choices?.[0];
          if (choice?.text) st.delta(choice.text);
          if (choice?.finish_reason) st.finishReason = choice.finish_reason;
          this.onUsage(chunk as UsageChunk, st);
        }
        this.onEnd(response, st);
      },
    );
  }

  async listModels(opts: { signal?: AbortSignal; timeouts?: Timeouts } = {}): Promise<string[]> {
    const key = await requireKey(this.endpoint, this.keyLookup);
    const sdk = this.sdk(key ?? NO_KEY);
    const spec = { vendor: this.vendor, endpoint: this.endpoint.name, baseUrl: sdk.baseURL, model: '', ...opts, secrets: [key] };
    return runPlain({ ...spec, classify: (e, accepted) => this.classify(e, accepted, spec) }, async (signal) => {
      const ids: string[] = [];
      for await (const m of sdk.models.list({ signal })) ids.push(m.id);
      return ids;
    });
  }

  private async run(
    req: ChatRequest | CompletionRequest,
    promptText: () => string,
    body: (sdk: OpenAI, signal: AbortSignal, st: StreamState) => Promise<void>,
  ): Promise<CallResult> {
    const key = await requireKey(this.endpoint, this.keyLookup);
    const sdk = this.sdk(key ?? NO_KEY);
    const deadline = deadlineFor(req.timeouts);
    const spec: CallSpec = {
      vendor: this.vendor,
      endpoint: this.endpoint.name,
      baseUrl: sdk.baseURL,
      model: req.model,
      promptText,
      promptImages: 'messages' in req ? () => promptImages(req.messages) : undefined,
      signal: req.signal,
      timeouts: req.timeouts,
      deadline,
      onDelta: req.onDelta,
      onToolCall: 'onToolCall' in req ? req.onToolCall : undefined,
      classify: (e, accepted) => this.classify(e, accepted, spec),
      secrets: [key],
      log: this.opts.log,
    };
    const attempt = () => runAttempt(spec, (signal, st) => body(sdk, signal, st));
    return withRetries(attempt, policyFor(this.endpoint.name, this.opts, req, deadline));
  }

  private onHeaders(response: Response, st: StreamState): void {
    st.headers();
    // LiteLLM proxy reports the call's cost in a response header.
    const cost = Number(response.headers.get('x-litellm-response-cost'));
    if (response.headers.has('x-litellm-response-cost') && Number.isFinite(cost)) st.providerCostUsd = cost;
  }

  /** Servers that omit `finish_reason` still end a complete stream with `data: [DONE]`. */
  private onEnd(response: Response, st: StreamState): void {
    if (sawDoneMarker(response)) st.endMarker = true;
  }

  private onUsage(chunk: UsageChunk, st: StreamState): void {
    if (!chunk.usage) return;
    st.usage = fromOpenAIUsage(chunk.usage);
    st.usageFinal = true;
    if (typeof chunk.usage.cost === 'number') st.providerCostUsd = chunk.usage.cost;
  }

  private sdk(key: string): OpenAI {
    if (this.client?.key !== key) {
      this.client = {
        key,
        sdk: new OpenAI({
          // Everything explicit: the SDK would otherwise read OPENAI_BASE_URL / OPENAI_ORG_ID from the environment,
          // and only the endpoint's own settings may decide where a key goes.
          apiKey: key,
          adminAPIKey: null,
          organization: null,
          project: null,
          baseURL: this.endpoint.baseUrl ?? 'https://api.openai.com/v1',
          defaultHeaders: this.endpoint.headers,
          maxRetries: 0,
          logLevel: 'off',
          fetch: watchDoneMarker(guardedFetch(this.endpoint.name, { ...DEFAULT_CAPS, ...this.opts.limits })),
        }),
      };
    }
    return this.client.sdk;
  }

  private classify(e: unknown, accepted: boolean, spec: Pick<CallSpec, 'vendor' | 'endpoint' | 'baseUrl' | 'model'>): ProviderError {
    if (!(e instanceof OpenAI.APIError) || e instanceof OpenAI.APIConnectionError || e instanceof OpenAI.APIUserAbortError) {
      return describeNetworkError(spec, e instanceof OpenAI.APIConnectionError ? (e.cause ?? e) : e, accepted);
    }
    const body = e.error as { message?: unknown } | undefined;
    const detail = typeof body?.message === 'string' ? body.message : e.message;
    const code = String(e.code ?? e.type ?? '');
    return classifyFailure({
      vendor: this.vendor,
      endpoint: this.endpoint.name,
      model: spec.model,
      status: e.status,
      code,
      detail,
      retryAfterMs: e.headers ? retryAfterFromHeaders((h) => e.headers?.get(h)) : undefined,
      authHint: `${SET_KEY_HINT}.`,
      modelNotFound: modelNotFoundFacts('openai', e.status, code, detail),
    });
  }
}

function toOpenAITool(t: ToolDefinition): OpenAI.Chat.ChatCompletionFunctionTool {
  return { type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } };
}

function toOpenAIChoice(c: ToolChoice): OpenAI.Chat.ChatCompletionToolChoiceOption {
  return typeof c === 'string' ? c : { type: 'function', function: { name: c.name } };
}

function toOpenAICall(c: ToolCall): OpenAI.Chat.ChatCompletionMessageFunctionToolCall {
  return { id: c.id, type: 'function', function: { name: c.name, arguments: argumentsForHistory(c.arguments) } };
}

function imageUrl(img: ImagePart): OpenAI.Chat.ChatCompletionContentPartImage {
  return { type: 'image_url', image_url: { url: `data:${img.mimeType};base64,${img.data}` } };
}

/**
 * One message on the OpenAI wire: an assistant message carries its `tool_calls`; a user message's tool results
 * become `role: 'tool'` messages first (OpenAI has no error flag: an error result's text says so), then the user's
 * text and images as content parts. Tool messages take text only, so a result's images follow in the user message.
 */
function toOpenAIMessages(m: ChatMessage): OpenAI.Chat.ChatCompletionMessageParam[] {
  if (m.role === 'system') return [{ role: 'system', content: m.content }];
  if (m.role === 'assistant') {
    if (!m.toolCalls?.length) return [{ role: 'assistant', content: m.content }];
    return [{ role: 'assistant', content: m.content || null, tool_calls: m.toolCalls.map(toOpenAICall) }];
  }
  const out: OpenAI.Chat.ChatCompletionMessageParam[] = (m.toolResults ?? []).map((r) => ({
    role: 'tool',
    tool_call_id: r.callId,
    content: resultText(r),
  }));
  const parts: OpenAI.Chat.ChatCompletionContentPart[] = [];
  for (const r of m.toolResults ?? []) {
    if (!r.images?.length) continue;
    parts.push({ type: 'text', text: `Images returned by tool call ${r.callId} (${r.name}):` }, ...r.images.map(imageUrl));
  }
  if (m.content) parts.push({ type: 'text', text: m.content });
  parts.push(...(m.images ?? []).map(imageUrl));
  if (!parts.length && out.length) return out;
  const plain = !parts.some((p) => p.type !== 'text');
  out.push({ role: 'user', content: plain ? m.content : parts });
  return out;
}

/**
 * Whether an endpoint is OpenAI's own API (no base URL means it): the only place prompt_cache_key goes, as other
 * OpenAI-compatible servers may refuse a field they do not know.
 */
export function isOpenAIApi(baseUrl: string | undefined): boolean {
  if (!baseUrl) return true;
  try {
    const u = new URL(baseUrl);
    return u.protocol === 'https:' && u.hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return false;
  }
}
