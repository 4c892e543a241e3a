import type { ToolCall } from '../toolCalls';
import type { Usage } from '../types';

import type { ErrorKind } from './errorKind';

export { ERROR_KINDS, type ErrorKind } from './errorKind';

/** Which per-call time limit expired (those failures are kind 'network'). */
export type TimeoutKind = 'connect' | 'firstToken' | 'idle' | 'total';

export interface ProviderErrorInit {
  kind: ErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  timeout?: TimeoutKind;
  partialText?: string;
  usage?: Usage;
  estimated?: boolean;
  /** The endpoint refused the model id itself (retired, misspelt, not enabled): see isModelNotFound. */
  modelNotFound?: boolean;
}

/**
 * A failed provider call, with a message a user can act on (it names the endpoint and never holds a key).
 * After partial output the error still carries that text and the (usually estimated) usage, so a caller
 * can keep the partial reply and record its cost.
 */
export class ProviderError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly timeout?: TimeoutKind;
  /**
   * Set, always with kind 'badRequest', when the provider said the model does not exist: OpenAI 404
   * model_not_found, Anthropic not_found_error, Bedrock ResourceNotFoundException or a ValidationException about
   * the model id. The fix is a different model id, not a retry or a key.
   */
  readonly modelNotFound?: boolean;
  partialText?: string;
  /** Tool calls the reply had begun before it failed (arguments as far as they arrived): the reply had started. */
  partialToolCalls?: ToolCall[];
  usage?: Usage;
  estimated?: boolean;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.name = 'ProviderError';
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.timeout = init.timeout;
    if (init.modelNotFound) this.modelNotFound = true;
    this.partialText = init.partialText;
    this.usage = init.usage;
    this.estimated = init.estimated;
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** True when the endpoint refused the model id itself (a distinct case of kind 'badRequest'). */
export function isModelNotFound(e: unknown): e is ProviderError {
  return e instanceof ProviderError && e.modelNotFound === true;
}

/**
 * Whether another attempt at the same endpoint may succeed. Never once text was delivered (the caller already
 * showed it), nor after a connect or first-token timeout: the same wait again would only multiply the delay the
 * user sees (three 10 s connect timeouts were 32 s behind a message saying 10 s); the chain's next model answers
 * sooner.
 */
export function isRetryable(e: ProviderError): boolean {
  if (e.partialText || e.partialToolCalls?.length) return false;
  if (e.timeout === 'connect' || e.timeout === 'firstToken' || e.timeout === 'total') return false;
  return e.kind === 'rateLimited' || e.kind === 'unavailable' || e.kind === 'network';
}

export { scrubSecrets } from './scrub';

/** Reads Retry-After (seconds or an HTTP date) and retry-after-ms from response headers. */
export function retryAfterFromHeaders(get: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = get('retry-after');
  if (!ra) return undefined;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const CONTEXT_TOO_LONG = new RegExp(
  [
    String.raw`context[_ ]length|context window|maximum context|prompt is too long|input is too long|too many (input )?tokens|`,
    String.raw`exceeds? the (model'?s? )?(maximum|max)|reduce the length`,
  ].join(''),
  'i',
);

/** True when a provider's error text or code says the prompt did not fit. */
function looksLikeContextTooLong(text: string | undefined): boolean {
  return !!text && CONTEXT_TOO_LONG.test(text);
}

/** The facts a provider-specific classifier extracts from an SDK error, before they become a ProviderError. */
export interface FailureFacts {
  /** "OpenAI-compatible server", "Anthropic", "AWS Bedrock": who answered. */
  vendor: string;
  endpoint: string;
  model?: string;
  status?: number;
  /** Provider error type or code (overloaded_error, ThrottlingException, context_length_exceeded…). */
  code?: string;
  /** Provider's own message (already scrubbed by the caller). */
  detail?: string;
  retryAfterMs?: number;
  /** What authenticates the call, for auth messages: "API key" (default) or "AWS credentials". */
  credential?: string;
  /** Text for the key command / credential fix, shown on auth failures. */
  authHint: string;
  /** The provider said the model id is unknown (see notFound.ts): kind badRequest with modelNotFound set. */
  modelNotFound?: boolean;
}

const UNAVAILABLE_CODES = /overloaded|unavailable|modelnotready|internalserver|modelstreamerror|modeltimeout|server_error|api_error/i;
const RATE_CODES = /throttl|rate_limit|too_many_requests|quota/i;
const AUTH_CODES = /auth|accessdenied|unrecognizedclient|invalidsignature|expiredtoken|permission|forbidden|invalid_api_key|credentials/i;

/** Maps HTTP status and provider codes to one ErrorKind with a message naming the endpoint and the fix. */
export function classifyFailure(f: FailureFacts): ProviderError {
  const where = `endpoint '${f.endpoint}'`;
  const st = f.status !== undefined ? ` (${f.status})` : '';
  const detail = f.detail ? `: ${truncate(f.detail)}` : '';
  const code = f.code ?? '';
  const base = { status: f.status, retryAfterMs: f.retryAfterMs };
  if (f.status === 401 || f.status === 403 || AUTH_CODES.test(code)) {
    return new ProviderError({
      ...base,
      kind: 'auth',
      message: `${f.vendor} rejected the ${f.credential ?? 'API key'} for ${where}${st}${detail}. ${f.authHint}`,
    });
  }
  if (f.status === 429 || RATE_CODES.test(code)) {
    const wait =
      f.retryAfterMs !== undefined ? ` Retry after ${Math.ceil(f.retryAfterMs / 1000)} s.` : ' Wait a moment or pick another model.';
    return new ProviderError({ ...base, kind: 'rateLimited', message: `${f.vendor} rate-limited ${where}${st}${detail}.${wait}` });
  }
  if (f.modelNotFound) {
    const model = f.model ? `model '${f.model}'` : 'the model';
    return new ProviderError({
      ...base,
      kind: 'badRequest',
      modelNotFound: true,
      message:
        `${f.vendor} at ${where} does not know ${model}${st}${detail}. ` +
        'It may be retired, misspelt or not enabled for your account: change the model id in gearshift.models.',
    });
  }
  if (code === 'context_length_exceeded' || looksLikeContextTooLong(f.detail)) {
    const model = f.model ? ` for model '${f.model}'` : '';
    return new ProviderError({
      ...base,
      kind: 'contextTooLong',
      message: `The prompt is too long${model} on ${where}${detail}. Attach less context or pick a model with a larger context window.`,
    });
  }
  if ((f.status !== undefined && f.status >= 500) || UNAVAILABLE_CODES.test(code)) {
    return new ProviderError({
      ...base,
      kind: 'unavailable',
      message: `${f.vendor} at ${where} is unavailable${st}${detail}. Try again shortly or configure a fallback model.`,
    });
  }
  if (f.status === 404) {
    const model = f.model ? ` Check that model '${f.model}' exists there and the base URL is right.` : ' Check the base URL.';
    return new ProviderError({ ...base, kind: 'badRequest', message: `${f.vendor} at ${where} answered 404 Not Found${detail}.${model}` });
  }
  return new ProviderError({
    ...base,
    kind: 'badRequest',
    message: `${f.vendor} at ${where} rejected the request${st}${detail}. Check the model id and settings for this endpoint.`,
  });
}

function truncate(s: string, max = 300): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
