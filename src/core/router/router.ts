import type { ModelConfig, RouteDecision, RouteRequest, RouteSource, Tier } from '../types';
import type { ResolvedSettings } from '../settings/model';
import { ChatClassifier } from './classifier';
import { LruCache } from '../lru';
import { escalationCue } from './conversations';
import { HealthTracker } from './health';
import { describeRule, ruleMatches } from './rules';
import { effortFor } from './effort';

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
}

const other = (t: Tier): Tier => (t === 'cheap' ? 'frontier' : 'cheap');

interface Choice {
  tier: Tier;
  source: RouteSource;
  reason: string;
  score?: number;
  /** A specific model to put first (override or rule naming a model). */
  model?: ModelConfig;
  /** For the effort policy (effort.ts): the classifier's log-odds margin below the dial's threshold. */
  cheapMargin?: number;
  /** A follow-up kept on the conversation's frontier model (its prompt cache is warm). */
  warmFollowUp?: boolean;
  /** The user asked for frontier (Retry with frontier, or a pushback cue): effort is never lowered. */
  escalated?: boolean;
}

/**
 * Decides, per request, which tier and which chain of models answers. Local and synchronous: no
 * network, no I/O. Precedence: the user's override > rules (workspace, then user) > the task's
 * route > conversation stickiness > the chat classifier. Then the budget may warn, downgrade or
 * block, and the chain is filtered to available endpoints and reordered by health.
 */
export class Router {
  private settings: ResolvedSettings;
  private available: ReadonlySet<string> | undefined;
  private readonly budget: BudgetSource | undefined;
  readonly health: HealthTracker;
  private readonly classifier: ChatClassifier;
  /** Per-conversation tier, for stickiness; the least recently used conversation is forgotten first. */
  private readonly conversations: LruCache<Tier>;
  /** Conversations whose next request is a "Retry with frontier" (consumed by that request). */
  private readonly retried: LruCache<true>;

  constructor(settings: ResolvedSettings, opts: RouterOptions = {}) {
    this.settings = settings;
    this.available = opts.available;
    this.budget = opts.budget;
    this.health = opts.health ?? new HealthTracker();
    this.classifier = opts.classifier ?? new ChatClassifier();
    this.conversations = new LruCache<Tier>(opts.maxConversations ?? 1000);
    this.retried = new LruCache<true>(opts.maxConversations ?? 1000);
  }

  updateSettings(settings: ResolvedSettings): void {
    this.settings = settings;
  }

  setAvailable(available: ReadonlySet<string> | undefined): void {
    this.available = available;
  }

  /** The user wants a better answer: the conversation's next requests go to frontier. */
  retryWithFrontier(conversationId: string): void {
    this.conversations.set(conversationId, 'frontier');
    this.retried.set(conversationId, true);
  }

  decide(req: RouteRequest): RouteDecision {
    const choice = this.choose(req);
    if (req.task === 'chat' && req.conversationId) this.conversations.set(req.conversationId, choice.tier);
    return this.finish(choice);
  }

  /**
   * One step of an agent task, already given its tier by the step policy (agent/stepPolicy.ts): only the budget,
   * availability and health apply, as for any request. `reason` says why ("step 4 · cheap · reading search results").
   */
  decideStep(tier: Tier, reason: string): RouteDecision {
    return this.finish({ tier, source: 'step', reason });
  }

  private choose(req: RouteRequest): Choice {
    const task = req.task;
    let note = '';
    const ov = req.override;
    if (typeof ov === 'string') return { tier: ov, source: 'override', reason: `${task} → ${ov} (your choice)` };
    if (ov) {
      const model = this.model(ov.model);
      if (model) return { tier: this.tierOf(ov.model), source: 'override', reason: `${task} → ${ov.model} (your choice)`, model };
      note = ` (model '${ov.model}' you picked is not configured)`;
    }
    const rule = this.settings.rules.find((r) => ruleMatches(r, req));
    if (rule) {
      const model = rule.model ? this.model(rule.model) : undefined;
      const tier = rule.tier ?? this.tierOf(rule.model!);
      return { tier, source: 'rule', reason: `${task} → ${model ? model.name : tier} (${describeRule(rule)})${note}`, model };
    }
    const route = this.settings.routing[task];
    if (route !== 'auto') return { tier: route, source: 'task', reason: `${task} → ${route} (task route)${note}` };

    const messages = req.messages ?? [];
    const previous = req.conversationId ? this.conversations.get(req.conversationId) : undefined;
    const preference = this.settings.routing.preference;
    const retried = req.conversationId !== undefined && this.retried.get(req.conversationId) === true;
    if (retried) this.retried.delete(req.conversationId!);
    if (previous === 'frontier') {
      const cheapMargin = this.classifier.cheapMargin(this.classifier.classify(req, preference).score, preference);
      const reason = `${task} → frontier (follow-up in a frontier conversation)${note}`;
      return { tier: 'frontier', source: 'sticky', reason, cheapMargin, warmFollowUp: true, escalated: retried };
    }
    const cue = escalationCue(messages);
    if (cue)
      return {
        tier: 'frontier',
        source: 'sticky',
        reason: `${task}: ${cue} after an answer → frontier (escalated)${note}`,
        escalated: true,
      };
    const v = this.classifier.classify(req, preference);
    const why = v.signals.length ? v.signals.join(' + ') : 'plain ask';
    const dial = preference === 'balanced' ? '' : `, ${preference} dial`;
    const reason = `${task}: ${why} → ${v.tier} (score ${v.score.toFixed(2)}${dial})${note}`;
    const cheapMargin = this.classifier.cheapMargin(v.score, preference);
    return { tier: v.tier, source: 'classifier', score: v.score, reason, cheapMargin };
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

  private finish(choice: Choice): RouteDecision {
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

    let chain = this.usableModels(tier);
    if (choice.model && this.isAvailable(choice.model) && tier === choice.tier)
      chain = [choice.model, ...chain.filter((m) => m.name !== choice.model!.name)];
    if (chain.length === 0 && source !== 'budget') {
      chain = this.usableModels(other(tier));
      if (chain.length) reason += `; no usable ${tier} model → ${other(tier)}`;
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
    const decision: RouteDecision = { tier, chain, reason, source, preference: this.settings.routing.preference };
    if (choice.score !== undefined) decision.score = choice.score;
    const effort = effortFor(decision, { ...choice, preference: this.settings.routing.preference });
    if (effort) {
      decision.effort = effort.effort;
      decision.reason += ` · ${effort.note}`;
    }
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
