/**
 * Fake Anthropic Messages API (node:http on 127.0.0.1, port 0), driven by scripts — see server.ts for the script
 * shape, faults, request capture and `closedSockets`.
 *
 * Routes:
 *   POST /v1/messages  stream: SSE events message_start, content_block_start, ping, content_block_delta × chunks,
 *                      content_block_stop, message_delta, message_stop. Not streamed: one Message JSON.
 *   GET  /v1/models    a model list.
 * Tool calls (script `toolCalls`): after the text block (index 0, only when there is text), per call
 * content_block_start {type: 'tool_use', id, name, input: {}}, one content_block_delta {type: 'input_json_delta',
 * partial_json} per arguments piece, content_block_stop; stop_reason defaults to 'tool_use'. Not streamed: tool_use
 * blocks whose input is the parsed arguments (or the raw text when it is not JSON). `inputInStart` sends a call's input
 * whole in content_block_start and no deltas (the shape of some Anthropic-compatible proxies).
 * Usage on the wire, as the real API reports it: message_start.message.usage holds input_tokens (= fresh input),
 * cache_read_input_tokens, cache_creation_input_tokens (5m + 1h) with the cache_creation.ephemeral_5m/1h breakdown
 * (omitted with `omitCacheBreakdown`), output_tokens: 1; message_delta.usage holds the CUMULATIVE totals again
 * (input, cache fields, output_tokens = output, output_tokens_details.thinking_tokens = reasoning). 'noUsage' drops
 * usage from both events. Errors use Anthropic's shape {type: 'error', error: {type, message}}; 'overloaded' is the
 * SSE `event: error` overloaded_error mid-stream, or an HTTP 529 with faultAfterChunks: -1. Requests with neither an
 * x-api-key header nor an Authorization bearer (which SDK v1 sends) get a 401.
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
import { anthropicBlocks, minTokensFor } from './cacheSim';

const event = (name: string, data: object) => Buffer.from(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);

function errorReply(s: ResolvedScript, req: CapturedRequest): HttpReply | undefined {
  const err = (status: number, type: string, message: string): HttpReply => ({
    status,
    headers: { ...retryHeaders(s), 'request-id': 'req_fake' },
    body: JSON.stringify({ type: 'error', error: { type, message } }),
  });
  const key = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
  if (!key) return err(401, 'authentication_error', 'x-api-key or Authorization header is required');
  switch (s.fault) {
    case '400':
      return err(400, 'invalid_request_error', 'messages: roles must alternate between "user" and "assistant"');
    case '401':
      return err(401, 'authentication_error', `invalid x-api-key: ${s.echoEncodedKey ? encodedEchoes(String(key)) : String(key)}`);
    case '403':
      return err(403, 'permission_error', 'Your API key does not have permission to use the specified resource.');
    case '404':
      return err(404, 'not_found_error', `model: ${(req.body as { model?: string } | undefined)?.model ?? ''}`);
    case '429':
      return err(429, 'rate_limit_error', 'This request would exceed the rate limit for your organization.');
    case '500':
      return err(500, 'api_error', 'Internal server error');
    case '503':
      return err(503, 'api_error', 'Service unavailable');
    case 'contextTooLong':
      return err(400, 'invalid_request_error', 'prompt is too long: 210345 tokens > 200000 maximum');
    case 'overloaded':
      return s.faultAfterChunks === -1 ? err(529, 'overloaded_error', 'Overloaded') : undefined;
    case 'hugeErrorBody':
      return {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: '{"type":"error","error":{"type":"api_error","message":"',
        padTo: s.hugeBytes ?? DEFAULT_HUGE_BYTES,
      };
    default:
      return undefined;
  }
}

function usageFields(s: ResolvedScript) {
  const u = s.usage;
  return {
    input_tokens: u.input,
    cache_read_input_tokens: u.cacheRead,
    cache_creation_input_tokens: u.cacheWrite5m + u.cacheWrite1h,
    ...(!s.omitCacheBreakdown && {
      cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite5m, ephemeral_1h_input_tokens: u.cacheWrite1h },
    }),
  };
}

/** One tool_use block: start (id, name, empty input), one input_json_delta per arguments piece, stop. */
function toolUseEvents(c: ResolvedToolCall, index: number): Buffer[] {
  return [
    event('content_block_start', {
      index,
      content_block: { type: 'tool_use', id: c.id, name: c.name, input: c.inputInStart ? parsedOrRaw(c.arguments) : {} },
    }),
    ...(c.inputInStart ? [] : c.pieces).map((partial_json) =>
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }),
    ),
    event('content_block_stop', { index }),
  ];
}

function parsedOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function answer(req: CapturedRequest, s: ResolvedScript, modelIds: string[]): HttpReply | StreamPlan | undefined {
  const path = req.path.split('?')[0];
  if (req.method === 'GET' && path === '/v1/models') {
    return (
      errorReply(s, req) ?? {
        status: 200,
        body: JSON.stringify({
          data: modelIds.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
          has_more: false,
          first_id: modelIds[0] ?? null,
          last_id: modelIds.at(-1) ?? null,
        }),
      }
    );
  }
  if (req.method !== 'POST' || path !== '/v1/messages') return undefined;
  const failure = errorReply(s, req);
  if (failure) return failure;
  const body = (req.body ?? {}) as { model?: string; stream?: boolean };
  const model = body.model ?? 'claude-fake';
  const calls = s.toolCalls;
  const stop = s.stopReason ?? (calls.length ? 'tool_use' : 'end_turn');
  const noUsage = s.fault === 'noUsage';
  const finalUsage = {
    ...usageFields(s),
    output_tokens: s.usage.output,
    ...(s.usage.reasoning && { output_tokens_details: { thinking_tokens: s.usage.reasoning } }),
  };
  const message = { id: 'msg_fake', type: 'message', role: 'assistant', model, stop_sequence: null };
  if (!body.stream) {
    return {
      status: 200,
      body: JSON.stringify({
        ...message,
        content: [
          ...(s.chunks.length || !calls.length ? [{ type: 'text', text: s.chunks.join('') }] : []),
          ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: parsedOrRaw(c.arguments) })),
        ],
        stop_reason: stop,
        ...(!noUsage && { usage: finalUsage }),
      }),
    };
  }
  // The text block (index 0) exists when there is text, or when there are no tool calls (an empty reply). Scripted
  // thinking comes first as block 0 (start, thinking_delta × pieces, signature_delta, stop); the others follow it.
  const think = s.thinking?.length ? 1 : 0;
  const textBlock = s.chunks.length > 0 || !calls.length;
  const textStart = event('content_block_start', { index: think, content_block: { type: 'text', text: '' } });
  const textDeltas = s.chunks.map((text) => event('content_block_delta', { index: think, delta: { type: 'text_delta', text } }));
  const toolEvents = calls.flatMap((c, i) => toolUseEvents(c, i + think + (textBlock ? 1 : 0)));
  const thinking = think
    ? [
        ...s.thinking!.map((t) => event('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: t } })),
        event('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'sig-fake' } }),
        event('content_block_stop', { index: 0 }),
        ...(textBlock ? [textStart] : []),
      ]
    : [];
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': 'req_fake' },
    head: [
      event('message_start', {
        message: { ...message, content: [], stop_reason: null, ...(!noUsage && { usage: { ...usageFields(s), output_tokens: 1 } }) },
      }),
      ...(textBlock && !think ? [textStart] : []),
      ...(think ? [event('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } })] : []),
      event('ping', {}),
    ],
    // Without tool calls the text block's stop stays in the tail (the shape every older test knows).
    chunks: [
      ...thinking,
      ...(calls.length
        ? [...textDeltas, ...(textBlock ? [event('content_block_stop', { index: think })] : []), ...toolEvents]
        : textDeltas),
    ],
    tail: [
      ...(calls.length ? [] : [event('content_block_stop', { index: think })]),
      event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, ...(!noUsage && { usage: finalUsage }) }),
      event('message_stop', {}),
    ],
    midStreamError: event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
    malformed: Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,,"delta":\n\n'),
    hugeEvent: () =>
      Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'),
  };
}

export async function startFakeAnthropic(): Promise<FakeServer> {
  const ids = ['claude-fake-haiku', 'claude-fake-sonnet'];
  return startFake({
    name: 'Anthropic',
    toolIdPrefix: 'toolu_fake_',
    answer: (req, s) => answer(req, s, ids),
    simulate: (req, sim, s) => {
      if (req.method !== 'POST' || req.path.split('?')[0] !== '/v1/messages') return undefined;
      const model = String((req.body as { model?: unknown } | undefined)?.model ?? '');
      return sim.declared(model, anthropicBlocks(req.body), minTokensFor(model, s.cacheMinTokens));
    },
  });
}
