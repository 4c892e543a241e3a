import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContextBuilder } from '../../../../src/core/completion/context';
import { fitCompletion } from '../../../../src/core/completion/postprocess';
import type { CompletionContext, EditorIndent } from '../../../../src/core/completion/types';

/** Languages the post-processing tables cover, with their VS Code language id and a file name. */
export const LANGS = {
  ts: { languageId: 'typescript', path: 'src/sample.ts' },
  py: { languageId: 'python', path: 'pkg/sample.py' },
  go: { languageId: 'go', path: 'cmd/sample.go' },
  rust: { languageId: 'rust', path: 'src/sample.rs' },
  java: { languageId: 'java', path: 'src/main/java/Sample.java' },
  jsx: { languageId: 'javascriptreact', path: 'src/Sample.jsx' },
} as const;
export type Lang = keyof typeof LANGS;

/**
 * One table row: the document with `‖` at the cursor, what the model answered, what the user must see.
 * `chat`: the answer came from a chat model filling a hole (indentation relative to its first line).
 */
export interface FitCase {
  name: string;
  lang: Lang;
  doc: string;
  raw: string;
  expected: string;
  /** Expected `replacesLineSuffix` (default: not checked). */
  replaces?: boolean;
  indent?: EditorIndent;
  chat?: boolean;
}

/** The context ContextBuilder builds for a `‖`-marked document (mode chosen as in the product). */
export function contextAt(c: Pick<FitCase, 'lang' | 'doc' | 'indent'>): CompletionContext {
  const offset = c.doc.indexOf('‖');
  if (offset < 0) throw new Error('case document has no ‖ cursor');
  const text = c.doc.slice(0, offset) + c.doc.slice(offset + 1);
  const { languageId, path } = LANGS[c.lang];
  const ctx = new ContextBuilder().build({ path, languageId, text, offset, ...(c.indent && { indent: c.indent }) }, []);
  if (!ctx) throw new Error('no context');
  return ctx;
}

/** Registers one node:test per row, named `group › lang › name`. */
export function runCases(group: string, cases: readonly FitCase[]): void {
  for (const c of cases) {
    test(`${group} › ${c.lang} › ${c.name}`, () => {
      const got = fitCompletion(c.raw, contextAt(c), c.chat ?? false);
      assert.equal(got.text, c.expected);
      if (c.replaces !== undefined) assert.equal(got.replacesLineSuffix, c.replaces);
    });
  }
}
