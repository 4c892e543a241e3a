import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import {
  capNestingForDisplay,
  capNestingForLexer,
  emphasisTooDeep,
  MAX_EMPHASIS,
  MAX_INDENT,
  MAX_NESTING,
} from '../../../src/core/chat/nesting';
import { markdownish } from './markdownArbitrary';

// marked is ESM-only: loaded the way the webview bundle uses it.
async function markedLib(): Promise<{ parse: (md: string) => string; lex: (md: string) => unknown[] }> {
  const { Marked } = await import('marked');
  const m = new Marked({ gfm: true, async: false });
  return { parse: (s) => m.parse(s) as string, lex: (s) => m.lexer(s) };
}

/** Replies that overflow marked's stack or take it seconds, unbounded. */
const HOSTILE: [string, string][] = [
  ['> × 5000', `${'>'.repeat(5000)} hi`],
  ['* × 10000', `${'* '.repeat(10000)}a`],
  ['- × 5000', `${'- '.repeat(5000)}a`],
  ['1. × 5000', `${'1. '.repeat(5000)}a`],
  ['> - × 5000', `${'> - '.repeat(5000)}x`],
  ['lists nested 1000 deep by indentation', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- a`).join('\n')],
  ['lists nested 1000 deep by tabs', Array.from({ length: 1000 }, (_, i) => `${'\t'.repeat(i)}- a`).join('\n')],
  ['quote depth changing every line', Array.from({ length: 3000 }, (_, i) => `${'>'.repeat(i % 50)} a`).join('\n')],
];

test('hostile nesting: marked renders the capped text without overflowing, each in bounded time', async () => {
  const { parse, lex } = await markedLib();
  for (const [name, md] of HOSTILE) {
    const started = performance.now();
    const capped = capNestingForLexer(md);
    assert.equal(capped.length, md.length, `${name}: the lexer copy keeps offsets`);
    assert.doesNotThrow(() => lex(capped), name);
    assert.doesNotThrow(() => parse(capNestingForDisplay(md)), name);
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `${name}: ${Math.round(ms)} ms`);
  }
  assert.throws(() => parse(HOSTILE[0][1]), RangeError, 'uncapped, marked overflows its stack (what this guards against)');
});

test('display capping keeps the text readable: markers past the limit are escaped, so they show as written', async () => {
  const { parse } = await markedLib();
  const quotes = parse(capNestingForDisplay(`${'>'.repeat(MAX_NESTING + 5)} hi`));
  assert.equal(quotes.match(/<blockquote>/g)?.length, MAX_NESTING);
  assert.match(quotes, /&gt;&gt;&gt;&gt;&gt; hi/, 'the deeper markers are text');
  const ordered = capNestingForDisplay(`${'1. '.repeat(MAX_NESTING + 1)}z`);
  assert.ok(ordered.endsWith('1\\. z'), 'an ordered marker is escaped at its dot');
  const indented = capNestingForDisplay(`${' '.repeat(MAX_INDENT + 40)}- deep`);
  assert.equal(indented, `${' '.repeat(MAX_INDENT)}\\- deep`, 'indentation past the limit is dropped, the marker escaped');
});

test('ordinary markdown, rules and code are left exactly as written', () => {
  const ordinary = [
    '# Title\n\n- a\n  - b\n    - c\n\n> quote\n> > nested\n\n1. one\n2. two\n',
    `${'* '.repeat(200)}`, // a thematic break, however long
    `\`\`\`\n${'>'.repeat(100)}\n${' '.repeat(300)}x\n\`\`\`\n`, // code in a fence
    `~~~~\n${'- '.repeat(100)}a\n\`\`\`\n${'> '.repeat(100)}\n~~~~\n`,
    `${'> '.repeat(MAX_NESTING)}exactly at the limit`,
  ];
  for (const md of ordinary) {
    assert.equal(capNestingForLexer(md), md, JSON.stringify(md.slice(0, 40)));
    assert.equal(capNestingForDisplay(md), md, JSON.stringify(md.slice(0, 40)));
  }
  const afterFence = `\`\`\`\ncode\n\`\`\`\n${'>'.repeat(MAX_NESTING + 1)} x`;
  assert.notEqual(capNestingForDisplay(afterFence), afterFence, 'a closed fence ends the exemption');
});

