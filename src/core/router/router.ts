import type { Escalation, ModelConfig, Preference, RouteDecision, RouteRequest, RouteSource, Tier } from '../types';
import type { ResolvedSettings } from '../settings/model';
import type { Pricing } from '../cost/pricing';
import { usdText } from '../agent/stepPolicy';
import { promptTokensOf, turnCost, type TurnCost, type TurnEstimate } from '../cache/turnCost';
import { WarmCaches } from '../cache/warmCaches';
import { ChatClassifier, type ChatVerdict } from './classifier';
import { LruCache } from '../lru';
import { escalationCue } from './conversations';
import { effortFor } from './effort';
import { HealthTracker } from './health';
import { modelTakesImages } from '../lm/capabilities';
import { describeRule, ruleMatches } from './rules';
import { withoutCommandPrompt } from '../chat/slashCommands';

/** Spend so far as fractions of the configured limits (1 = limit reached). Implemented by the cost tracker. */
export interface BudgetSource {
  status(): { dailyFraction?: number; monthlyFraction?: number };
}

export interface RouterOptions {
  budget?: BudgetSource;
  health?: HealthTracker;
  classifier?: ChatClassifier;
  /**
   * Endpoints that can be called now: a key is set, Bedrock is configured, Ollama answered.
   * Omitted: every configured endpoint counts as available.
   */
  available?: ReadonlySet<string>;
  /** Conversations remembered for stickiness (least recently used forgotten first). */
  maxConversations?: number;
  /**
   * Which models hold a warm prompt cache per conversation and agent task (the gateway updates it after every call).
   * Default: a new store, reachable as `router.warm`.
   */
  warm?: WarmCaches;
  /**
   * Prices for the cost of a turn on each candidate (cache/turnCost.ts, over `warm`, the settings' endpoints and
   * gearshift.cache). Without it (and without `turnCost`), a follow-up in a frontier conversation is decided by the
   * classifier's confidence and whether the frontier cache is warm, without dollars.
   */
  pricing?: () => Pricing;
  /** Prices a turn on a model (tests, the benchmark); default: turnCost over `pricing`. */
  turnCost?: TurnCost;
}

/**
 * A follow-up in a frontier conversation goes cheap only when the classifier is confident: its score at most this
 * share of the preference's threshold ('quality' asks for the most confidence, 'cost' for the least).
 */
export const CONFIDENT_SHARE: Readonly<Record<Preference, number>> = { quality: 0.4, balanced: 0.6, cost: 0.8 };

/** What to do when no model can take the images of a message. */
export const IMAGE_HELP =
  'Pick a model that takes images (GPT-5, GPT-4.1, GPT-4o, Claude), or set "vision": true on one in gearshift.models, ' +
  'or remove the images.';

const other = (t: Tier): Tier => (t === 'cheap' ? 'frontier' : 'cheap');

interface Choice {
  tier: Tier;
  source: RouteSource;
  reason: string;
  score?: number;
  /** A specific model to put first (override, rule naming a model, the model holding a warm cache). */
  model?: ModelConfig;
  escalation?: Escalation;
  /** For the effort policy (effort.ts): the classifier's log-odds margin below the dial's threshold. */
  cheapMargin?: number;
  /** A follow-up kept on the conversation's frontier model rather than switched to cheap (its cache stays warm). */
  warmFollowUp?: boolean;
  /** The prompt holds images: only models that take them may be in the chain. */
  images?: boolean;
}

/** True when a user message of the request carries images (they travel with every later turn of the conversation). */
export function hasImages(req: Pick<RouteRequest, 'messages'>): boolean {
  return (req.messages ?? []).some((m) => (m.images?.length ?? 0) > 0);
}

