/**
 * Hostile servers, for every provider through its real SDK: one that never answers, a stream that never ends,
 * a 200 MB stream event (SSE line / event-stream frame) and a 1 GiB error body. The call must end by its total
 * deadline (retries included), read no more than the caps allow, close the connection, say which endpoint and which
 * cap, and never stall the event loop while the server pushes bytes.
 */
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ProviderError, type ChatRequest, type Provider } from '../../../src/core/providers';
import type { FakeServer } from '../../fakes';
import { KITS } from './kits';

/** Slack for timers on a loaded 2-core machine; the bounds below are what a user would notice. */
const SLACK_MS = 700;
const STALL_LIMIT_MS = 250;
const MiB = 1 << 20;

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected a ProviderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `fn`, returning its settled value with the time it took and the longest event-loop stall meanwhile. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; stallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, stallMs: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

for (const kit of KITS) {
  describe(`${kit.name}: hostile servers`, () => {
    let fake: FakeServer;
    let provider: Provider;
    const chat = (extra: Partial<ChatRequest> = {}) => provider.chat({ model: kit.model, messages: [{ role: 'user', content: 'hi' }], ...extra });

    before(async () => {
      fake = await kit.start();
      provider = kit.provider(fake);
      // Load the SDK and the tokenizer (estimates of cut-short replies) before anything is timed.
      fake.script({ text: 'warm up' }, { text: 'warm up', fault: 'noUsage' });
      await chat();
      await chat();
    });
    after(() => fake.close());
    beforeEach(() => {
      fake.reset();
      fake.setDefault({});
    });

    test('a server that never answers ends at the total deadline, once, not once per retry', async () => {
      fake.setDefault({ fault: 'timeoutBeforeHeaders' });
      const { value: err, ms } = await measured(() => failure(chat({ timeouts: { connectMs: 10_000, totalMs: 400 } })));
      assert.equal(err.kind, 'network');
      assert.equal(err.timeout, 'total');
      assert.match(err.message, new RegExp(`endpoint '${kit.endpoint(fake).name}'.*400 ms \\(total timeout\\)`));
      assert.ok(ms >= 390 && ms < 400 + SLACK_MS, `ended after ${Math.round(ms)} ms`);
      assert.equal(fake.requests.length, 1);
      await until('the client to hang up', () => fake.closedSockets >= 1);
    });

    test('a connect timeout is not retried: the wait is the limit the message names (was 3 × 10 s = 32 s)', async () => {
      fake.setDefault({ fault: 'timeoutBeforeHeaders' });
      const { value: err, ms } = await measured(() => failure(chat({ timeouts: { connectMs: 300 } })));
      assert.equal(err.timeout, 'connect');
      assert.match(err.message, /300 ms/);
      assert.ok(ms >= 290 && ms < 300 + SLACK_MS, `ended after ${Math.round(ms)} ms`);
      assert.equal(fake.requests.length, 1, 'default retries are on, yet one request');
    });

    test('retries stop at the deadline: no wait or attempt runs past it', async () => {
      fake.setDefault({ fault: '503', latencyMs: 150 });
      const { value: err, ms } = await measured(() => failure(chat({ timeouts: { totalMs: 400 }, maxRetries: 10 })));
      assert.ok(err.kind === 'unavailable' || err.timeout === 'total', `${err.kind}: ${err.message}`);
      assert.ok(ms < 400 + SLACK_MS, `ended after ${Math.round(ms)} ms`);
      assert.ok(fake.requests.length >= 1 && fake.requests.length <= 3, `${fake.requests.length} requests in 400 ms`);
    });

    test('a stream that never ends is cut at the total deadline, keeping the text that arrived', async () => {
      fake.script({ text: 'more and more ', fault: 'endlessStream', chunkDelayMs: 5 });
      const closed = fake.nextClientClose();
      const { value: err, ms } = await measured(() => failure(chat({ timeouts: { totalMs: 500, idleMs: 10_000, firstTokenMs: 10_000 } })));
      assert.equal(err.kind, 'network');
      assert.equal(err.timeout, 'total');
      assert.match(err.message, /500 ms \(total timeout\) and was cut short/);
      assert.ok(err.partialText && err.partialText.startsWith('more and more '), 'the text so far is kept');
      assert.equal(err.estimated, true);
      assert.ok(ms >= 490 && ms < 500 + SLACK_MS, `ended after ${Math.round(ms)} ms`);
      await closed;
    });

    test('a 200 MB stream event is refused at the 512 KiB cap: connection closed, no event-loop stall', async () => {
      fake.script({ text: 'start ', fault: 'hugeEvent', faultAfterChunks: 1, hugeBytes: 200_000_000 });
      const closed = fake.nextClientClose();
      const { value: err, ms, stallMs } = await measured(() => failure(chat({ maxRetries: 0 })));
      assert.equal(err.kind, 'network');
      assert.match(err.message, new RegExp(`endpoint '${kit.endpoint(fake).name}' sent a stream event .*larger than the 512 KiB cap`));
      assert.equal(err.partialText, 'start ');
      const req = await closed;
      assert.ok(req.bytesSent < 16 * MiB, `the fake got to send ${req.bytesSent} bytes`);
      assert.ok(stallMs < STALL_LIMIT_MS, `longest event-loop stall ${Math.round(stallMs)} ms`);
      assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
    });

    test('a 1 GiB error body is read to the 256 KiB cap only, and the status still classifies it', async () => {
      fake.script({ fault: 'hugeErrorBody' });
      const closed = fake.nextClientClose();
      const { value: err, ms, stallMs } = await measured(() => failure(chat({ maxRetries: 0 })));
      assert.equal(err.kind, 'unavailable');
      assert.equal(err.status, 500);
      assert.match(err.message, new RegExp(`endpoint '${kit.endpoint(fake).name}'.*error body was larger than the 256 KiB cap`));
      const req = await closed;
      assert.ok(req.bytesSent < 16 * MiB, `the fake got to send ${req.bytesSent} bytes`);
      assert.ok(stallMs < STALL_LIMIT_MS, `longest event-loop stall ${Math.round(stallMs)} ms`);
      assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
    });

    test('caps are settable per provider: a 4 KiB event cap refuses a 64 KiB event', async () => {
      const strict = kit.provider(fake, { limits: { maxEventBytes: 4096 } });
      fake.script({ text: 'x ', fault: 'hugeEvent', hugeBytes: 64 << 10 });
      const err = await failure(strict.chat({ model: kit.model, messages: [{ role: 'user', content: 'hi' }], maxRetries: 0 }));
      assert.match(err.message, /larger than the 4 KiB cap/);
      fake.script({ text: 'normal events pass under a small cap' });
      assert.equal((await strict.chat({ model: kit.model, messages: [{ role: 'user', content: 'hi' }] })).text, 'normal events pass under a small cap');
    });
  });
}
