import Anthropic from '@anthropic-ai/sdk';
import type { ImagePart, ToolCall, ToolChoice, ToolDefinition, ToolResult } from '../toolCalls';
import type { CallResult, ChatMessage, EndpointConfig } from '../types';
import { describeNetworkError, runAttempt, runPlain, type CallSpec } from './call';
import { classifyFailure, ProviderError, retryAfterFromHeaders } from './errors';
import { DEFAULT_CAPS, guardedFetch } from './guards';
import { NO_KEY, requireKey, SET_KEY_HINT } from './keys';
import { planBreakpoints } from './cacheBreakpoints';
import { modelTraits } from './modelTraits';
import { modelNotFoundFacts } from './notFound';
import { hasToolHistory, historyToolStubs, promptImages, promptText, splitSystem } from './prompt';
import type { ChatRequest, CompletionRequest, KeyLookup, PromptCachePlan, Provider, ProviderOptions, Timeouts } from './provider';
import { withConsoleWarnTo } from './quiet';
import { policyFor, withRetries } from './retry';
import { claudeThinking } from './thinking';
import { argumentsObject } from './toolWire';
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
    const answerMax = req.maxTokens ?? DEFAULT_MAX_TOKENS;
    const think = claudeThinking(req.model, req.reasoningEffort, answerMax, turns);
    const params: Anthropic.MessageCreateParamsStreaming = {
      model: req.model,
      max_tokens: think.maxTokens ?? answerMax,
      messages: turns.map(toAnthropicMessage),
      stream: true,
      ...anthropicTools(req.tools, req.toolChoice, turns),
      ...(system && { system }),
      ...(req.temperature !== undefined && !think.omitTemperature && { temperature: req.temperature }),
      ...(req.stop?.length && { stop_sequences: req.stop }),
      ...(think.thinking && { thinking: think.thinking }),
      ...(think.output_config && { output_config: think.output_config }),
    };
    if (req.cache) declareCache(params, system, turns, req.cache);
    const deadline = deadlineFor(req.timeouts);
    const spec: CallSpec = {
      vendor: VENDOR,
      endpoint: this.endpoint.name,
      baseUrl: sdk.baseURL,
      model: req.model,
      promptText: () => promptText(system, turns, req.tools),
      promptImages: () => promptImages(turns),
      signal: req.signal,
      timeouts: req.timeouts,
      deadline,
      onDelta: req.onDelta,
      onToolCall: req.onToolCall,
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
            case 'content_block_start':
              if (ev.content_block.type === 'tool_use') {
                const { id, name, input } = ev.content_block;
                // Anthropic starts with an empty input and streams it; a proxy that sends it whole here sends no deltas.
                const whole = input && typeof input === 'object' && Object.keys(input).length ? JSON.stringify(input) : undefined;
                st.toolPiece(ev.index, { id, name, arguments: whole });
              }
              break;
            case 'content_block_delta':
              if (ev.delta.type === 'text_delta') st.delta(ev.delta.text);
              else if (ev.delta.type === 'input_json_delta') st.toolPiece(ev.index, { arguments: ev.delta.partial_json });
              else if (ev.delta.type === 'thinking_delta') st.reasoning();
              break;
            case 'content_block_stop':
              st.toolDone(ev.index);
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
      message:
        `Endpoint '${this.endpoint.name}' (Anthropic) has no fill-in-the-middle API. Use an OpenAI-compatible model ` +
        `with FIM for completion.`,
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

type AnthropicTools = Pick<Anthropic.MessageCreateParamsStreaming, 'tools' | 'tool_choice'>;

/**
 * `tools` and `tool_choice`. A conversation with tool blocks must declare tools even when the request offers none
 * (the API refuses it otherwise): the tools it used are then declared and the choice is 'none'.
 */
function anthropicTools(tools: ToolDefinition[] | undefined, choice: ToolChoice | undefined, turns: ChatMessage[]): AnthropicTools {
  if (tools?.length) return { tools: tools.map(toAnthropicTool), tool_choice: toAnthropicChoice(choice ?? 'auto') };
  const stubs = hasToolHistory(turns) ? historyToolStubs(turns) : [];
  return stubs.length ? { tools: stubs.map(toAnthropicTool), tool_choice: { type: 'none' } } : {};
}

function toAnthropicTool(t: ToolDefinition): Anthropic.Tool {
  return { name: t.name, description: t.description, input_schema: t.inputSchema as Anthropic.Tool.InputSchema };
}

function toAnthropicChoice(c: ToolChoice): Anthropic.ToolChoice {
  if (c === 'auto') return { type: 'auto' };
  if (c === 'required') return { type: 'any' };
  if (c === 'none') return { type: 'none' };
  return { type: 'tool', name: c.name };
}

function imageBlock(img: ImagePart): Anthropic.ImageBlockParam {
  return { type: 'image', source: { type: 'base64', media_type: img.mimeType, data: img.data } };
}

function toolUseBlock(c: ToolCall): Anthropic.ToolUseBlockParam {
  return { type: 'tool_use', id: c.id, name: c.name, input: argumentsObject(c.arguments) };
}

function toolResultBlock(r: ToolResult): Anthropic.ToolResultBlockParam {
  const content: (Anthropic.TextBlockParam | Anthropic.ImageBlockParam)[] = [];
  if (r.content) content.push({ type: 'text', text: r.content });
  content.push(...(r.images ?? []).map(imageBlock));
  return { type: 'tool_result', tool_use_id: r.callId, ...(content.length && { content }), ...(r.isError && { is_error: true }) };
}

/**
 * One turn on the Anthropic wire: plain text stays a string; an assistant turn with tool calls is its text block
 * then its tool_use blocks; a user turn is its tool_result blocks first (the API requires them first), then its text
 * and images.
 */
function toAnthropicMessage(m: ChatMessage & { role: 'user' | 'assistant' }): Anthropic.MessageParam {
  const text: Anthropic.TextBlockParam[] = m.content ? [{ type: 'text', text: m.content }] : [];
  if (m.role === 'assistant') {
    return m.toolCalls?.length
      ? { role: 'assistant', content: [...text, ...m.toolCalls.map(toolUseBlock)] }
      : { role: 'assistant', content: m.content };
  }
  if (!m.toolResults?.length && !m.images?.length) return { role: 'user', content: m.content };
  return {
    role: 'user',
    content: [...(m.toolResults ?? []).map(toolResultBlock), ...text, ...(m.images ?? []).map(imageBlock)],
  };
}

/**
 * Puts `cache_control` breakpoints on the request's stable prefix (see cacheBreakpoints.ts): the last tool definition,
 * the system prompt (sent as a text block to carry one), and the last block of the previous and of the final user
 * turn. Tool results, images and text blocks all take one.
 */
function declareCache(params: Anthropic.MessageCreateParamsStreaming, system: string, turns: ChatMessage[], plan: PromptCachePlan): void {
  const traits = modelTraits(params.model);
  const mark: Anthropic.CacheControlEphemeral = { type: 'ephemeral', ...(plan.ttl === '1h' && { ttl: '1h' }) };
  const points = planBreakpoints({ tools: params.tools, system, turns }, traits.minCacheTokens);
  for (const p of points) {
    if (p.at === 'tools' && params.tools?.length) {
      params.tools[params.tools.length - 1] = { ...params.tools[params.tools.length - 1], cache_control: mark } as Anthropic.ToolUnion;
    } else if (p.at === 'system' && system) {
      params.system = [{ type: 'text', text: system, cache_control: mark }];
    } else if (p.turn !== undefined) {
      const m = params.messages[p.turn];
      const blocks = typeof m.content === 'string' ? [{ type: 'text' as const, text: m.content }] : [...m.content];
      if (!blocks.length) continue;
      blocks[blocks.length - 1] = { ...blocks[blocks.length - 1], cache_control: mark } as Anthropic.ContentBlockParam;
      params.messages[p.turn] = { ...m, content: blocks } as Anthropic.MessageParam;
    }
  }
}
