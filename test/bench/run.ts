/**
 * `npm run bench`: runs every area's bench module and prints one table. Targets are printed with ✓ / ✗; a missed
 * target is reported, not thrown (benchmarks measure, tests assert). `npm run bench -- router cost` runs only
 * the named areas.
 */
import * as agent from './agent';
import * as chat from './chat';
import * as codebase from './codebase';
import * as completion from './completion';
import * as completionContext from './completionContext';
import * as cost from './cost';
import * as foundation from './foundation';
import * as providers from './providers';
import * as redaction from './redaction';
import * as router from './router';
import type { BenchRow } from './types';

const AREAS: Record<string, { rows(): Promise<BenchRow[]> }> = {
  foundation,
  providers,
  router,
  cost,
  // Both under `completion`: the pipeline's overhead, then the context measured on real code.
  completion: { rows: async () => [...(await completion.rows()), ...(await completionContext.rows())] },
  chat,
  redaction,
  agent,
  codebase,
};

function table(rows: BenchRow[]): string {
  const header = ['area', 'benchmark', 'value', 'target', ''];
  const body = rows.map((r) => [r.area, r.name, r.value, r.target ?? '', r.ok === undefined ? '' : r.ok ? '✓' : '✗']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [area, mod] of Object.entries(AREAS)) {
    if (only.length > 0 && !only.includes(area)) continue;
    process.stderr.write(`bench: ${area}…\n`);
    try {
      rows.push(...(await mod.rows()));
    } catch (err) {
      rows.push({ area, name: 'FAILED', value: err instanceof Error ? err.message : String(err), ok: false });
    }
  }
  console.log(table(rows));
}

void main();
