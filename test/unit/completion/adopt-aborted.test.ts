/**
 * Reusing an in-flight request when the next keystroke reaches the extension host late (a loaded machine): the
 * editor's cancellation of the previous call has already aborted the request, and its HTTP teardown is still running.
 * Such a request is not reused; the new position is asked for (once seen in the real VS Code: no ghost text at all).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { ProviderError } from '../../../src/core/providers/errors';
import type { CallResult } from '../../../src/core/types';
import { decision, FakeProvider, model } from './fakeProvider';
import { atCursor } from './helpers';

const doc = (marked: string) => ({ path: 'src/math.ts', languageId: 'typescript', ...atCursor(marked) });

test('a keystroke arriving after the previous request was aborted (but before it settled) asks again', async () => {
  const coder = model('coder');
  const p = new FakeProvider('local');
  const engine = new CompletionEngine({
    route: () => decision([coder]),
    provider: () => p,
    record: () => undefined,
    options: { debounceMs: 0, cancelGraceMs: 1 },
  });
  let aborted!: () => void;
  const wasAborted = new Promise<void>((r) => (aborted = r));
  let settle!: () => void;
  // The first request: aborted by the engine, but its rejection arrives only when the test says so.
  p.replies.push(
    (req) => new Promise<CallResult>((_, reject) => {
      req.signal?.addEventListener('abort', () => {
        aborted();
        settle = () => reject(new ProviderError({ kind: 'cancelled', message: 'cancelled' }));
      });
    }),
    ' + b;',
  );
  const c1 = new AbortController();
  const first = engine.complete({ document: doc('function add(a, b) {\n  return |\n}\n'), signal: c1.signal });
  await new Promise((r) => setImmediate(r));
  c1.abort(); // the editor cancels the first call as the next key arrives…
  await wasAborted; // …and the grace period ends before the next call reaches the engine.
  const second = engine.complete({ document: doc('function add(a, b) {\n  return a|\n}\n') });
  await new Promise((r) => setImmediate(r));
  settle();
  assert.equal(await first, undefined);
  assert.equal((await second)?.text, ' + b;', 'the new position gets a suggestion');
  assert.equal(p.calls.length, 2);
});
