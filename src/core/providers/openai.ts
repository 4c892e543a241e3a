import OpenAI from 'openai';
import type { CallResult, EndpointConfig } from '../types';
import { describeNetworkError, runAttempt, runPlain, type CallSpec, type StreamState } from './call';
import { classifyFailure, retryAfterFromHeaders, type ProviderError } from './errors';
import { DEFAULT_CAPS, guardedFetch } from './guards';
import { NO_KEY, requireKey, SET_KEY_HINT } from './keys';
import { modelNotFoundFacts } from './notFound';
import { promptText } from './prompt';
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
    this.vendor = endpoint.baseUrl && !/^https:\/\/api\.openai\.com\b/.test(endpoint.baseUrl) ? 'OpenAI-compatible server' : 'OpenAI';
  }

  async chat(req: ChatRequest): Promise<CallResult> {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
    if (req.system) messages.push({ role: 'system', content: req.system });
    for (const m of req.messages) messages.push({ role: m.role, content: m.content });
    const params: OpenAI.Chat.ChatCompletionCreateParamsStreaming = {
      model: req.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(req.maxTokens !== undefined && { max_completion_tokens: req.maxTokens }),
      ...(req.reasoningEffort && { reasoning_effort: req.reasoningEffort }),
      ...(req.temperature !== undefined && { temperature: req.temperature }),
      ...(req.stop?.length && { stop: req.stop }),
    };
    return this.run(req, () => promptText(req.system, req.messages), async (sdk, signal, st) => {
      const { data, response } = await sdk.chat.completions.create(params, { signal }).withResponse();
      this.onHeaders(response, st);
      for await (const chunk of data) {
        st.chunk();
        const choice = chunk.choices?.[0];
        if (choice?.delta?.content) st.delta(choice.delta.content);
        if (choice?.finish_reason) st.finishReason = choice.finish_reason;
        this.onUsage(chunk as UsageChunk, st);
      }
    });
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
    return this.run(req, () => req.prompt + (req.raw ? '' : (req.suffix ?? '')), async (sdk, signal, st) => {
      const { data, response } = await sdk.completions.create(params, { signal }).withResponse();
      this.onHeaders(response, st);
      for await (const chunk of data) {
        st.chunk();
        const choice = chunk.choices?.[0];
        if (choice?.text) st.delta(choice.text);
        if (choice?.finish_reason) st.finishReason = choice.finish_reason;
        this.onUsage(chunk as UsageChunk, st);
      }
    });
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
      signal: req.signal,
      timeouts: req.timeouts,
      deadline,
      onDelta: req.onDelta,
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
          fetch: guardedFetch(this.endpoint.name, { ...DEFAULT_CAPS, ...this.opts.limits }),
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
