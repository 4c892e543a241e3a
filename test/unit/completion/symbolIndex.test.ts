/**
 * The bench's deterministic symbol index (test/bench/symbolIndex.ts) answers as VS Code's TypeScript service would:
 * definitions across files through imports and re-exports, type definitions, outlines with ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { SymbolIndex } from '../../bench/symbolIndex';
import type { CodeLocation, CodePosition } from '../../../src/core/completion/languageFeatures';

const FILES: Record<string, string> = {
  'src/types.ts': [
    '/** A thing with an id. */',
    'export interface Item {',
    '  id: string;',
    '  enabled: boolean;',
    '}',
    'export type Id = string;',
  ].join('\n'),
  'src/store.ts': [
    "import { Item } from './types';",
    '',
    'export class Store {',
    '  private readonly items = new Map<string, Item>();',
    '  get(id: string): Item | undefined {',
    '    return this.items.get(id);',
    '  }',
    '}',
    '',
    'export class CachedStore extends Store {',
    '  hits = 0;',
    '}',
    '',
    'export function load(id: string): Item;',
    'export function load(id: string, fallback: Item): Item;',
    'export function load(id: string, fallback?: Item): Item {',
    '  return fallback ?? { id, enabled: true };',
    '}',
    '',
    'export const DEFAULT_ID = "a",',
    '  OTHER_ID = "b";',
  ].join('\n'),
  'src/index.ts': ["export * from './store';", "export { Item as Thing } from './types';"].join('\n'),
  'src/app.ts': [
    "import { CachedStore, load, Thing } from './index';",
    "import * as types from './types';",
    "import { DEFAULT_ID as ID } from './store';",
    '',
    'export function main(store: CachedStore): Thing {',
    '  const created = new CachedStore();',
    '  const item = load(ID);',
    '  const other: types.Item = store.get(ID) ?? item;',
    '  created.hits++;',
    '  return other;',
    '}',
  ].join('\n'),
};

const index = () => new SymbolIndex(FILES);

/** The position of the `nth` occurrence of `word` in `file` (0-based), `offset` characters into it. */
function at(file: string, word: string, nth = 0, offset = 0): CodePosition {
  const lines = FILES[file].split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    for (let ch = lines[line].indexOf(word); ch >= 0; ch = lines[line].indexOf(word, ch + 1)) {
      if (seen++ === nth) return { line, character: ch + offset };
    }
  }
  throw new Error(`${word} #${nth} not in ${file}`);
}

/** Each location as `path:line: first line of its range`, what a prompt would quote. */
function lines(locs: CodeLocation[]): string[] {
  return locs.map((l) => `${l.path}:${l.range.start.line}: ${FILES[l.path].split('\n')[l.range.start.line].trim()}`);
}

const signal = new AbortController().signal;

test('definitions: a name imported through `export *` and a renamed re-export reaches the declaring file', async () => {
  const idx = index();
  assert.deepEqual(lines(await idx.definitions('src/app.ts', at('src/app.ts', 'CachedStore', 1), signal)), [
    'src/store.ts:9: export class CachedStore extends Store {',
  ]);
  assert.deepEqual(lines(await idx.definitions('src/app.ts', at('src/app.ts', 'Thing', 1), signal)), [
    'src/types.ts:1: export interface Item {',
  ]);
  // The import line's own names go to the declarations too.
  assert.deepEqual(lines(idx.definitionsSync('src/app.ts', at('src/app.ts', 'load'))), [
    'src/store.ts:13: export function load(id: string): Item;',
    'src/store.ts:14: export function load(id: string, fallback: Item): Item;',
    'src/store.ts:15: export function load(id: string, fallback?: Item): Item {',
  ]);
});

test('definitions: a call goes to the overload implementation; an aliased import and a namespace member resolve', () => {
  const idx = index();
  assert.deepEqual(lines(idx.definitionsSync('src/app.ts', at('src/app.ts', 'load(ID)'))), [
    'src/store.ts:15: export function load(id: string, fallback?: Item): Item {',
  ]);
  // `ID` is `DEFAULT_ID as ID`: the name's range, as VS Code's adapter reports a definition.
  const id = idx.definitionsSync('src/app.ts', at('src/app.ts', 'ID)'));
  assert.deepEqual(lines(id), ['src/store.ts:19: export const DEFAULT_ID = "a",']);
  assert.deepEqual(id[0].range, { start: { line: 19, character: 13 }, end: { line: 19, character: 23 } });
  // The whole declaration: a one-declarator statement is the statement, `export` and JSDoc-free start included.
  const typesIdx = idx.declarationSpansSync('src/app.ts', at('src/app.ts', 'Thing', 1));
  assert.deepEqual(typesIdx[0].range, { start: { line: 1, character: 0 }, end: { line: 4, character: 1 } });
  assert.deepEqual(lines(idx.definitionsSync('src/app.ts', at('src/app.ts', 'Item', 0, 2))), ['src/types.ts:1: export interface Item {']);
});

