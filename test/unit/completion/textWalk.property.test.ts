/**
 * Property tests for every text-walking loop of completion: context (prefix/suffix at whole lines, the last
 * lines, the whole builder), similar snippets and post-processing. Arbitrary documents and offsets; each call is
 * bounded in time and checked against what it promises.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { ContextBuilder, lastLines, lineStartAt, prefixStart, suffixEnd } from '../../../src/core/completion/context';
import { chooseMode, fitCompletion } from '../../../src/core/completion/postprocess';
import { SnippetIndex } from '../../../src/core/completion/snippets';
import { ALL_SPECIAL_TOKENS } from '../../../src/core/completion/templates';
import { approxTokens } from '../../../src/core/tokens';
import { bounded, budgetChars, docAndOffset, documentArb, offsetIn, returnsWithin, RUNS, splitsPair } from '../props/arbitraries';

const clamp = (text: string, o: number): number =>
  Number.isFinite(o) ? Math.max(0, Math.min(Math.trunc(o), text.length)) : o > 0 ? text.length : 0;
const budget = (m: number): number => (m > 0 ? Math.floor(m) : 0);

/** Reference: the earliest line start within budget, else a cut `max` before the cursor (moved off a pair). */
function refPrefixStart(text: string, offset: number, maxChars: number): number {
  const o = clamp(text, offset);
  const max = budget(maxChars);
  let own = 0;
  for (let i = 0; i < o; i++) if (text[i] === '\n') own = i + 1;
  if (o - own > max) {
    const cut = o - max;
    return splitsPair(text, cut) && cut < o ? cut + 1 : cut;
  }
  for (let s = 0; s <= own; s++) if ((s === 0 || text[s - 1] === '\n') && o - s <= max) return s;
  return own;
}

/** Reference: the last line end within budget, else a cut `max` after the cursor (moved off a pair). */
function refSuffixEnd(text: string, offset: number, maxChars: number): number {
  const o = clamp(text, offset);
  const max = budget(maxChars);
  let own = text.length;
  for (let i = o; i < text.length; i++) {
    if (text[i] === '\n') {
      own = i;
      break;
    }
  }
  if (own - o > max) {
    const cut = o + max;
    return splitsPair(text, cut) && cut > o ? cut - 1 : cut;
  }
  for (let e = text.length; e >= own; e--) if ((e === text.length || text[e] === '\n') && e - o <= max) return e;
  return own;
}

const CONTEXT_MODULE = require.resolve('../../../src/core/completion/context');

test('regression: a document starting with a blank line no longer freezes the prefix walk', async () => {
  // In a worker with a deadline: before the fix this call never returned.
  assert.equal(await returnsWithin(5000, CONTEXT_MODULE, 'prefixStart', ['\ny\nz', 4, 1000]), 0);
  assert.equal(await returnsWithin(5000, CONTEXT_MODULE, 'lastLines', ['\n\nz', 5]), '\n\nz');
  assert.equal(
    bounded('prefixStart', () => prefixStart('\n\n\nabc', 6, 1000)),
    0,
  );
  assert.equal(
    bounded('prefixStart at 0', () => prefixStart('\nabc', 0, 10)),
    0,
  );
  assert.equal(lineStartAt('\nabc', 0), 0, 'the line at offset 0 starts at 0, not after the newline at 0');
  assert.equal(lastLines('\n\nz', 5), '\n\nz');
  const ctx = bounded('build', () => new ContextBuilder().build({ path: 'a.py', languageId: 'python', text: '\ny\nz', offset: 4 }, []))!;
  assert.equal(ctx.prefix, '\ny\nz');
  assert.equal(ctx.linePrefix, 'z');
});

test('property: prefixStart is the earliest whole line within budget (else one cut), always returns', () => {
  fc.assert(
    fc.property(docAndOffset, budgetChars, ({ text, offset }, max) => {
      const s = bounded('prefixStart', () => prefixStart(text, offset, max));
      const o = clamp(text, offset);
      assert.ok(s >= 0 && s <= o, `start ${s} outside [0, ${o}]`);
      assert.ok(o - s <= budget(max), 'within budget');
      assert.equal(s, refPrefixStart(text, offset, max));
      assert.ok(text.slice(0, o).endsWith(text.slice(s, o)));
    }),
    { numRuns: RUNS },
  );
});

