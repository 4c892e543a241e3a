/**
 * Hostile inputs for redaction: text built to make a backtracking rule rescan the same characters from many
 * starts. Each corpus sample is cut at several lengths and repeated (with and without separators), followed
 * by long runs of what its rule would take; plus long blank runs after every rule's keyword and `a=` × N.
 * Shared by the unit test (bounded time per input) and the bench (time per input).
 */
import { SECRETS } from './secretCorpus';

export interface Hostile {
  name: string;
  text: string;
}

/** `unit` repeated to about `size` characters. */
function fillTo(unit: string, size: number): string {
  return unit.length ? unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, size) : '';
}

const KEYWORDS = [
  'Authorization:',
  'Authorization: Bearer',
  'authorization = "Basic',
  'password',
  'password=',
  'password: "',
  "api_key='",
  'secret',
  'token:',
  'Private-Lines: 1\n',
];

/** Hostile inputs: the generic ones of about `size` characters, those cut from corpus samples of `sampleSize`. */
export function* hostileInputs(size: number, sampleSize = size): Generator<Hostile> {
  for (const k of KEYWORDS) {
    yield { name: `${JSON.stringify(k)} + spaces`, text: k + ' '.repeat(size) };
    yield { name: `${JSON.stringify(k)} + tabs and spaces`, text: k + fillTo(' \t', size) };
    yield { name: `${JSON.stringify(k)} repeated`, text: fillTo(k, size) };
  }
  for (const unit of [
    'a=',
    'a:',
    'a.',
    'eyJ-',
    'eyJa.',
    '://a.',
    'a://',
    '-----BEGIN ',
    '-----END ',
    'x@',
    ':',
    '@',
    '/',
    '"',
    "'",
    '=',
    ' ',
    'A',
  ])
    yield { name: `${JSON.stringify(unit)} × N`, text: fillTo(unit, size) };
  yield { name: 'one url, then a.a.a.…', text: `://x ${fillTo('a.', size)}` };
  yield { name: 'unclosed quote then keywords', text: `x = "${fillTo("password: 'a ", size)}` };
  const seen = new Set<string>();
  for (const [format, sample] of SECRETS) {
    const cuts = [3, 10, Math.floor(sample.length / 2), sample.length - 1].filter((n) => n > 0 && n <= sample.length);
    for (const n of cuts) {
      const head = sample.slice(0, n);
      if (seen.has(head)) continue;
      seen.add(head);
      yield { name: `${format}: first ${n} characters repeated`, text: fillTo(head, sampleSize) };
      yield { name: `${format}: first ${n} characters repeated, spaced`, text: fillTo(`${head} `, sampleSize) };
    }
    const last = sample[sample.length - 1];
    yield { name: `${format}: then its last character × N`, text: sample + fillTo(last, sampleSize) };
    yield { name: `${format}: then spaces`, text: sample.slice(0, Math.ceil(sample.length / 2)) + ' '.repeat(sampleSize) };
  }
}
