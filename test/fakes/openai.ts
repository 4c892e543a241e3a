/**
 * Fake OpenAI-compatible server (node:http on 127.0.0.1, port 0), driven by scripts — see server.ts for the
 * script shape, faults, request capture and `closedSockets`.
 *
 * Routes (under /v1):
 *   POST /v1/chat/completions  stream: SSE `data: {chat.completion.chunk}` … `data: [DONE]`; when the request asks
 *                              `stream_options.include_usage`, a final chunk with `choices: []` and `usage`.
 *                              Not streamed: one chat.completion JSON with usage.
 *   POST /v1/completions       the same for text completions; echoes nothing of `suffix` (tests read it from
 *                              `requests`), streamed or not.
 *   GET  /v1/models            a model list (`setModels` to change it).
 * Usage on the wire: prompt_tokens = input + cacheRead + cacheWrite5m (OpenAI counts cached tokens inside
 * prompt_tokens), prompt_tokens_details.cached_tokens = cacheRead, cache_write_tokens = cacheWrite5m when non-zero,
 * completion_tokens = output, completion_tokens_details.reasoning_tokens = reasoning, plus `cost` (OpenRouter)
 * when scripted. The `x-litellm-response-cost` header carries `costHeader` (LiteLLM).
 * Tool calls (script `toolCalls`): after the text deltas, per call a chunk `delta.tool_calls: [{index, id, type:
 * 'function', function: {name, arguments: ''}}]`, then one chunk per arguments piece `{index, function: {arguments}}`;
 * finish_reason defaults to 'tool_calls'. Not streamed: `message.tool_calls` (content null when there is no text).
 * `omitFinishReason` leaves out the finish_reason chunk (the stream still ends with [DONE]); `omitDone` leaves out
 * `data: [DONE]` (the connection closes cleanly after the last chunk).
 * Errors use OpenAI's shape {error: {message, type, code}}; 'overloaded' mid-stream is `data: {"error": …}`,
 * with faultAfterChunks: -1 it is an HTTP 503.
 */
import {
  DEFAULT_HUGE_BYTES,
  encodedEchoes,
  retryHeaders,
  startFake,
  type CapturedRequest,
  type FakeServer,
  type HttpReply,
  type ResolvedScript,
  type ResolvedToolCall,
  type StreamPlan,
} from './server';
import { openaiTokens } from './cacheSim';
import { modelTraits } from '../../src/core/providers/modelTraits';

export interface FakeOpenAI extends FakeServer {
  setModels(ids: string[]): void;
}

const sse = (obj: unknown) => Buffer.from(`data: ${JSON.stringify(obj)}\n\n`);

