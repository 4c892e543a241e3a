import type { Preference } from '../types';
import { extractFeatures, FEATURES, type ChatInput } from './features';
import fitted from './weights.json';

/** Frontier recall and cheap share of the chat classifier at one threshold, measured on the dev set. */
export interface RecallShare {
  /** Frontier-labelled records routed to frontier / all frontier-labelled records. */
  recall: number;
  /** Records routed to cheap / all records. */
  cheapShare: number;
}

/**
 * One setting of the quality/cost dial (gearshift.routing.preference): the threshold fitted for a frontier-recall
 * target and what it reached on the dev set (test/tools/fit-router.ts explains the three measurements).
 */
export interface OperatingPoint {
  /** Probability of frontier at or above which a chat request goes to frontier. */
  threshold: number;
  /** Frontier recall the threshold was fitted to reach on out-of-fold scores. */
  targetRecall: number;
  /** The shipped model on the dev set (in-sample); confusion[label][routed], 0 = cheap, 1 = frontier. */
  devset: RecallShare & { confusion: number[][] };
  /** Pooled out-of-fold scores of repeated k-fold cross-validation, on which the threshold was chosen. */
  outOfFold: RecallShare;
  /** Nested cross-validation (threshold chosen without the held-out fold): the honest estimate for unseen prompts. */
  nested: RecallShare & { worstRepeatRecall: number };
  /** test/data/heldout.jsonl (prompts written apart from the dev set, never fitted on), routed by the shipped model. */
  heldout?: RecallShare & { records: number };
}

/** A fitted logistic model over FEATURES (see test/tools/fit-router.ts, which writes weights.json). */
export interface ClassifierWeights {
  features: string[];
  weights: number[];
  bias: number;
  /** Probability of frontier at or above which a chat request goes to frontier at 'balanced' (kept for older callers). */
  threshold: number;
  /** Per preference, the dial's operating point; missing: every preference uses `threshold`. */
  operatingPoints?: Record<Preference, Pick<OperatingPoint, 'threshold'> & Partial<OperatingPoint>>;
}

export interface ChatVerdict {
  tier: 'cheap' | 'frontier';
  /** Probability of frontier. */
  score: number;
  /** The strongest signals behind the verdict, as short phrases ("stack trace", "'why'"). */
  signals: string[];
}

/** Contributions (log-odds) below this are too small to mention in a reason. */
const MENTION = 0.35;
/** Log-odds below the threshold from which a cheap verdict counts as confident (odds of frontier < 1/3 the threshold's). */
export const CONFIDENT_MARGIN = Math.log(3);
/** Log-odds above the threshold within which a frontier verdict counts as borderline (odds < 3× the threshold's). */
export const BORDERLINE_MARGIN = Math.log(3);

const logOdds = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  return Math.log(q / (1 - q));
};

/**
 * The local chat classifier: deterministic, no network, no downloaded weights. Scores a request,
 * compares with the fitted threshold and names the features that pushed hardest towards the answer.
 */
export class ChatClassifier {
  private readonly w: ClassifierWeights;
  /** Per feature, the value at which it neither helps nor hurts: the middle of its usual range. */
  private readonly neutral: number[];

  constructor(weights: ClassifierWeights = fitted) {
    const names = FEATURES.map((f) => f.name);
    if (weights.features.join(',') !== names.join(',') || weights.weights.length !== names.length) {
      throw new Error(
        `Classifier weights are for features [${weights.features.join(', ')}] ` +
          `but the code computes [${names.join(', ')}]. Rerun test/tools/fit-router.ts.`,
      );
    }
    this.w = weights;
    // prose ≈ 20 words and context ≈ 0.5 kB are ordinary; other features are counts whose absence is ordinary.
    this.neutral = names.map((n) => (n === 'prose' ? Math.log1p(20) : n === 'context' ? Math.log1p(0.5) : 0));
  }

  /** Scores a request and routes it at the preference's operating point. */
  classify(input: ChatInput, preference: Preference = 'balanced'): ChatVerdict {
    const x = extractFeatures(input);
    let z = this.w.bias;
    for (let i = 0; i < x.length; i++) z += x[i] * this.w.weights[i];
    const score = 1 / (1 + Math.exp(-z));
    const tier = score >= this.threshold(preference) ? 'frontier' : 'cheap';
    return { tier, score, signals: this.signals(x, tier) };
  }

  /** Probability of frontier at or above which a chat request goes frontier at this preference. */
  threshold(preference: Preference = 'balanced'): number {
    return this.w.operatingPoints?.[preference]?.threshold ?? this.w.threshold;
  }

  /**
   * How far a score sits below the preference's threshold, in log-odds (0 at the threshold; negative above it):
   * the classifier's confidence that a request is cheap. log-odds make the margin mean the same at every point.
   */
  cheapMargin(score: number, preference: Preference = 'balanced'): number {
    return logOdds(this.threshold(preference)) - logOdds(score);
  }

  /**
   * Whether a score is confidently cheap at this preference: at least `margin` log-odds below the threshold
   * (default CONFIDENT_MARGIN: the score's odds of frontier are under a third of the threshold's odds).
   * For a follow-up in a frontier conversation, whose warm cache is lost by switching model.
   */
  confidentCheap(score: number, preference: Preference = 'balanced', margin = CONFIDENT_MARGIN): boolean {
    return this.cheapMargin(score, preference) >= margin;
  }

  /**
   * Whether a frontier verdict is borderline at this preference: within `margin` log-odds above the threshold.
   * The effort policy (effort.ts) lowers reasoning effort for such turns rather than sending them cheap.
   */
  borderlineFrontier(score: number, preference: Preference = 'balanced', margin = BORDERLINE_MARGIN): boolean {
    const m = this.cheapMargin(score, preference);
    return m <= 0 && -m < margin;
  }

  /** The documented operating point of a preference (threshold and dev-set measurements), if the weights carry one. */
  operatingPoint(preference: Preference): (Pick<OperatingPoint, 'threshold'> & Partial<OperatingPoint>) | undefined {
    return this.w.operatingPoints?.[preference];
  }

  private signals(x: number[], tier: 'cheap' | 'frontier'): string[] {
    const toward = tier === 'frontier' ? 1 : -1;
    const found: { label: string; c: number }[] = [];
    FEATURES.forEach((f, i) => {
      const c = toward * this.w.weights[i] * (x[i] - this.neutral[i]);
      if (c < MENTION) return;
      // A positive contribution comes from a raised feature with the verdict's sign or a lowered one against it.
      const label = x[i] > this.neutral[i] === this.w.weights[i] > 0 ? f.high : f.low;
      if (label) found.push({ label, c });
    });
    found.sort((a, b) => b.c - a.c);
    return [...new Set(found.map((s) => s.label))].slice(0, 2);
  }
}
