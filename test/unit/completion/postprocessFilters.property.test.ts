/**
 * Property tests for the text-walking post-processing filters of issue 14 (editor indentation, model markup, line-end
 * repetition, leading blanks, mid-word): each returns promptly on huge and hostile input (no quadratic walk or
 * regex) and keeps its promise on arbitrary text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { fitCompletion } from '../../../src/core/completion/postprocess';
import { inferIndent, toEditorIndent } from '../../../src/core/completion/postprocess/editorIndent';
import type { Filter, FilterContext } from '../../../src/core/completion/postprocess/filter';
import { dropLeadingSpace } from '../../../src/core/completion/postprocess/leadingSpace';
import { cutLineEndRepetition, repetitionCut } from '../../../src/core/completion/postprocess/lineRepetition';
import { dropMarkup } from '../../../src/core/completion/postprocess/markup';
import { fitMidWord } from '../../../src/core/completion/postprocess/midWord';
import type { EditorIndent } from '../../../src/core/completion/types';
import { bounded, documentArb, RUNS } from '../props/arbitraries';

const FILTERS: Record<string, Filter> = { toEditorIndent, dropMarkup, cutLineEndRepetition, dropLeadingSpace, fitMidWord };
const LANGUAGES = ['typescript', 'python', 'go', 'rust', 'java', 'javascriptreact', 'markdown', 'plaintext'];

function ctxFor(prefix: string, suffix: string, over: Partial<FilterContext> = {}): FilterContext {
  const cut = prefix.lastIndexOf('\n');
  const eol = suffix.indexOf('\n');
  return {
    prefix,
    suffix,
    linePrefix: prefix.slice(cut + 1),
    lineSuffix: eol < 0 ? suffix : suffix.slice(0, eol),
    mode: 'multi',
    maxLines: 16,
    languageId: 'typescript',
    relativeIndent: false,
    ...over,
  };
}

/** Editor options, nonsense included (0, NaN, fractions, a billion: ignored, so the prefix decides). */
const indentArb: fc.Arbitrary<EditorIndent | undefined> = fc.option(
  fc.record({
    tabSize: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -2, 2.5, NaN, Infinity, 1e9) },
    ),
    insertSpaces: fc.boolean(),
  }),
  { nil: undefined },
);

/** Code-like lines with awkward indentation and the markup the filters look for. */
const codeLine = fc
  .tuple(
    fc.constantFrom('', ' ', '  ', '    ', '\t', '\t\t', '  \t', '\t  ', '        '),
    fc.constantFrom(
      'return x;',
      'if (a) {',
      '}',
      'foo = foo = foo = foo = foo',
      'a, a, a, a, a',
      '0, 0, 0, 0',
      '```ts',
      '```',
      '//',
      '#',
      '// Path: src/a.ts',
      '# End of file.',
      '<COMPLETION>',
      '</COMPLETION>',
      '"""',
      '`',
      'const s = "```";',
      '))))))))))))))))',
      'console.log(x)',
      '',
    ),
  )
  .map(([i, l]) => i + l);
const codeText = fc.array(codeLine, { maxLength: 30 }).map((ls) => ls.join('\n'));
const textArb = fc.oneof(codeText, documentArb(60));

const HOSTILE = [
  ' '.repeat(200_000),
  `a${' '.repeat(200_000)}b`,
  '\t'.repeat(200_000) + 'x',
  `x\n${'\t'.repeat(100_000)}y\n${' '.repeat(100_000)}z`,
  '`'.repeat(200_000),
  '"""'.repeat(70_000),
  '```\n'.repeat(50_000),
  '//\n'.repeat(70_000),
  `// Path: ${'a.'.repeat(100_000)}!`,
  `# End of file${' '.repeat(100_000)}x`,
  `// Compare this snippet from ${'x'.repeat(200_000)}`,
  '<COMPLETION>'.repeat(20_000),
  ')'.repeat(200_000),
  'a, '.repeat(70_000),
  'ab'.repeat(100_000),
  'x'.repeat(200_000),
  '0x' + 'AB'.repeat(100_000),
  Array.from({ length: 50_000 }, (_, i) => ' '.repeat(i % 17) + 'x').join('\n'),
];

