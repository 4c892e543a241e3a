import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandConfirmation, CONFIRMATION_DIFF_CHARS, diffStat, editConfirmation } from '../../../src/vscode/agent/confirmations';

const DIFF = '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n-const a = 1;\n+const a = 2;\n+const b = 3;\n keep\n';

test('diffStat counts added and removed lines, not the file headers', () => {
  assert.deepEqual(diffStat(DIFF), { added: 2, removed: 1 });
});

test('an edit confirmation names each file with its change and shows the diffs', () => {
  const c = editConfirmation([
    { path: 'src/a.ts', before: 'x', after: 'y', diff: DIFF },
    { path: 'src/new.ts', before: undefined, after: 'z', diff: '--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1 @@\n+z\n' },
  ]);
  assert.equal(c.title, 'Write 2 files?');
  assert.match(c.message, /`src\/a\.ts`: \+2 −1/);
  assert.match(c.message, /`src\/new\.ts`: new file, 1 line\(s\)/);
  assert.ok(c.message.includes('```diff\n--- a/src/a.ts'), c.message);
});

test('a diff holding backticks cannot close its code block', () => {
  const diff = '--- a/x.md\n+++ b/x.md\n@@ -1 +1 @@\n-old\n+```js\n';
  const c = editConfirmation([{ path: 'x.md', before: 'old', after: '```js', diff }]);
  assert.ok(c.message.includes('````diff\n'), c.message);
});

test('diffs too long for one confirmation are summarized, not shown', () => {
  const big = `--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n+${'y'.repeat(CONFIRMATION_DIFF_CHARS)}\n`;
  const c = editConfirmation([{ path: 'b.txt', before: '', after: 'y', diff: big }]);
  assert.equal(c.title, 'Write b.txt?');
  assert.match(c.message, /1 diff\(s\) too long to show here/);
  assert.ok(c.message.length < 1000);
});

test('a command confirmation shows the exact command and where it runs', () => {
  const c = commandConfirmation('npm test -- --grep "a `b`"', 'packages/web');
  assert.equal(c.title, 'Run this command?');
  assert.ok(c.message.includes('```sh\nnpm test -- --grep "a `b`"\n```'), c.message);
  assert.match(c.message, /in `packages\/web`/);
  assert.match(commandConfirmation('ls', '').message, /in the workspace folder/);
});
