/**
 * The codebase index's tokenizer: a question's words meet the code's identifiers, whatever their case style, and
 * any text is tokenized in linear time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { identifierWords, stem, tokenize } from '../../../src/core/codebase/tokenize';
import { bounded, documentArb, RUNS } from '../props/arbitraries';

const CASES: [string, string, string[]][] = [
  ['camelCase: whole and words', 'retryCount', ['retrycount', 'retry', 'count']],
  ['PascalCase', 'BehaviorSubject', ['behaviorsubject', 'behavior', 'subject']],
  ['capital run then a word', 'HTTPServer', ['httpserver', 'http', 'server']],
  ['snake_case', 'max_buffer_size', ['max_buffer_size', 'max', 'buffer', 'siz']],
  ['kebab-case', 'my-component', ['my_component', 'my', 'component']],
  ['SCREAMING_SNAKE', 'DEFAULT_TIMEOUT', ['default_timeout', 'default', 'timeout']],
  ['a path splits at / and .', 'src/internal/operators/retry.ts', ['src', 'internal', 'operator', 'retry', 'ts']],
  ['member access splits', 'this._windowTime', ['_windowtime', 'window', 'tim']],
  ['letters and digits', 'utf8Decoder', ['utf8decoder', 'utf', '8', 'decoder']],
  ['stop words dropped, case folded', 'How does the Retry work', ['retry', 'work']],
  ['plurals and verb endings folded', 'retries resets scheduled emitting', ['retry', 'reset', 'schedul', 'emit']],
  ['a minus is no identifier', 'x - y', ['x', 'y']],
  ['a final e goes, so schedule meets scheduled and scheduling', 'schedule scheduled scheduling', ['schedul', 'schedul', 'schedul']],
  ['template ${x} keeps x', '`${value}`', ['valu']],
  ['punctuation only', '(){}[];,.', []],
  ['empty', '', []],
];

for (const [name, input, want] of CASES) {
  test(`tokenize: ${name}`, () => assert.deepEqual(tokenize(input), want));
}

test('identifierWords and stem on their own', () => {
  assert.deepEqual(identifierWords('parseJSONResponse'), ['parse', 'JSON', 'Response']);
  assert.deepEqual(identifierWords('__proto__'), ['proto']);
  assert.equal(stem('classes'), 'class');
  assert.equal(stem('status'), 'status');
  assert.equal(stem('analysis'), 'analysis');
  assert.equal(stem('map'), 'map');
});

test('question words meet code words: "subscribers" finds Subscriber, "scheduling" finds schedule()', () => {
  const meet = (q: string, code: string): boolean => tokenize(q).some((t) => tokenize(code).includes(t));
  assert.ok(meet('how are subscribers notified', 'class Subscriber<T>'));
  assert.ok(meet('scheduling work', 'schedule(work, delay)'));
  assert.ok(!meet('the of how', 'the of how'), 'stop words alone never match');
});

test('property: any text tokenizes quickly into lower-case, non-empty, bounded terms', () => {
  fc.assert(
    fc.property(documentArb(), (text) => {
      const terms = bounded('tokenize', () => tokenize(text));
      for (const t of terms) {
        assert.ok(t.length > 0 && t.length <= 64, JSON.stringify(t));
        assert.equal(t, t.toLowerCase());
      }
    }),
    { numRuns: RUNS },
  );
});

test('hostile: 1 MB of one identifier, of separators, of camel humps tokenize in linear time', () => {
  const MB = 1 << 20;
  for (const text of ['a'.repeat(MB), '-_$'.repeat(MB / 3), 'aB'.repeat(MB / 2), 'x1'.repeat(MB / 2), '. '.repeat(MB / 2)]) {
    bounded(`tokenize ${JSON.stringify(text.slice(0, 6))}…`, () => tokenize(text));
  }
});
