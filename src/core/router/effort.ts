import type { ModelConfig, Preference, ReasoningEffort, RouteDecision } from '../types';
import { bareModel, modelTraits } from '../providers/modelTraits';
import { BORDERLINE_MARGIN } from './classifier';

/**
 * How a model takes a reasoning effort. `default`: the effort it reasons at when the request names none
 * (undefined: it does not reason unless asked — Claude's extended thinking is off by default, so there is
 * nothing to lower). `minimal`: whether 'minimal' is accepted (gpt-5 family; o-series and Claude take 'low').
 */
export interface EffortTraits {
  /** 'openai': reasoning_effort; 'thinking': Anthropic / Bedrock Claude extended thinking with a budget. */
  kind: 'openai' | 'thinking';
  default?: ReasoningEffort;
  minimal: boolean;
}

/**
 * Which models take an effort (providers/modelTraits.ts says whether `reasoningEffort` means anything for a model;
 * this adds the default it reasons at and whether 'minimal' is accepted):
 * - gpt-5, gpt-5-mini, gpt-5-nano (not *-chat*): reasoning_effort, default 'medium', 'minimal' accepted;
 * - gpt-5.1 and later gpt-5.x, gpt-6…: default 'none' (no reasoning) — nothing to lower;
 * - o1 / o3 / o4-mini …: reasoning_effort, default 'medium', no 'minimal';
 * - thinking Claudes (Anthropic or Bedrock): extended / adaptive thinking, off unless asked — nothing to lower.
 */
export function effortTraits(modelId: string): EffortTraits | undefined {
  const traits = modelTraits(modelId);
  if (!traits.reasoningEffort) return undefined;
  if (traits.family === 'claude') return { kind: 'thinking', minimal: false };
  const id = bareModel(modelId);
  if (/^gpt-5(\b|-)/.test(id) && !/^gpt-5\.\d/.test(id)) return { kind: 'openai', default: 'medium', minimal: true };
  if (/^o\d/.test(id)) return { kind: 'openai', default: 'medium', minimal: false };
  return { kind: 'openai', minimal: false };
}

const RANK: Record<ReasoningEffort, number> = { minimal: 0, low: 1, medium: 2, high: 3 };

/**
 * Reasoning tokens a chat turn is assumed to spend at each effort (rough figures for coding questions on gpt-5-class
 * models, used only to say what lowering saves; the ledger has the real counts).
 */
export const EXPECTED_REASONING_TOKENS: Record<ReasoningEffort, number> = { minimal: 0, low: 500, medium: 2000, high: 6000 };

/** What the router knows about the turn besides the decision itself. */
export interface EffortContext {
  preference: Preference;
  /**
   * The classifier's confidence that the turn is cheap, in log-odds below the preference's threshold
   * (ChatClassifier.cheapMargin: positive — cheap verdict; 0 to -BORDERLINE_MARGIN — borderline frontier).
   * Absent: the classifier did not score the turn; the effort is left alone.
   */
  cheapMargin?: number;
  /** The decision keeps a conversation on its frontier model for its warm prompt cache (a follow-up). */
  warmFollowUp?: boolean;
  /** The user asked for frontier (Retry with frontier, a pushback escalation): never lowered. */
  escalated?: boolean;
  /**
   * Prices, when the caller has them: the answering model's output price and the same turn's expected cost on the
   * cheap tier's first model (its name). Used to show what lowering saves against switching model.
   */
  costs?: { outputUsdPerMTok: number; cheapTurnUsd?: number; cheapModel?: string };
}

export interface EffortChoice {
  effort: ReasoningEffort;
  /** Appended to the decision's reason: "effort low (borderline)" / "effort minimal (simple follow-up kept on its model)". */
  note: string;
}

/** Sources whose frontier verdict is the router's own judgement (the user's picks, rules and task routes are kept). */
const JUDGED = new Set<RouteDecision['source']>(['classifier', 'sticky']);

/**
 * The reasoning effort for a decision, or undefined to leave the model's default. Pure.
 *
 * Lowering effort keeps the model (and its warm prompt cache) and cuts reasoning tokens, billed as output; switching
 * to the cheap tier loses the cache and risks the answer. So, for a frontier turn answered by a model that reasons
 * by default, chosen by the router's judgement (classifier or a conversation follow-up, not an escalation):
 * - quality: never lowered;
 * - balanced: 'low' when the classifier puts the turn just over the threshold (within BORDERLINE_MARGIN log-odds)
 *   or when a warm-cache follow-up stays on the frontier although the classifier calls the turn cheap;
 * - cost: as balanced with twice the borderline band, and a warm-cache follow-up the classifier calls cheap goes
 *   to 'minimal' where the model accepts it ('low' otherwise).
 * Never raises effort above the model's default. With prices in `ctx.costs` the note says what the lowering saves
 * (expected reasoning tokens × output price) next to the cheap model's cost for the turn.
 */
export function effortFor(
  decision: Pick<RouteDecision, 'tier' | 'chain' | 'source' | 'escalation'>,
  ctx: EffortContext,
): EffortChoice | undefined {
  if (ctx.preference === 'quality' || decision.tier !== 'frontier' || ctx.escalated || decision.escalation) return undefined;
  if (!JUDGED.has(decision.source) || ctx.cheapMargin === undefined) return undefined;
  const model: ModelConfig | undefined = decision.chain[0];
  const traits = model && effortTraits(model.model);
  if (!traits?.default) return undefined;
  const band = ctx.preference === 'cost' ? 2 * BORDERLINE_MARGIN : BORDERLINE_MARGIN;
  const m = ctx.cheapMargin;
  let effort: ReasoningEffort | undefined;
  let why: string;
  if (ctx.warmFollowUp && m > 0) {
    effort = ctx.preference === 'cost' && traits.minimal ? 'minimal' : 'low';
    why = 'simple follow-up kept on its model';
  } else if (m <= 0 && -m < band) {
    effort = 'low';
    why = 'borderline';
  } else return undefined;
  if (RANK[effort] >= RANK[traits.default]) return undefined;
  return { effort, note: `effort ${effort} (${why}${savings(traits.default, effort, ctx.costs)})` };
}

function savings(from: ReasoningEffort, to: ReasoningEffort, costs: EffortContext['costs']): string {
  if (!costs) return '';
  const saved = ((EXPECTED_REASONING_TOKENS[from] - EXPECTED_REASONING_TOKENS[to]) * costs.outputUsdPerMTok) / 1e6;
  let s = `; ≈${usd(saved)} less than ${from}`;
  if (costs.cheapTurnUsd !== undefined) s += `, ${costs.cheapModel ?? 'cheap'} ${usd(costs.cheapTurnUsd)} without the cache`;
  return s;
}

const usd = (v: number): string => `$${v < 0.01 ? v.toFixed(4) : v.toFixed(3)}`;
