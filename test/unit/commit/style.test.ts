/** The style read from a repository's recent commit messages, and the rules given to the model. Table-driven. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectStyle, isImperative, styleRules, type CommitStyle } from '../../../src/core/commit/style';

const CONVENTIONAL = [
  'feat(router): add the cost dial',
  'fix(ledger): skip records from the future',
  'feat(chat): slash commands',
  'docs: explain budgets',
  'chore(deps): bump openai to 6.49',
  'Merge branch "main" into topic',
  'fix: handle empty diffs',
];
const CLASSIC = [
  'Add a spend dashboard.',
  'Fix the status bar flicker.',
  'Remove the old ledger format.\n\nNo release wrote it since 0.3.',
  'Update the README.\n\nNew section on budgets.',
  'Make completion cancellable.\n\nEvery keystroke aborts the request in flight.',
];
const PAST = ['added tests', 'fixed the build', 'updated deps', 'refactored router'];

type Want = Partial<CommitStyle>;
const CASES: [string, string[], Want][] = [
  [
    'no history: the usual git conventions',
    [],
    { sample: 0, conventional: false, capitalized: true, imperative: true, trailingPeriod: false, typicalLength: 50 },
  ],
  [
    'Conventional Commits with scopes, lower-case',
    CONVENTIONAL,
    { sample: 6, conventional: true, scopes: true, capitalized: false, imperative: true, trailingPeriod: false },
  ],
  [
    'classic: capitalised, periods, bodies',
    CLASSIC,
    { sample: 5, conventional: false, capitalized: true, imperative: true, trailingPeriod: true, bodies: true },
  ],
  ['past tense, lower-case', PAST, { conventional: false, capitalized: false, imperative: false }],
  ['merges, reverts and fixups are not style', ['Merge pull request #1 from a/b', 'Revert "Add x"', 'fixup! Add y'], { sample: 0 }],
];

for (const [name, messages, want] of CASES) {
  test(`detectStyle: ${name}`, () => {
    const style = detectStyle(messages);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(style[k as keyof CommitStyle], v, k);
  });
}

test('types most used first; examples are subjects only, newest first, at most 10', () => {
  const style = detectStyle(CONVENTIONAL);
  assert.deepEqual(style.types, ['feat', 'fix', 'chore', 'docs']);
  assert.deepEqual(style.examples.slice(0, 2), ['feat(router): add the cost dial', 'fix(ledger): skip records from the future']);
  assert.equal(detectStyle(Array.from({ length: 20 }, (_, i) => `Add thing ${i}`)).examples.length, 10);
  assert.equal(detectStyle(CLASSIC).examples[2], 'Remove the old ledger format.');
  assert.equal(detectStyle(['Add x', 'Add a much longer subject line here']).typicalLength, 20);
});

const MOODS: [string, boolean][] = [
  ['Add caching', true],
  ['Added caching', false],
  ['Adds caching', false],
  ['Adding caching', false],
  ['feat: add caching', true],
  ['fix(x): fixed it', false],
  ['Process queued jobs', true],
  ['Embed the font', true],
  ['Bring back the old parser', true],
  ['Use a map', true],
];
for (const [subject, want] of MOODS)
  test(`isImperative(${JSON.stringify(subject)}) = ${want}`, () => assert.equal(isImperative(subject), want));

test('the rules say what was detected', () => {
  const conv = styleRules(detectStyle(CONVENTIONAL)).join('\n');
  assert.match(conv, /Conventional Commits: "type\(scope\): description" \(this repository uses: feat, fix, chore, docs\)/);
  assert.match(conv, /lower-case/);
  assert.match(conv, /Do not end the subject with a period/);
  const classic = styleRules(detectStyle(CLASSIC)).join('\n');
  assert.doesNotMatch(classic, /Conventional/);
  assert.match(classic, /capital letter/);
  assert.match(classic, /End the subject with a period/);
  assert.match(classic, /add a short body/);
  assert.match(styleRules(detectStyle(PAST)).join('\n'), /Follow the tense of the example subjects/);
});
