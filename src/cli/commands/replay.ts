import * as fs from 'node:fs';
import * as path from 'node:path';
import { listLedgerFiles } from '../../core/cost/ledger';
import { LEDGER_DIR_ENV } from '../../core/cost/ledgerLocation';
import { Pricing } from '../../core/cost/pricing';
import { parseRecord, type LedgerRecord } from '../../core/cost/record';
import { formatReplay, replayLedger, type ModelRef } from '../../core/cost/replay';
import type { ResolvedSettings } from '../../core/settings/model';
import { TIERS, type Tier } from '../../core/types';
import { parseFlags, parseList } from '../args';
import { ledgerDirFor } from '../cliHost';
import { CliError } from '../errors';
import type { CliIO } from '../io';
import { checkEndpointNames, loadCliSettings, SETTINGS_FLAGS } from '../settings';

export async function replay(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags('replay', args, {
    ledger: { type: 'string' },
    ...SETTINGS_FLAGS,
    available: { type: 'string' },
    json: { type: 'boolean' },
  });
  const settings = loadCliSettings(io, 'replay', values);
  const available = parseList(values.available);
  checkEndpointNames(settings, available, 'replay');
  const { records, skipped } = await readRecords(io, values.ledger);
  if (skipped.lines > 0) {
    const are = skipped.lines === 1 ? 'is' : 'are';
    const where = skipped.files.join(', ');
    io.err(`note: skipped ${plural(skipped.lines, 'line')} that ${are} not a ledger record (torn or foreign) in ${where}.\n`);
  }
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
  io.out(values.json ? `${JSON.stringify({ ...result, skippedLines: skipped.lines })}\n` : `${formatReplay(result, { models })}\n`);
  return 0;
}

interface LedgerRead {
  records: LedgerRecord[];
  skipped: { lines: number; files: string[] };
}

/**
 * Every record of a ledger file, or of the ledger-YYYY-MM.jsonl files of a folder (default: the shared ledger
 * folder, as `gearshift chat` and the extension write it), counting the lines that are not records. Refuses a
 * path that holds no ledger: a folder without ledger files, or a file none of whose lines is a record.
 */
async function readRecords(io: CliIO, flag: string | undefined): Promise<LedgerRead> {
  const where = flag === undefined ? ledgerDirFor(io, undefined) : path.resolve(io.cwd, flag);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(where);
  } catch {
    if (flag !== undefined) {
      throw new CliError(`gearshift replay: ${flag} does not exist. Give a ledger file or the folder holding ledger-YYYY-MM.jsonl files.`);
    }
    throw new CliError(
      `gearshift replay: there is no spend ledger in ${where} yet (the extension and 'gearshift chat' write it with their first call). ` +
        `Give --ledger PATH, or set ${LEDGER_DIR_ENV} to the folder that holds it.`,
    );
  }
  const shown = flag ?? where;
  const files = stat.isDirectory() ? listLedgerFiles(where).map((f) => f.file) : [where];
  if (files.length === 0) {
    throw new CliError(
      `gearshift replay: ${shown} is not a spend ledger: it holds no ledger-YYYY-MM.jsonl files. ` +
        'Give a ledger file or the folder holding them.',
    );
  }
  const read: LedgerRead = { records: [], skipped: { lines: 0, files: [] } };
  let lines = 0;
  for (const file of files) {
    let skipped = 0;
    for (const line of (await fs.promises.readFile(file)).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines++;
      const r = parseRecord(line);
      if (r) read.records.push(r);
      else skipped++;
    }
    if (skipped) {
      read.skipped.lines += skipped;
      read.skipped.files.push(stat.isDirectory() ? path.basename(file) : shown);
    }
  }
  const ledgerName = stat.isDirectory() || /^ledger-\d{4}-\d{2}\.jsonl$/.test(path.basename(where));
  if (read.records.length === 0 && (lines > 0 || !ledgerName)) {
    const what = lines === 0 ? 'it is empty' : `none of its ${plural(lines, 'line')} is a ledger record`;
    throw new CliError(
      `gearshift replay: ${shown} is not a spend ledger: ${what}. Give a ledger-YYYY-MM.jsonl file or the folder holding them.`,
    );
  }
  return read;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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
