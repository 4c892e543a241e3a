import type { Filter } from './filter';

/** Longest repeated unit looked for at a line's end, in characters. */
const MAX_UNIT = 40;
/** A run of one punctuation character this long is a loop (`)))))))))))))`), not code. */
const MIN_CHAR_RUN = 12;
/** How far back from a line's end every unit length is tried (a longer run is then followed by the chosen unit alone). */
const WINDOW = 2000;
/** Units made only of these are decoration (`# ======`, `// ------`, `****`) or digits (`0, 0, 0, 0`): never a loop. */
const EXEMPT = /^[-=*#~_/+.<>|:!\s\d,]*$/;
/** What may follow a loop on its line and goes with it: at most MAX_TERMINATOR of `;`, `,` and closing brackets. */
const TERMINATORS = ';,)]}';
const MAX_TERMINATOR = 3;
/**
 * Copies a unit needs before a terminator: a line the model ended properly may be real code (`Tuple[int, int, int,
 * int]`, `(f64, f64, f64, f64)`); only a long run is a loop there. Without one (the model ran out), four will do.
 */
const MIN_TERMINATED_COPIES = 8;

/**
 * Cuts a line that ends in repetition (`x = foo = foo = foo = foo`, `f(a, a, a, a`, `)))))))))))))`) before the
 * repetition, keeping one copy of the repeated unit (`x = foo`, `f(a`), and drops the lines after it: a model
 * caught in a loop has nothing more worth showing. The first line is read with the cursor line before it, so a
 * loop that the completion makes of the cursor line's end counts (and is cut at the cursor); a cursor line that
 * already ends in repetition is the document's own pattern and the model may go on with it.
 *
 * A unit with letters must repeat more than three times (MIN_TERMINATED_COPIES times when the line goes on to
 * close with `)`, `;`…); a single punctuation character MIN_CHAR_RUN times; numbers and decoration never count
 * (`[0, 0, 0, 0]`, `# ========`). The walk is linear per unit length tried.
 */
export const cutLineEndRepetition: Filter = (draft, ctx) => {
  if (draft.replacesLineSuffix) return draft;
  const lines = draft.text.split('\n');
  // A cursor line that already ends in repetition is the document's pattern: the model may continue it.
  const headLoops = repetitionCut(ctx.linePrefix) >= 0;
  for (let i = 0; i < lines.length; i++) {
    const head = i === 0 && !headLoops ? ctx.linePrefix : '';
    const cut = repetitionCut(head + lines[i]);
    if (cut < 0) continue;
    const kept = lines.slice(0, i);
    kept.push(lines[i].slice(0, Math.max(0, cut - head.length)));
    return { ...draft, text: kept.join('\n') };
  }
  return draft;
};

/** Where `line` should end when it ends in repetition (one unit kept, separators trimmed), else -1. */
export function repetitionCut(whole: string): number {
  // A loop the model ended with a terminator (`f(a, a, a, a, a);`) counts too; the terminator goes with it.
  let n = whole.length;
  for (let k = 0; k < MAX_TERMINATOR && n > 0 && TERMINATORS.includes(whole[n - 1]); k++) n--;
  const line = whole.slice(0, n);
  const terminated = n < whole.length;
  let bestStart = -1;
  let bestUnit = 0;
  // Each unit length walks back at most WINDOW characters; the one chosen then walks on to its run's real start.
  const floor = Math.max(0, n - WINDOW);
  for (let p = 1; p <= MAX_UNIT && 2 * p <= n; p++) {
    let s = n - p;
    while (s > floor && line.charCodeAt(s - 1) === line.charCodeAt(s - 1 + p)) s--;
    // Too short a run for any kind of loop (most lines): no need to look at the unit.
    if (n - s <= 3 * p || (p === 1 && n - s < MIN_CHAR_RUN)) continue;
    const unit = line.slice(s, s + p);
    // A unit that is itself a repetition (`FF`) is its shorter unit's business; a number (`0xABABABAB`) is no loop.
    if ((unit + unit).indexOf(unit, 1) < p || inNumber(line, s) || !isLoop(unit, n - s, terminated)) continue;
    if (bestStart < 0 || s < bestStart) [bestStart, bestUnit] = [s, p];
  }
  if (bestStart < 0) return -1;
  while (bestStart > 0 && line.charCodeAt(bestStart - 1) === line.charCodeAt(bestStart - 1 + bestUnit)) bestStart--;
  const unit = line.slice(bestStart, bestStart + bestUnit);
  let end = bestStart + bestUnit;
  while (end > 0 && isSeparator(line[end - 1], unit)) end--;
  return end;
}

/** True when position `s` is inside a word that starts with a digit (a number literal). */
function inNumber(line: string, s: number): boolean {
  if (!/\w/.test(line[s])) return false;
  let i = s;
  while (i > 0 && /\w/.test(line[i - 1])) i--;
  return /\d/.test(line[i]);
}

function isLoop(unit: string, run: number, terminated: boolean): boolean {
  if (EXEMPT.test(unit) || (terminated && run < MIN_TERMINATED_COPIES * unit.length)) return false;
  if (unit.length === 1) return !/\w/.test(unit) && run >= MIN_CHAR_RUN;
  return /[A-Za-z_]/.test(unit) ? run > 3 * unit.length : run >= MIN_CHAR_RUN && run >= 6 * unit.length;
}

/** A blank, or a punctuation character of the repeated unit other than a bracket or quote (`, ` `= ` `. `). */
function isSeparator(c: string, unit: string): boolean {
  return c === ' ' || c === '\t' || (!/[\w$()[\]{}"'`]/.test(c) && unit.includes(c));
}
