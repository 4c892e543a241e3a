import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatUsd } from '../../core/cost/format';
import { appendRecord, hashWorkspaceId } from '../../core/cost/ledger';
import { createGearshift, fixedSettings } from '../../core/gearshift';
import { envKeyLookup } from '../../core/providers';
import { systemProbe } from '../../core/providers/availability';
import { TIERS, totalInput, type Attachment, type ChatSendRequest, type GatewayOutcome, type Tier } from '../../core/types';
import { parseFlags, parseList } from '../args';
import { CliError, usageError } from '../errors';
import type { CliIO } from '../io';
import { checkEndpointNames, loadCliSettings } from '../settings';

export async function chat(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    'chat',
    args,
    {
      attach: { type: 'string', multiple: true },
      tier: { type: 'string' },
      model: { type: 'string' },
      settings: { type: 'string' },
      'ledger-dir': { type: 'string' },
      available: { type: 'string' },
    },
    true,
  );
  const question = positionals.join(' ').trim();
  if (!question) throw usageError('gearshift chat: give the question, e.g. gearshift chat "what does git rebase --onto do?"', 'chat');
  if (values.tier !== undefined && values.model !== undefined) throw usageError('gearshift chat: give --tier or --model, not both.', 'chat');
  if (values.tier !== undefined && !(TIERS as readonly string[]).includes(values.tier)) throw usageError(`gearshift chat: --tier is '${values.tier}'; use cheap or frontier.`, 'chat');
  const settings = loadCliSettings(io, values.settings);
  if (values.model !== undefined && !settings.models[values.model]) {
    throw usageError(`gearshift chat: model '${values.model}' is not configured. Known: ${Object.keys(settings.models).join(', ')}.`, 'chat');
  }
  const keys = envKeyLookup(io.env);
  const fixed = parseList(values.available);
  checkEndpointNames(settings, fixed, 'chat');
  const attachments = values.attach?.map((f) => readAttachment(io.cwd, f)) ?? [];
  const ledgerDir = values['ledger-dir'] ?? path.join(os.homedir(), '.gearshift', 'ledger');

  const core = createGearshift({
    settings: fixedSettings(settings),
    keyLookup: keys,
    recordSink: (r) => {
      try {
        appendRecord(ledgerDir, r);
      } catch (e) {
        io.err(`warning: could not write the spend ledger in ${ledgerDir} (${(e as NodeJS.ErrnoException).code ?? String(e)}).\n`);
      }
    },
    workspace: { id: hashWorkspaceId(io.cwd), name: path.basename(io.cwd), root: io.cwd },
    availability: { fixed, probe: { ...systemProbe, env: io.env } },
  });
  await core.refreshAvailability();
  const { gateway } = core;

  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let streamed = false;
  const req: ChatSendRequest = {
    conversationId: 'cli',
    messages: [{ role: 'user', content: question }],
    attachments,
    override: values.model !== undefined ? { model: values.model } : (values.tier as Tier | undefined),
    signal: abort.signal,
    onRoute: (d) => io.err(`route: ${d.chain[0]?.name ?? 'none'} (${d.reason})\n`),
    onDelta: (t) => {
      streamed = true;
      io.out(t);
    },
  };
  let outcome: GatewayOutcome;
  try {
    outcome = await gateway.send(req);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (streamed) io.out('\n');
  for (const note of [...(outcome.notes ?? []), ...outcome.fallbacks]) io.err(`note: ${note}\n`);
  if (outcome.result || outcome.costUsd !== undefined) io.err(`${costLine(outcome)}\n`);
  if (outcome.error) {
    io.err(`error: ${outcome.error.message}\n`);
    return outcome.error.kind === 'cancelled' ? 130 : 1;
  }
  return 0;
}

function costLine(o: GatewayOutcome): string {
  const u = o.result?.usage;
  const tokens = u ? `, ${totalInput(u)} in / ${u.output} out${o.result?.estimated ? ' (estimated)' : ''}` : '';
  const cost = o.costUsd === undefined ? 'unpriced' : formatUsd(o.costUsd);
  return `cost: ${cost} on ${o.modelName}${tokens}`;
}

function readAttachment(cwd: string, file: string): Attachment {
  const full = path.resolve(cwd, file);
  try {
    return { path: full, text: fs.readFileSync(full, 'utf8') };
  } catch (e) {
    throw new CliError(`gearshift chat: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Check the path.`);
  }
}
