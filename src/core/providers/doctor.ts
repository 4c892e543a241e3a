import type { EndpointConfig, ModelConfig } from '../types';
import { ProviderError, type ErrorKind } from './errors';
import { createProvider } from './registry';
import type { KeyLookup, ProviderOptions, Timeouts } from './provider';

export interface DoctorRow {
  endpoint: string;
  ok: boolean;
  kind?: ErrorKind;
  message: string;
  latencyMs: number;
}

const DOCTOR_TIMEOUTS: Timeouts = { connectMs: 10_000, totalMs: 20_000 };

/**
 * One minimal real request per endpoint: a 1-token chat with the first model configured for it, or, when none
 * is, the model list (OpenAI-compatible and Anthropic). Endpoints are checked in parallel; never throws.
 */
export async function runDoctor(endpoints: EndpointConfig[], models: ModelConfig[], keyLookup: KeyLookup, opts: ProviderOptions = {}): Promise<DoctorRow[]> {
  return Promise.all(endpoints.map((ep) => checkEndpoint(ep, models.find((m) => m.endpoint === ep.name), keyLookup, opts)));
}

async function checkEndpoint(ep: EndpointConfig, model: ModelConfig | undefined, keyLookup: KeyLookup, opts: ProviderOptions): Promise<DoctorRow> {
  const started = performance.now();
  const row = (ok: boolean, message: string, kind?: ErrorKind): DoctorRow => ({ endpoint: ep.name, ok, kind, message, latencyMs: Math.round(performance.now() - started) });
  try {
    const provider = createProvider(ep, keyLookup, { ...opts, maxRetries: 0 });
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
    if (e instanceof ProviderError) return row(false, e.message, e.kind);
    return row(false, e instanceof Error ? e.message : String(e), 'badRequest');
  }
}

/** A plain-text table: endpoint, status, latency, message. */
export function formatDoctor(rows: DoctorRow[]): string {
  const header = ['ENDPOINT', 'STATUS', 'LATENCY', 'DETAIL'];
  const body = rows.map((r) => [r.endpoint, r.ok ? 'ok' : `FAIL (${r.kind ?? 'error'})`, `${r.latencyMs} ms`, r.message]);
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
