import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchingSpecials } from '../../../../src/core/chat/mentions/kinds';
import { rankPaths } from '../../../../src/core/chat/mentions/rank';

const PATHS = [
  'README.md',
  'src/app.ts',
  'src/core/chat/session.ts',
  'test/unit/chat/session.test.ts',
  'src/sessions/index.ts',
  'src/webview/chat/main.ts',
  'src/core/chat/mentions/picker.ts',
  'docs/chat.md',
];

test('files are ranked fuzzily: the best match first, a match in the file name before one in the folders', async () => {
  const cases: [string, string][] = [
    ['session', 'src/core/chat/session.ts'],
    ['sess.ts', 'src/core/chat/session.ts'],
    ['chat/main', 'src/webview/chat/main.ts'],
    ['pkr', 'src/core/chat/mentions/picker.ts'],
    ['READ', 'README.md'],
    ['app', 'src/app.ts'],
  ];
  for (const [q, best] of cases) assert.equal((await rankPaths(PATHS, q, 5))[0], best, q);
  assert.deepEqual(await rankPaths(PATHS, 'zzzq', 5), [], 'nothing matches');
  assert.equal((await rankPaths(PATHS, '', 3)).length, 3, 'an empty query keeps the given order, up to the limit');
  assert.deepEqual(await rankPaths(PATHS, '', 2), PATHS.slice(0, 2));
});

test('special mentions are filtered by what was typed: prefix first, then fuzzy', () => {
  const names = (q: string) => matchingSpecials(q).map((s) => s.name);
  assert.deepEqual(names(''), ['@codebase', '@problems', '@problems:workspace', '@terminal', '@diff', '@editors']);
  assert.deepEqual(names('pro'), ['@problems', '@problems:workspace']);
  assert.deepEqual(names('d'), ['@diff', '@codebase', '@editors'], 'the prefix match first');
  assert.deepEqual(names('term'), ['@terminal']);
  assert.deepEqual(names('cb'), ['@codebase']);
  assert.deepEqual(names('session'), []);
});
