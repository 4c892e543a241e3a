import * as fs from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { SettingsProblem } from './model';

export interface LoadedSettingsFile {
  /** Flat VS Code-style keys ({ "gearshift.models": … }); empty when the file could not be read. */
  values: Record<string, unknown>;
  problems: SettingsProblem[];
}

/**
 * Reads a settings file for the CLI: JSON with comments and trailing commas, holding flat
 * VS Code-style keys (a VS Code settings.json works as is). Never throws: an unreadable or
 * malformed file yields a problem naming the file, line and column.
 */
export function loadSettingsFile(path: string): LoadedSettingsFile {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(e)})`;
    return { values: {}, problems: [{ setting: path, level: 'file', message: `Settings file ${path} ${why}. Check the path.` }] };
  }
  return parseSettingsText(text, path);
}

/** Parses settings text (JSONC). `source` names it in messages. */
export function parseSettingsText(text: string, source: string): LoadedSettingsFile {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: SettingsProblem[] = errors.map((err) => {
    const { line, column } = position(text, err.offset);
    return { setting: source, level: 'file', message: `${source}:${line}:${column}: ${printParseErrorCode(err.error)}. Fix the JSON there.` };
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (text.trim() !== '') problems.push({ setting: source, level: 'file', message: `${source} must hold one JSON object like { "gearshift.models": { … } }.` });
    return { values: {}, problems };
  }
  return { values: value as Record<string, unknown>, problems };
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
