import { approxTokens } from '../tokens';

/** One file's diff to fit: its header and hunks, as in the diff (`prepare` redacts them when they are tried). */
export interface DiffPart {
  path: string;
  header: string;
  hunks: string[];
}

export interface FittedDiff {
  /** The diff text sent: whole headers and whole hunks (a file's only hunk may be cut after a line), in diff order. */
  text: string;
  /** What was left out, one phrase per file: "src/big.ts (2 of 5 hunks)", "data.json (whole file)". */
  omitted: string[];
  /** Per part: whether any of it (its header at least) is in the text. */
  included: boolean[];
}

/** approxTokens' ratio. */
const CHARS_PER_TOKEN = 3.5;
/** Redaction replaces a secret with a shorter placeholder, but a hunk is never assumed to shrink more than this. */
const SHRINK_AT_MOST = 4;

const CUT_NOTE = (n: number) => `… (${n} more line${n === 1 ? '' : 's'} of this hunk left out)\n`;

/**
 * Fits file diffs into a token budget (approxTokens: a bound, about 3.5 characters a token) by whole files and
 * whole hunks, fairly: every file's header first (in diff order, while they fit), then hunks round by round, the
 * first hunk of every file, then every second hunk…, so one huge file cannot crowd out the rest. A hunk that does
 * not fit is left out (a smaller later one may still fit). A file that got its header but none of its hunks gets
 * the head of its first hunk, cut after a whole line, with what remains shared among such files. Never exceeds
 * the budget.
 */
export function fitDiff(parts: readonly DiffPart[], budgetTokens: number, prepare: (text: string) => string = (t) => t): FittedDiff {
  let left = Number.isFinite(budgetTokens) ? Math.max(0, Math.floor(budgetTokens)) : 0;
  /** `raw` prepared (redacted) when it may fit, and taken from the budget when it does; undefined when it does not. */
  const take = (raw: string): string | undefined => {
    // Far too big even if redaction shrank it: not worth redacting.
    if (approxTokens(raw) > left * SHRINK_AT_MOST) return undefined;
    const text = prepare(raw);
    const t = approxTokens(text);
    if (t > left) return undefined;
    left -= t;
    return text;
  };
  const headers = parts.map((p) => take(p.header));
  const headed = headers.map((h) => h !== undefined);
  const kept: (string | undefined)[][] = parts.map((p) => p.hunks.map(() => undefined));
  /** Whether kept[i][k] is the whole hunk (not the head of one). */
  const whole: boolean[][] = parts.map((p) => p.hunks.map(() => false));
  const rounds = Math.max(0, ...parts.map((p) => p.hunks.length));
  for (let r = 0; r < rounds; r++) {
    parts.forEach((p, i) => {
      if (!headed[i] || r >= p.hunks.length) return;
      kept[i][r] = take(p.hunks[r]);
      whole[i][r] = kept[i][r] !== undefined;
    });
  }
  const starving = parts.map((p, i) => i).filter((i) => headed[i] && parts[i].hunks.length > 0 && kept[i].every((h) => h === undefined));
  starving.forEach((i, n) => {
    const share = Math.floor(left / (starving.length - n));
    // Only the head can be sent: redact a slice twice its size (an unterminated key block is still redacted).
    const hunk = parts[i].hunks[0];
    const end = hunk.indexOf('\n', Math.ceil(share * CHARS_PER_TOKEN * 2));
    const cut = headOf(prepare(end < 0 ? hunk : hunk.slice(0, end + 1)), share, lineCount(hunk));
    if (cut && approxTokens(cut) <= left) {
      left -= approxTokens(cut);
      kept[i][0] = cut;
    }
  });
  const omitted: string[] = [];
  let text = '';
  parts.forEach((p, i) => {
    if (!headed[i]) {
      omitted.push(`${p.path} (whole file)`);
      return;
    }
    text += headers[i]! + kept[i].filter((h) => h !== undefined).join('');
    const wholes = whole[i].filter(Boolean).length;
    const cut = kept[i].some((h, k) => h !== undefined && !whole[i][k]);
    if (wholes < p.hunks.length) {
      const missing = p.hunks.length - wholes - (cut ? 1 : 0);
      const parts2 = [cut ? 'its first hunk cut' : '', missing > 0 ? `${missing} of ${p.hunks.length} hunks` : ''].filter(Boolean);
      omitted.push(`${p.path} (${parts2.join(', ')})`);
    }
  });
  return { text, omitted, included: headed };
}

/**
 * The first whole lines of a hunk (or of the start of one that has `total` lines) plus a note of how many more there
 * were, within `tokens`; undefined when none fit.
 */
function headOf(hunk: string, tokens: number, total: number): string | undefined {
  const lines = hunk.split(/(?<=\n)/);
  let out = '';
  let kept = 0;
  for (let k = 0; k < Math.min(lines.length, total - 1); k++) {
    const next = out + lines[k];
    const line = next.endsWith('\n') ? next : `${next}\n`;
    if (approxTokens(line + CUT_NOTE(total - k - 1)) > tokens) break;
    out = line;
    kept = k + 1;
  }
  // The @@ line alone says nothing: at least one changed line besides it.
  if (kept < 2) return undefined;
  return out + CUT_NOTE(total - kept);
}

/** Lines in `text`, the last one counted whether or not it ends with a newline. */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') || text === '' ? n : n + 1;
}
