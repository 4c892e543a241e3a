import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatUsd } from '../../core/cost/format';
import { createGearshift, fixedSettings } from '../../core/gearshift';
import type { Gateway } from '../../core/gateway/gateway';
import { TIERS, totalInput, type Attachment, type ChatSendRequest, type GatewayOutcome, type Tier } from '../../core/types';
import { parseFlags, parseList } from '../args';
import { createCliHost, type CliHost } from '../cliHost';
import { CliError, usageError } from '../errors';
import { cliHints } from '../hints';
import type { CliIO } from '../io';
import { checkEndpointNames, SETTINGS_FLAGS } from '../settings';

export async function chat(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags(
    'chat',
    args,
    {
      attach: { type: 'string', multiple: true },
      tier: { type: 'string' },
      model: { type: 'string' },
      ...SETTINGS_FLAGS,
      'ledger-dir': { type: 'string' },
      available: { type: 'string' },
    },
    true,
  );
  const question = positionals.join(' ').trim();
  if (!question) throw usageError('gearshift chat: give the question, e.g. gearshift chat "what does git rebase --onto do?"', 'chat');
  if (values.tier !== undefined && values.model !== undefined) throw usageError('gearshift chat: give --tier or --model, not both.', 'chat');
  if (values.tier !== undefined && !(TIERS as readonly string[]).includes(values.tier)) throw usageError(`gearshift chat: --tier is '${values.tier}'; use cheap or frontier.`, 'chat');
  const host = await createCliHost(io, 'chat', { ...values, available: parseList(values.available), ledgerDir: values['ledger-dir'] });
  const { settings } = host;
  if (values.model !== undefined && !Object.hasOwn(settings.models, values.model)) {
    throw usageError(`gearshift chat: model '${values.model}' is not configured. Known: ${Object.keys(settings.models).join(', ')}.`, 'chat');
  }
  checkEndpointNames(settings, host.available, 'chat');
  const attachments = values.attach?.map((f) => readAttachment(io.cwd, f)) ?? [];
  const gateway = chatGateway(host);

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
    onRoute: (d) => {
      // Budget warnings as the extension shows them; a blocked request says why in its error instead.
      if (!d.blocked) for (const w of host.budget?.warnings() ?? []) io.err(`warning: ${w}\n`);
      io.err(`route: ${d.chain[0]?.name ?? 'none'} (${d.reason})\n`);
    },
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
    io.err(`error: ${cliHints(outcome.error.message, hintEndpoints(host, outcome))}\n`);
    return outcome.error.kind === 'cancelled' ? 130 : 1;
  }
  return 0;
}

/**
 * The chat road through the core, built from the CLI's host. (The composition root createGearshift will
 * replace this construction; the host stays.)
 */
/** The core built by the one composition root, on what the CLI host found (settings, keys, ledger, budget). */
function chatGateway(host: CliHost): Gateway {
  return createGearshift({
    settings: fixedSettings(host.settings),
    keyLookup: host.keys,
    recordSink: (r) => host.record(r),
    workspace: host.workspace,
    budget: host.budget,
    availability: { fixed: host.available },
  }).gateway;
}

/** The endpoints whose key variables a failure's hint should name: the one that failed, else the tiers' keyed ones. */
function hintEndpoints(host: CliHost, outcome: GatewayOutcome): string[] {
  if (outcome.endpoint) return [outcome.endpoint];
  const s = host.settings;
  const names = TIERS.flatMap((t) => s.tiers[t]).flatMap((n) => (Object.hasOwn(s.models, n) ? [s.models[n].endpoint] : []));
  return [...new Set(names)].filter((e) => s.endpoints[e] && s.endpoints[e].kind !== 'bedrock' && s.endpoints[e].requiresKey !== false);
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
