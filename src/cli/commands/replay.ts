import * as fs from 'node:fs';
import { readLedger, readLedgerFile } from '../../core/cost/ledger';
import { Pricing } from '../../core/cost/pricing';
import type { LedgerRecord } from '../../core/cost/record';
import { formatReplay, replayLedger, type ModelRef } from '../../core/cost/replay';
import type { ResolvedSettings } from '../../core/settings/model';
import { TIERS, type Tier } from '../../core/types';
import { parseFlags, parseList } from '../args';
import { CliError, usageError } from '../errors';
import type { CliIO } from '../io';
import { checkEndpointNames, loadCliSettings } from '../settings';

export async function replay(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags('replay', args, {
    ledger: { type: 'string' },
    settings: { type: 'string' },
    available: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.ledger === undefined) throw usageError('gearshift replay: --ledger PATH is required (a ledger file or folder).', 'replay');
  const settings = loadCliSettings(io, values.settings);
  const available = parseList(values.available);
  checkEndpointNames(settings, available, 'replay');
  const records = await readRecords(values.ledger);
  const models = tierModels(settings, available);
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  const result = replayLedger(records, {
    models,
    priceUsage: (ref, usage, time) => {
      const q = pricing.quote(ref, usage, time);
      return q.priced ? q.usd : undefined;
    },
    tierFor: (r) => {
      const fixed = settings.routing[r.task];
      return fixed === 'auto' ? r.tier : fixed;
    },
  });
  io.out(values.json ? `${JSON.stringify(result)}\n` : `${formatReplay(result, { models })}\n`);
  return 0;
}

async function readRecords(ledger: string): Promise<LedgerRecord[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(ledger);
  } catch {
    throw new CliError(`gearshift replay: ${ledger} does not exist. Give a ledger file or the folder holding ledger-YYYY-MM.jsonl files.`);
  }
  return stat.isDirectory() ? readLedger(ledger) : readLedgerFile(ledger);
}

/** The first model of each tier whose endpoint is usable. */
function tierModels(settings: ResolvedSettings, available: Set<string> | undefined): Record<Tier, ModelRef> {
  const pick = (tier: Tier): ModelRef => {
    const m = settings.tiers[tier].map((n) => settings.models[n]).find((x) => x && (!available || available.has(x.endpoint)));
    if (!m) throw new CliError(`gearshift replay: no model of the ${tier} tier has a usable endpoint. Check gearshift.tiers.${tier} and --available.`);
    return { model: m.model, modelName: m.name, endpoint: m.endpoint };
  };
  return Object.fromEntries(TIERS.map((t) => [t, pick(t)])) as Record<Tier, ModelRef>;
}
