import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type CachePointBlock,
  type ContentBlock,
  type ImageBlock,
  type Message,
  type SystemContentBlock,
  type ToolConfiguration,
  type ToolInputSchema,
  type ToolResultContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Readable } from 'node:stream';
import type { ImagePart, ToolChoice, ToolDefinition, ToolResult } from '../toolCalls';
import type { CallResult, ChatMessage, EndpointConfig } from '../types';
import { describeNetworkError, runAttempt, type CallSpec } from './call';
import { classifyFailure, ProviderError } from './errors';
import { DEFAULT_CAPS, guardNodeStream, type BodyCaps } from './guards';
import { modelNotFoundFacts } from './notFound';
import { planBreakpoints } from './cacheBreakpoints';
import { modelTraits } from './modelTraits';
import type { ChatRequest, CompletionRequest, PromptCachePlan, Provider, ProviderOptions } from './provider';
import { hasToolHistory, historyToolStubs, promptImages, promptText, splitSystem } from './prompt';
import { policyFor, withRetries } from './retry';
import { claudeThinking } from './thinking';
import { argumentsObject } from './toolWire';
import { fromBedrockUsage } from './usage';
import { deadlineFor } from './watch';

const VENDOR = 'AWS Bedrock';
/** The answer's room above a thinking budget when the request sets no max_tokens (Bedrock then sets none either). */
const DEFAULT_ANSWER_TOKENS = 8192;

// On Node < 22 the AWS SDK prints a NodeVersionSupportWarning (process.emitWarning) on the first client: a note for
// application developers that would otherwise land on CLI users' stderr. The SDK's own switch turns it off, unless
// the user set that variable themselves.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The AWS SDK's NodeHttpHandler with the body caps of guards.ts applied to every response. */
class GuardedHttpHandler extends NodeHttpHandler {
  constructor(
    private readonly endpointName: string,
    private readonly caps: BodyCaps,
  ) {
    super();
  }

  override async handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const out = await super.handle(...args);
    const res = out.response;
    const body = res.body as Readable | undefined;
    if (body && typeof body.pipe === 'function') {
      const type = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      res.body = guardNodeStream(body, this.endpointName, res.statusCode, type, this.caps);
    }
    return out;
  }
}

/**
 * AWS Bedrock's Converse API through `@aws-sdk/client-bedrock-runtime` (ConverseStream). Credentials come from
 * the AWS default chain (env, shared config/credentials files with the endpoint's profile, SSO, instance roles),
 * never from Gearshift's key store; ProviderOptions.awsCredentials overrides that for tests and the CLI.
 */
