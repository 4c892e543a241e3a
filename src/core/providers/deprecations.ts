/**
 * Model ids past (or nearing) their end of life, and the advice that goes with them.
 *
 * The source is the Anthropic SDK's own deprecation table (its `DEPRECATED_MODELS`: the one Messages.create checks
 * before printing its console notice, and `internal/data/deprecated-models`). The SDK does not export it, and the
 * table must be known without loading the SDK at activation, so it is copied here verbatim;
 * test/unit/providers/deprecations.test.ts fails when the installed SDK's table differs from this copy.
 * OpenAI's SDK has no such table. Bedrock and OpenAI-compatible ids of Claude models (`us.anthropic.claude-…-v1:0`,
 * `anthropic/claude-…`) are mapped to the Anthropic id first.
 */
import { DEFAULT_MODELS } from '../settings/defaults';
import type { EndpointConfig, EndpointKind, ModelConfig } from '../types';

/** Anthropic SDK 1.12.0: union of resources/messages/messages.js DEPRECATED_MODELS and internal/data/deprecated-models.js. */
export const ANTHROPIC_DEPRECATED_MODELS: Readonly<Record<string, string>> = {
  'claude-mythos-preview': 'June 30th, 2026',
  'claude-sonnet-4-5': 'November 30th, 2026',
  'claude-sonnet-4-5-20250929': 'November 30th, 2026',
};

export interface Deprecation {
  /** The model id as configured. */
  model: string;
  /** The id looked up in the table (the Anthropic id of a Bedrock or proxy id). */
  tableId: string;
  /** End of life, YYYY-MM-DD (the day the model stops answering). */
  endOfLife: string;
  /** True on and after the end-of-life day (UTC). */
  retired: boolean;
  /** Where the date comes from, for messages. */
  source: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "November 30th, 2026" (the SDK's format) or "2026-11-30" → "2026-11-30"; undefined when unreadable. */
export function parseTableDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (iso) return iso[0];
  const m = /^([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  const day = Number(m[2]);
  if (month < 0 || day < 1 || day > 31) return undefined;
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Bedrock geography prefixes of cross-region inference profiles (`us.anthropic.…`, `global.anthropic.…`). */
const BEDROCK_GEO = /^(?:[a-z]{2,6}(?:-[a-z]{2,4})?\.)?anthropic\./;

/**
 * The Anthropic model id behind a configured id, or undefined when it is not a Claude model:
 *   anthropic  `claude-sonnet-4-5`                                    → as is
 *   bedrock    `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, ARNs   → `claude-sonnet-4-5-20250929`
 *   openai     `claude-sonnet-4-5` (LiteLLM), `anthropic/claude-sonnet-4.5` (OpenRouter) → `claude-sonnet-4-5`
 */
export function anthropicIdOf(kind: EndpointKind, modelId: string): string | undefined {
  let id = modelId.trim().toLowerCase();
  if (id.startsWith('arn:')) id = id.slice(id.lastIndexOf('/') + 1);
  if (kind === 'bedrock' || BEDROCK_GEO.test(id)) {
    if (!BEDROCK_GEO.test(id)) return undefined;
    id = id.replace(BEDROCK_GEO, '').replace(/-v\d+(?::\d+)?$/, '');
  } else if (id.startsWith('anthropic/')) {
    id = id.slice('anthropic/'.length).replace(/(\d)\.(\d)/g, '$1-$2');
  }
  return id.startsWith('claude-') ? id : undefined;
}

function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The deprecation of a model id on an endpoint of this kind, or undefined when the table does not list it. */
export function deprecationOf(kind: EndpointKind, modelId: string, now: Date = new Date()): Deprecation | undefined {
  const tableId = anthropicIdOf(kind, modelId);
  if (!tableId || !Object.hasOwn(ANTHROPIC_DEPRECATED_MODELS, tableId)) return undefined;
  const endOfLife = parseTableDate(ANTHROPIC_DEPRECATED_MODELS[tableId]);
  if (!endOfLife) return undefined;
  return { model: modelId, tableId, endOfLife, retired: utcDay(now) >= endOfLife, source: "the Anthropic SDK's deprecation table" };
}

/** A built-in default to move a Claude model to: Haiku stays Haiku, anything else goes to the Sonnet default. */
export function replacementFor(kind: EndpointKind, modelId: string): string | undefined {
  const id = anthropicIdOf(kind, modelId);
  if (!id) return undefined;
  const cheap = /haiku/.test(id);
  if (kind === 'bedrock') return DEFAULT_MODELS[cheap ? 'bedrock-haiku' : 'bedrock-sonnet'].model;
  if (kind === 'anthropic') return DEFAULT_MODELS[cheap ? 'haiku' : 'sonnet'].model;
  // An OpenAI-compatible proxy serving Claude: keep the proxy's id style.
  const anthropicDefault = DEFAULT_MODELS[cheap ? 'haiku' : 'sonnet'].model;
  return modelId.toLowerCase().startsWith('anthropic/') ? `anthropic/${anthropicDefault}` : anthropicDefault;
}

/** What to tell the user about one configured model: the problem, the setting to change, and the value to set. */
export interface ModelAdvice {
  model: string;
  endpoint: string;
  problem: 'retired' | 'deprecated' | 'notFound';
  /** One line, naming the model, the endpoint, the date or the refusal, and the fix. */
  message: string;
  /** The setting that holds the model id, e.g. `gearshift.models.sonnet.model`. */
  setting: string;
  /** A value to set it to, when one is known. */
  replacement?: string;
}

function fixText(setting: string, replacement: string | undefined): string {
  return replacement ? `Set ${setting} to "${replacement}".` : `Set ${setting} to a model the endpoint serves.`;
}

/** Advice for a configured model listed in the deprecation table; undefined when it is not listed. */
export function deprecationAdvice(
  model: ModelConfig,
  endpoint: Pick<EndpointConfig, 'name' | 'kind'>,
  now: Date = new Date(),
): ModelAdvice | undefined {
  const dep = deprecationOf(endpoint.kind, model.model, now);
  if (!dep) return undefined;
  const setting = `gearshift.models.${model.name}.model`;
  const replacement = replacementFor(endpoint.kind, model.model);
  const when = dep.retired
    ? `reached its end of life on ${dep.endOfLife}`
    : `is deprecated and reaches its end of life on ${dep.endOfLife}`;
  return {
    model: model.name,
    endpoint: endpoint.name,
    problem: dep.retired ? 'retired' : 'deprecated',
    message:
      `Model '${model.name}' (${model.model}) on endpoint '${endpoint.name}' ${when} (${dep.source}). ` +
      fixText(setting, replacement),
    setting,
    replacement,
  };
}

/** Advice for a configured model the endpoint refused as not found (see isModelNotFound). */
export function notFoundAdvice(model: ModelConfig, endpoint: Pick<EndpointConfig, 'name' | 'kind'>): ModelAdvice {
  const setting = `gearshift.models.${model.name}.model`;
  const replacement = replacementFor(endpoint.kind, model.model);
  const sameAsNow = replacement === model.model;
  return {
    model: model.name,
    endpoint: endpoint.name,
    problem: 'notFound',
    message:
      `Endpoint '${endpoint.name}' does not know model '${model.name}' (${model.model}): it may be retired, misspelt or not enabled for ` +
      `your account. ${fixText(setting, sameAsNow ? undefined : replacement)}`,
    setting,
    replacement: sameAsNow ? undefined : replacement,
  };
}
