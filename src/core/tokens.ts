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
  const count = (t: string) => (t ? encoder()(t, { disallowedSpecial: NO_SPECIAL }).length : 0);
  // BPE merges within one pre-token take time quadratic in its length: a long run without whitespace (a model's
  // runaway output, a tool call's arguments, minified code) would block the thread for seconds. Such runs are
  // counted in slices; tokens never span that far, so the count moves by at most a token per slice.
  let n = 0;
  let last = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    n += count(text.slice(last, m.index));
    const run = m[0];
    for (let i = 0; i < run.length;) {
      let end = Math.min(i + RUN_SLICE, run.length);
      const c = run.charCodeAt(end - 1);
      if (end < run.length && c >= 0xd800 && c <= 0xdbff) end++; // never between the halves of a pair
      n += count(run.slice(i, end));
      i = end;
    }
    last = m.index + m[0].length;
  }
  return n + count(text.slice(last));
}

/** Runs of this many non-space characters or more are counted in RUN_SLICE-character slices. */
const LONG_RUN = /\S{256,}/g;
const RUN_SLICE = 128;

export function approxTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}
