/** Splitting real `git diff` output per file and hunk: paths (quoted, renamed, deleted), binaries, exact text. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileText, headerAndHunks, splitDiff } from '../../../src/core/commit/diffFiles';
import { tempRepo } from './gitRepo';

const repo = tempRepo();
after(() => repo.remove());

test('a staged diff of every kind of change: one entry per file with its path, change and hunks', () => {
  repo.write('app.ts', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n');
  repo.write('old.txt', 'x\n');
  repo.write('gone.md', 'bye\n');
  repo.git('add', '-A');
  repo.git('commit', '-qm', 'init');
  repo.write('app.ts', 'A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\n');
  repo.git('mv', 'old.txt', 'new.txt');
  repo.git('rm', '-q', 'gone.md');
  repo.write('logo.png', Buffer.from([0, 1, 2, 0]));
  repo.write('tést file.md', 'hi\n');
  repo.write('with space.txt', 'sp\n');
  repo.git('add', '-A');
  const diff = repo.git('diff', '--cached');
  const { files, unattributed } = splitDiff(diff);
  assert.equal(unattributed, 0);
  const byPath = new Map(files.map((f) => [f.path, f]));
  assert.deepEqual([...byPath.keys()].sort(), ['app.ts', 'gone.md', 'logo.png', 'new.txt', 'tést file.md', 'with space.txt']);
  assert.equal(byPath.get('app.ts')!.hunks.length, 2, 'two changes 12 lines apart are two hunks');
  assert.equal(byPath.get('app.ts')!.change, 'modified');
  assert.equal(byPath.get('gone.md')!.change, 'deleted');
  assert.deepEqual([byPath.get('new.txt')!.change, byPath.get('new.txt')!.from], ['renamed', 'old.txt']);
  assert.ok(byPath.get('new.txt')!.paths.includes('old.txt'), 'the old name is checked for exclusion too');
  assert.equal(byPath.get('logo.png')!.binary, true);
  assert.equal(byPath.get('tést file.md')!.change, 'added');
  // Lossless: the files' texts put together are the diff.
  assert.equal(files.map(fileText).join(''), diff);
});

test('text before the first file header is not attributed to any file; no header at all: no files', () => {
  const diff = 'warning: LF will be replaced\ndiff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-a\n+b\n';
  const { files, unattributed } = splitDiff(diff);
  assert.equal(unattributed, 'warning: LF will be replaced\n'.length);
  assert.deepEqual(
    files.map((f) => f.path),
    ['x.ts'],
  );
  assert.deepEqual(splitDiff('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n').files, []);
  assert.deepEqual(splitDiff('').files, []);
});

test('a removed line that reads like a header stays in its hunk', () => {
  const diff = 'diff --git a/q.sql b/q.sql\n--- a/q.sql\n+++ b/q.sql\n@@ -1,2 +1 @@\n--- old comment\n-+++ x\n+select 1;\n';
  const [f] = splitDiff(diff).files;
  assert.equal(f.path, 'q.sql');
  assert.equal(f.hunks.length, 1);
  assert.ok(f.hunks[0].includes('--- old comment'));
});

test('without a/ b/ prefixes (diff.noprefix) both readings of each path are kept for the exclusion check', () => {
  const diff = 'diff --git a/b.txt a/b.txt\n--- a/b.txt\n+++ a/b.txt\n@@ -1 +1 @@\n-x\n+y\n';
  const [f] = splitDiff(diff).files;
  assert.ok(f.paths.includes('a/b.txt') && f.paths.includes('b.txt'));
});

test('headerAndHunks splits a file text again exactly', () => {
  const diff = repo.git('diff', '--cached', '--', 'app.ts');
  const [f] = splitDiff(diff).files;
  assert.deepEqual(headerAndHunks(fileText(f)), { header: f.header, hunks: f.hunks });
});
