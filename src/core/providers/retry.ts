import { isRetryable, ProviderError } from './errors';
import type { ProviderLog, ProviderOptions } from './provider';
import type { Deadline } from './watch';

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  /** Longest wait honoured; a longer Retry-After ends the retries so a fallback can answer. */
  maxDelayMs: number;
  signal?: AbortSignal;
  log?: ProviderLog;
  endpoint: string;
  /** The call's total deadline: no retry starts, and no wait runs, past it. */
  deadline?: Deadline;
}

const DEFAULT_RETRY = { maxRetries: 2, baseMs: 400, maxDelayMs: 20_000 };

/** The policy for one call: the request's retry count, else the provider options', else the defaults. */
export function policyFor(
  endpoint: string,
  opts: ProviderOptions,
  req: { maxRetries?: number; signal?: AbortSignal },
  deadline?: Deadline,
): RetryPolicy {
  return {
    deadline,
    maxRetries: req.maxRetries ?? opts.maxRetries ?? DEFAULT_RETRY.maxRetries,
    baseMs: opts.retryBaseMs ?? DEFAULT_RETRY.baseMs,
    maxDelayMs: opts.maxRetryDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    signal: req.signal,
    log: opts.log,
    endpoint,
  };
}

/**
 * The one retry policy of the provider layer (SDK retries are off). Retries rateLimited, unavailable and
 * network failures that happened before any text was delivered (not timeouts: see isRetryable); waits Retry-After
 * when the server gave one (plus a little jitter), otherwise exponential backoff with full jitter. With a deadline,
 * a wait that would end past it is not started: the last failure is reported at once.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof ProviderError && e.timeout === 'total' && n > 0) e.message = `${e.message.replace(/\.$/, '')} (${n + 1} attempts).`;
      if (!(e instanceof ProviderError) || !isRetryable(e) || n >= policy.maxRetries || policy.signal?.aborted) throw e;
      const delay = retryDelay(e, n, policy);
      if (delay === undefined) throw e;
      if (policy.deadline && delay >= policy.deadline.remainingMs()) {
        const total = policy.deadline.totalMs;
        policy.log?.debug(`${policy.endpoint}: ${e.kind}, no retry: the call's ${total} ms total would pass during the wait`);
        throw e;
      }
      policy.log?.debug(`${policy.endpoint}: ${e.kind}, retry ${n + 1}/${policy.maxRetries} in ${Math.round(delay)} ms`);
      await sleep(delay, policy.signal);
      if (policy.signal?.aborted) throw new ProviderError({ kind: 'cancelled', message: `The request to endpoint '${policy.endpoint}' was cancelled.` });
    }
  }
}

/** Milliseconds to wait before retry n+1, or undefined when the server asks for longer than we will wait. */
export function retryDelay(e: ProviderError, n: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxDelayMs'>): number | undefined {
  if (e.retryAfterMs !== undefined) {
    if (e.retryAfterMs > policy.maxDelayMs) return undefined;
    return e.retryAfterMs + Math.random() * Math.min(250, policy.baseMs);
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** n);
  return cap / 2 + Math.random() * (cap / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