test('property: suffixEnd is the last whole line end within budget (else one cut), always returns', () => {
  fc.assert(
    fc.property(docAndOffset, budgetChars, ({ text, offset }, max) => {
      const e = bounded('suffixEnd', () => suffixEnd(text, offset, max));
      const o = clamp(text, offset);
      assert.ok(e >= o && e <= text.length, `end ${e} outside [${o}, ${text.length}]`);
      assert.ok(e - o <= budget(max));
      assert.equal(e, refSuffixEnd(text, offset, max));
    }),
    { numRuns: RUNS },
  );
});

test('property: lastLines returns the last n lines of the text', () => {
  fc.assert(
    fc.property(documentArb(), fc.integer({ min: -1, max: 12 }), (text, n) => {
      const out = bounded('lastLines', () => lastLines(text, n));
      assert.ok(text.endsWith(out));
      const lines = text.split('\n');
      assert.equal(out, n >= 1 ? lines.slice(-n).join('\n') : '');
    }),
    { numRuns: RUNS },
  );
});

const budgets = fc.record({
  prefixTokens: fc.integer({ min: 0, max: 400 }),
  suffixTokens: fc.integer({ min: 0, max: 200 }),
  snippetTokens: fc.integer({ min: 0, max: 200 }),
});
const others = fc.array(
  fc.record({
    path: fc.constantFrom('b.ts', 'c.ts', '.env', 'd.py', 'a.ts'),
    languageId: fc.constantFrom('typescript', 'python'),
    text: documentArb(60),
  }),
  { maxLength: 4 },
);

test('property: the context builder returns promptly with prefix/suffix taken from around the cursor', () => {
  fc.assert(
    fc.property(docAndOffset, others, budgets, ({ text, offset }, docs, b) => {
      const doc = { path: 'a.ts', languageId: 'typescript', text, offset };
      const ctx = bounded('build', () => new ContextBuilder().build(doc, docs, { budget: b }))!;
      const o = clamp(text, offset);
      const ls = lineStartAt(text, o);
      assert.equal(ctx.linePrefix, text.slice(ls, o));
      assert.ok(text.slice(o).startsWith(ctx.lineSuffix) && !ctx.lineSuffix.includes('\n'));
      const snippetChars = ctx.snippets.reduce((n, s) => n + s.text.length, 0);
      assert.ok(snippetChars <= Math.floor(b.snippetTokens * 3.5) + 1, `${snippetChars} snippet chars`);
      if (ctx.redactions > 0) return;
      assert.ok(text.slice(0, o).endsWith(ctx.prefix), 'prefix is the text just before the cursor');
      assert.ok(text.slice(o).startsWith(ctx.suffix), 'suffix is the text just after the cursor');
      assert.ok(approxTokens(ctx.suffix) <= b.suffixTokens);
      assert.ok(approxTokens(ctx.prefix) <= b.prefixTokens + b.suffixTokens);
      const start = o - ctx.prefix.length;
      assert.ok(start === 0 || text[start - 1] === '\n' || start > ls, 'the prefix starts at a line start, or cuts the cursor line');
    }),
    { numRuns: RUNS },
  );
});

test('property: snippets are whole-line windows of other documents, best first, within the budget', () => {
  fc.assert(
    fc.property(documentArb(30), others, fc.integer({ min: 0, max: 3000 }), (query, docs, maxChars) => {
      const index = new SnippetIndex();
      const unique = docs.filter((d, i) => docs.findIndex((x) => x.path === d.path) === i);
      const found = bounded('best', () => index.best(query, unique, maxChars));
      assert.deepEqual(
        bounded('best (cached)', () => index.best(query, unique, maxChars)),
        found,
        'the cached index answers the same',
      );
      let used = 0;
      for (const [i, s] of found.entries()) {
        const src = unique.find((d) => d.path === s.path)!;
        const at = src.text.indexOf(s.text);
        assert.ok(at >= 0 && (at === 0 || src.text[at - 1] === '\n'), 'a window starts at a line start');
        assert.ok(s.score > 0 && s.score <= 1);
        if (i > 0) assert.ok(found[i - 1].score >= s.score);
        used += s.text.length;
      }
      assert.ok(used <= maxChars);
    }),
    { numRuns: RUNS },
  );
});

