import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declarationAt } from '../../../../src/core/completion/sources/declaration';
import { identifiersAround } from '../../../../src/core/completion/sources/identifiers';
import { outline } from './fakeFeatures';

const FILE = [
  'import x from "y";',
  '/**',
  ' * Adds numbers.',
  ' */',
  'export function add(a: number, b: number): number {',
  '  const sum = a + b;',
  '  return sum;',
  '}',
  '',
  'export class Store {',
  ...Array.from({ length: 30 }, (_, i) => `  item${i}(v: number): number {\n    return v * ${i};\n  }`),
  '}',
  'export function long(a: number,',
  '    b: number): number {',
  ...Array.from({ length: 60 }, (_, i) => `  const v${i} = a + b + ${i};`),
  '  return 0;',
  '}',
].join('\n');

const at = (name: string) => {
  const lines = FILE.split('\n');
  const line = lines.findIndex((l) => new RegExp(`(function|class) ${name}\\b`).test(l));
  const character = lines[line].indexOf(name);
  return { start: { line, character }, end: { line, character: character + name.length } };
};

const cases: [string, string, string][] = [
  ['a small function comes whole, with its doc comment', 'add', FILE.split('\n').slice(1, 8).join('\n')],
  [
    'a long class comes as its header and its members’ first lines',
    'Store',
    ['export class Store {', ...Array.from({ length: 30 }, (_, i) => `  item${i}(v: number): number {`), '}'].join('\n'),
  ],
  [
    'a long function comes as its signature, up to the line opening its body',
    'long',
    'export function long(a: number,\n    b: number): number {',
  ],
];
for (const [name, symbol, expected] of cases)
  test(`declarations: ${name}`, () => {
    assert.equal(declarationAt(FILE, outline(FILE), at(symbol), 1200)?.text, expected);
  });

test('declarations: without an outline, a few lines from the location; a location past the end gives nothing', () => {
  const d = declarationAt(FILE, [], at('add'), 1200)!;
  assert.equal(d.text, FILE.split('\n').slice(4, 12).join('\n'));
  assert.equal(declarationAt(FILE, [], { start: { line: 999, character: 0 }, end: { line: 999, character: 1 } }, 1200), undefined);
});

test('declarations: the budget cuts at whole lines', () => {
  const d = declarationAt(FILE, outline(FILE), at('Store'), 60)!;
  assert.equal(d.text, 'export class Store {\n  item0(v: number): number {');
});

test('identifiers around the cursor: nearest first on the cursor line, then the lines above, then after; no keywords', () => {
  const text = 'const total = compute(items);\nif (ready) {\n  return format(total, unit|, extra)\n}';
  const offset = text.indexOf('|');
  const names = identifiersAround(text.replace('|', ''), offset, 10).map((i) => i.name);
  assert.deepEqual(names, ['unit', 'total', 'format', 'ready', 'items', 'compute', 'extra']);
  const first = identifiersAround(text.replace('|', ''), offset, 1)[0];
  assert.deepEqual(first.position, { line: 2, character: 23 });
});
