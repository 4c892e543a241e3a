import type { Filter } from './filter';
import { CLOSERS, trimBlanksEnd } from './text';

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Finds the first closing bracket the completion did not open (strings skipped). If the document already
 * has that bracket right after the cursor, the completion stops before it — unless, on a single line, the
 * completion goes on to retype the whole rest of the line, in which case it replaces it. Otherwise the
 * completion ends with the line holding that bracket (the block is closed; more would spill outside it).
 */
export const stopAtUnmatchedCloser: Filter = (draft, ctx) => {
  const { text } = draft;
  const at = firstUnmatchedCloser(text);
  if (at < 0) return draft;
  const closer = text[at];
  const docNext = ctx.suffix.trimStart()[0];
  if (docNext === closer) {
    const rest = ctx.lineSuffix.trim();
    if (ctx.mode === 'single' && rest && rest[0] === closer && isSubsequence(rest, text.slice(at))) {
      return { text: text.trimEnd(), replacesLineSuffix: true };
    }
    return { ...draft, text: trimBlanksEnd(text.slice(0, at)).replace(/\n$/, '') };
  }
  const eol = text.indexOf('\n', at);
  return { ...draft, text: eol < 0 ? text : text.slice(0, eol) };
};

function firstUnmatchedCloser(text: string): number {
  const stack: string[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote || (c === '\n' && quote !== '`')) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && text[i + 1] === '/') {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol;
    } else if (OPEN[c]) stack.push(OPEN[c]);
    else if (CLOSERS.has(c)) {
      if (!stack.length) return i;
      if (stack[stack.length - 1] === c) stack.pop();
    }
  }
  return -1;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}
