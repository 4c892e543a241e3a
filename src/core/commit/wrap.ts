/** Git's body width: `git log` indents by 4, so 72 keeps an 80-column terminal tidy. */
export const BODY_WIDTH = 72;

const BULLET = /^(\s*(?:[-*+•]|\d+[.)])\s+)/;

/** Characters as the user sees them (a surrogate pair is one). */
const width = (s: string): number => [...s].length;

/**
 * Wraps one paragraph line greedily at `limit` columns on spaces. A list item's continuation lines are indented
 * under its text. A word longer than the line (a URL, a path) is never broken: it gets a line of its own.
 */
function wrapLine(line: string, limit: number): string[] {
  if (width(line) <= limit) return [line];
  const bullet = BULLET.exec(line)?.[1] ?? '';
  const lead = /^\s*/.exec(line)![0];
  const first = bullet || lead;
  const hang = ' '.repeat(width(first));
  const words = line
    .slice(first.length)
    .split(' ')
    .filter((w) => w !== '');
  const out: string[] = [];
  let cur = first;
  let fresh = true;
  for (const w of words) {
    if (fresh) {
      cur += w;
      fresh = false;
    } else if (width(cur) + 1 + width(w) <= limit) cur += ` ${w}`;
    else {
      out.push(cur);
      cur = hang + w;
    }
  }
  out.push(cur);
  return out;
}

/**
 * A commit body wrapped at `limit` columns. Lines indented by 4 or more spaces or a tab (code, quoted output) and
 * lines inside ``` fences are kept as they are; so is every word, only the spaces between words change.
 */
export function wrapBody(body: string, limit = BODY_WIDTH): string {
  const out: string[] = [];
  let fenced = false;
  for (const line of body.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced || /^\s*```/.test(line) || /^( {4}|\t)/.test(line)) out.push(line);
    else out.push(...wrapLine(line, limit));
  }
  return out.join('\n');
}
