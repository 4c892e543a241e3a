import Anthropic from '@anthropic-ai/sdk';
import type { CallResult, EndpointConfig } from '../types';
import { describeNetworkError, runAttempt, runPlain, type CallSpec } from './call';
import { classifyFailure, ProviderError, retryAfterFromHeaders } from './errors';
import { DEFAULT_CAPS, guardedFetch } from './guards';
import { NO_KEY, requireKey, SET_KEY_HINT } from './keys';
import { modelNotFoundFacts } from './notFound';
import { promptText, splitSystem } from './prompt';
import type { ChatRequest, CompletionRequest, KeyLookup, Provider, ProviderOptions, Timeouts } from './provider';
import { withConsoleWarnTo } from './quiet';
import { policyFor, withRetries } from './retry';
import { fromAnthropicUsage, type AnthropicUsageWire } from './usage';
import { deadlineFor } from './watch';

const VENDOR = 'Anthropic';
const DEFAULT_MAX_TOKENS = 8192;

/** Anthropic's Messages API through `@anthropic-ai/sdk`, streamed. No native fill-in-the-middle. */
export class AnthropicProvider implements Provider {
  readonly supportsFim = false;
  private client?: { key: string; sdk: Anthropic };

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly keyLookup: KeyLookup,
    private readonly opts: ProviderOptions = {},
  ) {}

  async chat(req: ChatRequest): Promise<CallResult> {
    const key = await requireKey(this.endpoint, this.keyLookup);
    const sdk = this.sdk(key ?? NO_KEY);
    // Anthropic takes the system prompt apart; system-role messages join it.
    const { system, turns } = splitSystem(req);
    const params: Anthropic.MessageCreateParamsStreaming = {
      model: req.model,
      max_tokens: req.maxTokens ?? DEFAULT_MAX_TOKENS,
      messages: turns.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      ...(system && { system }),
      ...(req.temperature !== undefined && { temperature: req.temperature }),
      ...(req.stop?.length && { stop_sequences: req.stop }),
    };
    const deadline = deadlineFor(req.timeouts);
    const spec: CallSpec = {
      vendor: VENDOR,
      endpoint: this.endpoint.name,
      baseUrl: sdk.baseURL,
      model: req.model,
      promptText: () => promptText(system, turns),
      signal: req.signal,
      timeouts: req.timeouts,
      deadline,
      onDelta: req.onDelta,
      classify: (e, accepted) => this.classify(e, accepted, spec),
      secrets: [key],
      log: this.opts.log,
    };
    const attempt = () =>
      runAttempt(spec, async (signal, st) => {
        // The SDK's deprecated-model notice is a bare console.warn: it goes to the debug log, not the user's stderr.
        const created = withConsoleWarnTo(
          (m) => this.opts.log?.debug(`Anthropic SDK: ${m}`),
          () => sdk.messages.create(params, { signal }),
        );
        const { data } = await created.withResponse();
        st.headers();
        let start: AnthropicUsageWire | undefined;
        for await (const ev of data) {
          st.chunk();
          switch (ev.type) {
            case 'message_start':
              // Some Anthropic-compatible proxies omit usage: then it is estimated at the end.
              start = ev.message.usage ?? undefined;
              if (start) st.usage = fromAnthropicUsage(start, undefined);
              break;
            case 'content_block_delta':
              if (ev.delta.type === 'text_delta') st.delta(ev.delta.text);
              break;
            case 'message_delta':
              // Cumulative totals: the last message_delta replaces, never adds to, what came before.
              if (ev.usage) {
                st.usage = fromAnthropicUsage(start, ev.usage);
                st.usageFinal = true;
              }
              if (ev.delta.stop_reason) st.finishReason = ev.delta.stop_reason;
              break;
          }
        }
      });
    return withRetries(attempt, policyFor(this.endpoint.name, this.opts, req, deadline));
  }

  async listModels(opts: { signal?: AbortSignal; timeouts?: Timeouts } = {}): Promise<string[]> {
    const key = await requireKey(this.endpoint, this.keyLookup);
    const sdk = this.sdk(key ?? NO_KEY);
    const spec = { vendor: VENDOR, endpoint: this.endpoint.name, baseUrl: sdk.baseURL, model: '', ...opts, secrets: [key] };
    return runPlain({ ...spec, classify: (e, accepted) => this.classify(e, accepted, spec) }, async (signal) => {
      const ids: string[] = [];
      for await (const m of sdk.models.list({}, { signal })) ids.push(m.id);
      return ids;
    });
  }

  async complete(_req: CompletionRequest): Promise<CallResult> {
    throw new ProviderError({
      kind: 'badRequest',
      message: `Endpoint '${this.endpoint.name}' (Anthropic) has no fill-in-the-middle API. Use an OpenAI-compatible model with FIM for completion.`,
    });
  }

  private sdk(key: string): Anthropic {
    if (this.client?.key !== key) {
      this.client = {
        key,
        // Explicit base URL and key: the SDK would otherwise read ANTHROPIC_BASE_URL / ANTHROPIC_AUTH_TOKEN.
        sdk: new Anthropic({
          apiKey: key,
          baseURL: this.endpoint.baseUrl ?? 'https://api.anthropic.com',
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
    if (!(e instanceof Anthropic.APIError) || e instanceof Anthropic.APIConnectionError || e instanceof Anthropic.APIUserAbortError) {
      return describeNetworkError(spec, e instanceof Anthropic.APIConnectionError ? (e.cause ?? e) : e, accepted);
    }
    return classifyFailure({
      vendor: VENDOR,
      endpoint: this.endpoint.name,
      model: spec.model,
      status: e.status,
      code: e.type ?? undefined,
      detail: e.apiMessage ?? e.message,
      retryAfterMs: e.headers ? retryAfterFromHeaders((h) => e.headers?.get(h)) : undefined,
      authHint: `${SET_KEY_HINT}.`,
      modelNotFound: modelNotFoundFacts('anthropic', e.status, e.type ?? undefined, e.apiMessage ?? e.message),
    });
  }
}
