import type { Preference } from '../types';
import { ChatClassifier } from './classifier';

/** How each preference is named in the status-bar menu and the chat's picker. */
export const PREFERENCE_LABELS: Record<Preference, string> = { quality: 'Quality', balanced: 'Balanced', cost: 'Cost' };

const EFFORT_RULE: Record<Preference, string> = {
  quality: 'reasoning effort never lowered',
  balanced: 'effort lowered for borderline turns',
  cost: 'effort lowered more often',
};

/** One line for a preference: its dev-set operating point and its effort rule ("frontier recall ≥ 97% · 47% cheap …"). */
export function describePreference(p: Preference, classifier: ChatClassifier = new ChatClassifier()): string {
  const point = classifier.operatingPoint(p);
  const pct = (v: number): string => `${Math.round(v * 100)}%`;
  const fit = point?.targetRecall !== undefined ? `frontier recall ≥ ${pct(point.targetRecall)}` : `threshold ${point?.threshold}`;
  const share = point?.devset ? ` · ${pct(point.devset.cheapShare)} cheap on the dev set` : '';
  return `${fit}${share} · ${EFFORT_RULE[p]}`;
}
