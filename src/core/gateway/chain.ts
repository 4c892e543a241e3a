import { isProviderError, type Provider } from '../providers';
import type { HealthTracker } from '../router/health';
import type { ToolCall } from '../toolCalls';
import type { CallResult, GatewayOutcome, ModelConfig, RouteDecision } from '../types';
import { fallsBack, healthFailure, type OutcomeKind } from './outcome';

/** One model of the chain, ready to be called. */
export interface CallTarget {
  model: ModelConfig;
  provider: Provider;
  /** Pass the reply's text deltas through this: the walk then knows the reply has started. */
  onDelta: (text: string) => void;
  /** Pass each finished tool call through this: a reply that called a tool has started too. */
  onToolCall: (call: ToolCall) => void;
}

/** A call that ended without a usable answer, as the walk hands it to its host to record. */
export interface FailedCall {
  outcome: GatewayOutcome & { error: NonNullable<GatewayOutcome['error']> };
  latencyMs: number;
  retryAfterMs?: number;
}

export interface ChainWalk {
  decision: RouteDecision;
  /** The provider of a configured endpoint, or undefined when it is not configured. */
  provider(endpointName: string): Provider | undefined;
  /** Makes one call to one model; rejects with a ProviderError (partial text and usage on it when some came). */
  call(target: CallTarget): Promise<CallResult>;
  /** Every failed call ends here (the host records it: health, price, ledger). */
  onFailure(failed: FailedCall): void;
  onDelta?: (text: string) => void;
  onToolCall?: (call: ToolCall) => void;
  signal?: AbortSignal;
  health: HealthTracker;
  now(): number;
}

/** The answer of a walk: the outcome of the call that answered (unrecorded: the host records it) or of the last failure. */
export interface WalkResult {
  outcome: GatewayOutcome;
  /** Set when a model answered: how long its call took. */
  latencyMs?: number;
}

/**
 * The one walk along a tier's chain, for every task: each model in order until one answers; a failure moves to
 * the next model only under the one fallback rule (see fallsBack), and the reasons are collected as notes
 * ("sonnet rate-limited → bedrock-sonnet"). Never rejects.
 */
export async function walkChain(w: ChainWalk): Promise<WalkResult> {
  const { decision } = w;
  const fallbacks: string[] = [];
  let last: FailedCall | undefined;
  for (let i = 0; i < decision.chain.length; i++) {
    const model = decision.chain[i];
    const next = decision.chain[i + 1];
    const base = { decision, modelName: model.name, endpoint: model.endpoint, fallbacks };
    const provider = w.provider(model.endpoint);
    if (!provider) {
      const message =
        `Model '${model.name}' names endpoint '${model.endpoint}', which is not configured. ` +
        'Add it to gearshift.endpoints (user settings).';
      last = { outcome: { ...base, error: { kind: 'unknownEndpoint', message } }, latencyMs: 0 };
      if (next) {
        fallbacks.push(`${model.name}: unknown endpoint → ${next.name}`);
        continue;
      }
      break;
    }
    let started = false;
    const t0 = w.now();
    try {
      const result = await w.call({
        model,
        provider,
        onDelta: (t) => {
          started = true;
          w.onDelta?.(t);
        },
        onToolCall: (c) => {
          started = true;
          w.onToolCall?.(c);
        },
      });
      return { outcome: { ...base, result }, latencyMs: w.now() - t0 };
    } catch (err) {
      const e = failureOf(err);
      const latencyMs = w.now() - t0;
      const partial = e.partialText;
      last = {
        outcome: {
          ...base,
          result: e.usage ? { text: partial ?? '', usage: e.usage, estimated: e.estimated ?? true, totalMs: latencyMs } : undefined,
          error: { kind: e.kind, message: e.message, partialText: partial, ...(e.modelNotFound && { modelNotFound: true }) },
        },
        latencyMs,
        retryAfterMs: e.retryAfterMs,
      };
      w.onFailure(last);
      const cancelled = e.kind === 'cancelled' || w.signal?.aborted === true;
      if (!cancelled && next && fallsBack(e.kind, started)) {
        fallbacks.push(w.health.fallbackNote(model.name, next.name, healthFailure(e.kind)));
        continue;
      }
      break;
    }
  }
  if (!last) {
    const message = `No model is configured for the ${decision.tier} tier. Add one to gearshift.tiers.${decision.tier}.`;
    return { outcome: { decision, modelName: '', endpoint: '', fallbacks, error: { kind: 'noModel', message } } };
  }
  return { outcome: last.outcome };
}

interface Failure {
  kind: OutcomeKind;
  message: string;
  partialText?: string;
  usage?: CallResult['usage'];
  estimated?: boolean;
  retryAfterMs?: number;
  modelNotFound?: boolean;
}

function failureOf(err: unknown): Failure {
  if (isProviderError(err)) return err;
  return { kind: 'internal', message: `Gearshift failed unexpectedly: ${err instanceof Error ? err.message : String(err)}` };
}
