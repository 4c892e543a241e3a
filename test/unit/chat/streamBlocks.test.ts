import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import {
  blocksOf,
  openFenceOf,
  paragraphsOf,
  StreamingBlocks,
  type BlockLexer,
  type BlockUpdate,
} from '../../../src/core/chat/streamBlocks';
import { markdownish } from './markdownArbitrary';

// marked is ESM-only: load it the way the webview bundle uses it, through its own lexer and parser.
// `blocks` is the webview's lexBlocks: marked's block rules without the inline pass.
async function markedLib(): Promise<{ lex: BlockLexer; blocks: BlockLexer; parse: (md: string) => string }> {
  const { Lexer, Marked } = await import('marked');
  const m = new Marked({ gfm: true, async: false });
  return { lex: (s) => m.lexer(s), blocks: (s) => new Lexer({ ...m.defaults }).blockTokens(s), parse: (s) => m.parse(s) as string };
}

const REPLY = [
  '# Fixing the race',
  '',
  'The handler runs **twice** because `onChange` fires before the',
  'debounce settles. Two options:',
  '',
  '1. Guard with a flag',
  '2. Cancel the timer',
  '',
  '- loose item one',
  '',
  '- loose item two',
  '',
  '```ts',
  'let timer: NodeJS.Timeout | undefined;',
  '',
  'function onChange() {',
  '  clearTimeout(timer);',
  '}',
  '```',
  'Then:',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '> note',
  '',
  '---',
  '',
  'Done.',
  '',
].join('\n');

/** Streams `text` in chunks of `size`, calling update() after each; returns every finished block, then the finish. */
function stream(lex: BlockLexer, text: string, size: number) {
  const b = new StreamingBlocks(lex);
  const finished: string[] = [];
  const tails: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    b.append(text.slice(i, i + size));
    const u = b.update();
    finished.push(...u.finished);
    tails.push(u.tail);
    assert.equal(finished.join('') + u.tail, b.content, 'finished blocks + open tail always make up the whole text');
  }
  const end = b.finish();
  finished.push(...end.finished);
  return { finished, tails };
}

test('a reply streamed in any chunk size splits into the same blocks and renders as the whole text does', async () => {
  const { lex, parse } = await markedLib();
  const whole = parse(REPLY).replace(/\s+/g, ' ');
  for (const size of [1, 3, 17, 1000]) {
    const { finished } = stream(lex, REPLY, size);
    assert.equal(finished.join(''), REPLY);
    assert.equal(finished.map(parse).join('').replace(/\s+/g, ' '), whole, `chunk size ${size}`);
    if (size < 1000) assert.ok(finished.length >= 8, `blocks are committed while streaming (got ${finished.length})`);
  }
});

test('the lexer only ever sees the open block, so the work per chunk does not grow with the reply', async () => {
  const { lex } = await markedLib();
  const seen: number[] = [];
  const counting: BlockLexer = (s) => {
    seen.push(s.length);
    return lex(s);
  };
  const paragraph = 'A sentence of a reasonably long paragraph that keeps going for a while. '.repeat(3).trim();
  const reply = Array.from({ length: 300 }, (_, i) => `${paragraph} (${i})\n\n`).join('');
  stream(counting, reply, 7);
  const longestBlock = paragraph.length + 10;
  assert.ok(reply.length > 60_000);
  assert.ok(Math.max(...seen) <= longestBlock + 16, `largest lexer input ${Math.max(...seen)} vs block ${longestBlock}`);
});

test('an open code fence is reported with its growing code; it closes when its fence does', async () => {
  const { lex } = await markedLib();
  const b = new StreamingBlocks(lex);
  b.append('Intro paragraph\n```py\nprint(1)\n');
  let u = b.update();
  assert.deepEqual(u.finished, ['Intro paragraph\n'], 'a fence ends the paragraph before it');
  assert.deepEqual(u.openFence, { language: 'py', code: 'print(1)\n' });
  b.append('print(2)\n``');
  u = b.update();
  assert.deepEqual(u.openFence, { language: 'py', code: 'print(1)\nprint(2)\n``' }, 'code only grows while the fence is open');
  b.append('`\nafter');
  u = b.update();
  assert.deepEqual(u.finished, ['```py\nprint(1)\nprint(2)\n```\n']);
  assert.equal(u.openFence, undefined);
  assert.equal(u.tail, 'after');
  assert.equal(b.update().tailChanged, false, 'nothing new, nothing to re-render');
});

test('openFenceOf tells open fences from closed ones (backticks, tildes, longer fences)', () => {
  assert.deepEqual(openFenceOf('```\ncode'), { language: '', code: 'code' });
  assert.equal(openFenceOf('```js\na\n```'), undefined);
  assert.deepEqual(
    openFenceOf('````md\n```\ninner\n```\n'),
    { language: 'md', code: '```\ninner\n```\n' },
    'a shorter fence does not close a longer one',
  );
  assert.equal(openFenceOf('~~~\na\n~~~~\n'), undefined);
  assert.equal(openFenceOf('plain text'), undefined);
});

test('CRLF line endings, even split across chunks, are normalized', async () => {
  const { lex } = await markedLib();
  const b = new StreamingBlocks(lex);
  for (const c of ['one\r', '\n\r\ntwo\r\n']) b.append(c);
  assert.equal(b.content, 'one\n\ntwo\n');
});

test('the block-only lexer (what the webview splits with) splits a reply exactly as the full lexer does', async () => {
  const { lex, blocks } = await markedLib();
  for (const size of [1, 7, 1000]) assert.deepEqual(stream(blocks, REPLY, size), stream(lex, REPLY, size), `chunk size ${size}`);
});