test('property: a long minified line shared with the query scores correctly (no 16-bit overflow)', () => {
  const ids = Array.from({ length: 70_000 }, (_, i) => `v${i}`).join(' ');
  const found = bounded('best', () => new SnippetIndex().best(ids, [{ path: 'm.js', languageId: 'javascript', text: ids }], 1e7));
  assert.equal(found.length, 1);
  assert.equal(found[0].score, 1);
});

const fitContexts = docAndOffset.chain(({ text, offset }) =>
  fc
    .record({
      mode: fc.constantFrom('single' as const, 'multi' as const),
      maxLines: fc.integer({ min: 1, max: 16 }),
      raw: documentArb(60),
    })
    .map((r) => {
      const o = Math.max(0, Math.min(text.length, Number.isFinite(offset) ? Math.trunc(offset) : 0));
      const ls = lineStartAt(text, o);
      const eol = text.indexOf('\n', o);
      return {
        raw: r.raw,
        ctx: {
          prefix: text.slice(0, o),
          suffix: text.slice(o),
          linePrefix: text.slice(ls, o),
          lineSuffix: text.slice(o, eol < 0 ? text.length : eol),
          mode: r.mode,
          maxLines: r.mode === 'single' ? 1 : r.maxLines,
        },
      };
    }),
);

test('property: fitCompletion returns promptly: trimmed, no special tokens, no \\r, within the line limit', () => {
  fc.assert(
    fc.property(fitContexts, fc.boolean(), ({ raw, ctx }, relative) => {
      const fitted = bounded('fitCompletion', () => fitCompletion(raw, ctx, relative));
      const { text } = fitted;
      if (!text) return;
      assert.ok(text.trim() !== '', 'nothing shown is whitespace only');
      // Trailing blanks only before the document's own text (`foo ` before `bar`), never doubled, never at the end.
      if (text !== text.trimEnd()) assert.ok(/^\S/.test(ctx.lineSuffix) && !text.includes('\n'), JSON.stringify(text));
      assert.ok(!text.includes('\r'));
      for (const t of ALL_SPECIAL_TOKENS) assert.ok(!text.includes(t), t);
      if (ctx.mode === 'multi' && !fitted.replacesLineSuffix) assert.ok(text.split('\n').length <= ctx.maxLines);
      bounded('chooseMode', () => chooseMode(ctx.linePrefix, ctx.lineSuffix, ctx.prefix));
    }),
    { numRuns: RUNS },
  );
});

test('regression: the overlap with the rest of the line is cut with its blanks (no doubled spaces)', () => {
  const ctx = {
    prefix: 'x = ',
    suffix: '  return value',
    linePrefix: 'x = ',
    lineSuffix: '  return value',
    mode: 'single' as const,
    maxLines: 1,
  };
  assert.equal(fitCompletion('a  return value', ctx).text, 'a');
  const tight = { ...ctx, suffix: 'bar', lineSuffix: 'bar' };
  assert.equal(fitCompletion('foo bar', tight).text, 'foo ', 'the blank before the document’s own text stays');
});

test('hostile answers: long blank runs, deep brackets and huge line counts fit in bounded time', () => {
  const ctx = { prefix: 'function f() {\n  ', suffix: '\n}', linePrefix: '  ', lineSuffix: '', mode: 'multi' as const, maxLines: 16 };
  const one = { ...ctx, mode: 'single' as const, maxLines: 1, lineSuffix: ')', suffix: ')\n}' };
  const answers = [
    `a${' '.repeat(200_000)}b`,
    `a${' \t'.repeat(100_000)})b`,
    `x${'\n'.repeat(100_000)}y`,
    '('.repeat(200_000),
    ')'.repeat(200_000),
    '"'.repeat(200_000),
    '//'.repeat(100_000),
    `  a\n${'   b\n'.repeat(100_000)}`,
  ];
  for (const raw of answers) {
    for (const c of [ctx, one])
      for (const rel of [false, true])
        bounded(`fitCompletion(${JSON.stringify(raw.slice(0, 6))}…)`, () => fitCompletion(raw, c, rel), 1500);
  }
});

test('property: offsets anywhere in a document give a context (none is thrown away)', () => {
  fc.assert(
    fc.property(documentArb(), (text) =>
      fc.assert(
        fc.property(offsetIn(text), (offset) => {
          assert.ok(bounded('build', () => new ContextBuilder().build({ path: 'x.ts', languageId: 'typescript', text, offset }, [])));
        }),
        { numRuns: 5 },
      ),
    ),
    { numRuns: 100 },
  );
});