function errorReply(s: ResolvedScript, req: CapturedRequest): HttpReply | undefined {
  const model = (req.body as { model?: string } | undefined)?.model ?? '';
  const err = (status: number, message: string, type: string, code: string | null): HttpReply => ({
    status,
    headers: retryHeaders(s),
    body: JSON.stringify({ error: { message, type, param: null, code } }),
  });
  switch (s.fault) {
    case '400':
      return err(400, "Invalid value for 'temperature': expected a number between 0 and 2.", 'invalid_request_error', null);
    case '401': {
      const key = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      return err(
        401,
        `Incorrect API key provided: ${s.echoEncodedKey ? encodedEchoes(key) : key}.`,
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    case '403':
      return err(403, 'You are not allowed to use this model.', 'invalid_request_error', 'permission_denied');
    case '404':
      return err(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    case '429':
      return err(429, 'Rate limit reached for requests per min. Please try again shortly.', 'requests', 'rate_limit_exceeded');
    case '500':
      return err(500, 'The server had an error while processing your request.', 'server_error', null);
    case '503':
      return err(503, 'The engine is currently overloaded, please try again later.', 'server_error', null);
    case 'contextTooLong':
      return err(
        400,
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.",
        'invalid_request_error',
        'context_length_exceeded',
      );
    case 'overloaded':
      return s.faultAfterChunks === -1 ? err(503, 'The server is overloaded.', 'server_error', 'overloaded') : undefined;
    case 'hugeErrorBody':
      return {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: '{"error":{"type":"server_error","message":"',
        padTo: s.hugeBytes ?? DEFAULT_HUGE_BYTES,
      };
    default:
      return undefined;
  }
}

function wireUsage(s: ResolvedScript) {
  const u = s.usage;
  return {
    prompt_tokens: u.input + u.cacheRead + u.cacheWrite5m,
    completion_tokens: u.output,
    total_tokens: u.input + u.cacheRead + u.cacheWrite5m + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead, audio_tokens: 0, ...(u.cacheWrite5m && { cache_write_tokens: u.cacheWrite5m }) },
    completion_tokens_details: { reasoning_tokens: u.reasoning, audio_tokens: 0 },
    ...(s.cost !== undefined && { cost: s.cost }),
  };
}

/** One call's chunks: id, type and name first (empty arguments), then one chunk per arguments piece. */
function toolCallChunks(c: ResolvedToolCall, index: number, chunk: (choice: object) => Buffer): Buffer[] {
  const piece = (fn: object, extra: object = {}) =>
    chunk({ index: 0, delta: { tool_calls: [{ index, ...extra, function: fn }] }, finish_reason: null });
  return [
    piece({ name: c.name, arguments: '' }, { id: c.id, type: 'function' }),
    ...c.pieces.map((arguments_) => piece({ arguments: arguments_ })),
  ];
}

function answer(req: CapturedRequest, s: ResolvedScript, modelIds: string[]): HttpReply | StreamPlan | undefined {
  const path = req.path.split('?')[0];
  if (req.method === 'GET' && path === '/v1/models') {
    return (
      errorReply(s, req) ?? {
        status: 200,
        body: JSON.stringify({
          object: 'list',
          data: modelIds.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })),
        }),
      }
    );
  }
  const chat = path === '/v1/chat/completions';
  if (req.method !== 'POST' || (!chat && path !== '/v1/completions')) return undefined;
  const failure = errorReply(s, req);
  if (failure) return failure;
  const body = (req.body ?? {}) as { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
  const id = chat ? 'chatcmpl-fake' : 'cmpl-fake';
  const model = body.model ?? 'fake-model';
  const created = Math.floor(Date.now() / 1000);
  const calls = chat ? s.toolCalls : [];
  const finish = s.stopReason ?? (calls.length ? 'tool_calls' : 'stop');
  const usage = s.fault === 'noUsage' ? undefined : wireUsage(s);
  if (!body.stream) {
    const text = s.chunks.join('');
    const choice = chat
      ? {
          index: 0,
          message: {
            role: 'assistant',
            content: calls.length && !text ? null : text,
            refusal: null,
            ...(calls.length && {
              tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
            }),
          },
          finish_reason: finish,
          logprobs: null,
        }
      : { index: 0, text, finish_reason: finish, logprobs: null };
    return {
      status: 200,
      body: JSON.stringify({
        id,
        object: chat ? 'chat.completion' : 'text_completion',
        created,
        model,
        choices: [choice],
        ...(usage && { usage }),
      }),
    };
  }
  const chunk = (choice: object) =>
    sse({ id, object: chat ? 'chat.completion.chunk' : 'text_completion', created, model, choices: [choice] });
  const delta = (text: string) =>
    chat
      ? chunk({ index: 0, delta: { content: text }, finish_reason: null })
      : chunk({ index: 0, text, finish_reason: null, logprobs: null });
  const tail: Buffer[] = [];
  const stop = chat
    ? chunk({ index: 0, delta: {}, finish_reason: finish })
    : chunk({ index: 0, text: '', finish_reason: finish, logprobs: null });
  if (!s.omitFinishReason) tail.push(stop);
  if (usage && body.stream_options?.include_usage)
    tail.push(sse({ id, object: chat ? 'chat.completion.chunk' : 'text_completion', created, model, choices: [], usage }));
  if (!s.omitDone) tail.push(Buffer.from('data: [DONE]\n\n'));
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    head: chat ? [chunk({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null })] : [],
    chunks: [...s.chunks.map(delta), ...calls.flatMap((c, index) => toolCallChunks(c, index, chunk))],
    tail,
    midStreamError: sse({ error: { message: 'The server is overloaded, please retry.', type: 'server_error', code: 'overloaded' } }),
    malformed: Buffer.from('data: {"id":"chatcmpl-fake","choices":[{"delta":{"content":"oops"\n\n'),
    hugeEvent: () => Buffer.from(`data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"`),
  };
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let ids = ['gpt-fake-mini', 'gpt-fake-large', 'qwen-fake-coder'];
  const fake = await startFake({
    name: 'OpenAI',
    toolIdPrefix: 'call_fake_',
    answer: (req, s) => answer(req, s, ids),
    simulate: (req, sim) => {
      const path = req.path.split('?')[0];
      if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/completions')) return undefined;
      const body = (req.body ?? {}) as { model?: unknown; prompt_cache_key?: unknown };
      const model = String(body.model ?? '');
      const key = typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : '';
      return sim.automatic(model, key, openaiTokens(req.body), modelTraits(model).openaiCacheWrites);
    },
  });
  return Object.assign(fake, { setModels: (next: string[]) => void (ids = next) });
}
