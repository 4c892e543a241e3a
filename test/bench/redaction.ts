import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactSecrets } from '../../src/core/privacy/redact';
import { hostileInputs } from '../unit/privacy/hostile';
import { median } from './stats';
import type { BenchRow } from './types';

const MB = 1 << 20;
/** Target for one 1 MB input, whatever it holds (a quadratic rule took minutes; linear ones take milliseconds). */
const TARGET_MS = 500;

/** CPU milliseconds for one call (wall time on a shared 2-core machine measures the neighbours). */
function time(text: string): number {
  const c0 = process.cpuUsage();
  redactSecrets(text);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/**
 * Redaction on hostile inputs: the generic ones (long blanks after every rule's keyword, `a=` × N, `eyJ-` × N…)
 * at 1 MB, and every corpus sample cut and repeated at 256 KB (reported per MB); plus ordinary source at 1 MB.
 * Times are CPU time of the call.
 */
export async function rows(): Promise<BenchRow[]> {
  const generic: number[] = [];
  const samples: number[] = [];
  let worst = { ms: 0, name: '' };
  for (const h of hostileInputs(MB, MB / 4)) {
    const ms = time(h.text);
    const perMb = (ms * MB) / h.text.length;
    (h.text.length >= MB ? generic : samples).push(perMb);
    if (perMb > worst.ms) worst = { ms: perMb, name: h.name };
  }
  const src = fs.readFileSync(path.resolve(__dirname, '../../../src/core/privacy/redact.ts'), 'utf8');
  const code = src.repeat(Math.ceil(MB / src.length)).slice(0, MB);
  time(code);
  const codeMs = median([time(code), time(code), time(code)]);
  return [
    {
      area: 'redaction',
      name: `1 MB hostile inputs (${generic.length}): median / slowest`,
      value: `${median(generic).toFixed(0)} / ${Math.max(...generic).toFixed(0)} ms CPU`,
      target: `≤ ${TARGET_MS} ms`,
      ok: Math.max(...generic) <= TARGET_MS,
    },
    {
      area: 'redaction',
      name: `corpus samples cut and repeated (${samples.length} × 256 KB), per MB: median / slowest`,
      value: `${median(samples).toFixed(0)} / ${Math.max(...samples).toFixed(0)} ms CPU`,
      target: `≤ ${TARGET_MS} ms`,
      ok: Math.max(...samples) <= TARGET_MS,
    },
    { area: 'redaction', name: `slowest input: ${worst.name}`, value: `${worst.ms.toFixed(0)} ms CPU per MB` },
    { area: 'redaction', name: '1 MB of ordinary source', value: `${codeMs.toFixed(0)} ms CPU` },
  ];
}
