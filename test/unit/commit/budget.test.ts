/** Fitting file diffs into a token budget by whole files and hunks, fairly, saying what was left out. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitDiff, type DiffPart } from '../../../src/core/commit/budget';
import { approxTokens } from '../../../src/core/tokens';

const hunk = (tag: string, lines: number) =>
  `@@ -1,${lines} +1,${lines} @@\n${Array.from({ length: lines }, (_, i) => `+${tag} line ${i}\n`).join('')}`;
const part = (path: string, ...hunks: string[]): DiffPart => ({ path, header: `diff --git a/${path} b/${path}\n`, hunks });

test('everything fits: the diff as it was, nothing left out', () => {
  const parts = [part('a.ts', hunk('a', 3)), part('b.ts', hunk('b', 2), hunk('b2', 2))];
  const out = fitDiff(parts, 10_000);
  assert.equal(out.text, parts.map((p) => p.header + p.hunks.join('')).join(''));
  assert.deepEqual(out.omitted, []);
});

test('one huge file does not crowd out the others: each keeps its first hunk, the big one loses the rest', () => {
  const big = part('big.ts', hunk('big0', 10), ...Array.from({ length: 9 }, (_, i) => hunk(`big${i + 1}`, 40)));
  const small = part('small.ts', hunk('small', 3));
  const out = fitDiff([big, small], 400);
  assert.ok(approxTokens(out.text) <= 400);
  assert.ok(out.text.includes('+small line 2'), 'the small file is whole');
  assert.ok(out.text.includes('+big0 line 9'), "the big file's first hunk is in");
  assert.match(out.omitted.join('\n'), /^big\.ts \(\d of 10 hunks\)$/);
});

test('a file whose only hunk is too big keeps its first lines and says how many more there were', () => {
  const out = fitDiff([part('new.ts', hunk('n', 500))], 200);
  assert.ok(approxTokens(out.text) <= 200);
  assert.match(out.text, /\+n line 0\n/);
  assert.match(out.text, /… \(\d+ more lines of this hunk left out\)\n$/);
  assert.deepEqual(out.omitted, ['new.ts (its first hunk cut)']);
});

test('no room even for headers: whole files left out, in order; a zero or nonsense budget sends nothing', () => {
  const parts = [part('a.ts', hunk('a', 3)), part('b.ts', hunk('b', 3))];
  const tight = fitDiff(parts, approxTokens(parts[0].header) + 1);
  assert.deepEqual(tight.omitted, ['a.ts (1 of 1 hunks)', 'b.ts (whole file)']);
  for (const b of [0, -5, NaN, Infinity]) {
    const out = fitDiff(parts, b);
    assert.equal(out.text, '');
    assert.deepEqual(out.omitted, ['a.ts (whole file)', 'b.ts (whole file)']);
  }
});
