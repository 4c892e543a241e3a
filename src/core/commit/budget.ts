import { approxTokens } from '../tokens';

/** One file's diff to fit: its header and hunks (already redacted). */
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

const CUT_NOTE = (n: number) => `… (${n} more line${n === 1 ? '' : 's'} of this hunk left out)\n`;

/**
 * Fits file diffs into a token budget (approxTokens: a bound, about 3.5 characters a token) by whole files and
 * whole hunks, fairly: every file's header first (in diff order, while they fit), then hunks round by round, the
 * first hunk of every file, then every second hunk…, so one huge file cannot crowd out the rest. A hunk that does
 * not fit is left out (a smaller later one may still fit). A file that got its header but none of its hunks gets
 * the head of its first hunk, cut after a whole line, with what remains shared among such files. Never exceeds
 * the budget.
 */
export function fitDiff(parts: readonly DiffPart[], budgetTokens: number): FittedDiff {
  let left = Number.isFinite(budgetTokens) ? Math.max(0, Math.floor(budgetTokens)) : 0;
  const take = (text: string): boolean => {
    const t = approxTokens(text);
    if (t > left) return false;
    left -= t;
    return true;
  };
  const headed = parts.map((p) => take(p.header));
  const kept: (string | undefined)[][] = parts.map((p) => p.hunks.map(() => undefined));
  const rounds = Math.max(0, ...parts.map((p) => p.hunks.length));
  for (let r = 0; r < rounds; r++) {
    parts.forEach((p, i) => {
      if (headed[i] && r < p.hunks.length && take(p.hunks[r])) kept[i][r] = p.hunks[r];
    });
  }
  const starving = parts.map((p, i) => i).filter((i) => headed[i] && parts[i].hunks.length > 0 && kept[i].every((h) => h === undefined));
  starving.forEach((i, n) => {
    const share = Math.floor(left / (starving.length - n));
    const cut = headOf(parts[i].hunks[0], share);
    if (cut && take(cut)) kept[i][0] = cut;
  });
  const omitted: string[] = [];
  let text = '';
  parts.forEach((p, i) => {
    if (!headed[i]) {
      omitted.push(`${p.path} (whole file)`);
      return;
    }
    text += p.header + kept[i].filter((h) => h !== undefined).join('');
    const whole = kept[i].filter((h, k) => h === p.hunks[k]).length;
    const cut = kept[i].some((h, k) => h !== undefined && h !== p.hunks[k]);
    if (whole < p.hunks.length) {
      const missing = p.hunks.length - whole - (cut ? 1 : 0);
      const parts2 = [cut ? 'its first hunk cut' : '', missing > 0 ? `${missing} of ${p.hunks.length} hunks` : ''].filter(Boolean);
      omitted.push(`${p.path} (${parts2.join(', ')})`);
    }
  });
  return { text, omitted, included: headed };
}

/** The first whole lines of a hunk plus a note of how many more there were, within `tokens`; undefined when none fit. */
function headOf(hunk: string, tokens: number): string | undefined {
  const lines = hunk.split(/(?<=\n)/);
  let out = '';
  for (let k = 0; k < lines.length - 1; k++) {
    const next = out + lines[k];
    const line = next.endsWith('\n') ? next : `${next}\n`;
    if (approxTokens(line + CUT_NOTE(lines.length - k - 1)) > tokens) break;
    out = line;
  }
  const kept = out.split(/(?<=\n)/).filter(Boolean).length;
  // The @@ line alone says nothing: at least one changed line besides it.
  if (kept < 2) return undefined;
  return out + CUT_NOTE(lines.length - kept);
}
