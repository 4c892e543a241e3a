/**
 * The closed set of ways a provider call can fail. Callers branch on `kind` only:
 * retryable kinds are rateLimited, unavailable and network (before the first delta).
 */
export type ErrorKind = 'auth' | 'rateLimited' | 'unavailable' | 'contextTooLong' | 'badRequest' | 'network' | 'cancelled';
export const ERROR_KINDS: readonly ErrorKind[] = [
  'auth',
  'rateLimited',
  'unavailable',
  'contextTooLong',
  'badRequest',
  'network',
  'cancelled',
];
