import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RecentActivity } from '../../../../src/core/completion/sources/recentActivity';

const lines = (a: RecentActivity, kind: 'edits' | 'views' = 'edits') => a[kind].map((r) => `${r.path}:${r.startLine}-${r.endLine}`);

test('edits close together merge into one range, newest first, and every edit bumps its file generation', () => {
  const a = new RecentActivity();
  a.noteEdit('a.ts', [{ startLine: 10, endLine: 10, newLines: 0 }], 1);
  a.noteEdit('b.ts', [{ startLine: 3, endLine: 3, newLines: 0 }], 2);
  a.noteEdit('a.ts', [{ startLine: 12, endLine: 12, newLines: 0 }], 3);
  assert.deepEqual(lines(a), ['a.ts:10-12', 'b.ts:3-3']);
  assert.equal(a.generation('a.ts'), 2);
  assert.equal(a.generation('c.ts'), 0);
});

const shifts: [string, { startLine: number; endLine: number; newLines: number }, string[]][] = [
  ['lines added above move a range down', { startLine: 2, endLine: 2, newLines: 3 }, ['a.ts:2-5', 'a.ts:23-23']],
  ['lines removed above move it up', { startLine: 2, endLine: 6, newLines: 0 }, ['a.ts:2-2', 'a.ts:16-16']],
  ['an edit below leaves it in place', { startLine: 40, endLine: 40, newLines: 1 }, ['a.ts:40-41', 'a.ts:20-20']],
];
for (const [name, change, expected] of shifts)
  test(`recorded ranges follow later edits: ${name}`, () => {
    const a = new RecentActivity();
    a.noteEdit('a.ts', [{ startLine: 20, endLine: 20, newLines: 0 }], 1);
    a.noteEdit('a.ts', [change], 2);
    assert.deepEqual(lines(a), expected);
  });

test('only the last few edits are kept, and a deleted file is forgotten', () => {
  const a = new RecentActivity({ maxEdits: 3 });
  for (let i = 0; i < 5; i++) a.noteEdit(`f${i}.ts`, [{ startLine: 0, endLine: 0, newLines: 0 }], i);
  assert.deepEqual(lines(a), ['f4.ts:0-0', 'f3.ts:0-0', 'f2.ts:0-0']);
  a.forget('f3.ts');
  assert.deepEqual(lines(a), ['f4.ts:0-0', 'f2.ts:0-0']);
});

test('a long visible range is cut around its middle; overlapping views merge', () => {
  const a = new RecentActivity({ maxLines: 10 });
  a.noteView('a.ts', 0, 99, 1);
  assert.deepEqual(lines(a, 'views'), ['a.ts:44-53']);
  a.noteView('a.ts', 50, 55, 2);
  assert.deepEqual(lines(a, 'views'), ['a.ts:46-55'], 'still at most 10 lines, the newest view whole');
});

test('property: whatever the edits, ranges stay ordered, non-negative, within maxLines and at most maxEdits', () => {
  const change = fc.record({ startLine: fc.nat(200), span: fc.nat(20), newLines: fc.nat(30), file: fc.constantFrom('a', 'b', 'c') });
  fc.assert(
    fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
      const a = new RecentActivity({ maxEdits: 5, maxLines: 40 });
      changes.forEach((c, i) => a.noteEdit(c.file, [{ startLine: c.startLine, endLine: c.startLine + c.span, newLines: c.newLines }], i));
      assert.ok(a.edits.length <= 5);
      for (const r of a.edits) {
        assert.ok(r.startLine >= 0 && r.endLine >= r.startLine, `${r.startLine}-${r.endLine}`);
        assert.ok(r.endLine - r.startLine + 1 <= 40 + 30, `${r.endLine - r.startLine + 1} lines`);
      }
    }),
  );
});
