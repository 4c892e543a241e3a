import type { ErrorKind } from '../providers/errors';
import type { HealthFailure } from '../router/health';

/**
 * How a routed request can end without an answer: a provider's error kind, or one of the gateway's own.
 * - blocked: the budget stopped the request before any model was called;
 * - noModel: the decision's chain is empty (nothing configured or usable for the tier);
 * - unknownEndpoint: a model names an endpoint that is not configured;
 * - internal: a bug in Gearshift (an exception that is not a provider error).
 */
export type OutcomeKind = ErrorKind | 'blocked' | 'noModel' | 'unknownEndpoint' | 'internal';

/** Failures that say the model (or its endpoint) is unwell: the health tracker cools it down. */
const HEALTH_KINDS: ReadonlySet<OutcomeKind> = new Set<HealthFailure>(['auth', 'rateLimited', 'unavailable', 'network']);

/** Failures after which the next model of the chain may answer the same request. */
const FALLBACK_KINDS: ReadonlySet<OutcomeKind> = new Set<OutcomeKind>([
  'auth', 'rateLimited', 'unavailable', 'network', 'contextTooLong', 'unknownEndpoint',
]);

export function healthFailure(kind: OutcomeKind | undefined): HealthFailure | undefined {
  return kind !== undefined && HEALTH_KINDS.has(kind) ? (kind as HealthFailure) : undefined;
}

/**
 * The one fallback rule, for chat, completion and agent steps alike: try the next model only when the failure
 * is the model's (not the request's, not the user's cancel) and nothing of the reply has reached the user.
 */
export function fallsBack(kind: OutcomeKind, replyStarted: boolean): boolean {
  return !replyStarted && FALLBACK_KINDS.has(kind);
}
