import type { encode as Encode } from 'gpt-tokenizer';

let encodeFn: typeof Encode | undefined;

/** The tokenizer's tables are large: loaded on the first exact count, never at activation. */
function encoder(): typeof Encode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encodeFn ??= (require('gpt-tokenizer') as { encode: typeof Encode }).encode;
  return encodeFn;
}

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
  return encoder()(text, { disallowedSpecial: NO_SPECIAL }).length;
}

export function approxTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}
