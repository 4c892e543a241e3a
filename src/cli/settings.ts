import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, printParseErrorCode, stripComments, type ParseError } from 'jsonc-parser';
import { parseSettingsText } from '../core/settings/load';
import type { ResolvedSettings, SettingsProblem } from '../core/settings/model';
import { resolveSettings } from '../core/settings/resolve';
import { CliError } from './errors';
import { cliHints } from './hints';
import type { CliIO } from './io';

/** The settings flags every command takes. */
export const SETTINGS_FLAGS = {
  settings: { type: 'string' },
  trust: { type: 'boolean' },
} as const;

export interface SettingsFlags {
  /** `--settings FILE`: read as your user settings (you named it, so it is trusted). */
  settings?: string;
  /** `--trust`: apply ./.vscode/settings.json as a trusted workspace's settings. */
  trust?: boolean;
}

/**
 * The settings a command runs with: the defaults, with `--settings FILE` laid over them as USER settings (you
 * named the file, so it may set endpoints), or else the folder's .vscode/settings.json as WORKSPACE settings.
 * As in VS Code, a workspace file never changes where requests and keys go; and, as in VS Code's Restricted
 * Mode, what an untrusted repository could use to spend your money or send your files (prices, exclusions,
 * budgets, models…) is ignored unless you pass --trust: the core's resolveSettings decides what, and one note
 * names it. Other problems go to stderr, one per line; the valid parts still apply. A file that is not
 * readable JSON (binary, truncated, broken) stops the command with one line naming the file and the line.
 */
export function loadCliSettings(io: CliIO, command: string, flags: SettingsFlags): ResolvedSettings {
  const workspaceFile = path.join(io.cwd, '.vscode', 'settings.json');
  if (flags.settings !== undefined) {
    const values = readSettingsFile(io, command, path.resolve(io.cwd, flags.settings), flags.settings);
    const { settings, problems } = resolveSettings({ user: values });
    warn(io, problems);
    return settings;
  }
  if (!fs.existsSync(workspaceFile)) return resolveSettings({}).settings;
  const shown = path.join('.vscode', 'settings.json');
  const values = readSettingsFile(io, command, workspaceFile, shown);
  const trusted = resolveSettings({ workspace: values }, { trustedWorkspace: true });
  if (flags.trust) {
    warn(io, trusted.problems);
    return trusted.settings;
  }
  const restricted = resolveSettings({ workspace: values }, { trustedWorkspace: false });
  const { ignored, others } = splitRestricted(restricted.problems, trusted.problems);
  warn(io, others);
  if (ignored.length) {
    io.err(
      `note: ${shown} comes with this folder and is not trusted, so (as in VS Code's Restricted Mode) these settings from it ` +
        `are ignored: ${ignored.join(', ')}. If you trust this repository, add --trust (or pass the file with --settings).\n`,
    );
  }
  return restricted.settings;
}

/** Problems only the untrusted resolution has (what Restricted Mode ignored, by setting), and the rest. */
function splitRestricted(restricted: SettingsProblem[], trusted: SettingsProblem[]): { ignored: string[]; others: SettingsProblem[] } {
  const id = (p: SettingsProblem) => `${p.setting}\u0000${p.message}`;
  const known = new Set(trusted.map(id));
  const ignored = new Set<string>();
  const others: SettingsProblem[] = [];
  for (const p of restricted) {
    if (known.has(id(p))) others.push(p);
    else ignored.add(p.setting);
  }
  return { ignored: [...ignored], others };
}

function warn(io: CliIO, problems: SettingsProblem[]): void {
  for (const p of problems) {
    const endpoint = /^gearshift\.endpoints\.([^.]+)\./.exec(p.setting)?.[1];
    io.err(`warning: ${cliHints(p.message, endpoint ? [endpoint] : [])}\n`);
  }
}

/**
 * The flat settings of one file. Tolerated: a UTF-8 byte-order mark, and an empty file (or one holding only
 * comments), read as {} with a note. Refused with one line: a missing or unreadable file, binary data, and
 * JSON that does not parse (truncated or broken), naming the file, the line and the column.
 */
export function readSettingsFile(io: CliIO, command: string, file: string, shown: string): Record<string, unknown> {
  const fail = (why: string) => new CliError(`gearshift ${command}: settings file ${shown} ${why}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? String(e)})`;
    throw fail(`${why}. Check the path.`);
  }
  const text = decodeText(bytes);
  if (text === undefined) throw fail('holds binary data, not JSON text. Give a JSON settings file such as .vscode/settings.json.');
  if (stripComments(text).trim() === '') {
    io.err(`note: settings file ${shown} is empty; no settings are read from it.\n`);
    return {};
  }
  const syntax = firstSyntaxError(text);
  if (syntax) throw fail(`${syntax}`);
  const loaded = parseSettingsText(text, shown);
  const fatal = loaded.problems.filter((p) => p.level === 'file');
  if (Object.keys(loaded.values).length === 0 && fatal.length) throw new CliError(`gearshift ${command}: ${fatal[0].message}`);
  for (const p of loaded.problems) io.err(`warning: ${p.message}\n`);
  return loaded.values;
}

/** UTF-8 text without its byte-order mark; undefined for binary data (a NUL byte or invalid UTF-8). */
function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

const SYNTAX_WORDS: Record<string, string> = {
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  ValueExpected: 'expected a value',
  PropertyNameExpected: 'expected a property name in double quotes',
  EndOfFileExpected: 'expected the end of the file after the settings object',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidSymbol: 'unexpected character',
};

/** "line 3, column 1: expected '}' (the file ends before its JSON does). …", or undefined when the JSON parses. */
function firstSyntaxError(text: string): string | undefined {
  const errors: ParseError[] = [];
  try {
    parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    if (e instanceof RangeError) return 'is nested too deeply to read. Fix the JSON there.';
    throw e;
  }
  if (errors.length === 0) return undefined;
  const first = errors[0];
  const code = printParseErrorCode(first.error);
  const end = text.trimEnd().length;
  // At the end of a cut-off file, point after its last character, not at the empty line below it.
  const offset = Math.min(first.offset, end);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const truncated = first.offset >= end ? ' (the file ends before its JSON does: is it cut off?)' : '';
  const more = errors.length > 1 ? ` (${errors.length - 1} more error${errors.length > 2 ? 's' : ''} after it)` : '';
  return `has invalid JSON at line ${line}, column ${column}: ${SYNTAX_WORDS[code] ?? code}${truncated}${more}. Fix the JSON there.`;
}

/** Checks endpoint names given with a flag (`--available`, `--endpoint`) against the configured endpoints. */
export function checkEndpointNames(
  settings: ResolvedSettings, names: Set<string> | undefined, command: string, flag = '--available',
): void {
  if (!names) return;
  const unknown = [...names].filter((n) => !Object.hasOwn(settings.endpoints, n));
  if (unknown.length) {
    const list = unknown.map((n) => `'${n}'`).join(', ');
    const known = Object.keys(settings.endpoints).join(', ');
    const s = unknown.length > 1 ? 's' : '';
    throw new CliError(`gearshift ${command}: unknown endpoint${s} ${list} in ${flag}. Known endpoints: ${known}.`, 2);
  }
}
