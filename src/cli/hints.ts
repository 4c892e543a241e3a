import { keyEnvVar } from '../core/providers/keys';

/** The VS Code command the core's messages point to for keys, in any of its spellings. */
const COMMAND = String.raw`['"]Gearshift: Set API Key(?:…|\.\.\.)?['"]`;
/** "Run 'Gearshift: Set API Key…' (the CLI reads X)" and "Run 'Gearshift: Set API Key…'". */
const RUN_COMMAND = new RegExp(String.raw`Run ${COMMAND}(?: \(the CLI reads ([A-Za-z0-9_]+)\))?`, 'g');
/** 'Set an API key with "Gearshift: Set API Key"'. */
const SET_WITH_COMMAND = new RegExp(String.raw`Set an API key with ${COMMAND}`, 'g');
/** 'use the "Gearshift: Set API Key" command'. */
const USE_COMMAND = new RegExp(String.raw`use the ${COMMAND} command`, 'g');
/** Any other mention of the command. */
const ANY_COMMAND = new RegExp(String.raw`(?:the )?${COMMAND}(?: command)?`, 'g');
const ENDPOINT_IN_MESSAGE = /endpoint '([^']+)'/;

/**
 * A core message with its key hints made for the terminal: the CLI reads keys from the environment, so where
 * the message says to run the VS Code command "Gearshift: Set API Key…", it names the environment variable
 * instead: the endpoint's (GEARSHIFT_<ENDPOINT>_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY), taken from
 * `endpoints`, else from the endpoint the message names, else the general pattern.
 */
export function cliHints(message: string, endpoints: readonly string[] = []): string {
  const named = ENDPOINT_IN_MESSAGE.exec(message)?.[1];
  const vars = [...new Set((endpoints.length ? endpoints : named ? [named] : []).map(keyEnvVar))];
  const general = vars.length ? orList(vars) : 'OPENAI_API_KEY, ANTHROPIC_API_KEY or GEARSHIFT_<ENDPOINT>_API_KEY';
  return message
    .replace(RUN_COMMAND, (_m, read?: string) => `Set ${read ?? general} in the environment`)
    .replace(SET_WITH_COMMAND, `Set an API key in the environment (${general})`)
    .replace(USE_COMMAND, `put it in the environment instead (${general})`)
    .replace(ANY_COMMAND, `the environment variable ${general}`);
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
