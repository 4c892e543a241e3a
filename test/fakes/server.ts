/**
 * The engine shared by the fake provider servers (openai.ts, anthropic.ts, bedrock.ts).
 *
 * Each fake listens on 127.0.0.1, port 0 (node:http only) and answers every request from a queue of scripts
 * (`fake.script(a, b, …)` queues one script per coming request; when the queue is empty the default script
 * answers, settable with `fake.setDefault`). A script is provider-neutral; each fake renders it in its own wire
 * protocol (SSE for OpenAI/Anthropic, AWS event-stream frames for Bedrock).
 *
 * A streamed reply is: head events, one event per chunk, tail events (stop + usage). Faults:
 *   '400' '401' '403' '404' '429' '500' '503' 'contextTooLong'  → an HTTP error in the provider's own error shape
 *                     (401 echoes the caller's full credential in the message, like a careless proxy, so tests
 *                     can prove Gearshift scrubs it)
 *   'timeoutBeforeHeaders' → never answers (the request stays open until the client gives up)
 *   'stallMidStream'  → stops sending after `faultAfterChunks` chunks, keeps the connection open
 *   'resetMidStream'  → destroys the socket after `faultAfterChunks` chunks
 *   'malformedChunk'  → sends one undecodable event after `faultAfterChunks` chunks, then ends
 *   'overloaded'      → the provider's in-stream error event after `faultAfterChunks` chunks
 *                       (Anthropic `event: error` overloaded_error; Bedrock serviceUnavailableException frame;
 *                       OpenAI-compatible `data: {"error":…}`), or an HTTP 529/503 with faultAfterChunks: -1
 *   'noUsage'         → a complete reply without any usage report
 * Hostile servers (sizes from `hugeBytes`, default 1 GiB, generated as they are sent, with backpressure):
 *   'endlessStream'   → text deltas forever (every `chunkDelayMs`, default 5 ms) until the client hangs up
 *   'hugeEvent'       → after `faultAfterChunks` chunks, one stream event that never ends: an SSE `data:` line of
 *                       `hugeBytes` bytes with no newline, or a Bedrock event-stream frame whose prelude declares
 *                       `hugeBytes` bytes (capped at 4 GiB − 1) followed by that many bytes
 *   'hugeErrorBody'   → an HTTP 500 in the provider's error shape whose body runs to `hugeBytes` bytes
 *   '401' with `echoEncodedKey` → the 401 message echoes the caller's key URL-encoded, base64, base64url and inside
 *                       `Basic base64(user:key)` (OpenAI and Anthropic)
 *
 * Tool calls (`toolCalls`, each rendered in the provider's real wire format; see each fake's header):
 *   fake.script({ toolCalls: [{ name: 'read_file', arguments: '{"path":"a.ts"}' }] })   one call, no text
 *   fake.script({ text: 'Let me look.', toolCalls: [a, b] })     text first, then two calls in one reply
 *   { name, arguments: '{"path": "a.t', pieces: 40 }             arguments split into 40 stream pieces
 *   { name, arguments: '{"path": "a.t', pieces: ['{"pa', 'th"'] } explicit pieces (joined they are the arguments)
 *   `arguments` is sent as given: malformed JSON stays malformed. `id` defaults to a provider-style id
 *   (call_fake_N, toolu_fake_N, tooluse_fake_N, N counting calls in the reply from 0). By default arguments go in
 *   pieces of at most 16 characters. The stop reason defaults to the provider's tool stop (tool_calls / tool_use).
 *   Every text chunk and every tool-call event counts as a chunk for faults, `chunkDelayMs` and 'endlessStream'.
 * Multi-step tasks: queue one script per request (`fake.script(step1, step2, final)`); each request's parsed body is
 * in `requests[i].body` (`bodies()` lists them), so a test can assert the tool results sent back.
 *
 * `faultAfterChunks` defaults to 1. `requests` records every request (method, path, headers, parsed body);
 * `closedSockets` counts requests whose client hung up before the reply was complete (proof of cancellation),
 * and `nextClientClose()` resolves at the next such hang-up. `bytesSent` on a captured request counts the body
 * bytes the fake managed to write before the reply ended or the client hung up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PromptCacheSim, type SimulatedUsage } from './cacheSim';

export type Fault =
  | '400'
  | '401'
  | '403'
  | '404'
  | '429'
  | '500'
  | '503'
  | 'contextTooLong'
  | 'overloaded'
  | 'timeoutBeforeHeaders'
  | 'stallMidStream'
  | 'resetMidStream'
  | 'malformedChunk'
  | 'noUsage'
  | 'endlessStream'
  | 'hugeEvent'
  | 'hugeErrorBody';

/** Usage to report, provider-neutral: each fake converts it to its wire format (see its header). */
export interface FakeUsage {
  /** Fresh prompt tokens (not cached). */
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  reasoning?: number;
}

