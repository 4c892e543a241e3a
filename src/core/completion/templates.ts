import { FIM_TEMPLATES } from '../settings/model';
import type { ModelConfig } from '../types';
import { commentOut } from './languages';
import { sourceHeading } from './sources/format';
import type { CompletionContext } from './types';

/** Fill-in-the-middle prompt formats of the code model families. */
export type FimFamily = (typeof FIM_TEMPLATES)[number];

/**
 * How a model is prompted:
 * - 'fim-raw': the family's FIM tokens in a raw /v1/completions prompt;
 * - 'fim-suffix': OpenAI-compatible /v1/completions with `prompt` + `suffix` (the server adds the tokens);
 * - 'chat': a chat request asking for the text that replaces a <HOLE> marker.
 */
export type PromptStyle = { kind: 'fim-raw'; family: FimFamily } | { kind: 'fim-suffix'; family?: FimFamily } | { kind: 'chat' };

const GUESSES: readonly [RegExp, FimFamily][] = [
  [/qwen[^/]*coder/i, 'qwen'],
  [/deepseek[^/]*coder/i, 'deepseek'],
  [/starcoder/i, 'starcoder'],
  [/codestral/i, 'codestral'],
  [/code-?llama/i, 'codellama'],
];

/** The FIM family a model id suggests (qwen2.5-coder:7b → qwen), or undefined. */
export function guessFamily(modelId: string): FimFamily | undefined {
  return GUESSES.find(([re]) => re.test(modelId))?.[1];
}

function isFimFamily(name: string | undefined): name is FimFamily {
  return !!name && (FIM_TEMPLATES as readonly string[]).includes(name);
}

/**
 * Picks the prompt style from the explicit settings first: `fimTemplate` (raw family prompt), then
 * `fim: true` (suffix field) or `fim: false` (chat). Only when neither is set does the model id decide
 * (a recognised code model → raw FIM). Any FIM style needs an endpoint with a completions API.
 */
export function promptStyle(model: ModelConfig, endpointSupportsFim: boolean): PromptStyle {
  if (!endpointSupportsFim || model.fim === false) return { kind: 'chat' };
  if (isFimFamily(model.fimTemplate)) return { kind: 'fim-raw', family: model.fimTemplate };
  if (model.fim === true) return { kind: 'fim-suffix', family: guessFamily(model.model) };
  const family = guessFamily(model.model);
  return family ? { kind: 'fim-raw', family } : { kind: 'chat' };
}

/** Special tokens of each family; the model emitting any of them means the middle is over. */
const FAMILY_STOPS: Record<FimFamily, readonly string[]> = {
  qwen: [
    '<|endoftext|>',
    '<|fim_prefix|>',
    '<|fim_suffix|>',
    '<|fim_middle|>',
    '<|fim_pad|>',
    '<|file_sep|>',
    '<|repo_name|>',
    '<|im_end|>',
  ],
  deepseek: ['<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<｜end▁of▁sentence｜>', '<|EOT|>'],
  starcoder: ['<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<file_sep>', '<|endoftext|>'],
  codestral: ['[PREFIX]', '[SUFFIX]', '[MIDDLE]', '</s>'],
  codellama: ['<EOT>', '<PRE>', '<SUF>', '<MID>', '</s>'],
};

/** Stop sequences for a family. */
export function familyStops(family: FimFamily | undefined): string[] {
  return family ? [...FAMILY_STOPS[family]] : [];
}

/** Every family's special tokens, to cut an answer that leaks one (servers that ignore some stop sequences). */
export const ALL_SPECIAL_TOKENS: readonly string[] = [...new Set(Object.values(FAMILY_STOPS).flat())];

/**
 * Context sources (definitions, outlines, recent ranges, similar snippets, in prompt order) and the file path as
 * comments in the file's language, each under a heading naming its kind and path, for formats with no
 * file-separator tokens. qwen and starcoder get the same sources as files of their repository format instead.
 */
export function commentedHeader(ctx: CompletionContext): string {
  const parts: string[] = [];
  for (const s of ctx.snippets) {
    const c = commentOut(`${sourceHeading(s)}\n${s.text}`, ctx.languageId);
    if (c) parts.push(c);
  }
  const path = commentOut(`Path: ${ctx.path}`, ctx.languageId);
  if (path) parts.push(path);
  return parts.length ? `${parts.join('\n')}\n` : '';
}

/** The raw prompt in the family's FIM format, with other files' snippets in the family's repository format. */
export function fimPrompt(family: FimFamily, ctx: CompletionContext): string {
  const { prefix, suffix } = ctx;
  switch (family) {
    case 'qwen': {
      if (!ctx.snippets.length) return `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`;
      const files = ctx.snippets.map((s) => `<|file_sep|>${s.path}\n${s.text}\n`).join('');
      return `<|repo_name|>workspace\n${files}<|file_sep|>${ctx.path}\n<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`;
    }
    case 'starcoder': {
      if (!ctx.snippets.length) return `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`;
      const files = ctx.snippets.map((s) => `<file_sep>${s.path}\n${s.text}\n`).join('');
      return `<repo_name>workspace${files}<file_sep><fim_prefix>${ctx.path}\n${prefix}<fim_suffix>${suffix}<fim_middle>`;
    }
    case 'deepseek':
      return `<｜fim▁begin｜>${commentedHeader(ctx)}${prefix}<｜fim▁hole｜>${suffix}<｜fim▁end｜>`;
    case 'codestral':
      return `[SUFFIX]${suffix}[PREFIX]${commentedHeader(ctx)}${prefix}`;
    case 'codellama':
      return `<PRE> ${commentedHeader(ctx)}${prefix} <SUF>${suffix} <MID>`;
  }
}

/** Prompt and suffix for servers that take the suffix as a separate field. */
export function suffixPrompt(ctx: CompletionContext): { prompt: string; suffix: string } {
  return { prompt: commentedHeader(ctx) + ctx.prefix, suffix: ctx.suffix };
}
