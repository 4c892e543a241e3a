import { countTokens } from '../../tokens';
import type { ChatAttachment, ModelChoice } from '../conversation';
import { formatTokens } from './chip';

export { formatTokens };

/**
 * The prompt budget of a chat turn: the chosen model's context window less a reserve for its answer and the
 * conversation so far. Attachments that do not fit are cut (a file at a line boundary) or dropped, largest and last
 * first, and the user is told what was cut.
 */

/** When neither the model's settings nor the price catalog know its context window. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;
/** Tokens kept free for the answer when the model sets no maxOutputTokens. */
export const DEFAULT_OUTPUT_RESERVE = 8_192;
/** A cut that would leave less than this many tokens of an attachment drops it instead. */
export const MIN_KEPT_TOKENS = 64;

export interface BudgetModel {
  name: string;
  /** The provider's model id (what the catalog is asked about). */
  model: string;
  contextWindow?: number;
  maxOutputTokens?: number;
}

export interface PromptBudget {
  contextWindow: number;
  outputReserve: number;
}

/**
 * The budget for a model choice: one model's own; for a tier (or Auto, which may pick either tier) the smallest over
 * every model that may answer (fallbacks included), so the prompt fits whichever does.
 */
export function budgetFor(
  choice: ModelChoice,
  models: Readonly<Record<string, BudgetModel>>,
  tiers: { cheap: readonly string[]; frontier: readonly string[] },
  catalogWindow: (modelId: string) => number | undefined,
): PromptBudget {
  const names =
    choice === 'auto'
      ? [...tiers.cheap, ...tiers.frontier]
      : choice === 'cheap' || choice === 'frontier'
        ? tiers[choice]
        : [choice.slice(6)];
  const known = names.flatMap((n) => (Object.hasOwn(models, n) ? [models[n]] : []));
  if (known.length === 0) return { contextWindow: DEFAULT_CONTEXT_WINDOW, outputReserve: DEFAULT_OUTPUT_RESERVE };
  const windows = known.map((m) => m.contextWindow ?? catalogWindow(m.model) ?? DEFAULT_CONTEXT_WINDOW);
  const reserves = known.map((m) => m.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE);
  return { contextWindow: Math.min(...windows), outputReserve: Math.max(...reserves) };
}

/** Tokens left for attachments once the answer's reserve and the conversation (new message included) are counted. */
export function attachmentBudget(b: PromptBudget, conversationTokens: number): number {
  return Math.max(0, b.contextWindow - b.outputReserve - conversationTokens);
}

export interface Fitted {
  attachments: ChatAttachment[];
  /** What was cut or dropped, one readable note each ("src/big.ts: lines 1201–4000 cut to fit the 128k-token budget"). */
  notes: string[];
  /** Labels of the attachments dropped entirely. */
  dropped: string[];
}

export function tokensOf(a: ChatAttachment): number {
  return a.tokens ?? countTokens(a.text);
}

/**
 * Fits attachments into `budget` tokens: while they are over, the largest (the last of equals) is cut to the lines
 * that fit the excess away, or dropped when what would be left is under MIN_KEPT_TOKENS. Order is kept; a cut
 * attachment keeps its first lines and says which lines went in `cut`. `count` is the tokenizer (injected for tests).
 */
export function fitToBudget(
  list: readonly ChatAttachment[],
  budget: number,
  windowTokens: number,
  count: (text: string) => number = countTokens,
): Fitted {
  const items = list.map((a) => ({ a, tokens: a.tokens ?? count(a.text), dropped: false }));
  const notes: string[] = [];
  const dropped: string[] = [];
  const budgetText = `the ${formatTokens(windowTokens)}-token budget`;
  let total = items.reduce((s, x) => s + x.tokens, 0);
  while (total > budget) {
    let pick: (typeof items)[number] | undefined;
    for (const x of items) if (!x.dropped && (!pick || x.tokens >= pick.tokens)) pick = x;
    if (!pick) break;
    const target = pick.tokens - (total - budget);
    const cut = target >= MIN_KEPT_TOKENS ? cutLines(pick.a.text, target, count) : undefined;
    total -= pick.tokens;
    if (!cut) {
      pick.dropped = true;
      dropped.push(pick.a.label);
      notes.push(`${pick.a.label}: left out to fit ${budgetText}`);
      continue;
    }
    // The whole text can fit after all when its recorded size was larger than its count: then nothing is cut.
    const what = cut.keptLines < cut.totalLines ? `lines ${cut.keptLines + 1}–${cut.totalLines} cut to fit ${budgetText}` : undefined;
    pick.a = { ...pick.a, text: cut.text, tokens: cut.tokens, ...(what ? { cut: what } : {}) };
    pick.tokens = cut.tokens;
    total += cut.tokens;
    if (what) notes.push(`${pick.a.label}: ${what}`);
  }
  return { attachments: items.filter((x) => !x.dropped).map((x) => x.a), notes, dropped };
}

/**
 * The longest run of whole first lines of `text` within `target` tokens, or undefined when not even one line (or
 * fewer than MIN_KEPT_TOKENS) fits. Lines are counted one by one, then the prefix is counted whole to be sure.
 */
export function cutLines(
  text: string,
  target: number,
  count: (text: string) => number = countTokens,
): { text: string; tokens: number; keptLines: number; totalLines: number } | undefined {
  const lines = text.split(/(?<=\n)/);
  const totalLines = lines.length;
  let n = 0;
  let sum = 0;
  while (n < lines.length && sum + count(lines[n]) <= target) sum += count(lines[n++]);
  // Token boundaries across lines can make the whole prefix count differently from its lines: step back until it fits.
  for (; n > 0; n--) {
    const kept = lines.slice(0, n).join('');
    const tokens = count(kept);
    if (tokens <= target) {
      return tokens < MIN_KEPT_TOKENS ? undefined : { text: kept, tokens, keptLines: n, totalLines };
    }
  }
  return undefined;
}