/** One scripted tool call (see the header). */
export interface FakeToolCall {
  /** Default: a provider-style id (call_fake_N / toolu_fake_N / tooluse_fake_N). */
  id?: string;
  name: string;
  /** Sent exactly as given (may be malformed JSON). */
  arguments: string;
  /** Split the arguments into this many pieces, or into these explicit pieces. Default: pieces of ≤ 16 chars. */
  pieces?: number | string[];
  /** Anthropic only: send the input whole (parsed) in content_block_start and no deltas, as some proxies do. */
  inputInStart?: boolean;
}

export interface FakeScript {
  /** Reply text, split into word-sized chunks. Default "Hello from the fake server." */
  text?: string;
  /** Explicit chunks (wins over text). */
  chunks?: string[];
  /**
   * Anthropic and Bedrock: streamed thinking before the reply, one piece per chunk (Anthropic: a thinking block with
   * thinking_delta events and a signature; Bedrock: reasoningContent deltas), in its own content block 0.
   */
  thinking?: string[];
  /** Tool calls after the text (text may be empty: `text: ''` or no text when toolCalls are given). */
  toolCalls?: FakeToolCall[];
  /** Default: { input: 12, output: <number of chunks + tool-call argument pieces> }. */
  usage?: FakeUsage;
  /** Delay before response headers. */
  latencyMs?: number;
  /** Delay before each chunk. */
  chunkDelayMs?: number;
  /** Write the raw response bytes in small odd-sized pieces (splits UTF-8 sequences, SSE lines and frames). */
  splitAtOddBytes?: boolean;
  fault?: Fault;
  faultAfterChunks?: number;
  /** Retry-After header, seconds (on 429/503/529). */
  retryAfter?: number;
  /** retry-after-ms header (OpenAI and Anthropic SDK convention). */
  retryAfterMs?: number;
  /** OpenRouter-style usage.cost (USD) in the usage chunk. */
  cost?: number;
  /** LiteLLM-style x-litellm-response-cost header (USD). */
  costHeader?: number;
  /** Bedrock: metadata.trace.promptRouter.invokedModelId. */
  invokedModelId?: string;
  /** Anthropic: report cache writes only as cache_creation_input_tokens (no per-TTL breakdown). */
  omitCacheBreakdown?: boolean;
  stopReason?: string;
  /** OpenAI: no chunk carries a `finish_reason` (some OpenAI-compatible servers omit it); `[DONE]` still ends the stream. */
  omitFinishReason?: boolean;
  /** OpenAI: the stream closes cleanly after its last chunk without the `data: [DONE]` marker. */
  omitDone?: boolean;
  /** Size of 'hugeEvent' / 'hugeErrorBody', in bytes (default 1 GiB). */
  hugeBytes?: number;
  /** With fault '401': echo the key encoded (see the header). */
  echoEncodedKey?: boolean;
  /**
   * 'simulate': the prompt-side usage (input, cacheRead, cacheWrite5m/1h) is computed from the request body by the
   * fake's prompt-cache simulation (cacheSim.ts) instead of `usage`; `usage.output`/`reasoning` still apply.
   */
  cache?: 'simulate';
  /** With cache 'simulate': the minimum cacheable prefix instead of the model's (modelTraits). */
  cacheMinTokens?: number;
}

