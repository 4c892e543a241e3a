/**
 * Shared fast-check arbitraries and a time bound for the property tests of the core's text-walking loops:
 * documents made of awkward pieces (blank lines, CRLF, lone \r, tabs, brackets, quotes, unicode, surrogate
 * pairs and lone halves, secret-looking tokens) and offsets anywhere, out of range included.
 */
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';

/** One call may take this long at most; a hang or a quadratic walk over these inputs blows far past it. */
export const CALL_LIMIT_MS = 2000;

/** Runs per property: enough to hit the odd corners (first line blank, cursor at 0, at the end, beyond). */
export const RUNS = 500;

/**
 * Milliseconds of CPU this process spent while `fn` ran (user + system). CPU time, not wall time: on a loaded
 * machine (other suites, a CPU hog) wall time stretches many-fold while the work done, the thing bounded, does not.
 */
export function cpuMs<T>(fn: () => T): { out: T; ms: number } {
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  return { out, ms: (c.user + c.system) / 1000 };
}

/** Runs `fn`, fails when it used more than `limitMs` of CPU, returns its result. */
export function bounded<T>(what: string, fn: () => T, limitMs = CALL_LIMIT_MS): T {
  const { out, ms } = cpuMs(fn);
  if (ms > limitMs) throw new Error(`${what} took ${ms.toFixed(0)} ms of CPU (limit ${limitMs} ms)`);
  return out;
}

const PIECES = [
  '',
  '\n',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  '\t',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  '`',
  '//',
  '\\',
  ':',
  '=>',
  'é',
  'ß',
  '中文',
  'שלום',
  '😀',
  '👩‍💻',
  '\ud83d',
  '\ude00',
  '\u2028',
  '\u0000',
  'const x = 1;',
  'if (ready) {',
  '  return value',
  'def f(x):',
  'fetchUser(id)',
  'AKIAIOSFODNN7EXAMPLE',
  'password = "hunter2!"',
  '-----BEGIN RSA PRIVATE KEY-----',
  '<|endoftext|>',
];

/** A small awkward piece of text. */
export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);

/** A document: up to `maxPieces` pieces joined (often many lines, sometimes one long line, sometimes empty). */
export function documentArb(maxPieces = 80): fc.Arbitrary<string> {
  return fc.array(piece, { maxLength: maxPieces }).map((p) => p.join(''));
}

/** Any offset: mostly inside the text, often at its ends, sometimes out of range or not a whole number. */
export function offsetIn(text: string): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: text.length }) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, text.length, text.length - 1) },
    { weight: 1, arbitrary: fc.integer({ min: -10, max: text.length + 10 }) },
    { weight: 1, arbitrary: fc.constantFrom(-1, NaN, Infinity, -Infinity, 1e12, 2.5) },
  );
}

/** A document and an offset into it. */
export const docAndOffset: fc.Arbitrary<{ text: string; offset: number }> = documentArb().chain((text) =>
  offsetIn(text).map((offset) => ({ text, offset })),
);

/** A character budget: small ones (the cut paths), large ones, and nonsense. */
export const budgetChars: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5000 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, NaN, Infinity) },
);

export const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
/** True when a cut at `i` would split a surrogate pair. */
export const splitsPair = (text: string, i: number): boolean =>
  i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));

/**
 * Calls `module`'s export `fn` with `args` in a worker thread and resolves with its result, or rejects when it has
 * not returned by the deadline (the worker is then terminated): a loop that never ends fails the test instead of
 * hanging the run. `module` is an absolute path to a compiled module.
 */
export function returnsWithin(limitMs: number, module: string, fn: string, args: unknown[]): Promise<unknown> {
  const code = `const { parentPort, workerData: w } = require('node:worker_threads');
    parentPort.postMessage(require(w.module)[w.fn](...w.args));`;
  const worker = new Worker(code, { eval: true, workerData: { module, fn, args } });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${fn}(${args.map((a) => JSON.stringify(a)).join(', ')}) did not return within ${limitMs} ms`));
    }, limitMs);
    worker.once('message', (v) => {
      clearTimeout(deadline);
      void worker.terminate();
      resolve(v);
    });
    worker.once('error', (e) => {
      clearTimeout(deadline);
      reject(e);
    });
  });
}
