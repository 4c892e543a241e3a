import { countTokens } from '../tokens';
import type { ImagePart, ToolCall } from '../toolCalls';
import { emptyUsage, type CallResult, type Usage } from '../types';
import { classifyFailure, ProviderError, type TimeoutKind } from './errors';
import { findBodyCapError, formatBytes, type BodyCapError } from './guards';
import type { ProviderLog, Timeouts } from './provider';
import { imageTokens } from './prompt';
import { redactUrl, scrubSecrets, urlSecrets } from './scrub';
import { ToolCallCollector, type StreamSource, type ToolCallPiece } from './toolStream';
import { CallWatch, type Deadline } from './watch';

/** What one streaming attempt has received so far. Provider code fills it while reading the stream. */
export class StreamState {
  text = '';
  /** Usage fields reported so far (Anthropic reports input at the start, output at the end). */
  usage?: Partial<Usage>;
  /** Set when the provider's final usage report arrived. */
  usageFinal = false;
  providerCostUsd?: number;
  invokedModel?: string;
  finishReason?: string;
  /** The protocol's end-of-stream marker arrived (OpenAI's `data: [DONE]`): complete even without a stop reason. */
  endMarker = false;
  firstTokenMs?: number;
  /** Response headers arrived with a success status: the provider accepted (and may bill) the prompt. */
  accepted = false;
  /** Set when the attempt is over: an SDK still unwinding in the background may no longer deliver text. */
  closed = false;
  /** The reply's tool calls, collected from their streamed pieces. */
  readonly tools: ToolCallCollector;

  constructor(
    private readonly watch: CallWatch,
    /** Who is answering (named in the error when a server streams too many or too large tool calls). */
    source: StreamSource,
    private readonly onDelta?: (text: string) => void,
    onToolCall?: (call: ToolCall) => void,
  ) {
    this.tools = new ToolCallCollector(source, (c) => {
      if (!this.closed) onToolCall?.(c);
    });
  }

  /** Call once response headers arrived. */
  headers(): void {
    this.accepted = true;
    this.watch.headers();
  }

  /** Call for every stream event or chunk, text or not. */
  chunk(): void {
    this.watch.chunk();
  }

  /** Call with each piece of reply text. */
  delta(text: string): void {
    if (!text || this.closed) return;
    this.started();
    this.text += text;
    this.onDelta?.(text);
  }

  /**
   * Call with each piece of a streamed tool call (`key`: the wire's call index or content-block index). A tool call
   * is reply activity like text: it meets the first-token limit.
   */
  toolPiece(key: number | string, piece: ToolCallPiece): void {
    if (this.closed) return;
    this.started();
    this.tools.piece(key, piece);
  }

  /**
   * Call with each piece of streamed reasoning (Claude thinking): not reply text, but the model is answering, so it
   * meets the first-token limit (a long think before the first word must not count as a silent server).
   */
  reasoning(): void {
    if (!this.closed) this.started();
  }

  /** Call when the tool call at `key` has all its arguments (a content block's stop). */
  toolDone(key: number | string): void {
    if (!this.closed) this.tools.finish(key);
  }

  private started(): void {
    if (this.firstTokenMs !== undefined) return;
    this.firstTokenMs = performance.now() - this.watch.startedAt;
    this.watch.firstToken();
  }
}

export interface CallSpec {
  vendor: string;
  endpoint: string;
  baseUrl?: string;
  model: string;
  /** Prompt text, tokenized only when the provider reports no usage. */
  promptText: () => string;
  /** The prompt's images, counted (by their size) only when the provider reports no usage. */
  promptImages?: () => ImagePart[];
  signal?: AbortSignal;
  timeouts?: Timeouts;
  onDelta?: (text: string) => void;
  /** Called with each tool call once its arguments are complete. */
  onToolCall?: (call: ToolCall) => void;
  /** Turns an SDK error into a ProviderError (auth, rate limit…); network failures go through describeNetworkError. */
  classify: (err: unknown, accepted: boolean) => ProviderError;
  secrets: readonly (string | undefined)[];
  log?: ProviderLog;
  /** The whole call's deadline, shared by its attempts (see withRetries); default: one from timeouts.totalMs. */
  deadline?: Deadline;
}

/** After a cancel, how long an SDK may take to notice it (reading what it already buffered, usage included). */
const CANCEL_GRACE_MS = 1000;

/**
 * Runs `body` until it settles or a time limit fires, whichever is first: an SDK that ignores the abort for a while
 * (credential lookups, a socket that does not close) cannot stretch the call past its limits. A cancel lets the SDK
 * wind down for a moment first, so usage it already received (the reason it is worth waiting) is not lost.
 */
