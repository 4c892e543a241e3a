import type { EndpointConfig, ModelConfig } from '../types';
import { deprecationAdvice, notFoundAdvice, type ModelAdvice } from './deprecations';
import { isModelNotFound, ProviderError, type ErrorKind } from './errors';
import { plainHttpKeyWarning } from './plainHttp';
import { createProvider } from './registry';
import type { KeyLookup, ProviderOptions, Timeouts } from './provider';

export interface DoctorRow {
  endpoint: string;
  ok: boolean;
  kind?: ErrorKind;
  message: string;
  latencyMs: number;
  /** Models of this endpoint that are deprecated, retired or refused as not found, each with its fix. */
  advice: ModelAdvice[];
  /** Other things to fix that do not stop the endpoint answering (a key over plain http://). */
  warnings: string[];
}

export interface DoctorOptions extends ProviderOptions {
  /** "Today", for end-of-life dates (default: now). */
  now?: Date;
}

const DOCTOR_TIMEOUTS: Timeouts = { connectMs: 10_000, totalMs: 20_000 };

/**
 * One minimal real request per endpoint: a 1-token chat with the first model configured for it, or, when none
 * is, the model list (OpenAI-compatible and Anthropic). Every model of the endpoint is also looked up in the
 * deprecation table, and a key about to cross the network in clear text is reported. Endpoints are checked in
 * parallel; never throws.
 */
export async function runDoctor(
  endpoints: EndpointConfig[],
  models: ModelConfig[],
  keyLookup: KeyLookup,
  opts: DoctorOptions = {},
): Promise<DoctorRow[]> {
  return Promise.all(endpoints.map((ep) => checkEndpoint(ep, models.filter((m) => m.endpoint === ep.name), keyLookup, opts)));
}

async function checkEndpoint(ep: EndpointConfig, models: ModelConfig[], keyLookup: KeyLookup, opts: DoctorOptions): Promise<DoctorRow> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const advice = models.map((m) => deprecationAdvice(m, ep, now)).filter((a): a is ModelAdvice => a !== undefined);
  const warnings: string[] = [];
  const hasKey = await keyLookup(ep.name).then(
    (k) => !!k,
    () => false,
  );
  const http = plainHttpKeyWarning(ep, hasKey);
  if (http) warnings.push(http);
  const row = (ok: boolean, message: string, kind?: ErrorKind): DoctorRow => ({
    endpoint: ep.name,
    ok,
    kind,
    message,
    latencyMs: Math.round(performance.now() - started),
    advice,
    warnings,
  });
  const model = models[0];
  try {
    const { now: _now, ...providerOpts } = opts;
    const provider = createProvider(ep, keyLookup, { ...providerOpts, maxRetries: 0 });
    if (model) {
      const r = await provider.chat({ model: model.model, messages: [{ role: 'user', content: 'Reply with one word: ok' }], maxTokens: 1, timeouts: DOCTOR_TIMEOUTS });
      const served = r.invokedModel && r.invokedModel !== model.model ? ` (served by ${r.invokedModel})` : '';
      return row(true, `${model.name} → ${model.model} answered${served}, first token ${r.firstTokenMs === undefined ? 'n/a' : `${Math.round(r.firstTokenMs)} ms`}`);
    }
    if (provider.listModels) {
      const ids = await provider.listModels({ timeouts: DOCTOR_TIMEOUTS });
      return row(true, `reachable, ${ids.length} model${ids.length === 1 ? '' : 's'} listed (no model configured for this endpoint)`);
    }
    return row(false, `No model is configured for endpoint '${ep.name}', so it cannot be checked. Add a model that uses it.`, 'badRequest');
  } catch (e) {
    if (model && isModelNotFound(e)) {
      const fix = notFoundAdvice(model, ep);
      if (!advice.some((a) => a.model === model.name)) advice.push(fix);
      return row(false, fix.message, e.kind);
    }
    if (e instanceof ProviderError) return row(false, e.message, e.kind);
    return row(false, e instanceof Error ? e.message : String(e), 'badRequest');
  }
}

/** Whether the check passed: every endpoint answered and no configured model is retired or unknown. */
export function doctorPassed(rows: DoctorRow[]): boolean {
  return rows.every((r) => r.ok && r.advice.every((a) => a.problem === 'deprecated'));
}

/** A plain-text table (endpoint, status, latency, message), then one line per model to fix and per warning. */
export function formatDoctor(rows: DoctorRow[]): string {
  const header = ['ENDPOINT', 'STATUS', 'LATENCY', 'DETAIL'];
  const body = rows.map((r) => [r.endpoint, r.ok ? 'ok' : `FAIL (${r.kind ?? 'error'})`, `${r.latencyMs} ms`, r.message]);
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  const notes: string[] = [];
  for (const r of rows) {
    // A not-found failure already carries its fix in the table.
    for (const a of r.advice) {
      if (a.problem === 'notFound' && !r.ok && r.message === a.message) continue;
      notes.push(`${a.problem === 'deprecated' ? 'WARN' : 'FIX '}  ${a.message}`);
    }
    for (const w of r.warnings) notes.push(`WARN  ${w}`);
  }
  return [line(header), ...body.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
