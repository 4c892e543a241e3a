/**
 * The same behaviours, checked for every provider against its fake server through the real SDK:
 * streaming, exact usage, cancellation, error classes, retries, timeouts and estimates.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isModelNotFound, ProviderError, type ChatRequest, type Provider } from '../../../src/core/providers';
import { countTokens } from '../../../src/core/tokens';
import type { FakeServer } from '../../fakes';
import { KITS, TEST_KEY } from './kits';

const PROMPT = 'Explain what a monad is in one sentence.';

function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected a ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

for (const kit of KITS) {
  describe(`${kit.name} provider`, () => {
    let fake: FakeServer;
    let provider: Provider;
    const logs: string[] = [];
    const chat = (extra: Partial<ChatRequest> = {}) => provider.chat({ model: kit.model, messages: [{ role: 'user', content: PROMPT }], ...extra });

    before(async () => {
      fake = await kit.start();
      provider = kit.provider(fake, { log: { debug: (m) => logs.push(m), warn: (m) => logs.push(m) } });
    });
    after(() => fake.close());
    beforeEach(() => fake.reset());

    test('streams the reply in order, reassembling text split at odd byte boundaries', async () => {
      const text = 'Héllo — 世界 🎉, a monad is a burrito.';
      fake.script({ text, splitAtOddBytes: true });
      const deltas: string[] = [];
      const r = await chat({ onDelta: (d) => deltas.push(d), system: 'Be brief.' });
      assert.equal(r.text, text);
      assert.equal(deltas.join(''), text);
      assert.ok(deltas.length > 1, 'several deltas');
      assert.ok(r.firstTokenMs !== undefined && r.firstTokenMs <= r.totalMs);
      assert.ok(r.finishReason);
      const req = fake.requests[0];
      assert.equal(req.method, 'POST');
      const body = JSON.stringify(req.body);
      assert.ok(body.includes(PROMPT) && body.includes('Be brief.'), 'prompt and system sent');
      if (kit.name === 'openai') assert.deepEqual((req.body as { stream_options?: unknown }).stream_options, { include_usage: true });
      if (kit.name === 'bedrock') {
        assert.match(String(req.headers.authorization), /^AWS4-HMAC-SHA256 /);
        assert.equal(req.path, `/model/${encodeURIComponent(kit.model)}/converse-stream`);
      }
    });

    test('normalizes usage exactly, cache reads and writes included', async () => {
      const usage = {
        input: 1234,
        output: 321,
        cacheRead: 5000,
        cacheWrite5m: 700,
        cacheWrite1h: kit.name === 'openai' ? 0 : 90,
        reasoning: kit.name === 'bedrock' ? 0 : 111,
      };
      fake.script({ text: 'Cached answer.', usage });
      const r = await chat();
      assert.deepEqual(r.usage, usage);
      assert.equal(r.estimated, false);
    });

    test('cancelling mid-stream aborts the HTTP request and keeps the partial text with an estimate', async () => {
      fake.script({ chunks: Array.from({ length: 30 }, (_, i) => `word${i} `), chunkDelayMs: 30 });
      const ac = new AbortController();
      const closed = fake.nextClientClose();
      let seen = 0;
      const err = await failure(chat({ signal: ac.signal, onDelta: () => ++seen === 2 && ac.abort() }));
      assert.equal(err.kind, 'cancelled');
      assert.equal(err.partialText, 'word0 word1 ');
      assert.equal(err.estimated, true);
      assert.equal(err.usage?.output, countTokens('word0 word1 '));
      assert.ok((err.usage?.input ?? 0) > 0, 'input usage kept or estimated');
      const req = await withinMs(closed, 2000, 'the fake to see the client hang up');
      assert.equal(req.clientClosedEarly, true);
      assert.equal(fake.requests.length, 1, 'cancelled calls are not retried');
    });

    test('a rejected key is an auth error naming the endpoint, not retried', async () => {
      fake.script({ fault: '401' });
      const err = await failure(chat());
      assert.equal(err.kind, 'auth');
      assert.ok(err.status === 401 || err.status === 403);
      assert.match(err.message, new RegExp(`endpoint '${kit.endpoint(fake).name}'`));
      assert.match(err.message, kit.name === 'bedrock' ? /AWS/ : /Set API Key/);
      assert.equal(fake.requests.length, 1);
    });

    test('429 is retried after the Retry-After delay, then succeeds', async () => {
      fake.script({ fault: '429', retryAfterMs: 300 }, { text: 'after the wait' });
      const started = performance.now();
      const r = await chat();
      const elapsed = performance.now() - started;
      assert.equal(r.text, 'after the wait');
      assert.equal(fake.requests.length, 2);
      // AWS sends no Retry-After; there the backoff is the provider's own.
      if (kit.name !== 'bedrock') assert.ok(elapsed >= 300 && elapsed < 2000, `waited ${elapsed} ms`);
    });

    test('429 asking for longer than the cap fails at once as rateLimited', async () => {
      fake.script({ fault: '429', retryAfter: 120 }, { fault: '429', retryAfter: 120 }, { fault: '429', retryAfter: 120 });
      const err = await failure(chat());
      assert.equal(err.kind, 'rateLimited');
      if (kit.name !== 'bedrock') assert.equal(err.retryAfterMs, 120_000);
      assert.equal(fake.requests.length, kit.name === 'bedrock' ? 3 : 1);
    });

    test('5xx is unavailable after bounded retries', async () => {
      fake.script({ fault: '500' }, { fault: '503' }, { fault: '500' }, { text: 'never reached' });
      const err = await failure(chat());
      assert.equal(err.kind, 'unavailable');
      assert.equal(fake.requests.length, 3, 'one try plus two retries');
      assert.match(err.message, /unavailable/);
    });

    test('an overload before the first token is retried; after it, the partial reply is kept and not retried', async () => {
      fake.script({ fault: 'overloaded', faultAfterChunks: 0 }, { text: 'second try' });
      assert.equal((await chat()).text, 'second try');
      assert.equal(fake.requests.length, 2);
      fake.reset();
      fake.script({ text: 'one two three', fault: 'overloaded', faultAfterChunks: 1 }, { text: 'must not be asked' });
      const err = await failure(chat());
      assert.equal(err.kind, 'unavailable');
      assert.equal(err.partialText, 'one ');
      assert.equal(fake.requests.length, 1, 'no retry after the first delta');
    });

    test('a malformed chunk is a network error keeping the partial text', async () => {
      fake.script({ text: 'good then bad', fault: 'malformedChunk', faultAfterChunks: 1 });
      const err = await failure(chat());
      assert.equal(err.kind, 'network');
      assert.equal(err.partialText, 'good ');
      assert.equal(err.estimated, true);
      assert.equal(fake.requests.length, 1);
    });

    test('a connection reset mid-stream is a network error, not retried', async () => {
      fake.script({ text: 'alpha beta gamma', fault: 'resetMidStream', faultAfterChunks: 2 });
      const err = await failure(chat());
      assert.equal(err.kind, 'network');
      assert.equal(err.partialText, 'alpha beta ');
      assert.match(err.message, /mid-reply|cut short/);
      assert.equal(fake.requests.length, 1);
    });

    test('a stream without usage is estimated with the tokenizer', async () => {
      const text = 'An estimated reply of several tokens.';
      fake.script({ text, fault: 'noUsage' });
      const r = await chat();
      assert.equal(r.text, text);
      assert.equal(r.estimated, true);
      assert.equal(r.usage.output, countTokens(text));
      assert.equal(r.usage.input, countTokens(PROMPT));
    });

    test('an unknown model id is badRequest marked model-not-found, naming the model, not retried', async () => {
      fake.script({ fault: '404' }, { text: 'never reached' });
      const err = await failure(chat());
      assert.equal(err.kind, 'badRequest');
      assert.ok(isModelNotFound(err), err.message);
      assert.match(err.message, new RegExp(`does not know model '${kit.model.replace(/[.]/g, '\\.')}'.*gearshift\\.models`));
      assert.equal(fake.requests.length, 1);
    });

    test('other refusals are not model-not-found', async () => {
      for (const fault of ['400', '401', '429', '500', 'contextTooLong'] as const) {
        fake.reset();
        fake.script({ fault }, { fault }, { fault });
        const err = await failure(chat({ maxRetries: 0 }));
        assert.equal(isModelNotFound(err), false, `${fault}: ${err.message}`);
      }
    });

    test('the prompt being too long is contextTooLong', async () => {
      fake.script({ fault: 'contextTooLong' });
      const err = await failure(chat());
      assert.equal(err.kind, 'contextTooLong');
      assert.match(err.message, /too long/);
      assert.equal(fake.requests.length, 1);
    });

    test('first-token timeout aborts the request as a network timeout', async () => {
      fake.script({ text: 'slow', chunkDelayMs: 1500 });
      const closed = fake.nextClientClose();
      const err = await failure(chat({ timeouts: { firstTokenMs: 150 }, maxRetries: 0 }));
      assert.equal(err.kind, 'network');
      assert.equal(err.timeout, 'firstToken');
      assert.match(err.message, /150 ms/);
      await withinMs(closed, 2000, 'the socket to close');
    });

    test('idle timeout cuts a stalled stream and keeps what arrived', async () => {
      fake.script({ text: 'before the stall', fault: 'stallMidStream', faultAfterChunks: 2 });
      const closed = fake.nextClientClose();
      const err = await failure(chat({ timeouts: { idleMs: 200 } }));
      assert.equal(err.kind, 'network');
      assert.equal(err.timeout, 'idle');
      assert.equal(err.partialText, 'before the ');
      assert.equal(fake.requests.length, 1, 'no retry after the first delta');
      await withinMs(closed, 2000, 'the socket to close');
    });

    test('connect timeout (no headers) hangs up and is not retried: the next model in the chain answers sooner', async () => {
      fake.script({ fault: 'timeoutBeforeHeaders' }, { fault: 'timeoutBeforeHeaders' });
      const closed = fake.nextClientClose();
      const err = await failure(chat({ timeouts: { connectMs: 120 }, maxRetries: 1 }));
      assert.equal(err.kind, 'network');
      assert.equal(err.timeout, 'connect');
      assert.equal(err.usage, undefined, 'nothing billed before headers');
      assert.equal(fake.requests.length, 1);
      await withinMs(closed, 2000, 'the socket to close');
    });

    test('a network failure before any text is retried', async () => {
      fake.script({ text: 'x', fault: 'resetMidStream', faultAfterChunks: 0 }, { text: 'second try' });
      assert.equal((await chat()).text, 'second try');
      assert.equal(fake.requests.length, 2);
    });

    test('no key or secret reaches error text or logs', async () => {
      logs.length = 0;
      fake.script({ fault: '401' }, { fault: '429', retryAfter: 999 }, { fault: 'malformedChunk' });
      const once = { maxRetries: 0 };
      const messages = [(await failure(chat(once))).message, (await failure(chat(once))).message, (await failure(chat(once))).message];
      const secrets = [TEST_KEY, 'fake/secret/Key+for+SigV4+tests'];
      for (const text of [...messages, ...logs]) {
        for (const s of secrets) assert.ok(!text.includes(s), `secret leaked into: ${text}`);
      }
      assert.ok(logs.length >= 3, 'failures were logged');
    });
  });
}
