/** Test helpers: ledger records with sensible defaults. */
import { emptyUsage, type Usage } from '../../../src/core/types';
import { LEDGER_VERSION, type LedgerRecord } from '../../../src/core/cost/record';

export function rec(over: Partial<Omit<LedgerRecord, 'usage'>> & { usage?: Partial<Usage> } = {}): LedgerRecord {
  const { usage, ...rest } = over;
  return {
    v: LEDGER_VERSION,
    time: '2026-11-05T10:00:00.000Z',
    workspace: { id: 'ws1', name: 'app' },
    task: 'chat',
    tier: 'cheap',
    model: 'gpt-5-mini',
    modelName: 'mini',
    endpoint: 'openai',
    usage: { ...emptyUsage(), input: 100, output: 10, ...usage },
    costUsd: 0.01,
    estimated: false,
    frontierCostUsd: 0.05,
    latencyMs: 500,
    outcome: 'ok',
    ...rest,
  };
}
