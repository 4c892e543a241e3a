import * as fs from 'node:fs';
import { routeBatch, routeOne } from '../../core/router/cli';
import { parseFlags, parseList } from '../args';
import { CliError } from '../errors';
import type { CliIO } from '../io';
import { checkEndpointNames, loadCliSettings, SETTINGS_FLAGS } from '../settings';

export async function route(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags('route', args, {
    batch: { type: 'string' },
    ...SETTINGS_FLAGS,
    available: { type: 'string' },
  });
  const settings = loadCliSettings(io, 'route', values);
  const available = parseList(values.available);
  checkEndpointNames(settings, available, 'route');
  let lines: string[];
  if (values.batch !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(values.batch, 'utf8');
    } catch (e) {
      throw new CliError(`gearshift route: cannot read ${values.batch} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Check the path.`);
    }
    lines = routeBatch(text.split(/\r?\n/), settings, { available });
  } else {
    const text = await io.readStdin();
    if (!text.trim()) throw new CliError('gearshift route: no input. Pipe one JSON record to stdin, or give --batch FILE.jsonl.', 2);
    lines = [routeOne(text, settings, { available })];
  }
  for (const l of lines) io.out(`${l}\n`);
  return lines.some((l) => (JSON.parse(l) as { error?: string }).error !== undefined) ? 1 : 0;
}