export interface CapturedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  rawBody: string;
  /** Set when the client closed the connection before the reply was complete. */
  clientClosedEarly: boolean;
  /** Body bytes written so far. */
  bytesSent: number;
  /** With cache 'simulate': what the simulation counted and reported for this request. */
  simulated?: SimulatedUsage;
}

/** A reply rendered in one wire protocol. */
export interface StreamPlan {
  status: number;
  headers: Record<string, string>;
  head: Buffer[];
  chunks: Buffer[];
  tail: Buffer[];
  /** The in-stream error event for 'overloaded'. */
  midStreamError: Buffer;
  /** An undecodable event for 'malformedChunk'. */
  malformed: Buffer;
  /** The start of a never-ending event of `size` bytes for 'hugeEvent' (the fake pads it to `size`). */
  hugeEvent(size: number): Buffer;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** 'hugeErrorBody': `body` is only the start; the fake pads it with filler up to `size` bytes. */
  padTo?: number;
}

export const DEFAULT_HUGE_BYTES = 1 << 30;

/** Encodings of a key a careless server may echo, for the '401' + echoEncodedKey fault. */
export function encodedEchoes(key: string): string {
  const b64 = Buffer.from(key).toString('base64');
  return (
    `url=${encodeURIComponent(key)} b64=${b64} b64url=${Buffer.from(key).toString('base64url')} basic=Basic ` +
    `${Buffer.from(`apikey:${key}`).toString('base64')}`
  );
}

/** What a fake provider implements; the engine does the rest. */
export interface Protocol {
  name: string;
  /** Prefix of default tool-call ids (call_fake_, toolu_fake_, tooluse_fake_). */
  toolIdPrefix: string;
  /**
   * Answer one request: an HttpReply (errors, JSON), a StreamPlan (streamed), or undefined for 404.
   * `fault` has already been checked for timeoutBeforeHeaders; HTTP-status faults are the protocol's to render.
   */
  answer(req: CapturedRequest, script: ResolvedScript): HttpReply | StreamPlan | undefined;
  /** Cache simulation (script `cache: 'simulate'`): the request's prompt-side usage, or undefined for other routes. */
  simulate?(req: CapturedRequest, sim: PromptCacheSim, script: ResolvedScript): SimulatedUsage | undefined;
}

/** A tool call with its id and argument pieces settled. */
export interface ResolvedToolCall {
  id: string;
  name: string;
  arguments: string;
  pieces: string[];
  inputInStart?: boolean;
}

export interface ResolvedScript extends Omit<FakeScript, 'toolCalls'> {
  chunks: string[];
  usage: Required<FakeUsage>;
  /** Empty when the script has none. */
  toolCalls: ResolvedToolCall[];
}

