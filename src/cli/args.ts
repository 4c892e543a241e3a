import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses one command's flags with node:util parseArgs (strict: unknown flags and missing values are errors).
 * A parse failure becomes a usage error (exit 2) naming the flag, with a pointer to the command's help.
 */
export function parseFlags<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('. ')[0].replace(/\.$/, '') : String(e);
    throw usageError(`gearshift ${command}: ${msg}.`, command);
  }
}

/** "openai, anthropic" → a set of endpoint names; undefined when the flag was not given. */
export function parseList(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  return new Set(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}