/** Streams `text` cut at `cuts` (chunk sizes, cycled), checking every update's invariants; returns the slowest call. */
function checkStream(lex: BlockLexer, text: string, cuts: number[]): number {
  const b = new StreamingBlocks(lex);
  const finished: string[] = [];
  let slowest = 0;
  let prev: BlockUpdate | undefined;
  const timed = <T>(f: () => T): T => {
    const started = performance.now();
    const r = f();
    slowest = Math.max(slowest, performance.now() - started);
    return r;
  };
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = cuts[k % cuts.length];
    timed(() => b.append(text.slice(i, i + size)));
    i += size;
    const u = timed(() => b.update());
    for (const block of u.finished) assert.notEqual(block, '', 'a finished block is never empty');
    finished.push(...u.finished);
    assert.equal(finished.join('') + u.tail, b.content, 'finished blocks + open tail are the whole text so far');
    assert.equal(u.tailChanged, u.tail !== (prev?.tail ?? ''), 'tailChanged says whether the tail changed');
    if (u.openFence) {
      assert.ok(
        u.tail.endsWith(u.openFence.code) && /^ {0,3}(`{3,}|~{3,})[^\n]*\n/.test(u.tail),
        'an open fence is the tail: its line, then its code',
      );
      assert.equal(u.tail.slice(u.tail.indexOf('\n') + 1), u.openFence.code);
      if (prev?.openFence && u.finished.length === 0) assert.ok(u.openFence.code.startsWith(prev.openFence.code), 'open code only grows');
    }
    prev = u;
  }
  const end = timed(() => b.finish());
  finished.push(...end.finished);
  assert.equal(finished.join(''), text.replace(/\r\n?/g, '\n'), 'the blocks concatenate back to the input (line endings normalized)');
  return slowest;
}

const chunking = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 });

test('property: any text in any chunking splits into blocks that concatenate back to it; each call is quick', async (t) => {
  const { blocks } = await markedLib();
  let slowest = 0;
  fc.assert(
    fc.property(markdownish, chunking, (text, cuts) => {
      slowest = Math.max(slowest, checkStream(blocks, text, cuts));
    }),
    { numRuns: 300 },
  );
  t.diagnostic(`slowest append/update/finish: ${slowest.toFixed(1)} ms`);
  assert.ok(slowest < 2000, `slowest call ${Math.round(slowest)} ms`);
});

test('property: a lexer that throws, drops text or invents it never breaks the split', () => {
  const broken = fc.constantFrom<[string, BlockLexer]>(
    [
      'throws',
      () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    ],
    ['drops the first character', (s) => paragraphsOf(s.slice(1))],
    ['invents text', (s) => [{ type: 'space', raw: 'xx' }, ...paragraphsOf(s)]],
    ['returns nothing', () => []],
    [
      'throws on long input',
      (s) => {
        if (s.length > 50) throw new Error('too long');
        return paragraphsOf(s);
      },
    ],
  );
  fc.assert(
    fc.property(broken, markdownish, chunking, ([, lex], text, cuts) => {
      checkStream(lex, text, cuts);
    }),
    { numRuns: 300 },
  );
});

test('deep nesting: a reply of > × 5000 or * × 10000 still splits, commits the blocks around it, and quickly', async () => {
  const { blocks } = await markedLib();
  const deep = [
    `${'>'.repeat(5000)} hi`,
    `${'* '.repeat(10000)}a`,
    `${'- '.repeat(5000)}a`,
    Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- a`).join('\n'),
  ];
  for (const d of deep) {
    const rest = '\n\nAfter.\n\n```ts\nconst x = 1;\n```\n\nEnd.';
    const text = `Before.\n\n${d}${rest}`;
    const started = performance.now();
    const b = new StreamingBlocks(blocks);
    const finished: string[] = [];
    for (const chunk of ['Before.\n\n', d, ...rest.match(/[\s\S]{1,3}/g)!]) {
      b.append(chunk);
      finished.push(...b.update().finished);
    }
    finished.push(...b.finish().finished);
    const ms = performance.now() - started;
    assert.equal(finished.join(''), text);
    const after = finished.findIndex((b) => b.includes('After.'));
    assert.ok(after > 0 && !finished[after].includes('Before.'), 'the blocks after the deep one are committed apart from the ones before');
    assert.equal(finished[finished.length - 1], 'End.');
    assert.ok(ms < 10_000, `${Math.round(ms)} ms for ${text.length} chars`);
  }
});

test('paragraphsOf splits at blank lines only and loses nothing', () => {
  assert.deepEqual(paragraphsOf('a\nb\n\n \t\nc'), [
    { type: 'paragraph', raw: 'a\nb' },
    { type: 'space', raw: '\n\n \t\n' },
    { type: 'paragraph', raw: 'c' },
  ]);
  fc.assert(
    fc.property(markdownish, (s) =>
      assert.equal(
        paragraphsOf(s)
          .map((t) => t.raw)
          .join(''),
        s,
      ),
    ),
  );
});

test('property: blocksOf splits a whole text into top-level blocks that concatenate back to it, whatever the lexer does', async () => {
  const { blocks } = await markedLib();
  assert.deepEqual(blocksOf('# T\n\npara\n\n- a\n- b\n\n```\nx\n```\n', blocks), ['# T\n\n', 'para\n\n', '- a\n- b\n\n', '```\nx\n```\n']);
  const lexers: BlockLexer[] = [
    blocks,
    () => {
      throw new RangeError('overflow');
    },
    (s) => paragraphsOf(s.slice(1)),
  ];
  fc.assert(
    fc.property(markdownish, fc.constantFrom(...lexers), (text, lex) => {
      const parts = blocksOf(text, lex);
      assert.equal(parts.join(''), text);
      assert.ok(parts.every((p) => p !== ''));
    }),
    { numRuns: 300 },
  );
});
