/**
 * What Gearshift's models in VS Code's picker declare. Every tier takes tools (each provider maps them). Images only
 * when EVERY model of the tier's chain takes them, since any of them may answer (fallbacks); Gearshift Auto needs both
 * tiers' models to. Conservative: a model family not in the table below counts as text-only.
 *
 * Model families that take PNG/JPEG input (provider model ids; an "openai/" or "anthropic/" prefix, as OpenRouter
 * and LiteLLM spell them, and Bedrock's region prefix "us."/"eu."/"apac."/"global." are allowed):
 * | family                              | ids                                              |
 * |-------------------------------------|--------------------------------------------------|
 * | OpenAI GPT-5, GPT-4.1, GPT-4o       | gpt-5*, gpt-4.1*, gpt-4o* (not gpt-4o-audio*)    |
 * | Anthropic Claude 3 and later        | claude-3*, claude-opus*, claude-sonnet*, claude-haiku* |
 * | Claude on Bedrock                   | anthropic.claude-3*, anthropic.claude-opus*, …sonnet*, …haiku* |
 * Local coder models (qwen*-coder, deepseek-coder, codellama, starcoder…) and anything else: no images.
 */
import type { ModelConfig, Tier } from '../types';

const PREFIX = String.raw`^(?:openai/|anthropic/|(?:us|eu|apac|global)\.)?`;
export const IMAGE_MODEL_FAMILIES: readonly RegExp[] = [
  new RegExp(`${PREFIX}gpt-5`, 'i'),
  new RegExp(`${PREFIX}gpt-4\\.1`, 'i'),
  new RegExp(`${PREFIX}gpt-4o(?!-audio)`, 'i'),
  new RegExp(`${PREFIX}(?:anthropic\\.)?claude-(?:3|opus|sonnet|haiku)`, 'i'),
];

/** True when the provider model id belongs to a family known to take images. */
export function takesImages(modelId: string): boolean {
  return IMAGE_MODEL_FAMILIES.some((re) => re.test(modelId));
}

/** Whether a configured model takes images: its `vision` setting (gearshift.models) when set, else the table above. */
export function modelTakesImages(m: Pick<ModelConfig, 'model' | 'vision'>): boolean {
  return m.vision ?? takesImages(m.model);
}

/** The capabilities of a Gearshift model: `tiers` are the tiers that may answer, `chains` each tier's provider model ids. */
export function lmCapabilities(
  tiers: readonly Tier[],
  chains: Readonly<Record<Tier, readonly string[]>>,
): { toolCalling: true; imageInput: boolean } {
  const ids = tiers.flatMap((t) => chains[t]);
  return { toolCalling: true, imageInput: ids.length > 0 && ids.every(takesImages) };
}
