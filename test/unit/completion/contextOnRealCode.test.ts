/**
 * The completion-context bench's measuring stick (test/bench/completionContext.ts) on the rxjs fixture: positions are
 * real, deterministic uses of imported symbols; the check can fail and succeed; and the new context (gather with the
 * symbol index) puts declarations that today's context misses into the prompt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cursorAt,
  fixtureIndex,
  holdsDefinition,
  measureNew,
  measureToday,
  nearestFiles,
  pickPositions,
} from '../../bench/completionContext';

test('positions: at least 100, the same every run, each a use of a symbol imported from another file', () => {
  const index = fixtureIndex();
  const positions = pickPositions(index);
  assert.ok(positions.length >= 100, `${positions.length} positions`);
  assert.deepEqual(
    pickPositions(index).map((p) => `${p.path}:${p.line}`),
    positions.map((p) => `${p.path}:${p.line}`),
  );
  assert.ok(new Set(positions.map((p) => p.path)).size >= 60, 'spread over many files');
  for (const p of positions) {
    const line = index.text(p.path)!.split('\n')[p.line];
    assert.equal(line.slice(p.character, p.character + p.symbol.length), p.symbol);
    assert.ok(p.definitions.length > 0 && p.definitions.every((d) => d.path !== p.path), `${p.path}:${p.line} ${p.symbol}`);
    const declared = index.text(p.definitions[0].path)!.split('\n')[p.definitions[0].line];
    assert.equal(declared.trim(), p.definitions[0].text);
    assert.match(declared, /\b(function|class|interface|type|const|let|var|enum)\b/, `a declaration: ${declared}`);
    assert.ok(!index.text(p.path)!.includes(p.definitions[0].text), 'the declaration line is not in the file itself');
  }
});

test('cursor documents: the next line kept after the cursor, or the line removed and the cursor at its indentation', () => {
  const index = fixtureIndex();
  const pos = pickPositions(index)[0];
  const text = index.text(pos.path)!;
  const lines = text.split('\n');
  const next = cursorAt(index, pos, 'next line');
  assert.equal(next.text, text);
  assert.ok(next.text.slice(0, next.offset).endsWith(lines[pos.line - 1]));
  assert.ok(next.text.slice(next.offset).startsWith(`\n${lines[pos.line]}`));
  const typing = cursorAt(index, pos, 'typing the line');
  const indent = /^\s*/.exec(lines[pos.line])![0];
  assert.equal(typing.text, [...lines.slice(0, pos.line), indent, ...lines.slice(pos.line + 1)].join('\n'));
  assert.ok(typing.text.slice(0, typing.offset).endsWith(`\n${indent}`));
  assert.ok(!typing.text.slice(typing.offset).startsWith(lines[pos.line].trim()));
});

test('open files: the nearest in the import graph, the cursor file itself never', () => {
  const index = fixtureIndex();
  const open = nearestFiles(index, 'src/internal/operators/map.ts');
  assert.equal(open.length, 5);
  assert.ok(!open.includes('src/internal/operators/map.ts'));
  // Its own imports first, in their order, then the files that import it.
  assert.deepEqual(open.slice(0, 3), [
    'src/internal/types.ts',
    'src/internal/util/lift.ts',
    'src/internal/operators/OperatorSubscriber.ts',
  ]);
  assert.equal(open[3], 'src/index.ts');
});

test('the declaration check: only a prompt holding the declaration line counts', () => {
  const pos = pickPositions(fixtureIndex())[0];
  assert.ok(holdsDefinition(`// from ${pos.definitions[0].path}\n// ${pos.definitions[0].text}\n`, pos));
  assert.ok(!holdsDefinition(`${pos.symbol} is used here but never declared`, pos));
});

test('the new context holds definitions that today misses, within the deadline', async () => {
  const index = fixtureIndex();
  const all = pickPositions(index);
  const sample = Array.from({ length: 30 }, (_, i) => all[i * 5]);
  const today = measureToday(index, sample, 'next line');
  const now = await measureNew(index, sample, 'next line');
  assert.ok(now.share >= 0.7, `new context: ${now.hits}/${now.total}`);
  assert.ok(now.share >= today.share + 0.3, `today ${today.hits}/${today.total}, new ${now.hits}/${now.total}`);
  // A language server slower than the deadline: the request still returns at about the deadline, with less context.
  const slow = await measureNew(index, sample.slice(0, 5), 'next line', { latencyMs: 1500, deadlineMs: 30 });
  assert.ok(Math.max(...slow.times) < 700, `slowest request ${Math.max(...slow.times).toFixed(0)} ms`);
  assert.ok(slow.pending > 0);
});
