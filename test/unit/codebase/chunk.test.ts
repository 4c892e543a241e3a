/**
 * Chunks of a file: they follow declarations, cover every non-blank line exactly once with correct line numbers,
 * respect the line and character caps, and are cut in linear time from any text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { chunkText, declaredName, splitLines } from '../../../src/core/codebase/chunk';
import { bounded, documentArb, RUNS } from '../props/arbitraries';

const DECLARATIONS: [string, string | undefined][] = [
  ['export function retry<T>(config: RetryConfig) {', 'retry'],
  ['export default async function main() {', 'main'],
  ['export abstract class Scheduler {', 'Scheduler'],
  ['interface Options {', 'Options'],
  ['export type Handler = () => void;', 'Handler'],
  ['export const DEFAULT = 5;', 'DEFAULT'],
  ['function* gen() {', 'gen'],
  ['def handle(self, x):', 'handle'],
  ['pub fn parse(input: &str) -> Result {', 'parse'],
  ['func (s *Server) Serve() error {', undefined],
  ['func Serve() error {', 'Serve'],
  ['  private _schedule(state, delay) {', '_schedule'],
  ['  static async create<T>(x: T) {', 'create'],
  ['    def __init__(self):', '__init__'],
  ['  if (x) {', undefined],
  ['  return foo(x);', undefined],
  ['// function commented()', undefined],
];

for (const [line, name] of DECLARATIONS) {
  test(`declaredName: ${line}`, () => assert.equal(declaredName(line)?.name, name));
}

/** A TypeScript file of `n` functions, each with a doc comment and `body` lines. */
function file(n: number, body: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push('/**', ` * Does thing ${i}.`, ' */', `export function thing${i}(x: number): number {`);
    for (let j = 0; j < body; j++) out.push(`  x = x + ${j};`);
    out.push('  return x;', '}', '');
  }
  return out.join('\n');
}

test("chunks start at a declaration's doc comment, and carry its name", () => {
  const chunks = chunkText(file(6, 10), { maxLines: 60, minLines: 12 });
  assert.ok(chunks.length >= 3);
  for (const c of chunks.slice(1)) assert.equal(c.text.split('\n')[0], '/**', `chunk at ${c.startLine} starts mid-declaration`);
  assert.deepEqual(
    chunks.flatMap((c) => c.symbols),
    ['thing0', 'thing1', 'thing2', 'thing3', 'thing4', 'thing5'],
  );
});

test('a long function is cut at the line cap; every line is in exactly one chunk, with its own line number', () => {
  const text = file(2, 150);
  const lines = splitLines(text);
  const chunks = chunkText(text, { maxLines: 40 });
  let next = 1;
  for (const c of chunks) {
    assert.ok(c.endLine - c.startLine + 1 <= 40);
    assert.ok(c.startLine >= next);
    for (let l = next; l < c.startLine; l++) assert.equal(lines[l - 1].trim(), '', `line ${l} left out`);
    assert.equal(c.text, lines.slice(c.startLine - 1, c.endLine).join('\n'));
    next = c.endLine + 1;
  }
});

test('a huge line is cut to the character cap', () => {
  const chunks = chunkText(`const a = 1;\n${'x'.repeat(100_000)}\nconst b = 2;`, { maxChars: 1000 });
  for (const c of chunks) assert.ok(c.text.length <= 1000, `${c.text.length} chars`);
  assert.ok(chunks.some((c) => c.text.includes('const b = 2;')));
});

test("property: chunks of any text are in order, within the caps, and their text is the file's lines", () => {
  fc.assert(
    fc.property(documentArb(), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 80, max: 2000 }), (text, maxLines, maxChars) => {
      const chunks = bounded('chunkText', () => chunkText(text, { maxLines, maxChars }));
      const lines = splitLines(text);
      let prev = 0;
      for (const c of chunks) {
        assert.ok(c.startLine > prev && c.endLine >= c.startLine && c.endLine <= lines.length);
        assert.ok(c.endLine - c.startLine + 1 <= maxLines);
        assert.ok(c.text.length <= maxChars, `${c.text.length} > ${maxChars}`);
        assert.ok(c.text.trim() !== '');
        const original = lines.slice(c.startLine - 1, c.endLine);
        c.text.split('\n').forEach((l, i) => assert.ok(original[i].startsWith(l)));
        prev = c.endLine;
      }
    }),
    { numRuns: RUNS },
  );
});

test('hostile: 1 MB inputs (one line, blank lines, declarations, open doc comments) chunk in linear time', () => {
  const MB = 1 << 20;
  const inputs = [
    'x'.repeat(MB),
    '\n'.repeat(MB),
    'function f() {}\n'.repeat(MB / 16),
    '/**\n'.repeat(MB / 4),
    `export ${' '.repeat(MB)}function`,
    `  ${'static '.repeat(MB / 7)}x(`,
  ];
  for (const text of inputs) bounded(`chunkText ${JSON.stringify(text.slice(0, 12))}…`, () => chunkText(text));
});