test('emphasis nested past the limit is found; flat emphasis, code spans, fences and pointers are not', () => {
  const nested = (open: string, close: string, n: number): string => `${open.repeat(n)}x${close.repeat(n)}`;
  const cases: [string, string, boolean][] = [
    ['*a × 5000', nested('*a ', ' a*', 5000), true],
    ['**a *b × 40', nested('**a *b ', ' b* a**', 40), true],
    ['~~a × 100', nested('~~a ', ' a~~', 100), true],
    ['_a × 100', nested('_a ', ' a_', 100), true],
    [`*a × ${MAX_EMPHASIS}`, nested('*a ', ' a*', MAX_EMPHASIS), false],
    [`*a × ${MAX_EMPHASIS + 1}`, nested('*a ', ' a*', MAX_EMPHASIS + 1), true],
    ['across lines of one paragraph', `${'*a\n'.repeat(100)}${'a*\n'.repeat(100)}`, true],
    ['across quoted lines', `${'> *a\n'.repeat(100)}${'> a*\n'.repeat(100)}`, true],
    ['openers never closed (cheap for marked)', '*a\n'.repeat(1000), false],
    ['pointers', 'int *a, *b, *c; '.repeat(500), false],
    ['flat emphasis', '*a* **b** _c_ ~~d~~ '.repeat(2000), false],
    ['one per list item', '- *a\n'.repeat(200), false],
    ['one per paragraph', '*a\n\n'.repeat(200), false],
    ['inside code spans', 'Use `*p` and `**kwargs` '.repeat(200), false],
    ['escaped', '\\*a '.repeat(200), false],
    ['in a fence', `\`\`\`\n${'*a '.repeat(200)}\n\`\`\`\n`, false],
    ['arithmetic', 'a*b*c*d '.repeat(500), false],
    ['snake_case', 'snake_case_name '.repeat(500), false],
    ['multiplication with spaces', '2 * 3 * 4 '.repeat(500), false],
  ];
  for (const [name, md, deep] of cases) assert.equal(emphasisTooDeep(md), deep, name);
});

test('property: for any text, the lexer copy keeps length and line breaks and only blanks lines; all three are fast', () => {
  let slowest = 0;
  fc.assert(
    fc.property(markdownish, (md) => {
      const started = performance.now();
      const lexed = capNestingForLexer(md);
      const shown = capNestingForDisplay(md);
      emphasisTooDeep(md);
      slowest = Math.max(slowest, performance.now() - started);
      assert.equal(lexed.length, md.length);
      const a = md.split('\n');
      const b = lexed.split('\n');
      assert.equal(b.length, a.length);
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) assert.match(b[i], /^ *$/, 'a changed line is blanked');
      assert.ok(shown.split('\n').length === a.length, 'display capping keeps the lines');
    }),
    { numRuns: 400 },
  );
  assert.ok(slowest < 1000, `slowest call ${Math.round(slowest)} ms`);
});

test('1 MB texts: each function takes linear time (no pathological input)', () => {
  const inputs = [
    'word *a* `code *x` _b_ \n'.repeat(45_000),
    '`'.repeat(1) + ' ``'.repeat(330_000),
    Array.from({ length: 4000 }, (_, i) => '`'.repeat((i % 250) + 1))
      .join(' ')
      .repeat(2),
    `${'> '.repeat(500_000)}`,
    ' '.repeat(1_000_000),
    '\n'.repeat(1_000_000),
    '```\n'.repeat(250_000),
  ];
  for (const md of inputs) {
    const started = performance.now();
    capNestingForLexer(md);
    capNestingForDisplay(md);
    emphasisTooDeep(md);
    const ms = performance.now() - started;
    assert.ok(ms < 10_000, `${JSON.stringify(md.slice(0, 12))}… (${md.length} chars): ${Math.round(ms)} ms`);
  }
});
