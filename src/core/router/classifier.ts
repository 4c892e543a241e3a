import { extractFeatures, FEATURES, type ChatInput } from './features';
import fitted from './weights.json';

/** A fitted logistic model over FEATURES (see test/tools/fit-router.ts, which writes weights.json). */
export interface ClassifierWeights {
  features: string[];
  weights: number[];
  bias: number;
  /** Probability of frontier at or above which a chat request goes to frontier. */
  threshold: number;
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
      throw new Error(`Classifier weights are for features [${weights.features.join(', ')}] ` +
          `but the code computes [${names.join(', ')}]. Rerun test/tools/fit-router.ts.`);
    }
    this.w = weights;
    // prose ≈ 20 words and context ≈ 0.5 kB are ordinary; other features are counts whose absence is ordinary.
    this.neutral = names.map((n) => (n === 'prose' ? Math.log1p(20) : n === 'context' ? Math.log1p(0.5) : 0));
  }

  classify(input: ChatInput): ChatVerdict {
    const x = extractFeatures(input);
    let z = this.w.bias;
    for (let i = 0; i < x.length; i++) z += x[i] * this.w.weights[i];
    const score = 1 / (1 + Math.exp(-z));
    const tier = score >= this.w.threshold ? 'frontier' : 'cheap';
    return { tier, score, signals: this.signals(x, tier) };
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
