import type { CompletionContext } from '../../../src/core/completion/types';

/** A context as ContextBuilder would produce it, for prompt and post-processing tests. */
export function ctxOf(over: Partial<CompletionContext> = {}): CompletionContext {
  const prefix = over.prefix ?? 'function add(a, b) {\n  return ';
  const suffix = over.suffix ?? '\n}\n';
  const cut = prefix.lastIndexOf('\n');
  return {
    path: 'src/math.ts',
    languageId: 'typescript',
    prefix,
    suffix,
    snippets: [],
    linePrefix: prefix.slice(cut + 1),
    lineSuffix: suffix.split('\n')[0],
    mode: 'single',
    maxLines: 1,
    redactions: 0,
    ...over,
  };
}

/** Document text with a '|' marking the cursor → text and offset. */
export function atCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
