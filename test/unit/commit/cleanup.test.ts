/** What a model wraps around a commit message, removed; the body wrapped at 72. Table-driven. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanMessage } from '../../../src/core/commit/cleanup';
import { wrapBody } from '../../../src/core/commit/wrap';

const CASES: [string, string, string][] = [
  ['plain subject', 'Add retry to the fetch helper', 'Add retry to the fetch helper'],
  ['surrounding whitespace and CRLF', '\r\n  Fix typo in README \r\n', 'Fix typo in README'],
  ['code fence', '```\nfeat(api): add paging\n```', 'feat(api): add paging'],
  [
    'fence with a language',
    '```text\nFix crash on empty input\n\nThe parser assumed one line.\n```',
    'Fix crash on empty input\n\nThe parser assumed one line.',
  ],
  ['preamble then fence', 'Here is the commit message:\n```\nFix crash\n```', 'Fix crash'],
  ['unclosed fence (streaming)', '```\nfeat: add pag', 'feat: add pag'],
  ['"Commit message:" preamble', 'Commit message: Bump version to 2.1', 'Bump version to 2.1'],
  ["Here's a preamble on its own line", "Here's a concise commit message:\n\nRemove dead code", 'Remove dead code'],
  ['Sure, here is…', 'Sure, here is the commit message: Update docs', 'Update docs'],
  ['double quotes', '"Refactor the router"', 'Refactor the router'],
  ['single quotes', "'Refactor the router'", 'Refactor the router'],
  ['backticks', '`Refactor the router`', 'Refactor the router'],
  ['bold', '**Refactor the router**', 'Refactor the router'],
  ['curly quotes', '“Refactor the router”', 'Refactor the router'],
  ['quotes inside are kept', 'Handle "quoted" names', 'Handle "quoted" names'],
  ['heading marks', '# Add caching', 'Add caching'],
  ['Subject:/Body: labels', 'Subject: Add caching\nBody: Cache answers for 5 minutes.', 'Add caching\n\nCache answers for 5 minutes.'],
  ['think block of a local model', '<think>The diff adds X.</think>\nAdd X', 'Add X'],
  ['unclosed think block (streaming)', '<think>The diff', ''],
  ['body without blank line gets one', 'Add X\nBecause Y.', 'Add X\n\nBecause Y.'],
  ['blank runs collapse', 'Add X\n\n\n\nBecause Y.\n\n\n\nAnd Z.', 'Add X\n\nBecause Y.\n\nAnd Z.'],
  ['inner spaces of the subject', 'Add   two\tspaces', 'Add two spaces'],
  ['empty', '', ''],
  ['only a fence', '```\n```', ''],
];

for (const [name, raw, want] of CASES) {
  test(`cleanMessage: ${name}`, () => {
    assert.equal(cleanMessage(raw), want);
    assert.equal(cleanMessage(want), want, 'idempotent');
  });
}

test('the body is wrapped at 72 columns; list items hang; long words and code lines stay whole', () => {
  const long = 'word '.repeat(30).trim();
  const url = `https://example.com/${'x'.repeat(90)}`;
  const msg = cleanMessage(`Add X\n\n${long}\n\n- ${long}\n\n${url} and more\n\n    ${long}`);
  const lines = msg.split('\n');
  assert.equal(lines[0], 'Add X');
  for (const l of lines) if (!l.includes(url) && !l.startsWith('    word')) assert.ok(l.length <= 72, `too long: ${l}`);
  assert.ok(lines.includes(url), 'the URL keeps a line of its own');
  assert.ok(lines.some((l) => l.startsWith('- word')) && lines.some((l) => l.startsWith('  word')), 'a list item hangs under its text');
  assert.ok(lines.includes(`    ${long}`), 'an indented code line is kept');
  assert.equal(wrapBody('short line'), 'short line');
});