test('definitions: members through this, a typed parameter, an inferred `new`, and the base class', () => {
  const idx = index();
  assert.deepEqual(lines(idx.definitionsSync('src/store.ts', at('src/store.ts', 'items', 1))), [
    'src/store.ts:3: private readonly items = new Map<string, Item>();',
  ]);
  // `store: CachedStore` → `get` is inherited from Store.
  assert.deepEqual(lines(idx.definitionsSync('src/app.ts', at('src/app.ts', 'get'))), [
    'src/store.ts:4: get(id: string): Item | undefined {',
  ]);
  // `created = new CachedStore()` → `hits`.
  assert.deepEqual(lines(idx.definitionsSync('src/app.ts', at('src/app.ts', 'hits'))), ['src/store.ts:10: hits = 0;']);
});

test('definitions: locals and parameters stay local; a cursor right after a word counts; whitespace finds nothing', () => {
  const idx = index();
  const item = idx.definitionsSync('src/app.ts', at('src/app.ts', 'item;', 0, 'item'.length));
  assert.deepEqual(lines(item), ['src/app.ts:6: const item = load(ID);']);
  assert.deepEqual(lines(idx.definitionsSync('src/app.ts', at('src/app.ts', 'store.get'))), [
    'src/app.ts:4: export function main(store: CachedStore): Thing {',
  ]);
  assert.deepEqual(idx.definitionsSync('src/app.ts', { line: 3, character: 0 }), []);
  assert.deepEqual(idx.definitionsSync('src/missing.ts', { line: 0, character: 0 }), []);
});

test('type definitions: a variable to its annotated or constructed type, a type to itself', () => {
  const idx = index();
  assert.deepEqual(lines(idx.typeDefinitionsSync('src/app.ts', at('src/app.ts', 'other', 1))), ['src/types.ts:1: export interface Item {']);
  assert.deepEqual(lines(idx.typeDefinitionsSync('src/app.ts', at('src/app.ts', 'created', 1))), [
    'src/store.ts:9: export class CachedStore extends Store {',
  ]);
  // `item = load(ID)` → load's declared return type.
  assert.deepEqual(lines(idx.typeDefinitionsSync('src/app.ts', at('src/app.ts', 'item', 1))), ['src/types.ts:1: export interface Item {']);
  assert.deepEqual(lines(idx.typeDefinitionsSync('src/app.ts', at('src/app.ts', 'store', 1))), [
    'src/store.ts:9: export class CachedStore extends Store {',
  ]);
});

test('document symbols: declarations with members and ranges, overloads shown once, JSDoc outside the range', async () => {
  const idx = index();
  const outline = await idx.documentSymbols('src/store.ts', signal);
  assert.deepEqual(
    outline.map((s) => [s.name, s.kind, s.range.start.line, s.range.end.line, (s.children ?? []).map((c) => `${c.kind} ${c.name}`)]),
    [
      ['Store', 'Class', 2, 7, ['Property items', 'Method get']],
      ['CachedStore', 'Class', 9, 11, ['Property hits']],
      ['load', 'Function', 15, 17, []],
      ['DEFAULT_ID', 'Variable', 19, 19, []],
      ['OTHER_ID', 'Variable', 20, 20, []],
    ],
  );
  const types = await idx.documentSymbols('src/types.ts', signal);
  assert.deepEqual(types[0].range, { start: { line: 1, character: 0 }, end: { line: 4, character: 1 } });
  assert.deepEqual(
    types.map((s) => `${s.kind} ${s.name}`),
    ['Interface Item', 'Variable Id'],
  );
});

test('answers follow the open document, honour an aborted signal, and can arrive late', async () => {
  const idx = new SymbolIndex(FILES, { latencyMs: 30 });
  assert.equal(await idx.readText('src/types.ts', signal), FILES['src/types.ts']);
  const edited = FILES['src/app.ts'].replace("import * as types from './types';", "import * as types from './store';");
  idx.setText('src/app.ts', edited);
  assert.equal(await idx.readText('src/app.ts', signal), edited);
  const ctl = new AbortController();
  const started = Date.now();
  const pending = idx.definitions('src/app.ts', at('src/app.ts', 'load(ID)'), ctl.signal);
  ctl.abort(new Error('deadline'));
  await assert.rejects(pending, /deadline/);
  assert.ok(Date.now() - started < 30, 'an abort answers at once, not after the latency');
  await assert.rejects(idx.documentSymbols('src/app.ts', ctl.signal), /deadline/);
  assert.equal(idx.calls.definitions, 1);
});

test('the rxjs fixture: imports across folders reach their declarations', () => {
  const idx = SymbolIndex.fromDirectory(path.resolve(__dirname, '../../../../test/fixtures/rxjs'), 'src');
  assert.equal(idx.paths().length, 251);
  const file = 'src/internal/operators/map.ts';
  const text = idx.text(file)!.split('\n');
  const line = text.findIndex((l) => l.includes('return operate('));
  const defs = idx.definitionsSync(file, { line, character: text[line].indexOf('operate') });
  assert.deepEqual(
    defs.map((d) => `${d.path}: ${idx.text(d.path)!.split('\n')[d.range.start.line]}`),
    ['src/internal/util/lift.ts: export function operate<T, R>('],
  );
  // Through the package's public index (`export * from './internal/...'`) to the class.
  const pub = new SymbolIndex(
    new Map([...idx.paths().map((p) => [p, idx.text(p)!] as const), ['src/use.ts', "import { Subject } from './index';\nSubject;"]]),
  );
  const subject = pub.definitionsSync('src/use.ts', { line: 1, character: 0 });
  assert.deepEqual(
    subject.map((d) => d.path),
    ['src/internal/Subject.ts'],
  );
});