async function raceWatch(watch: CallWatch, work: Promise<unknown>): Promise<void> {
  work.catch(() => undefined);
  let grace: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const fired = new Promise<void>((resolve) => {
    onAbort = () => {
      if (watch.cause === 'cancelled') grace = setTimeout(resolve, CANCEL_GRACE_MS);
      else resolve();
    };
    if (watch.signal.aborted) onAbort();
    else watch.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, fired]);
  } finally {
    clearTimeout(grace);
    if (onAbort) watch.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Runs one attempt: wires the abort controller and timers, lets `body` read the stream into a StreamState,
 * and ends with a CallResult or a ProviderError that carries partial text and usage.
 */
export async function runAttempt(spec: CallSpec, body: (signal: AbortSignal, st: StreamState) => Promise<void>): Promise<CallResult> {
  const watch = new CallWatch(spec.timeouts, spec.signal, spec.deadline);
  const st = new StreamState(watch, spec, spec.onDelta, spec.onToolCall);
  const secrets = [...spec.secrets, ...urlSecrets(spec.baseUrl)];
  try {
    await raceWatch(watch, watch.cause ? Promise.resolve() : body(watch.signal, st));
    // SDK stream iterators end quietly when their request is aborted: a fired watch means the reply is cut short.
    if (watch.cause) throw abortError(spec, watch, st.accepted);
    // A complete reply ends with a stop reason or the protocol's end marker; a stream that just ends was cut off.
    if (st.finishReason === undefined && !st.endMarker) {
      throw describeNetworkError(spec, new Error('the stream ended before the reply was complete'), true);
    }
    // A reply that called tools and said nothing else is complete too; calls still open end with the reply.
    st.tools.finishAll();
    const toolCalls = st.tools.calls();
    const totalMs = performance.now() - watch.startedAt;
    const { usage, estimated } = finalUsage(spec, st);
    spec.log?.debug(
      `${spec.endpoint}: ${spec.model} answered in ${Math.round(totalMs)} ms (first token ${fmtMs(st.firstTokenMs)}, ` +
        `${usage.input}+${usage.cacheRead}r+${usage.cacheWrite5m + usage.cacheWrite1h}w in / ${usage.output} ` +
        `out${estimated ? ', estimated' : ''})`,
    );
    return {
      text: st.text,
      usage,
      estimated,
      providerCostUsd: st.providerCostUsd,
      invokedModel: st.invokedModel,
      finishReason: st.finishReason,
      firstTokenMs: st.firstTokenMs,
      totalMs,
      ...(toolCalls.length && { toolCalls }),
    };
  } catch (e) {
    const err = watch.cause
      ? abortError(spec, watch, st.accepted)
      : e instanceof ProviderError
        ? e
        : (capError(spec, e) ?? spec.classify(e, st.accepted));
    err.message = scrubSecrets(err.message, secrets);
    if (st.accepted) {
      const { usage, estimated } = finalUsage(spec, st);
      err.usage = usage;
      err.estimated = estimated;
    }
    if (st.text) err.partialText = st.text;
    if (st.tools.started) err.partialToolCalls = st.tools.calls();
    // The attempt is over: make sure the SDK lets go of the connection (a throw inside its stream loop may not).
    if (!watch.signal.aborted) watch.controller.abort();
    spec.log?.[err.kind === 'cancelled' ? 'debug' : 'warn'](
      `${spec.endpoint}: ${spec.model} failed (${err.kind}${err.status ? ` ${err.status}` : ''}) after ` +
        `${Math.round(performance.now() - watch.startedAt)} ms: ${err.message}`,
    );
    throw err;
  } finally {
    st.closed = true;
    watch.dispose();
  }
}

/** A plain (non-streaming) request under the same abort wiring, classification and key scrubbing. */
export async function runPlain<T>(
  spec: Pick<CallSpec, 'vendor' | 'endpoint' | 'baseUrl' | 'model' | 'signal' | 'timeouts' | 'classify' | 'secrets'>,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const watch = new CallWatch(spec.timeouts, spec.signal);
  const work = watch.cause ? Promise.reject(new Error('aborted')) : fn(watch.signal);
  try {
    await raceWatch(watch, work);
    if (watch.cause) throw new Error('aborted');
    return await work;
  } catch (e) {
    const err = watch.cause
      ? abortError(spec, watch, false)
      : e instanceof ProviderError
        ? e
        : (capError(spec, e) ?? spec.classify(e, false));
    err.message = scrubSecrets(err.message, [...spec.secrets, ...urlSecrets(spec.baseUrl)]);
    throw err;
  } finally {
    watch.dispose();
  }
}

/** A server sent more than a cap allows (guards.ts): the error names the endpoint and the cap. */
function capError(spec: Pick<CallSpec, 'vendor' | 'endpoint' | 'model'>, e: unknown): ProviderError | undefined {
  const cap: BodyCapError | undefined = findBodyCapError(e);
  if (!cap) return undefined;
  if (cap.what === 'errorBody') {
    // The status still says what kind of refusal it was; the body is not worth the memory.
    return classifyFailure({
      vendor: spec.vendor,
      endpoint: spec.endpoint,
      model: spec.model,
      status: cap.status,
      detail: `its error body was larger than the ${formatBytes(cap.cap)} cap, so Gearshift stopped reading it and closed the connection`,
      authHint: 'Check the key or credentials for this endpoint.',
    });
  }
  const what = cap.what === 'event' ? 'a stream event (one SSE event or line, or one event-stream frame)' : 'a response body';
  return new ProviderError({
    kind: 'network',
    message:
      `${spec.vendor} at endpoint '${spec.endpoint}' sent ${what} larger than the ${formatBytes(cap.cap)} cap; ` +
      'Gearshift stopped reading and closed the connection.',
  });
}

function fmtMs(ms: number | undefined): string {
  return ms === undefined ? 'none' : `${Math.round(ms)} ms`;
}

/** Exact usage when the provider reported it; otherwise what it did report plus tokenizer estimates. */
function finalUsage(spec: CallSpec, st: StreamState): { usage: Usage; estimated: boolean } {
  const usage = { ...emptyUsage(), ...st.usage };
  if (st.usageFinal) return { usage, estimated: false };
  if (st.usage?.input === undefined) {
    usage.input = countTokens(spec.promptText()) + (spec.promptImages?.() ?? []).reduce((n, img) => n + imageTokens(img), 0);
  }
  const calls = st.tools.calls().map((c) => `${c.name} ${c.arguments}`);
  usage.output = Math.max(usage.output, countTokens([st.text, ...calls].filter(Boolean).join('\n')));
  return { usage, estimated: true };
}

function abortError(spec: Pick<CallSpec, 'vendor' | 'endpoint' | 'model'>, watch: CallWatch, accepted: boolean): ProviderError {
  const cause = watch.cause;
  const where = `endpoint '${spec.endpoint}'`;
  if (cause === 'cancelled' || cause === undefined) {
    return new ProviderError({ kind: 'cancelled', message: `The request to ${where} was cancelled.` });
  }
  const ms = watch.limitMs(cause);
  const messages: Record<TimeoutKind, string> = {
    connect: `${spec.vendor} at ${where} did not answer within ${ms} ms (connect timeout). Check that the server is reachable.`,
    firstToken:
      `Model '${spec.model}' on ${where} sent no text or tool call within ${ms} ms (first-token timeout). The server may be ` +
      `overloaded or loading the model.`,
    idle: `The reply from ${where} stalled for ${ms} ms (idle timeout) and was cut short.`,
    total: accepted
      ? `The call to ${where} took longer than ${ms} ms (total timeout) and was cut short.`
      : `${spec.vendor} at ${where} gave no answer within ${ms} ms (total timeout).`,
  };
  return new ProviderError({ kind: 'network', timeout: cause, message: messages[cause] });
}

const NET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused. Is the server running?',
  ENOTFOUND: 'host not found. Check the base URL and your network.',
  EAI_AGAIN: 'DNS lookup failed. Check your network.',
  ECONNRESET: 'the connection was reset.',
  EPIPE: 'the connection was closed.',
  ETIMEDOUT: 'the connection timed out.',
  UND_ERR_SOCKET: 'the server closed the connection.',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out.',
  ECONNABORTED: 'the connection was aborted.',
};

