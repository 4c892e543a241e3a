/**
 * Fake AWS Bedrock Runtime (node:http on 127.0.0.1, port 0), driven by scripts — see server.ts for the script
 * shape, faults, request capture and `closedSockets`. Point a BedrockRuntimeClient at it with `endpoint: fake.url`,
 * any region and static credentials (FAKE_AWS_CREDENTIALS): requests must be SigV4-signed (an Authorization header
 * starting AWS4-HMAC-SHA256), otherwise the fake answers 403 like AWS does.
 *
 * Routes:
 *   POST /model/{modelId}/converse-stream  application/vnd.amazon.eventstream frames (EventStreamCodec):
 *        messageStart, contentBlockDelta × chunks, contentBlockStop, messageStop, metadata; in-stream errors are
 *        `:message-type: exception` frames ('overloaded' → serviceUnavailableException).
 *   POST /model/{modelId}/converse         one JSON ConverseResponse.
 * Tool calls (script `toolCalls`): after the text block (index 0, only when there is text; its contentBlockStop),
 * per call contentBlockStart {start: {toolUse: {toolUseId, name}}}, one contentBlockDelta {delta: {toolUse: {input}}}
 * per arguments piece, contentBlockStop; stopReason defaults to 'tool_use'. Not streamed: toolUse blocks whose input
 * is the parsed arguments (or the raw text when it is not JSON).
 * Usage on the wire (metadata.usage): inputTokens = input (Bedrock excludes cache reads/writes from it),
 * cacheReadInputTokens = cacheRead, cacheWriteInputTokens = cacheWrite5m + cacheWrite1h with cacheDetails per TTL
 * (when non-zero), outputTokens = output; metadata.trace.promptRouter.invokedModelId = invokedModelId.
 * HTTP errors carry x-amzn-errortype and {message}: '401'/'403' → 403 UnrecognizedClientException/AccessDenied,
 * '429' → ThrottlingException, '500' → InternalServerException, '503' → ServiceUnavailableException,
 * 'contextTooLong' → 400 ValidationException "Input is too long for requested model.", '404' → ResourceNotFound.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import {
  DEFAULT_HUGE_BYTES,
  retryHeaders,
  startFake,
  type CapturedRequest,
  type FakeServer,
  type HttpReply,
  type ResolvedScript,
  type ResolvedToolCall,
  type StreamPlan,
} from './server';
import { bedrockBlocks, minTokensFor } from './cacheSim';

/** Static credentials for clients talking to the fake (SigV4 still signs with them). */
export const FAKE_AWS_CREDENTIALS = { accessKeyId: 'AKIAFAKEFAKEFAKE0001', secretAccessKey: 'fake/secret/Key+for+SigV4+tests0000000000' };

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value: string) => ({ type: 'string' as const, value });

function frame(eventType: string, body: object): Buffer {
  return Buffer.from(
    codec.encode({
      headers: { ':message-type': str('event'), ':event-type': str(eventType), ':content-type': str('application/json') },
      body: fromUtf8(JSON.stringify(body)),
    }),
  );
}

function exceptionFrame(exceptionType: string, message: string): Buffer {
  return Buffer.from(
    codec.encode({
      headers: { ':message-type': str('exception'), ':exception-type': str(exceptionType), ':content-type': str('application/json') },
      body: fromUtf8(JSON.stringify({ message })),
    }),
  );
}

