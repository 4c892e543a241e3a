import * as fs from 'node:fs';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
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
  const problems: SettingsProblem[] = [];
  let value: unknown;
  try {
    const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    value = tree ? valueOf(tree, text, source, problems) : undefined;
  } catch (e) {
    // The parser recurses once per nesting level: thousands of nested brackets exhaust the stack.
    if (!(e instanceof RangeError)) throw e;
    return {
      values: {},
      problems: [{ setting: source, level: 'file', message: `${source} is nested too deeply to read. Fix the JSON there.` }],
    };
  }
  problems.unshift(
    ...errors.map((err): SettingsProblem => {
      const { line, column } = position(text, err.offset);
      return {
        setting: source,
        level: 'file',
        message: `${source}:${line}:${column}: ${printParseErrorCode(err.error)}. Fix the JSON there.`,
      };
    }),
  );
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (text.trim() !== '')
      problems.push({ setting: source, level: 'file', message: `${source} must hold one JSON object like { "gearshift.models": { … } }.` });
    return { values: {}, problems };
  }
  return { values: value as Record<string, unknown>, problems };
}

/**
 * A node's value. Unlike jsonc-parser's parse(), which assigns keys (so a "__proto__" key in the file would replace
 * an object's prototype), every key becomes an own property, and "__proto__" keys are reported and dropped.
 */
function valueOf(node: Node, text: string, source: string, problems: SettingsProblem[]): unknown {
  if (node.type === 'array') return (node.children ?? []).map((c) => valueOf(c, text, source, problems));
  if (node.type !== 'object') return node.value;
  const out: Record<string, unknown> = {};
  for (const prop of node.children ?? []) {
    const [key, child] = prop.children ?? [];
    if (!key || !child) continue;
    const name = String(key.value);
    if (name === '__proto__') {
      const { line, column } = position(text, key.offset);
      problems.push({
        setting: source,
        level: 'file',
        message: `${source}:${line}:${column}: "__proto__" is not a valid key; it is ignored.`,
      });
      continue;
    }
    Object.defineProperty(out, name, {
      value: valueOf(child, text, source, problems),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