test('hostile answers and documents: every new filter and the pipeline return promptly', () => {
  const run = (what: string, raw: string, ctx: FilterContext): void => {
    for (const [name, filter] of Object.entries(FILTERS)) {
      bounded(`${name}(${what})`, () => filter({ text: raw, replacesLineSuffix: false }, ctx), 1500);
    }
  };
  const head = (s: string): string => JSON.stringify(s.slice(0, 8));
  for (const raw of HOSTILE) {
    run(`${head(raw)}…, tabs`, raw, ctxFor('func f() {\n\tx := 1\n\tco', 'er(1)\n}', { indent: { tabSize: 4, insertSpaces: false } }));
    run(`${head(raw)}…, inferred`, raw, ctxFor('def f():\n    x = 1\n    ', '', { languageId: 'python' }));
    bounded(`fitCompletion(${head(raw)}…)`, () => fitCompletion(raw, ctxFor('def f():\n    ', '')), 1500);
  }
  for (const prefix of HOSTILE) {
    run(`prefix ${head(prefix)}…`, 'x = 1\n  y()\n\tz', ctxFor(prefix, 'abc\n'));
    bounded(`inferIndent(${head(prefix)}…)`, () => inferIndent(prefix), 1500);
  }
});

test('property: toEditorIndent changes only leading blanks, and writes them in the editor’s characters', () => {
  fc.assert(
    fc.property(textArb, textArb, indentArb, (raw, prefix, indent) => {
      const ctx = ctxFor(prefix, '', indent ? { indent } : {});
      const draft = { text: raw, replacesLineSuffix: false };
      const once = bounded('toEditorIndent', () => toEditorIndent(draft, ctx));
      const before = raw.split('\n');
      const after = once.text.split('\n');
      assert.equal(after.length, before.length);
      const unit =
        (indent && Number.isInteger(indent.tabSize) && indent.tabSize >= 1 && indent.tabSize <= 16 && indent) || inferIndent(prefix);
      for (let i = 0; i < before.length; i++) {
        assert.equal(after[i].trimStart(), before[i].trimStart(), 'only the indentation changes');
        if (after[i] === before[i] || !unit) continue;
        const lead = /^[ \t]*/.exec(after[i])![0];
        if (unit.insertSpaces) assert.ok(!lead.includes('\t'), JSON.stringify(after[i]));
        else assert.match(lead, new RegExp(`^\\t* {0,${unit.tabSize - 1}}$`));
      }
    }),
    { numRuns: RUNS },
  );
});

test('property: an answer already in the editor’s indentation is left as it is', () => {
  const walk = fc.array(fc.tuple(fc.integer({ min: -3, max: 1 }), fc.constantFrom('x = 1', 'if a {', '}', 'f(a)')), { maxLength: 25 });
  const editor = fc.record({ tabSize: fc.integer({ min: 2, max: 8 }), insertSpaces: fc.boolean() });
  fc.assert(
    fc.property(walk, editor, fc.integer({ min: 0, max: 4 }), (steps, indent, base) => {
      const unit = indent.insertSpaces ? ' '.repeat(indent.tabSize) : '\t';
      let level = base;
      const lines = steps.map(([d, code]) => {
        level = Math.max(0, level + d);
        return unit.repeat(level) + code;
      });
      const text = ['', ...lines].join('\n');
      const ctx = ctxFor(`${unit.repeat(base)}start {`, '', { indent });
      assert.equal(toEditorIndent({ text, replacesLineSuffix: false }, ctx).text, text);
      // A tab document gives the same without the editor's options: its unit is read from the prefix.
      if (indent.insertSpaces) return;
      const doc = `${['a {', ...lines.slice(0, 8)].join('\n')}\n${unit.repeat(base)}start {`;
      assert.equal(toEditorIndent({ text, replacesLineSuffix: false }, ctxFor(doc, '')).text, text);
    }),
    { numRuns: RUNS },
  );
});

