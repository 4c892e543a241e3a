import type { Preference } from '../types';
import { ChatClassifier, type RecallShare } from './classifier';
import type { ChatInput } from './features';

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

/** A labelled chat request (the dev set's and held-out set's record shape). */
export interface LabelledChat extends ChatInput {
  label: 'cheap' | 'frontier';
}

/**
 * Frontier recall and cheap share of the classifier at a preference's operating point over labelled requests
 * (the benchmark's "dev-set recall and cheap share at each preference"). confusion[label][routed]: 0 cheap, 1 frontier.
 */
export function measureDial(
  records: readonly LabelledChat[],
  preference: Preference,
  classifier: ChatClassifier = new ChatClassifier(),
): RecallShare & { confusion: number[][] } {
  const confusion = [
    [0, 0],
    [0, 0],
  ];
  for (const r of records) confusion[r.label === 'frontier' ? 1 : 0][classifier.classify(r, preference).tier === 'frontier' ? 1 : 0]++;
  const frontier = confusion[1][0] + confusion[1][1];
  return {
    recall: frontier ? confusion[1][1] / frontier : 1,
    cheapShare: records.length ? (confusion[0][0] + confusion[1][0]) / records.length : 0,
    confusion,
  };
}
