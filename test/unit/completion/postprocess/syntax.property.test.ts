/**
 * Property tests for the loops post-processing adds: the lexer (Scanner.feed), the statement scope, bracket
 * matching and the suffix-line walk, for every language of the tables. Arbitrary and hostile text; each call is
 * bounded in time and checked against what it promises.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../../props/seed';
import { ContextBuilder } from '../../../../src/core/completion/context';
import { answerComplete, fitCompletion } from '../../../../src/core/completion/postprocess';
import { Scanner, syntaxOf } from '../../../../src/core/completion/postprocess/syntax';
import type { CompletionContext } from '../../../../src/core/completion/types';
import { bounded, offsetIn, piece, RUNS } from '../../props/arbitraries';
import { LANGS, type Lang } from './cases';

const LANG_KEYS = Object.keys(LANGS) as Lang[];

/** Pieces that drive the lexer's states: comments, triple quotes, string prefixes, lifetimes, indented closers. */
const syntaxPiece = fc.oneof(
  { weight: 3, arbitrary: piece },
  {
    weight: 3,
    arbitrary: fc.constantFrom('/*', '*/', '#', '"""', "'''", 'r"', "b'", "'a", "&'a str", '\n  }', '\n\t}', '\n    ]'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('f"{x}', '${', '\\', '  case 1:', 'let x: Foo', 'resetCounter'),
  },
);
const codeArb = (max = 80): fc.Arbitrary<string> => fc.array(syntaxPiece, { maxLength: max }).map((p) => p.join(''));

test('property: the lexer walks any text promptly, in any language, and stops where its visitor asks', () => {
  fc.assert(
    fc.property(codeArb(), fc.constantFrom(...LANG_KEYS), fc.nat(), (text, lang, stopAt) => {
      const s = new Scanner(syntaxOf(LANGS[lang].languageId));
      let events = 0;
      const end = bounded('feed', () => s.feed(text, () => ++events > stopAt % 5));
      assert.ok(end >= 0 && end <= text.length);
      const openers = [...text].filter((c) => c === '(' || c === '[' || c === '{').length;
      assert.ok(s.stack.length <= openers, 'never more open brackets than opening characters');
      const whole = new Scanner(syntaxOf(LANGS[lang].languageId));
      assert.equal(
        bounded('feed', () => whole.feed(text)),
        text.length,
        'without a visitor it walks to the end',
      );
    }),
    { numRuns: RUNS },
  );
});

const langContexts: fc.Arbitrary<{ ctx: CompletionContext; raw: string }> = fc
  .record({ lang: fc.constantFrom(...LANG_KEYS), text: codeArb(), raw: codeArb(40) })
  .chain(({ lang, text, raw }) =>
    offsetIn(text).map((offset) => {
      const ctx = new ContextBuilder().build({ path: LANGS[lang].path, languageId: LANGS[lang].languageId, text, offset }, [])!;
      return { ctx, raw };
    }),
  );

test('property: fitting any answer in any language returns promptly, trimmed, within the line limit', () => {
  fc.assert(
    fc.property(langContexts, fc.boolean(), ({ ctx, raw }, relative) => {
      const fitted = bounded('fitCompletion', () => fitCompletion(raw, ctx, relative));
      for (let i = 0; i <= raw.length; i += 7) bounded('answerComplete', () => answerComplete(raw.slice(0, i), ctx));
      const { text } = fitted;
      if (!text) return;
      assert.ok(text.trim() !== '', 'nothing shown is whitespace only');
      assert.ok(!text.includes('\r'));
      if (text !== text.trimEnd()) assert.ok(/^\S/.test(ctx.lineSuffix) && !text.includes('\n'), JSON.stringify(text));
      if (ctx.mode === 'single') assert.ok(text.replace(/^\s*\n/, '').split('\n').length <= 1 || fitted.replacesLineSuffix);
      if (ctx.mode === 'multi' && !fitted.replacesLineSuffix) assert.ok(text.split('\n').length <= ctx.maxLines);
    }),
    { numRuns: RUNS },
  );
});

test('hostile text: deep brackets, unmatched closers, long strings and comments fit in bounded time', () => {
  // 50k characters: a quadratic walk would take seconds; a linear one takes milliseconds.
  const prefixes = ['function f() {\n  ', '{\n'.repeat(3000), '('.repeat(6000), "'".repeat(6000), '/*'.repeat(3000)];
  const answers = [
    `${'{\n'.repeat(12_500)}${']\n'.repeat(12_500)}`,
    `${'('.repeat(25_000)}${']'.repeat(25_000)}`,
    '}\n'.repeat(25_000),
    `${'  }\n'.repeat(12_500)}`,
    '"""'.repeat(16_000),
    "'a".repeat(25_000),
    `${' '.repeat(50_000)})`,
    `x${'\n'.repeat(50_000)}y`,
  ];
  for (const lang of ['ts', 'py', 'rust'] as const) {
    for (const prefix of prefixes) {
      for (const lineSuffix of ['', '")}']) {
        const doc = `${prefix}‖${lineSuffix}\n${'}\n'.repeat(500)}`;
        const offset = doc.indexOf('‖');
        const text = doc.slice(0, offset) + doc.slice(offset + 1);
        const ctx = new ContextBuilder().build({ path: LANGS[lang].path, languageId: LANGS[lang].languageId, text, offset }, [])!;
        for (const raw of answers) {
          bounded(`fitCompletion(${lang}, ${JSON.stringify(raw.slice(0, 6))}…)`, () => fitCompletion(raw, ctx), 1500);
          bounded(`answerComplete(${lang}, ${JSON.stringify(raw.slice(0, 6))}…)`, () => answerComplete(raw, ctx), 1500);
        }
      }
    }
  }
});