export class BedrockProvider implements Provider {
  readonly supportsFim = false;
  private readonly client: BedrockRuntimeClient;

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly opts: ProviderOptions = {},
  ) {
    this.client = new BedrockRuntimeClient({
      maxAttempts: 1,
      // HTTP/1.1 keep-alive: ConverseStream is a one-way stream, and the client's HTTP/2 default (there for
      // bidirectional streaming) would also stop an aborted call from closing its connection.
      requestHandler: new GuardedHttpHandler(endpoint.name, { ...DEFAULT_CAPS, ...opts.limits }),
      ...(endpoint.region && { region: endpoint.region }),
      ...(endpoint.baseUrl && { endpoint: endpoint.baseUrl }),
      ...(endpoint.profile && { profile: endpoint.profile }),
      ...(opts.awsCredentials && { credentials: opts.awsCredentials }),
    });
    if (endpoint.headers && Object.keys(endpoint.headers).length) {
      const extra = endpoint.headers;
      this.client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers?: Record<string, string> };
          if (request.headers) Object.assign(request.headers, extra);
          return next(args);
        },
        { step: 'build', name: 'gearshiftEndpointHeaders' },
      );
    }
  }

  async chat(req: ChatRequest): Promise<CallResult> {
    const { system: splitText, turns } = splitSystem(req);
    const tools = bedrockTools(req.tools, req.toolChoice, turns);
    const systemText = [splitText, tools.systemNote].filter(Boolean).join('\n\n');
    const system: SystemContentBlock[] | undefined = systemText ? [{ text: systemText }] : undefined;
    const messages: Message[] = turns.map(toBedrockMessage);
    const toolConfig = tools.toolConfig;
    const think = claudeThinking(req.model, req.reasoningEffort, req.maxTokens ?? DEFAULT_ANSWER_TOKENS, turns);
    const maxTokens = think.maxTokens ?? req.maxTokens;
    const inferenceConfig = {
      ...(maxTokens !== undefined && { maxTokens }),
      ...(req.temperature !== undefined && !think.omitTemperature && { temperature: req.temperature }),
      ...(req.stop?.length && { stopSequences: req.stop }),
    };
    const extra = {
      ...(think.thinking && { thinking: think.thinking }),
      ...(think.output_config && { output_config: think.output_config }),
    };
    if (req.cache) declareCachePoints(req.model, req.cache, { toolConfig, system, messages, systemText, turns });
    const command = () =>
      new ConverseStreamCommand({
        modelId: req.model,
        messages,
        system,
        ...(Object.keys(inferenceConfig).length && { inferenceConfig }),
        ...(toolConfig && { toolConfig }),
        ...(Object.keys(extra).length && { additionalModelRequestFields: extra as DocumentType }),
      });
    const deadline = deadlineFor(req.timeouts);
    const spec: CallSpec = {
      vendor: VENDOR,
      endpoint: this.endpoint.name,
      baseUrl: this.endpoint.baseUrl,
      model: req.model,
      promptText: () => promptText(systemText, turns, toolConfig && (req.tools?.length ? req.tools : historyToolStubs(turns))),
      promptImages: () => promptImages(turns),
      signal: req.signal,
      timeouts: req.timeouts,
      deadline,
      onDelta: req.onDelta,
      onToolCall: req.onToolCall,
      classify: (e, accepted) => this.classify(e, accepted, spec),
      secrets: [this.opts.awsCredentials?.secretAccessKey, this.opts.awsCredentials?.sessionToken],
      log: this.opts.log,
    };
    const attempt = () =>
      runAttempt(spec, async (signal, st) => {
        const response = await this.client.send(command(), { abortSignal: signal });
        st.headers();
        if (!response.stream) return;
        for await (const ev of response.stream) {
          st.chunk();
          if (ev.contentBlockDelta?.delta) {
            const { delta, contentBlockIndex: index = 0 } = ev.contentBlockDelta;
            if (delta.text) st.delta(delta.text);
            else if (delta.toolUse) st.toolPiece(index, { arguments: delta.toolUse.input });
            else if (delta.reasoningContent) st.reasoning();
          } else if (ev.contentBlockStart?.start?.toolUse) {
            const { toolUseId, name } = ev.contentBlockStart.start.toolUse;
            st.toolPiece(ev.contentBlockStart.contentBlockIndex ?? 0, { id: toolUseId, name });
          } else if (ev.contentBlockStop) st.toolDone(ev.contentBlockStop.contentBlockIndex ?? 0);
          else if (ev.messageStop?.stopReason) st.finishReason = ev.messageStop.stopReason;
          else if (ev.metadata) {
            if (ev.metadata.usage) {
              st.usage = fromBedrockUsage(ev.metadata.usage);
              st.usageFinal = true;
            }
            const invoked = ev.metadata.trace?.promptRouter?.invokedModelId;
            if (invoked) st.invokedModel = invoked;
          } else {
            // Modeled in-stream exceptions arrive as members when the SDK does not throw them itself.
            const failure =
              ev.throttlingException ??
              ev.serviceUnavailableException ??
              ev.internalServerException ??
              ev.modelStreamErrorException ??
              ev.validationException;
            if (failure) throw failure;
          }
        }
      });
    return withRetries(attempt, policyFor(this.endpoint.name, this.opts, req, deadline));
  }

  async complete(_req: CompletionRequest): Promise<CallResult> {
    throw new ProviderError({
      kind: 'badRequest',
      message:
        `Endpoint '${this.endpoint.name}' (AWS Bedrock) has no fill-in-the-middle API. Use an OpenAI-compatible model ` +
        `with FIM for completion.`,
    });
  }

  private classify(e: unknown, accepted: boolean, spec: Pick<CallSpec, 'vendor' | 'endpoint' | 'baseUrl' | 'model'>): ProviderError {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
    const name = err?.name ?? '';
    const profile = this.endpoint.profile ? ` --profile ${this.endpoint.profile}` : '';
    if (name === 'CredentialsProviderError' || /could not load credentials/i.test(err?.message ?? '')) {
      return new ProviderError({
        kind: 'auth',
        message:
          `No AWS credentials found for endpoint '${this.endpoint.name}'. Run 'aws sso login${profile}' or 'aws ` +
          `configure${profile}', or set the endpoint's profile.`,
      });
    }
    if (/region is missing/i.test(err?.message ?? '')) {
      return new ProviderError({
        kind: 'badRequest',
        message: `No AWS region for endpoint '${this.endpoint.name}'. Set its 'region' (e.g. us-east-1) or AWS_REGION.`,
      });
    }
    const status = err?.$metadata?.httpStatusCode;
    if (!name.endsWith('Exception') && status === undefined) return describeNetworkError(spec, e, accepted);
    return classifyFailure({
      vendor: VENDOR,
      endpoint: this.endpoint.name,
      model: spec.model,
      status,
      code: name,
      detail: err?.message,
      credential: 'AWS credentials',
      modelNotFound: modelNotFoundFacts('bedrock', status, name, err?.message),
      authHint:
        `Check the AWS profile and region for this endpoint and that the model is enabled for your account ('aws sso ` +
        `login${profile}' if the session expired).`,
    });
  }
}

