/** The one chain walk (chat, completion, agent steps): when it moves to the next model, and what it reports. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { walkChain, type FailedCall } from '../../../src/core/gateway/chain';
import { fallsBack, type OutcomeKind } from '../../../src/core/gateway/outcome';
import { ProviderError, type ErrorKind } from '../../../src/core/providers/errors';
import { HealthTracker } from '../../../src/core/router/health';
import { decision, FakeProvider, model } from '../completion/fakeProvider';

const RULE: [OutcomeKind, boolean, boolean][] = [
  // kind, reply already started, falls back
  ['auth', false, true],
  ['rateLimited', false, true],
  ['unavailable', false, true],
  ['network', false, true],
  ['contextTooLong', false, true],
  ['unknownEndpoint', false, true],
  ['badRequest', false, false],
  ['cancelled', false, false],
  ['blocked', false, false],
  ['internal', false, false],
  ['noModel', false, false],
  ['rateLimited', true, false],
  ['network', true, false],
  ['unavailable', true, false],
];

for (const [kind, started, expected] of RULE) {
  test(`fallback rule: ${kind}${started ? ' after the reply started' : ''} → ${expected ? 'next model' : 'stop'}`, () => {
    assert.equal(fallsBack(kind, started), expected);
  });
}

function walk(replies: Record<string, (ProviderError | string)[]>, opts: { shown?: boolean; abort?: AbortController } = {}) {
  const chain = Object.keys(replies).map((n) => model(n, { endpoint: n }));
  const providers = new Map(chain.map((m) => {
    const p = new FakeProvider(m.endpoint);
    p.replies.push(...replies[m.name]);
    return [m.endpoint, p] as const;
  }));
  const failures: FailedCall[] = [];
  const deltas: string[] = [];
  let clock = 0;
  const done = walkChain({
    decision: decision(chain),
    provider: (name) => providers.get(name),
    call: async (t) => {
      const p = t.provider as FakeProvider;
      const next = p.replies[0];
      if (opts.shown && next instanceof ProviderError) t.onDelta('partial ');
      return p.chat({ model: t.model.model, messages: [], onDelta: t.onDelta, signal: opts.abort?.signal });
    },
    onFailure: (f) => failures.push(f),
    onDelta: (d) => deltas.push(d),
    signal: opts.abort?.signal,
    health: new HealthTracker(),
    now: () => (clock += 10),
  });
  return { done, failures, deltas, providers };
}

const err = (kind: ErrorKind) => new ProviderError({ kind, message: `the endpoint said ${kind}` });

test('a rate-limited first model hands the request to the second; both calls are reported, the answer is unrecorded', async () => {
  const { done, failures } = walk({ first: [err('rateLimited')], second: ['hello'] });
  const { outcome, latencyMs } = await done;
  assert.equal(outcome.modelName, 'second');
  assert.equal(outcome.result?.text, 'hello');
  assert.equal(outcome.error, undefined);
  assert.equal(latencyMs, 10);
  assert.equal(failures.length, 1, 'only the failure is handed back to record; the caller records the answer');
  assert.equal(failures[0].outcome.error.kind, 'rateLimited');
  assert.deepEqual(outcome.fallbacks, ['first rate-limited → second']);
});

test('a bad request stops the walk: the next model is not asked', async () => {
  const { done, providers } = walk({ first: [err('badRequest')], second: ['never'] });
  const { outcome } = await done;
  assert.equal(outcome.error?.kind, 'badRequest');
  assert.equal(providers.get('second')!.calls.length, 0);
});

test('no fallback once the reply reached the user: the partial text stays the answer of record', async () => {
  const { done, providers, deltas } = walk({ first: [err('network')], second: ['never'] }, { shown: true });
  const { outcome } = await done;
  assert.equal(outcome.error?.kind, 'network');
  assert.deepEqual(deltas, ['partial ']);
  assert.equal(providers.get('second')!.calls.length, 0);
});

test('the user’s cancel never falls back', async () => {
  const abort = new AbortController();
  abort.abort();
  const { done, providers } = walk({ first: [err('cancelled')], second: ['never'] }, { abort });
  assert.equal((await done).outcome.error?.kind, 'cancelled');
  assert.equal(providers.get('second')!.calls.length, 0);
});

test('a model on an unconfigured endpoint is skipped with a note; the last one failing ends the walk with its error', async () => {
  const chain = [model('ghost', { endpoint: 'nowhere' }), model('real', { endpoint: 'real' })];
  const p = new FakeProvider('real');
  p.replies.push(err('unavailable'));
  const failures: FailedCall[] = [];
  const { outcome } = await walkChain({
    decision: decision(chain),
    provider: (name) => (name === 'real' ? p : undefined),
    call: (t) => t.provider.chat({ model: t.model.model, messages: [] }),
    onFailure: (f) => failures.push(f),
    health: new HealthTracker(),
    now: () => 0,
  });
  assert.deepEqual(outcome.fallbacks, ['ghost: unknown endpoint → real']);
  assert.equal(outcome.error?.kind, 'unavailable');
  assert.equal(outcome.modelName, 'real');
  assert.equal(failures.length, 1);
});

test('an empty chain ends with a typed noModel outcome, not an exception', async () => {
  const { outcome } = await walkChain({
    decision: decision([]),
    provider: () => undefined,
    call: () => Promise.reject(new Error('not called')),
    onFailure: () => assert.fail('nothing to report'),
    health: new HealthTracker(),
    now: () => 0,
  });
  assert.equal(outcome.error?.kind, 'noModel');
  assert.match(outcome.error?.message ?? '', /gearshift\.tiers\.cheap/);
});

test('an exception that is not a provider error is reported as internal, with its message', async () => {
  const { outcome } = await walkChain({
    decision: decision([model('buggy')]),
    provider: () => new FakeProvider(),
    call: () => Promise.reject(new TypeError('x is undefined')),
    onFailure: () => undefined,
    health: new HealthTracker(),
    now: () => 0,
  });
  assert.equal(outcome.error?.kind, 'internal');
  assert.match(outcome.error?.message ?? '', /x is undefined/);
});