/** "12 min", "40 s", "2 h" */
function idleText(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/**
 * Decides, per request, which tier and which chain of models answers. Local and synchronous: no
 * network, no I/O. Precedence: the user's override > rules (workspace, then user) > a chat slash command's route
 * (gearshift.routing.commands; 'auto' defers to the chat route) > the task's route > escalation ("Retry with
 * frontier", pushback) > the chat classifier (which reads what the user typed, not the command's instruction), with
 * cache-aware stickiness: a
 * follow-up the classifier finds cheap in a conversation whose last answer was frontier stays on the frontier model
 * when that turn costs no more there (its warm cache) or the classifier is not confident, and goes cheap when the
 * classifier is confident and the frontier cache is cold or the cheap turn costs less. A turn the classifier finds
 * frontier never goes cheap for being cheaper. Then the budget may warn, downgrade or block, and the chain is
 * filtered to available endpoints and reordered by health.
 */
export class Router {
  private settings: ResolvedSettings;
  private available: ReadonlySet<string> | undefined;
  private readonly budget: BudgetSource | undefined;
  readonly health: HealthTracker;
  private readonly classifier: ChatClassifier;
  /** Per-conversation tier, for stickiness; the least recently used conversation is forgotten first. */
  private readonly conversations: LruCache<Tier>;
  /** Conversations whose next decision is a "Retry with frontier". */
  private readonly retries: LruCache<true>;
  /** Which models hold a warm prompt cache per conversation and agent task (updated by the gateway). */
  readonly warm: WarmCaches;
  private readonly turnCost: TurnCost | undefined;

  constructor(settings: ResolvedSettings, opts: RouterOptions = {}) {
    this.settings = settings;
    this.available = opts.available;
    this.budget = opts.budget;
    this.health = opts.health ?? new HealthTracker();
    this.classifier = opts.classifier ?? new ChatClassifier();
    this.conversations = new LruCache<Tier>(opts.maxConversations ?? 1000);
    this.retries = new LruCache<true>(opts.maxConversations ?? 1000);
    this.warm = opts.warm ?? new WarmCaches({ maxConversations: opts.maxConversations });
    const pricing = opts.pricing;
    this.turnCost =
      opts.turnCost ??
      (pricing && turnCost({ pricing, endpoints: () => this.settings.endpoints, cache: () => this.settings.cache, warm: this.warm }));
  }

  updateSettings(settings: ResolvedSettings): void {
    this.settings = settings;
  }

  setAvailable(available: ReadonlySet<string> | undefined): void {
    this.available = available;
  }

  /**
   * The user wants a better answer: the conversation's next request goes to frontier, and its decision says it
   * escalated ('retry').
   */
  retryWithFrontier(conversationId: string): void {
    this.conversations.set(conversationId, 'frontier');
    this.retries.set(conversationId, true);
  }

  decide(req: RouteRequest): RouteDecision {
    const id = req.conversationId;
    const retry = id !== undefined && this.retries.get(id) === true;
    if (retry) this.retries.delete(id);
    const choice = hasImages(req) ? this.forImages(req, this.choose(req, retry)) : this.choose(req, retry);
    if (req.task === 'chat' && id) this.conversations.set(id, choice.tier);
    const decision = this.finish(choice);
    if (retry) decision.escalation = 'retry';
    return decision;
  }

  /**
   * One step of an agent task, already given its tier by the step policy (agent/stepPolicy.ts): only the budget,
   * availability and health apply, as for any request. `reason` says why ("step 4 · cheap · reading search results").
   */
  decideStep(tier: Tier, reason: string): RouteDecision {
    return this.finish({ tier, source: 'step', reason });
  }

  private choose(req: RouteRequest, retry: boolean): Choice {
    const task = req.task;
    // A chat message that started with a slash command is named by it in every reason ("/fix → frontier (command route)").
    const command = task === 'chat' ? req.command : undefined;
    const name = command ? `/${command}` : task;
    let note = '';
    const ov = req.override;
    if (typeof ov === 'string') return { tier: ov, source: 'override', reason: `${name} → ${ov} (your choice)` };
    if (ov) {
      const model = this.model(ov.model);
      if (model) return { tier: this.tierOf(ov.model), source: 'override', reason: `${name} → ${ov.model} (your choice)`, model };
      note = ` (model '${ov.model}' you picked is not configured)`;
    }
    const rule = this.settings.rules.find((r) => ruleMatches(r, req));
    if (rule) {
      const model = rule.model ? this.model(rule.model) : undefined;
      const tier = rule.tier ?? this.tierOf(rule.model!);
      return { tier, source: 'rule', reason: `${name} → ${model ? model.name : tier} (${describeRule(rule)})${note}`, model };
    }
    // The command's route (gearshift.routing.commands); 'auto' leaves the message to the chat route below.
    const commandRoute = command ? this.settings.routing.commands[command] : 'auto';
    if (commandRoute !== 'auto') return { tier: commandRoute, source: 'task', reason: `${name} → ${commandRoute} (command route)${note}` };
    const route = this.settings.routing[task];
    if (route !== 'auto') return { tier: route, source: 'task', reason: `${name} → ${route} (task route)${note}` };

    if (command) req = { ...req, messages: withoutCommandPrompt(req.messages ?? [], command) };
    const messages = req.messages ?? [];
    const previous = req.conversationId ? this.conversations.get(req.conversationId) : undefined;
    if (retry)
      return { tier: 'frontier', source: 'sticky', reason: `${name} → frontier (Retry with frontier)${note}`, escalation: 'retry' };
    const cue = escalationCue(messages);
    if (cue && previous === 'frontier')
      return { tier: 'frontier', source: 'sticky', reason: `${name}: ${cue} after a frontier answer → frontier${note}` };
    if (cue)
      return {
        tier: 'frontier',
        source: 'sticky',
        reason: `${name}: ${cue} after an answer → frontier (escalated)${note}`,
        escalation: 'pushback',
      };
    const preference = this.settings.routing.preference;
    const v = this.classifier.classify(req, preference);
    if (previous === 'frontier' && v.tier === 'cheap' && req.conversationId) return this.followUp(req, req.conversationId, v, note, name);
    const why = v.signals.length ? v.signals.join(' + ') : 'plain ask';
    const dial = preference === 'balanced' ? '' : `, ${preference} dial`;
    const reason = `${name}: ${why} → ${v.tier} (score ${v.score.toFixed(2)}${dial})${note}`;
    return { tier: v.tier, source: 'classifier', score: v.score, reason, cheapMargin: this.classifier.cheapMargin(v.score, preference) };
  }

  /**
   * A request with images: only models that take them may answer (gearshift.models' `vision`, else the catalog of
   * model families). The user's own pick stays as it is (the chain is then cut to its image models, and is refused
   * when none is left); anything else routed to a tier without an image model goes to the other tier when that one has
   * one: "image attached → frontier".
   */
  private forImages(req: RouteRequest, choice: Choice): Choice {
    const images: Choice = { ...choice, images: true };
    if (choice.source === 'override') return images;
    if (choice.model && !modelTakesImages(choice.model)) delete images.model;
    if (this.imageModels(choice.tier).length > 0 || this.imageModels(other(choice.tier)).length === 0) return images;
    const tier = other(choice.tier);
    const reason = `${req.task}: image attached → ${tier} (was: ${choice.reason})`;
    return { tier, source: choice.source, reason, score: choice.score, escalation: choice.escalation, images: true };
  }

  /** The tier's usable models that take images, in configured order. */
  imageModels(tier: Tier): ModelConfig[] {
    return this.usableModels(tier).filter(modelTakesImages);
  }

  /**
   * A follow-up the classifier finds cheap in a conversation whose last answer was frontier: stays on the frontier
   * model when the classifier is not confident, or when the turn costs no more there than on the cheap model (its
   * warm cache); goes cheap when the classifier is confident and the frontier cache is cold or the cheap turn costs
   * less. Without prices, a warm frontier cache keeps it.
   */
  private followUp(req: RouteRequest, key: string, v: ChatVerdict, note: string, task: string): Choice {
    const now = req.now ?? Date.now();
    const frontierModels = this.usableModels('frontier');
    const frontier = frontierModels.find((m) => this.warm.warm(key, m.name, now)) ?? frontierModels[0];
    const cheap = this.usableModels('cheap')[0];
    const score = v.score.toFixed(2);
    const limit = this.confidentBelow(this.settings.routing.preference);
    if (!frontier || !cheap) {
      return {
        tier: 'frontier',
        source: 'sticky',
        score: v.score,
        reason: `${task} → frontier (follow-up in a frontier conversation)${note}`,
      };
    }
    const warm = this.warm.warm(key, frontier.name, now);
    let fc: TurnEstimate | undefined;
    let cc: TurnEstimate | undefined;
    if (this.turnCost) {
      const size = promptTokensOf(req.messages ?? [], req.attachments ?? []);
      const turn = { key, promptTokens: size.total, newTokens: size.fresh, now };
      fc = this.turnCost(frontier, turn);
      cc = fc && this.turnCost(cheap, turn);
    }
    const priced = fc !== undefined && cc !== undefined;
    const vs = priced ? `${usdText(fc!.usd)} vs ${usdText(cc!.usd)} on ${cheap.name}` : '';
    const stay = (why: string): Choice => ({
      tier: 'frontier',
      source: 'sticky',
      score: v.score,
      model: frontier,
      reason: `${task} → frontier: stayed on ${frontier.name}: ${why}${note}`,
      cheapMargin: this.classifier.cheapMargin(v.score, this.settings.routing.preference),
      warmFollowUp: true,
    });
    if (v.score > limit) return stay(`not confident it is cheap (score ${v.score.toFixed(3)} > ${limit.toFixed(3)})${vs && `, ${vs}`}`);
    if (priced && fc!.usd <= cc!.usd) return stay(`${warm ? 'cached prefix' : 'costs no more'}, ${vs}`);
    if (!priced && warm) return stay(`cached prefix (no prices to compare)`);
    const last = this.warm.latest(key, frontier.name);
    const cold = warm
      ? `cheaper despite ${frontier.name}'s cached prefix`
      : last
        ? `frontier cache cold (idle ${idleText(now - last.usedAt)})`
        : `no frontier cache`;
    const dollars = priced ? `: ${cheap.name} ${usdText(cc!.usd)} vs ${frontier.name} ${usdText(fc!.usd)}` : '';
    return {
      tier: 'cheap',
      source: 'classifier',
      score: v.score,
      reason: `${task} → cheap: ${cold}, confident cheap (score ${score})${dollars}${note}`,
    };
  }

  /** Scores at or below this are confidently cheap under the preference (CONFIDENT_SHARE of its threshold). */
  confidentBelow(preference: Preference): number {
    return this.classifier.threshold(preference) * CONFIDENT_SHARE[preference];
  }

  /** The tier a model is listed in (frontier when in both or neither: a named model is a deliberate pick). */
  private tierOf(modelName: string): Tier {
    return this.settings.tiers.cheap.includes(modelName) && !this.settings.tiers.frontier.includes(modelName) ? 'cheap' : 'frontier';
  }

  /** The tier's models whose endpoint is usable now, in configured order (health not applied). */
  usableModels(tier: Tier): ModelConfig[] {
    return this.settings.tiers[tier].flatMap((n) => {
      const m = this.model(n);
      return m && this.isAvailable(m) ? [m] : [];
    });
  }

  /** A configured model by name; names like "constructor" must not find Object.prototype's members. */
  private model(name: string): ModelConfig | undefined {
    return Object.hasOwn(this.settings.models, name) ? this.settings.models[name] : undefined;
  }

  private isAvailable(m: ModelConfig): boolean {
    return this.available === undefined || this.available.has(m.endpoint);
  }

  /** The choice's chain, budget and health applied, with the preference it was made under and any escalation. */
  private finish(choice: Choice): RouteDecision {
    const decision = this.chainFor(choice);
    decision.preference = this.settings.routing.preference;
    if (choice.escalation) decision.escalation = choice.escalation;
    // The dial's reasoning effort (effort.ts): only where the model, the source and the classifier's margin allow.
    const effort = effortFor(decision, {
      preference: decision.preference,
      cheapMargin: choice.cheapMargin,
      warmFollowUp: choice.warmFollowUp,
    });
    if (effort) {
      decision.effort = effort.effort;
      decision.reason += ` · ${effort.note}`;
    }
    return decision;
  }

  private chainFor(choice: Choice): RouteDecision {
    let { tier, reason, source } = choice;
    const budget = this.budgetState();
    let localOnly = false;
    if (budget) {
      const { onExceed } = this.settings.budget;
      if (onExceed === 'block') localOnly = true;
      else if (onExceed === 'downgrade' && tier === 'frontier') {
        reason = `budget ${budget.pct}% → downgraded to cheap (was: ${reason})`;
        tier = 'cheap';
        source = 'budget';
      } else reason += ` (over the ${budget.name} budget: ${budget.pct}% used)`;
    }

    const usable = (t: Tier): ModelConfig[] => (choice.images ? this.imageModels(t) : this.usableModels(t));
    let chain = usable(tier);
    const pick = choice.model;
    if (pick && this.isAvailable(pick) && tier === choice.tier && (!choice.images || modelTakesImages(pick)))
      chain = [pick, ...chain.filter((m) => m.name !== pick.name)];
    if (chain.length === 0 && choice.images && choice.source === 'override') {
      const what = pick ? `${pick.name} does not take images` : `no usable ${tier} model takes images`;
      const blocked = `${what}, so this message was not sent. ${IMAGE_HELP}`;
      return { tier, chain, reason: `${reason}; ${what}`, source, score: choice.score, blocked };
    }
    if (chain.length === 0 && source !== 'budget') {
      chain = usable(other(tier));
      if (chain.length) reason += `; no usable ${tier} model${choice.images ? ' takes images' : ''} → ${other(tier)}`;
    }
    if (localOnly && budget) {
      chain = chain.filter((m) => this.settings.endpoints[m.endpoint]?.local);
      if (chain.length === 0) {
        return {
          tier,
          chain,
          reason: `budget ${budget.pct}% → blocked (was: ${reason})`,
          source: 'budget',
          score: choice.score,
          blocked: this.blockMessage(budget),
        };
      }
      reason = `budget ${budget.pct}% → local models only (was: ${reason})`;
      source = 'budget';
    }
    if (chain.length === 0 && choice.images) {
      const blocked = `No usable model takes images, so this message was not sent. ${IMAGE_HELP}`;
      return { tier, chain, reason, source, score: choice.score, blocked };
    }
    if (chain.length === 0) {
      const blocked =
        source === 'budget'
          ? `No cheap model is usable and the ${budget?.name} budget is used up, so this request was not sent. ` +
            'Set a key for a cheap model, start Ollama, or raise gearshift.budget.'
          : 'No model is usable: none of the models in gearshift.tiers has an available endpoint. ' +
            'Set an API key with "Gearshift: Set API Key", configure gearshift.bedrock.region, or start Ollama.';
      return { tier, chain, reason, source, score: choice.score, blocked };
    }
    const ordered = this.health.orderChain(chain);
    const notes = this.health.skipNotes(chain, ordered);
    chain = ordered;
    if (notes.length) reason += `; ${notes.join('; ')}`;
    const decision: RouteDecision = { tier, chain, reason, source };
    if (choice.score !== undefined) decision.score = choice.score;
    return decision;
  }

  private budgetState(): { name: 'daily' | 'monthly'; pct: number; limit?: number } | undefined {
    if (!this.budget) return undefined;
    const { dailyFraction = 0, monthlyFraction = 0 } = this.budget.status();
    const { dailyUsd, monthlyUsd } = this.settings.budget;
    const daily = dailyUsd !== undefined && dailyFraction >= 1 ? dailyFraction : 0;
    const monthly = monthlyUsd !== undefined && monthlyFraction >= 1 ? monthlyFraction : 0;
    if (!daily && !monthly) return undefined;
    return monthly >= daily
      ? { name: 'monthly', pct: Math.floor(monthly * 100), limit: monthlyUsd }
      : { name: 'daily', pct: Math.floor(daily * 100), limit: dailyUsd };
  }

  private blockMessage(b: { name: 'daily' | 'monthly'; pct: number; limit?: number }): string {
    const key = b.name === 'daily' ? 'dailyUsd' : 'monthlyUsd';
    const resets = b.name === 'daily' ? 'at midnight' : 'on the 1st of next month';
    return (
      `Gearshift's ${b.name} budget of $${b.limit} is used up (${b.pct}%), so this request was not sent. It resets ${resets}. ` +
      `To continue now, raise gearshift.budget.${key}, or set gearshift.budget.onExceed to "downgrade" (use cheap models) or "warn".`
    );
  }
}