/** A 'network' ProviderError for a low-level failure: unreachable host, reset connection, malformed stream. */
export function describeNetworkError(
  spec: Pick<CallSpec, 'vendor' | 'endpoint' | 'baseUrl'>,
  err: unknown,
  accepted: boolean,
): ProviderError {
  const where = `endpoint '${spec.endpoint}'${spec.baseUrl ? ` (${redactUrl(spec.baseUrl)})` : ''}`;
  const code = errorCode(err);
  if (isMalformed(err)) {
    return new ProviderError({
      kind: 'network',
      message: `${spec.vendor} at ${where} sent a malformed stream (${firstLine(err)}); the reply was cut short.`,
    });
  }
  const why = (code && NET_CODES[code]) || `${firstLine(rootCause(err))}.`;
  if (accepted) {
    return new ProviderError({ kind: 'network', message: `The connection to ${where} broke mid-reply: ${why}` });
  }
  return new ProviderError({ kind: 'network', message: `Could not reach ${spec.vendor} at ${where}: ${why}` });
}

function isMalformed(err: unknown): boolean {
  if (err instanceof SyntaxError) return true;
  const msg = err instanceof Error ? err.message : String(err);
  return /checksum|prelude|malformed|unexpected token|not valid json|in json at position/i.test(msg);
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 200);
}

/** The innermost error of a cause chain ("fetch failed" says less than what caused it). */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; depth < 5 && e instanceof Error && e.cause instanceof Error; depth++) e = e.cause;
  return e;
}

/** The first `code` found along an error's cause chain (ECONNRESET, ENOTFOUND…). */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && /^[A-Z_]+$/.test(c)) return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
