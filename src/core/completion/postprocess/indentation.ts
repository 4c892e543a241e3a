import type { Filter } from './filter';
import { CLOSERS, leading } from './text';

/**
 * The cursor already sits at the line's indentation, so a first line that repeats it loses it. With
 * `relativeIndent`, later lines keep their indentation relative to the answer's first line, re-based on the
 * cursor line's; that applies only when the answer is dedented below the cursor (closing lines aside).
 */
export const reindent: Filter = (draft, ctx) => {
  const lines = draft.text.split('\n');
  return { ...draft, text: reindentLines(lines, ctx.linePrefix, ctx.relativeIndent).join('\n') };
};

function reindentLines(lines: string[], linePrefix: string, relative: boolean): string[] {
  const cursorIndent = leading(linePrefix);
  const atIndent = linePrefix.length > 0 && !linePrefix.trim();
  const firstIndent = leading(lines[0]);
  const out = lines.slice();
  if (atIndent && firstIndent) out[0] = lines[0].slice(firstIndent.length);
  if (!relative || lines.length < 2) return out;
  const base = linePrefix.trim() ? '' : firstIndent;
  const body = lines.slice(1).filter((l) => l.trim() && !CLOSERS.has(l.trim()[0]));
  // A loop, not Math.min(...spread): a spread of a very long answer's lines overflows the call stack.
  let minIndent = Infinity;
  for (const l of body) minIndent = Math.min(minIndent, leading(l).length);
  if (!body.length || minIndent >= cursorIndent.length) return out;
  for (let i = 1; i < out.length; i++) {
    if (!out[i].trim()) continue;
    const own = leading(out[i]);
    const rel = own.startsWith(base) ? own.slice(base.length) : own.slice(Math.min(own.length, base.length));
    out[i] = cursorIndent + rel + out[i].slice(own.length);
  }
  return out;
}
