import { encode } from 'gpt-tokenizer';

const NO_SPECIAL = new Set<string>();

/**
 * Token counts for estimates and budgets. `countTokens` runs a real BPE tokenizer (o200k) and is what
 * usage estimates use when a provider reports nothing; `approxTokens` is the cheap length-based bound
 * for hot paths (completion context budgeting), about 3.5 characters per token for code.
 */
export function countTokens(text: string): number {
  if (!text) return 0;
  // Text that merely contains a special token's spelling (a raw FIM prompt, code about tokenizers) is counted
  // as ordinary text; by default the tokenizer throws on it.
  return encode(text, { disallowedSpecial: NO_SPECIAL }).length;
}

export function approxTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}