test('property: dropMarkup only removes lines or cuts the answer short; plain code passes unchanged', () => {
  const plain = fc
    .array(fc.constantFrom('return x;', '  if (a) {', '\tfoo(bar);', '}', '', '// a comment', 'x = [1, 2]'), { maxLength: 20 })
    .map((l) => l.join('\n'));
  fc.assert(
    fc.property(textArb, textArb, fc.constantFrom(...LANGUAGES), (raw, prefix, languageId) => {
      const out = bounded('dropMarkup', () => dropMarkup({ text: raw, replacesLineSuffix: false }, ctxFor(prefix, '', { languageId })));
      const source = raw.split('\n');
      let at = 0;
      for (const line of out.text.split('\n')) {
        if (line === '' && !out.text) break;
        const found = source.findIndex((l, i) => i >= at && (l === line || l.startsWith(line)));
        assert.ok(line === '' || found >= 0, `${JSON.stringify(line)} is not one of the answer's lines, in order`);
        if (found >= 0) at = found + 1;
      }
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(plain, (raw) => {
      const text = `x${raw}`;
      assert.equal(dropMarkup({ text, replacesLineSuffix: false }, ctxFor('function f() {\n', '')).text, text);
    }),
    { numRuns: RUNS },
  );
});

test('property: a line ending in a repeated unit is cut within its first copy; numbers never are', () => {
  const word = fc.stringMatching(/^[a-z]{1,5}$/);
  const sep = fc.constantFrom(', ', ' = ', ' + ', '.', ' ', '::');
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z (=]{0,12}$/), word, sep, fc.integer({ min: 5, max: 40 }), (base, w, s, k) => {
      const unit = w + s;
      const line = base + unit.repeat(k);
      const cut = bounded('repetitionCut', () => repetitionCut(line));
      assert.ok(cut >= 0, `${JSON.stringify(line)} was not cut`);
      assert.ok(cut <= base.length + unit.length, `${JSON.stringify(line)} cut at ${cut}: more than one copy kept`);
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(fc.array(fc.constantFrom('0', '1', '255', '0.5', ', ', ' ', '-1'), { maxLength: 80 }), (parts) => {
      assert.equal(repetitionCut(parts.join('')), -1);
    }),
    { numRuns: RUNS },
  );
});

test('property: leading-blank and mid-word fitting only take from the answer’s ends', () => {
  fc.assert(
    fc.property(textArb, textArb, textArb, (raw, prefix, suffix) => {
      const ctx = ctxFor(prefix, suffix, { mode: 'single', maxLines: 1 });
      for (const filter of [dropLeadingSpace, fitMidWord]) {
        const out = bounded('filter', () => filter({ text: raw, replacesLineSuffix: false }, ctx)).text;
        assert.ok(raw.includes(out), `${JSON.stringify(out)} is not part of ${JSON.stringify(raw)}`);
      }
    }),
    { numRuns: RUNS },
  );
});

test('property: fitCompletion with an editor indentation and a language returns promptly, trimmed, no \\r', () => {
  fc.assert(
    fc.property(
      textArb,
      textArb,
      textArb,
      indentArb,
      fc.constantFrom(...LANGUAGES),
      fc.boolean(),
      (raw, prefix, suffix, indent, lang, chat) => {
        const c = ctxFor(prefix, suffix, { languageId: lang, ...(indent && { indent }) });
        const out = bounded('fitCompletion', () => fitCompletion(raw, c, chat));
        if (!out.text) return;
        assert.ok(out.text.trim() !== '');
        assert.ok(!out.text.includes('\r'));
      },
    ),
    { numRuns: RUNS },
  );
});
