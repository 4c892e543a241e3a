import { doctorPassed, envKeyLookup, formatDoctor, runDoctor } from '../../core/providers';
import { parseFlags, parseList } from '../args';
import { cliHints } from '../hints';
import type { CliIO } from '../io';
import { checkEndpointNames, loadCliSettings, SETTINGS_FLAGS } from '../settings';

export async function doctor(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags('doctor', args, { ...SETTINGS_FLAGS, endpoint: { type: 'string' } });
  const settings = loadCliSettings(io, 'doctor', values);
  const chosen = parseList(values.endpoint);
  checkEndpointNames(settings, chosen, 'doctor', '--endpoint');
  // Tier models first, so each endpoint is checked with the model the router would send to.
  const tierNames = [...settings.tiers.cheap, ...settings.tiers.frontier];
  const models = [...new Set([...tierNames, ...Object.keys(settings.models)])].map((n) => settings.models[n]);
  const used = new Set(tierNames.map((n) => settings.models[n].endpoint));
  const endpoints = Object.values(settings.endpoints).filter((e) => (chosen ? chosen.has(e.name) : used.has(e.name)));
  const checked = await runDoctor(endpoints, models, envKeyLookup(io.env));
  const rows = checked.map((r) => ({ ...r, message: cliHints(r.message, [r.endpoint]) }));
  io.out(`${formatDoctor(rows)}\n`);
  // A retired or unknown model fails the check even where the endpoint answered with another of its models.
  return doctorPassed(rows) ? 0 : 1;
}