export interface FakeServer {
  url: string;
  port: number;
  /** Queue scripts for the next requests, one each, in order. */
  script(...scripts: FakeScript[]): void;
  /** The script used when the queue is empty. */
  setDefault(script: FakeScript): void;
  requests: CapturedRequest[];
  /** The parsed bodies of the requests so far, in order. */
  bodies(): unknown[];
  readonly closedSockets: number;
  nextClientClose(): Promise<CapturedRequest>;
  /** The prompt-cache simulation's state and clock (`promptCache.now = () => t` moves time; `clear()` empties it). */
  promptCache: PromptCacheSim;
  /** Empty the queue and the request log. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Splits `text` into `n` pieces of near-equal length (at least one piece), never inside a surrogate pair. */
export function splitPieces(text: string, n: number): string[] {
  const count = Math.max(1, Math.min(Math.floor(n) || 1, text.length));
  if (count === 1) return [text];
  const out: string[] = [];
  let start = 0;
  for (let k = 1; k <= count; k++) {
    let end = k === count ? text.length : Math.round((text.length * k) / count);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    if (end <= start) continue;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

function resolveToolCalls(s: FakeScript, idPrefix: string): ResolvedToolCall[] {
  return (s.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `${idPrefix}${i}`,
    name: c.name,
    arguments: c.arguments,
    inputInStart: c.inputInStart,
    pieces: Array.isArray(c.pieces) ? c.pieces : splitPieces(c.arguments, c.pieces ?? Math.max(1, Math.ceil(c.arguments.length / 16))),
  }));
}

function resolveScript(s: FakeScript, idPrefix: string): ResolvedScript {
  const defaultText = s.toolCalls?.length ? '' : 'Hello from the fake server.';
  const chunks = s.chunks ?? (s.text ?? defaultText).match(/\S+\s*|\s+/g) ?? [];
  const toolCalls = resolveToolCalls(s, idPrefix);
  const u = s.usage ?? {};
  return {
    ...s,
    chunks,
    toolCalls,
    usage: {
      input: u.input ?? 12,
      output: u.output ?? chunks.length + toolCalls.reduce((n, c) => n + c.pieces.length, 0),
      cacheRead: u.cacheRead ?? 0,
      cacheWrite5m: u.cacheWrite5m ?? 0,
      cacheWrite1h: u.cacheWrite1h ?? 0,
      reasoning: u.reasoning ?? 0,
    },
  };
}

/** Headers every scripted error reply carries (Retry-After and friends). */
export function retryHeaders(s: FakeScript): Record<string, string> {
  const h: Record<string, string> = {};
  if (s.retryAfter !== undefined) h['retry-after'] = String(s.retryAfter);
  if (s.retryAfterMs !== undefined) h['retry-after-ms'] = String(s.retryAfterMs);
  return h;
}

export async function startFake(protocol: Protocol): Promise<FakeServer> {
  const queue: FakeScript[] = [];
  let fallback: FakeScript = {};
  const requests: CapturedRequest[] = [];
  let closedSockets = 0;
  let waiters: ((r: CapturedRequest) => void)[] = [];
  const promptCache = new PromptCacheSim();

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const rawBody = Buffer.concat(parts).toString('utf8');
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      const captured: CapturedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        rawBody,
        clientClosedEarly: false,
        bytesSent: 0,
      };
      requests.push(captured);
      const state = { serverDestroyed: false };
      res.on('close', () => {
        if (res.writableFinished || state.serverDestroyed) return;
        captured.clientClosedEarly = true;
        closedSockets++;
        const w = waiters;
        waiters = [];
        for (const f of w) f(captured);
      });
      const script = resolveScript(queue.shift() ?? fallback, protocol.toolIdPrefix);
      if (script.cache === 'simulate' && !script.fault && protocol.simulate) {
        const sim = protocol.simulate(captured, promptCache, script);
        if (sim) {
          captured.simulated = sim;
          const { input, cacheRead, cacheWrite5m, cacheWrite1h } = sim;
          script.usage = { ...script.usage, input, cacheRead, cacheWrite5m, cacheWrite1h };
        }
      }
      void respond(protocol, captured, script, res, state);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    script: (...s) => void queue.push(...s),
    setDefault: (s) => void (fallback = s),
    requests,
    bodies: () => requests.map((r) => r.body),
    promptCache,
    get closedSockets() {
      return closedSockets;
    },
    nextClientClose: () => new Promise((r) => waiters.push(r)),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const FILLER = Buffer.alloc(64 << 10, 'a');

/** Writes `buf` and waits until it is flushed (backpressure); false once the client is gone. */
function writeAll(res: http.ServerResponse, req: CapturedRequest, buf: Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  req.bytesSent += buf.length;
  return new Promise((resolve) => {
    const onClose = () => resolve(false);
    res.once('close', onClose);
    res.write(buf, (err) => {
      res.off('close', onClose);
      resolve(!err && !res.destroyed);
    });
  });
}

/** Pads up to `size` bytes with filler, stopping as soon as the client hangs up. */
async function pad(res: http.ServerResponse, req: CapturedRequest, already: number, size: number): Promise<void> {
  for (let left = size - already; left > 0; left -= FILLER.length) {
    if (!(await writeAll(res, req, left >= FILLER.length ? FILLER : FILLER.subarray(0, left)))) return;
  }
  res.end();
}

async function respond(
  protocol: Protocol,
  req: CapturedRequest,
  s: ResolvedScript,
  res: http.ServerResponse,
  state: { serverDestroyed: boolean },
): Promise<void> {
  if (s.fault === 'timeoutBeforeHeaders') return; // hold the request open until the client gives up
  if (s.latencyMs) await sleep(s.latencyMs);
  if (res.destroyed) return;
  const reply = protocol.answer(req, s);
  if (!reply) {
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ message: `${protocol.name} fake: no route for ${req.method} ${req.path}` }));
    return;
  }
  if (!('head' in reply)) {
    res.writeHead(reply.status, { ...(typeof reply.body === 'string' && { 'content-type': 'application/json' }), ...reply.headers });
    if (reply.padTo === undefined) {
      res.end(reply.body);
      return;
    }
    const start = Buffer.from(reply.body);
    if (await writeAll(res, req, start)) await pad(res, req, start.length, reply.padTo);
    return;
  }
  res.writeHead(reply.status, { ...reply.headers, ...(s.costHeader !== undefined && { 'x-litellm-response-cost': String(s.costHeader) }) });
  res.flushHeaders();
  const write = async (buf: Buffer) => {
    if (res.destroyed) return;
    if (!s.splitAtOddBytes) {
      await writeAll(res, req, buf);
      return;
    }
    for (let i = 0, k = 0; i < buf.length; k++) {
      const n = 1 + 2 * (k % 5); // 1, 3, 5, 7, 9 bytes
      req.bytesSent += Math.min(n, buf.length - i);
      res.write(buf.subarray(i, i + n));
      i += n;
      await new Promise((r) => setImmediate(r));
    }
  };
  for (const b of reply.head) await write(b);
  if (s.fault === 'endlessStream') {
    for (let i = 0; !res.destroyed; i++) {
      await sleep(s.chunkDelayMs ?? 5);
      if (reply.chunks.length) await write(reply.chunks[i % reply.chunks.length]);
    }
    return;
  }
  const midFault =
    s.fault === 'stallMidStream' ||
    s.fault === 'resetMidStream' ||
    s.fault === 'malformedChunk' ||
    s.fault === 'overloaded' ||
    s.fault === 'hugeEvent';
  const faultAt = midFault ? (s.faultAfterChunks ?? 1) : -1;
  for (let i = 0; i <= reply.chunks.length; i++) {
    if (i === faultAt) {
      if (s.fault === 'stallMidStream') return;
      if (s.fault === 'resetMidStream') {
        await sleep(20); // let the chunks already written reach the client first
        state.serverDestroyed = true;
        res.socket?.destroy();
        return;
      }
      if (s.fault === 'hugeEvent') {
        const size = s.hugeBytes ?? DEFAULT_HUGE_BYTES;
        const start = reply.hugeEvent(size);
        if (await writeAll(res, req, start)) await pad(res, req, start.length, size);
        return;
      }
      await write(s.fault === 'malformedChunk' ? reply.malformed : reply.midStreamError);
      res.end();
      return;
    }
    if (i === reply.chunks.length) break;
    if (s.chunkDelayMs) await sleep(s.chunkDelayMs);
    if (res.destroyed) return;
    await write(reply.chunks[i]);
  }
  for (const b of reply.tail) await write(b);
  res.end();
}
