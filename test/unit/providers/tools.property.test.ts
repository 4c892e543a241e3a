/**
 * Property tests for the text walks added with tool calling: the token count's slicing of long runs (bounded time,
 * close to the tokenizer's exact count) and the tool-call collector (any split of any arguments, calls interleaved
 * by content block, comes back whole and in order).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encode } from 'gpt-tokenizer';
import '../props/seed';
import { ToolCallCollector } from '../../../src/core/providers/toolStream';
import { countTokens } from '../../../src/core/tokens';
import type { ToolCall } from '../../../src/core/toolCalls';
import { bounded, documentArb, piece, RUNS } from '../props/arbitraries';

/** Text with long runs without whitespace (minified code, base64, a runaway reply) among ordinary pieces. */
const runny: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: piece },
      { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 1, max: 400 })).map(([p, n]) => p.replace(/\s/g, '').repeat(n)) },
    ),
    { maxLength: 12 },
  )
  .map((p) => p.join(''));

test('countTokens: bounded time, and within a token or two per slice of the exact count', () => {
  fc.assert(
    fc.property(runny, (text) => {
      const n = bounded('countTokens', () => countTokens(text), 500);
      const exact = encode(text, { disallowedSpecial: new Set() }).length;
      const slices = (text.match(/\S{256,}/g) ?? []).reduce((k, run) => k + Math.ceil(run.length / 128), 0);
      assert.ok(Math.abs(n - exact) <= 2 * slices, `${n} vs exact ${exact} with ${slices} slices`);
    }),
    { numRuns: RUNS / 5 },
  );
});

test('countTokens of a megabyte without whitespace stays under two seconds of CPU (it took 32 s for 100 KB before)', () => {
  bounded('countTokens(1 MiB of x)', () => countTokens('x'.repeat(1 << 20)), 2000);
});

/** Each call's arguments split at arbitrary points (pieces may be empty). */
function split(args: string, cuts: number[]): string[] {
  const points = cuts.map((c) => c % (args.length + 1)).sort((a, b) => a - b);
  const bounds = [0, ...points, args.length];
  return bounds.slice(1).map((end, j) => args.slice(bounds[j], end));
}

const callsArb = fc.array(fc.tuple(documentArb(20), fc.array(fc.nat(), { maxLength: 8 })), { minLength: 1, maxLength: 6 });
/** Which call's next piece the server sends next (taken modulo the calls with pieces left). */
const schedule = fc.array(fc.nat(), { maxLength: 60 });

test('ToolCallCollector: pieces keyed by block, interleaved across calls, reassemble every call exactly and in order', () => {
  fc.assert(
    fc.property(callsArb, schedule, (calls, picks) => {
      const queues = calls.map(([args, cuts]) => split(args, cuts));
      const announced: ToolCall[] = [];
      const col = new ToolCallCollector({ vendor: 'Fake', endpoint: 'prop' }, (c) => announced.push(c));
      calls.forEach((_, k) => col.piece(k, { id: `id${k}`, name: `t${k}` }));
      for (let i = 0; ; i++) {
        const open = queues.map((q, k) => (q.length ? k : -1)).filter((k) => k >= 0);
        if (!open.length) break;
        const k = open[(picks[i % Math.max(1, picks.length)] ?? 0) % open.length];
        col.piece(k, { arguments: queues[k].shift() });
      }
      col.finishAll();
      const expected: ToolCall[] = calls.map(([args], k) => ({ id: `id${k}`, name: `t${k}`, arguments: args }));
      assert.deepEqual(col.calls(), expected);
      assert.deepEqual(announced, expected);
    }),
    { numRuns: RUNS },
  );
});