/** CRC-32 (IEEE), as the event-stream prelude carries it. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** The prelude of a frame declaring `size` bytes (at most 4 GiB − 1) and no headers: the rest never comes in time. */
function hugeFramePrelude(size: number): Buffer {
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(Math.min(size, 0xffffffff), 0);
  prelude.writeUInt32BE(0, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  return prelude;
}

function errorReply(s: ResolvedScript, req: CapturedRequest): HttpReply | undefined {
  const err = (status: number, type: string, message: string): HttpReply => ({
    status,
    headers: {
      ...retryHeaders(s),
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': 'fake-request-id',
    },
    body: JSON.stringify({ message }),
  });
  const auth = String(req.headers.authorization ?? '');
  if (!auth.startsWith('AWS4-HMAC-SHA256')) return err(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  switch (s.fault) {
    case '400':
      return err(400, 'ValidationException', 'The provided request is not valid: temperature must be between 0 and 1.');
    case '401':
      return err(403, 'UnrecognizedClientException', `The security token included in the request is invalid. (${auth})`);
    case '403':
      return err(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.");
    case '404':
      return err(404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.');
    case '429':
      return err(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
    case '500':
      return err(500, 'InternalServerException', 'The server encountered an internal error.');
    case '503':
      return err(503, 'ServiceUnavailableException', 'The service is temporarily unable to handle the request.');
    case 'contextTooLong':
      return err(400, 'ValidationException', 'Input is too long for requested model.');
    case 'overloaded':
      return s.faultAfterChunks === -1 ? err(503, 'ServiceUnavailableException', 'Model is overloaded.') : undefined;
    case 'hugeErrorBody':
      return { ...err(500, 'InternalServerException', ''), body: '{"message":"', padTo: s.hugeBytes ?? DEFAULT_HUGE_BYTES };
    default:
      return undefined;
  }
}

function usage(s: ResolvedScript) {
  const u = s.usage;
  const writes = u.cacheWrite5m + u.cacheWrite1h;
  const details = [
    ...(u.cacheWrite1h ? [{ ttl: '1h', inputTokens: u.cacheWrite1h }] : []),
    ...(u.cacheWrite5m ? [{ ttl: '5m', inputTokens: u.cacheWrite5m }] : []),
  ];
  return {
    inputTokens: u.input,
    outputTokens: u.output,
    totalTokens: u.input + u.cacheRead + writes + u.output,
    ...(u.cacheRead && { cacheReadInputTokens: u.cacheRead }),
    ...(writes && { cacheWriteInputTokens: writes, cacheDetails: details }),
  };
}

/** One toolUse block: start (id, name), one delta per arguments piece, stop. */
function toolUseFrames(c: ResolvedToolCall, contentBlockIndex: number): Buffer[] {
  return [
    frame('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId: c.id, name: c.name } } }),
    ...c.pieces.map((input) => frame('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input } } })),
    frame('contentBlockStop', { contentBlockIndex }),
  ];
}

function parsedOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function answer(req: CapturedRequest, s: ResolvedScript): HttpReply | StreamPlan | undefined {
  const m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(req.path.split('?')[0]);
  if (req.method !== 'POST' || !m) return undefined;
  const failure = errorReply(s, req);
  if (failure) return failure;
  const calls = s.toolCalls;
  const stopReason = s.stopReason ?? (calls.length ? 'tool_use' : 'end_turn');
  const trace = s.invokedModelId ? { trace: { promptRouter: { invokedModelId: s.invokedModelId } } } : {};
  const noUsage = s.fault === 'noUsage';
  if (m[2] === 'converse') {
    return {
      status: 200,
      body: JSON.stringify({
        output: {
          message: {
            role: 'assistant',
            content: [
              ...(s.chunks.length || !calls.length ? [{ text: s.chunks.join('') }] : []),
              ...calls.map((c) => ({ toolUse: { toolUseId: c.id, name: c.name, input: parsedOrRaw(c.arguments) } })),
            ],
          },
        },
        stopReason,
        ...(!noUsage && { usage: usage(s) }),
        metrics: { latencyMs: 5 },
        ...trace,
      }),
    };
  }
  // Scripted thinking is content block 0 (reasoningContent deltas, then a signature); the others follow it.
  const think = s.thinking?.length ? 1 : 0;
  const textBlock = s.chunks.length > 0 || !calls.length;
  const textDeltas = s.chunks.map((text) => frame('contentBlockDelta', { contentBlockIndex: think, delta: { text } }));
  const toolFrames = calls.flatMap((c, i) => toolUseFrames(c, i + think + (textBlock ? 1 : 0)));
  const thinking = think
    ? [
        ...s.thinking!.map((text) => frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text } } })),
        frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig-fake' } } }),
        frame('contentBlockStop', { contentBlockIndex: 0 }),
      ]
    : [];
  const malformed = frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'oops' } });
  malformed[malformed.length - 1] ^= 0xff; // break the message CRC
  return {
    status: 200,
    headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'fake-request-id' },
    head: [frame('messageStart', { role: 'assistant' })],
    // Without tool calls the text block's stop stays in the tail (the shape every older test knows).
    chunks: [
      ...thinking,
      ...(calls.length
        ? [...textDeltas, ...(textBlock ? [frame('contentBlockStop', { contentBlockIndex: think })] : []), ...toolFrames]
        : textDeltas),
    ],
    tail: [
      ...(calls.length ? [] : [frame('contentBlockStop', { contentBlockIndex: think })]),
      frame('messageStop', { stopReason }),
      ...(noUsage ? [] : [frame('metadata', { usage: usage(s), metrics: { latencyMs: 5 }, ...trace })]),
    ],
    midStreamError: exceptionFrame('serviceUnavailableException', 'Model is overloaded.'),
    malformed,
    hugeEvent: hugeFramePrelude,
  };
}

export async function startFakeBedrock(): Promise<FakeServer> {
  return startFake({
    name: 'Bedrock',
    toolIdPrefix: 'tooluse_fake_',
    answer,
    simulate: (req, sim, s) => {
      const m = /^\/model\/([^/]+)\/(?:converse|converse-stream)$/.exec(req.path.split('?')[0]);
      if (req.method !== 'POST' || !m) return undefined;
      const model = decodeURIComponent(m[1]);
      return sim.declared(model, bedrockBlocks(req.body), minTokensFor(model, s.cacheMinTokens));
    },
  });
}
