import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openFenceOf, StreamingBlocks, type BlockLexer } from '../../../src/core/chat/streamBlocks';

// marked is ESM-only: load it the way the webview bundle uses it, through its own lexer and parser.
async function markedLib(): Promise<{ lex: BlockLexer; parse: (md: string) => string }> {
  const { Marked } = await import('marked');
  const m = new Marked({ gfm: true, async: false });
  return { lex: (s) => m.lexer(s), parse: (s) => m.parse(s) as string };
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
  assert.deepEqual(openFenceOf('````md\n```\ninner\n```\n'), { language: 'md', code: '```\ninner\n```\n' }, 'a shorter fence does not close a longer one');
  assert.equal(openFenceOf('~~~\na\n~~~~\n'), undefined);
  assert.equal(openFenceOf('plain text'), undefined);
});

test('CRLF line endings, even split across chunks, are normalized', async () => {
  const { lex } = await markedLib();
  const b = new StreamingBlocks(lex);
  for (const c of ['one\r', '\n\r\ntwo\r\n']) b.append(c);
  assert.equal(b.content, 'one\n\ntwo\n');
});
