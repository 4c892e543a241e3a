import type { EditorIndent } from '../types';
import type { Filter } from './filter';
import { leading } from './text';

/**
 * A model's indentation step (in columns) is taken to be 2 to 4: models indent by 2 or 4 spaces or a tab, and a
 * wider jump is a continuation line or alignment, not a level. A document's own unit may be up to 8.
 */
const MIN_STEP = 2;
const MAX_MODEL_STEP = 4;
const MAX_DOC_STEP = 8;
/** Tab width assumed when the editor's is unknown and the document indents with tabs. */
const DEFAULT_TAB_SIZE = 4;
/** The widest tab size taken from the editor (VS Code allows any; a wider one is surely a mistake). */
const MAX_TAB_SIZE = 16;
/** How many of the prefix's last lines tell its indentation (the nearest code is the best witness). */
const SAMPLE_LINES = 200;

/**
 * Re-indents the completion's lines to the editor's indentation: a model that indents with tabs in a 2-space
 * file, or with 4 spaces in a tab (or 2-space) file, gets the editor's unit. The editor's options come from
 * FilterContext.indent; absent, they are inferred from the prefix (nothing changes when it has no indentation).
 *
 * Measured in columns (a tab is `tabSize` columns). The model's own step is the most common indentation
 * *increase* between its consecutive lines, the cursor line included (decreases often close several blocks at
 * once); when no increase equals the editor's unit and it is another plausible step, each line's distance from
 * the cursor line's indentation is counted in the model's steps and re-laid in the editor's. Then each line's
 * indentation is written with the editor's characters (tabs, plus spaces for a remainder that is alignment).
 * The first line continues the cursor line and keeps its blanks unless the cursor is at column 0. Text inside
 * multi-line strings is re-indented too (rare in completions; the same trade-off other engines make).
 */
export const toEditorIndent: Filter = (draft, ctx) => {
  const indent = (ctx.indent && usable(ctx.indent)) || inferIndent(ctx.prefix);
  if (!indent || (!draft.text.includes('\n') && ctx.linePrefix !== '')) return draft;
  const unit = indent.tabSize;
  const lines = draft.text.split('\n');
  const from = ctx.linePrefix === '' ? 0 : 1;
  const anchor = columns(leading(ctx.linePrefix === '' ? lastNonBlankLine(ctx.prefix) : ctx.linePrefix + lines[0]), unit);
  const step = modelStep(lines, from, anchor, unit);
  let changed = false;
  for (let i = from; i < lines.length; i++) {
    const own = leading(lines[i]);
    if (!own || own.length === lines[i].length) continue;
    let col = columns(own, unit);
    if (step !== unit) col = rescale(col, anchor, step, unit);
    const fresh = write(col, indent);
    if (fresh !== own) {
      lines[i] = fresh + lines[i].slice(own.length);
      changed = true;
    }
  }
  return changed ? { ...draft, text: lines.join('\n') } : draft;
};

/** Editor options worth following: a whole tab size of 1 to MAX_TAB_SIZE (anything else is ignored, then inferred). */
function usable(indent: EditorIndent): EditorIndent | undefined {
  const { tabSize } = indent;
  return Number.isInteger(tabSize) && tabSize >= 1 && tabSize <= MAX_TAB_SIZE ? indent : undefined;
}

/** The columns a run of blanks spans, a tab reaching the next multiple of `tabSize`. */
function columns(blanks: string, tabSize: number): number {
  let col = 0;
  for (const c of blanks) col = c === '\t' ? col - (col % tabSize) + tabSize : col + 1;
  return col;
}

/** `col` columns of indentation in the editor's characters: whole units, then spaces for the rest. */
function write(col: number, indent: EditorIndent): string {
  if (indent.insertSpaces) return ' '.repeat(col);
  return '\t'.repeat(Math.floor(col / indent.tabSize)) + ' '.repeat(col % indent.tabSize);
}

/** `col` with its distance from `anchor` counted in steps of `step` and re-laid in steps of `unit`. */
function rescale(col: number, anchor: number, step: number, unit: number): number {
  const delta = Math.abs(col - anchor);
  const moved = Math.floor(delta / step) * unit + (delta % step);
  return Math.max(0, col >= anchor ? anchor + moved : anchor - moved);
}

/**
 * The model's indentation step: `unit` when any line goes one editor unit deeper than the one before (the model
 * follows the editor) or none goes deeper, else the most common increase within MIN_STEP..MAX_MODEL_STEP.
 */
function modelStep(lines: readonly string[], from: number, anchor: number, unit: number): number {
  const counts = new Map<number, number>();
  let prev = anchor;
  for (let i = from; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const col = columns(leading(lines[i]), unit);
    const up = col - prev;
    prev = col;
    if (up === unit) return unit;
    if (up >= MIN_STEP && up <= MAX_MODEL_STEP) counts.set(up, (counts.get(up) ?? 0) + 1);
  }
  let best = unit;
  let seen = 0;
  for (const [step, n] of counts) {
    if (n > seen || (n === seen && step < best)) [best, seen] = [step, n];
  }
  return best;
}

/**
 * The document's indentation as its prefix shows it (its last SAMPLE_LINES lines): tabs when more lines start
 * with a tab than with a space, else spaces in the most common step between consecutive lines' indentation.
 * Undefined when the prefix has no indented line.
 */
export function inferIndent(prefix: string): EditorIndent | undefined {
  const lines = lastLinesOf(prefix, SAMPLE_LINES);
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let prev = -1;
  for (const line of lines) {
    // Blank lines say nothing; a block comment's ` * ` lines are aligned one column in, not indented.
    if (!line.trim() || line.trimStart().startsWith('*')) continue;
    const own = leading(line);
    if (own[0] === '\t') tabs++;
    else if (own) spaces++;
    if (own.includes('\t')) {
      prev = -1;
      continue;
    }
    const up = own.length - prev;
    if (prev >= 0 && up >= MIN_STEP && up <= MAX_DOC_STEP) steps.set(up, (steps.get(up) ?? 0) + 1);
    prev = own.length;
  }
  if (tabs > spaces) return { tabSize: DEFAULT_TAB_SIZE, insertSpaces: false };
  let best = 0;
  let seen = 0;
  for (const [step, n] of steps) {
    if (n > seen || (n === seen && step < best)) [best, seen] = [step, n];
  }
  return best ? { tabSize: best, insertSpaces: true } : undefined;
}

/** The last `n` lines of `text`, found from its end (the prefix may be long; only its end is read). */
function lastLinesOf(text: string, n: number): string[] {
  let start = text.length;
  for (let i = 0; i < n && start > 0; i++) start = text.lastIndexOf('\n', start - 1);
  return text.slice(Math.max(0, start)).split('\n');
}

/** The last line of the prefix before the cursor line with non-blank text ('' when there is none). */
function lastNonBlankLine(prefix: string): string {
  let end = prefix.lastIndexOf('\n');
  while (end > 0) {
    const start = prefix.lastIndexOf('\n', end - 1) + 1;
    const line = prefix.slice(start, end);
    if (line.trim()) return line;
    end = start - 1;
  }
  return '';
}