/** Tells a model that was offered tools it may not call them now (Converse has no 'none' choice). */
export const BEDROCK_NO_TOOLS_NOTE = 'Do not call any tools in this reply: answer in text only.';

/**
 * Converse's `toolConfig`. Converse has no 'none' choice and refuses a conversation holding toolUse/toolResult blocks
 * without a toolConfig, so for 'none' (or no tools offered) the config is left out when the conversation has no
 * tool history; with tool history the tools (or stand-ins for those the history used) are declared with the default
 * choice and the system prompt tells the model not to call them. A call it makes anyway still comes back as a call.
 */
function bedrockTools(
  tools: ToolDefinition[] | undefined,
  choice: ToolChoice | undefined,
  turns: ChatMessage[],
): { toolConfig?: ToolConfiguration; systemNote?: string } {
  const history = hasToolHistory(turns);
  const offered = tools?.length ? tools : undefined;
  const c = offered ? (choice ?? 'auto') : 'none';
  if (c !== 'none') return { toolConfig: { tools: offered!.map(toBedrockTool), toolChoice: toBedrockChoice(c) } };
  if (!history) return {};
  const declared = offered ?? historyToolStubs(turns);
  if (!declared.length) return {};
  return { toolConfig: { tools: declared.map(toBedrockTool) }, systemNote: BEDROCK_NO_TOOLS_NOTE };
}

function toBedrockTool(t: ToolDefinition): NonNullable<ToolConfiguration['tools']>[number] {
  return { toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema as DocumentType } } };
}

/** The SDK's JSON document type (Smithy's DocumentType), as Converse carries schemas and tool inputs. */
type DocumentType = ToolInputSchema.JsonMember['json'];

function toBedrockChoice(c: Exclude<ToolChoice, 'none'>): NonNullable<ToolConfiguration['toolChoice']> {
  if (c === 'auto') return { auto: {} };
  if (c === 'required') return { any: {} };
  return { tool: { name: c.name } };
}

function imageBlock(img: ImagePart): ImageBlock {
  return { format: img.mimeType === 'image/png' ? 'png' : 'jpeg', source: { bytes: Buffer.from(img.data, 'base64') } };
}

function toolResultBlock(r: ToolResult): ContentBlock {
  const content: ToolResultContentBlock[] = [];
  // Converse refuses an empty result: a result with neither text nor images says so.
  if (r.content || !r.images?.length) content.push({ text: r.content || '(no output)' });
  for (const img of r.images ?? []) content.push({ image: imageBlock(img) });
  return { toolResult: { toolUseId: r.callId, content, status: r.isError ? 'error' : 'success' } };
}

/**
 * One turn on the Converse wire: an assistant turn is its text then its toolUse blocks; a user turn is its
 * toolResult blocks first, then its text and images. A turn without tool blocks stays one text block.
 */
function toBedrockMessage(m: ChatMessage & { role: 'user' | 'assistant' }): Message {
  const calls = m.role === 'assistant' ? (m.toolCalls ?? []) : [];
  const results = m.role === 'user' ? (m.toolResults ?? []) : [];
  const images = m.role === 'user' ? (m.images ?? []) : [];
  if (!calls.length && !results.length && !images.length) return { role: m.role, content: [{ text: m.content }] };
  const content: ContentBlock[] = [
    ...results.map(toolResultBlock),
    ...(m.content ? [{ text: m.content }] : []),
    ...images.map((img): ContentBlock => ({ image: imageBlock(img) })),
    ...calls.map((c): ContentBlock => ({
      toolUse: { toolUseId: c.id, name: c.name, input: argumentsObject(c.arguments) as DocumentType },
    })),
  ];
  return { role: m.role, content };
}

/**
 * Appends `cachePoint` blocks on the request's stable prefix (see cacheBreakpoints.ts) for models that support prompt
 * caching on Bedrock: after the tool definitions (not Nova), after the system prompt, and after the last block of the
 * previous and of the final user turn. A 1-hour TTL goes only to models that accept it; other models get none.
 */
function declareCachePoints(
  model: string,
  plan: PromptCachePlan,
  wire: { toolConfig?: ToolConfiguration; system?: SystemContentBlock[]; messages: Message[]; systemText: string; turns: ChatMessage[] },
): void {
  const traits = modelTraits(model);
  if (!traits.bedrockCaching) return;
  const cachePoint: CachePointBlock = { type: 'default', ...(plan.ttl === '1h' && traits.bedrockCaching.ttl1h && { ttl: '1h' }) };
  const tools = wire.toolConfig?.tools;
  const shape = { tools, toolsCacheable: traits.bedrockCaching.tools, system: wire.systemText, turns: wire.turns };
  for (const p of planBreakpoints(shape, traits.minCacheTokens)) {
    if (p.at === 'tools') tools?.push({ cachePoint });
    else if (p.at === 'system') wire.system?.push({ cachePoint });
    else if (p.turn !== undefined) wire.messages[p.turn].content?.push({ cachePoint });
  }
}
