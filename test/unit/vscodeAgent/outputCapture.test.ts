import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../props/seed';
import { cleanTerminalText, OutputCapture } from '../../../src/vscode/agent/outputCapture';

const ESC = '\u001b';
const BEL = '\u0007';

const CLEAN_CASES: [string, string, string][] = [
  ['plain text stays', 'hello\nworld', 'hello\nworld'],
  ['colours are removed', `${ESC}[32mok${ESC}[0m done`, 'ok done'],
  ['shell-integration marks (OSC 633, BEL) are removed', `${ESC}]633;E;node -e "console.log(42)";a1b2${BEL}${ESC}]633;C${BEL}42\n`, '42\n'],
  ['OSC ended by ESC \\ is removed', `${ESC}]0;title${ESC}\\text`, 'text'],
  ['an OSC cut off at the end is removed', `text${ESC}]633;D;0`, 'text'],
  ['CRLF becomes LF', 'a\r\nb\r\n', 'a\nb\n'],
  ['a progress line keeps what it showed last', 'progress 10%\rprogress 50%\rprogress 100%\ndone', 'progress 100%\ndone'],
  ['a carriage return at the end does not blank the line', 'line\r', 'line'],
  ['bell and backspace are dropped, tabs kept', `a${BEL}\tb\u0008c`, 'a\tbc'],
  ['cursor moves are removed', `${ESC}[2K${ESC}[1Gready`, 'ready'],
];

for (const [name, input, expected] of CLEAN_CASES) {
  test(`cleanTerminalText: ${name}`, () => assert.equal(cleanTerminalText(input), expected));
}

test('OutputCapture keeps everything under its limit', () => {
  const c = new OutputCapture(100);
  c.append('one\n');
  c.append('two\n');
  assert.deepEqual(c.result(1024), { text: 'one\ntwo\n', truncated: false });
});

test('OutputCapture keeps the start and the end of a long output, and says it cut', () => {
  const c = new OutputCapture(10);
  c.append('START-');
  for (let i = 0; i < 1000; i++) c.append(`line ${i}\n`);
  c.append('-END');
  const { text, truncated } = c.result(1024);
  assert.equal(truncated, true);
  assert.ok(text.startsWith('START-line'), text);
  assert.ok(text.endsWith('999\n-END'), text);
  assert.ok(text.length < 40, `bounded: ${text.length}`);
});

test('OutputCapture caps the cleaned text to the byte limit', () => {
  const c = new OutputCapture(100_000);
  c.append('é'.repeat(5000));
  const { text, truncated } = c.result(2048);
  assert.equal(truncated, true);
  assert.ok(Buffer.byteLength(text) <= 2048 + 64, `${Buffer.byteLength(text)} bytes`);
});

test('OutputCapture gives the same text however the stream is split into chunks', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 300 }),
      fc.array(fc.nat({ max: 300 }), { maxLength: 8 }),
      fc.integer({ min: 1, max: 120 }),
      (s, cuts, keep) => {
        const whole = new OutputCapture(keep);
        whole.append(s);
        const pieces = new OutputCapture(keep);
        const at = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const c of [...at, s.length]) {
          pieces.append(s.slice(from, c));
          from = c;
        }
        assert.deepEqual(pieces.result(1 << 20), whole.result(1 << 20));
        assert.equal(pieces.length, s.length);
      },
    ),
  );
});
