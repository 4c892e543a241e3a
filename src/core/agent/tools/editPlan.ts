/**
 * The pure half of propose_edits: search/replace blocks applied to a file's text (each oldText must occur exactly
 * once, unless replaceAll), with errors a model can act on, and the unified diff shown for review.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

export interface Replacement {
  oldText: string;
  newText: string;
  /** Replace every occurrence instead of requiring exactly one. */
  replaceAll?: boolean;
}

/** Occurrences counted before giving up (the error only needs "several"). */
const MAX_COUNTED = 1000;
/** Line-pair comparisons the whitespace hint may make. */
const HINT_BUDGET = 2_000_000;
/** Diffing time before falling back to a whole-file diff. */
const DIFF_TIMEOUT_MS = 100;

/** Start offsets of the non-overlapping occurrences of `needle` (at most MAX_COUNTED). */
function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i >= 0 && at.length < MAX_COUNTED; i = text.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Lines where `oldText` matches when each line's surrounding whitespace is ignored, e.g. "12–14"; else undefined. */
function looseMatch(text: string, oldText: string): string | undefined {
  const want = oldText.split(/\r?\n/).map((l) => l.trim());
  while (want.length && want[want.length - 1] === '') want.pop();
  while (want.length && want[0] === '') want.shift();
  if (want.length === 0) return undefined;
  const have = text.split(/\r?\n/).map((l) => l.trim());
  if (have.length * want.length > HINT_BUDGET) return undefined;
  for (let i = 0; i + want.length <= have.length; i++) {
    let k = 0;
    while (k < want.length && have[i + k] === want[k]) k++;
    if (k === want.length) return want.length === 1 ? `${i + 1}` : `${i + 1}–${i + want.length}`;
  }
  return undefined;
}

/**
 * `text` with each replacement applied in order, or the problems found (one sentence each, naming the edit).
 * When the file uses CRLF and a block uses LF, the block is matched and written with CRLF.
 */
export function applyReplacements(display: string, text: string, edits: readonly (Replacement & { index: number })[]): string | string[] {
  const problems: string[] = [];
  let out = text;
  const crlf = text.includes('\r\n');
  for (const e of edits) {
    const label = `edits[${e.index}] (${display})`;
    let oldText = e.oldText;
    let newText = e.newText;
    if (oldText === '') {
      problems.push(`${label}: oldText is empty; to create a file or rewrite it whole, use "files" with its full content.`);
      continue;
    }
    let at = occurrences(out, oldText);
    if (at.length === 0 && crlf && oldText.includes('\n') && !oldText.includes('\r\n')) {
      const o = oldText.replace(/\n/g, '\r\n');
      const found = occurrences(out, o);
      if (found.length > 0) {
        oldText = o;
        newText = newText.replace(/\r?\n/g, '\r\n');
        at = found;
      }
    }
    if (at.length === 0) {
      const loose = looseMatch(out, oldText);
      const hint = loose
        ? ` It matches line(s) ${loose} if indentation and trailing whitespace are ignored: ` +
          'copy the text exactly, indentation included.'
        : ' Read the file again (read_file) and copy oldText exactly from it, whitespace included.';
      problems.push(`${label}: oldText was not found.${hint}`);
      continue;
    }
    if (at.length > 1 && !e.replaceAll) {
      const lines = at.slice(0, 10).map((i) => lineOf(out, i));
      const more = at.length > 10 ? ', …' : '';
      const count = at.length >= MAX_COUNTED ? `${MAX_COUNTED}+` : `${at.length}`;
      problems.push(
        `${label}: oldText occurs ${count} times (lines ${lines.join(', ')}${more}); ` +
          'include more surrounding lines so it occurs once, or set replaceAll to change every occurrence.',
      );
      continue;
    }
    out = e.replaceAll ? out.split(oldText).join(newText) : out.slice(0, at[0]) + newText + out.slice(at[0] + oldText.length);
  }
  return problems.length > 0 ? problems : out;
}

/** A unified diff of before → after (a new file when before is undefined), for display. */
export function unifiedDiff(display: string, before: string | undefined, after: string): string {
  const oldName = before === undefined ? '/dev/null' : `a/${display}`;
  const patch = createTwoFilesPatch(oldName, `b/${display}`, before ?? '', after, undefined, undefined, {
    context: 3,
    timeout: DIFF_TIMEOUT_MS,
    headerOptions: FILE_HEADERS_ONLY,
  });
  if (patch !== undefined) return patch;
  // Too different to diff quickly: the whole file out, the whole file in.
  const lines = (s: string): string[] => (s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/));
  const a = lines(before ?? '');
  const b = lines(after);
  return [
    `--- ${oldName}`,
    `+++ b/${display}`,
    `@@ -${a.length ? 1 : 0},${a.length} +${b.length ? 1 : 0},${b.length} @@`,
    ...a.map((l) => `-${l}`),
    ...b.map((l) => `+${l}`),
    '',
  ].join('\n');
}
