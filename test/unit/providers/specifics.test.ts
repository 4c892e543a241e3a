/** Behaviour particular to one provider: FIM, provider-reported cost, prompt-router model ids, key handling. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createProvider, envKeyLookup, ProviderError } from '../../../src/core/providers';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeOpenAI, type FakeServer } from '../../fakes';
import { TEST_KEY } from './kits';

const key = async () => TEST_KEY;
const hello = [{ role: 'user' as const, content: 'hello' }];

describe('OpenAI-compatible specifics', () => {
  let fake: FakeOpenAI;
  before(async () => (fake = await startFakeOpenAI()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  const provider = () => createProvider({ name: 'local', kind: 'openai', baseUrl: `${fake.url}/v1` }, key, { retryBaseMs: 5 });

  test('FIM completion sends prompt and suffix to /v1/completions and streams the middle', async () => {
    fake.script({ chunks: ['return ', 'a + b;'], usage: { input: 40, output: 4, cacheRead: 8 } });
    const deltas: string[] = [];
    const r = await provider().complete({
      model: 'qwen-fake-coder',
      prompt: 'function add(a, b) {\n  ',
      suffix: '\n}\n',
      maxTokens: 64,
      stop: ['\n\n'],
      onDelta: (d) => deltas.push(d),
    });
    assert.equal(r.text, 'return a + b;');
    assert.deepEqual(deltas, ['return ', 'a + b;']);
    assert.deepEqual(r.usage, { input: 40, output: 4, cacheRead: 8, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 });
    const req = fake.requests[0];
    assert.equal(req.path, '/v1/completions');
    const body = req.body as Record<string, unknown>;
    assert.equal(body.prompt, 'function add(a, b) {\n  ');
    assert.equal(body.suffix, '\n}\n');
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 64);
    assert.deepEqual(body.stop, ['\n\n']);
  });

  test('raw FIM prompts are sent without a suffix field', async () => {
    fake.script({ text: 'x' });
    await provider().complete({ model: 'qwen-fake-coder', prompt: '<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>', suffix: 'b', raw: true });
    assert.equal((fake.requests[0].body as Record<string, unknown>).suffix, undefined);
  });

  test('OpenRouter usage.cost becomes providerCostUsd', async () => {
    fake.script({ text: 'priced', cost: 0.00123 });
    assert.equal((await provider().chat({ model: 'm', messages: hello })).providerCostUsd, 0.00123);
  });

  test('LiteLLM x-litellm-response-cost header becomes providerCostUsd', async () => {
    fake.script({ text: 'priced', costHeader: 0.0042 });
    assert.equal((await provider().chat({ model: 'm', messages: hello })).providerCostUsd, 0.0042);
  });

  test('servers that need no key answer without one, and never get OPENAI_API_KEY from the environment', async () => {
    fake.script({ text: 'local' });
    const saved = process.env.OPENAI_API_KEY;
    // The SDK falls back to this variable when given no key: a local server must not receive the user's OpenAI key.
    process.env.OPENAI_API_KEY = 'sk-env-MUST-NOT-LEAVE-0123456789';
    try {
      const p = createProvider(
        { name: 'ollama', kind: 'openai', baseUrl: `${fake.url}/v1`, requiresKey: false, local: true },
        async () => undefined,
      );
      assert.equal((await p.chat({ model: 'm', messages: hello })).text, 'local');
      assert.equal(fake.requests[0].headers.authorization, 'Bearer gearshift-no-key');
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  test('a missing key fails before any request with the fix in the message', async () => {
    const p = createProvider({ name: 'openai', kind: 'openai', baseUrl: `${fake.url}/v1` }, async () => undefined);
    const err = await p.chat({ model: 'm', messages: hello }).catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'auth');
    assert.match(err.message, /No API key is set for endpoint 'openai'.*Set API Key.*OPENAI_API_KEY/);
    assert.equal(fake.requests.length, 0);
  });

  test('an unknown model is badRequest naming the model', async () => {
    fake.script({ fault: '404' });
    const err = await provider()
      .chat({ model: 'nope-model', messages: hello })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'badRequest');
    assert.match(err.message, /'nope-model'/);
  });

  test('listModels reads GET /v1/models', async () => {
    fake.setModels(['a', 'b']);
    assert.deepEqual(await provider().listModels?.(), ['a', 'b']);
  });

  test('an unreachable server is a network error naming the endpoint and the URL', async () => {
    const closed = await startFakeOpenAI();
    const url = `${closed.url}/v1`;
    await closed.close();
    const p = createProvider({ name: 'gone', kind: 'openai', baseUrl: url }, key, { maxRetries: 0 });
    const err = await p.chat({ model: 'm', messages: hello }).catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'network');
    assert.ok(err.message.includes(`endpoint 'gone' (${url})`), err.message);
    assert.match(err.message, /connection refused/);
  });

  // Some OpenAI-compatible servers send no finish_reason at all: `data: [DONE]` alone says the reply is complete.
  const ends = [
    { name: 'no finish_reason, ends with [DONE]', script: { omitFinishReason: true }, complete: true },
    {
      name: 'no finish_reason, [DONE] split across odd-sized writes',
      script: { omitFinishReason: true, splitAtOddBytes: true },
      complete: true,
    },
    { name: 'finish_reason, no [DONE]', script: { omitDone: true }, complete: true },
    { name: 'neither finish_reason nor [DONE] (cut short)', script: { omitFinishReason: true, omitDone: true }, complete: false },
  ];
  for (const endpoint of ['completions', 'chat'] as const) {
    for (const c of ends) {
      test(`${endpoint} stream with ${c.name} is ${c.complete ? 'complete' : 'broken mid-reply'}`, async () => {
        fake.script({ chunks: ['return ', 'a + b;'], ...c.script });
        const p = createProvider({ name: 'local', kind: 'openai', baseUrl: `${fake.url}/v1` }, key, { maxRetries: 0 });
        const call =
          endpoint === 'chat'
            ? p.chat({ model: 'm', messages: hello })
            : p.complete({ model: 'qwen-fake-coder', prompt: 'function add(a, b) {\n  ', suffix: '\n}\n' });
        const r = await call.catch((e: unknown) => e);
        if (c.complete) {
          assert.ok(!(r instanceof Error), String(r));
          assert.equal((r as { text: string }).text, 'return a + b;');
        } else {
          assert.ok(r instanceof ProviderError, String(r));
          assert.equal(r.kind, 'network');
          assert.match(r.message, /broke mid-reply: the stream ended before the reply was complete/);
          assert.equal(r.partialText, 'return a + b;');
        }
      });
    }
  }

  test('an already-aborted signal is cancelled without retry', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await provider()
      .chat({ model: 'm', messages: hello, signal: ac.signal })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'cancelled');
    assert.equal(fake.requests.length, 0, 'nothing sent, nothing retried');
  });
});

describe('Anthropic specifics', () => {
  let fake: FakeServer;
  before(async () => (fake = await startFakeAnthropic()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  const provider = () => createProvider({ name: 'anthropic', kind: 'anthropic', baseUrl: fake.url }, key);

  test('cache writes without the TTL breakdown count as 5-minute writes', async () => {
    fake.script({ text: 'ok', usage: { input: 10, output: 3, cacheRead: 0, cacheWrite5m: 400 }, omitCacheBreakdown: true });
    const r = await provider().chat({ model: 'claude-fake', messages: hello });
    assert.deepEqual(r.usage, { input: 10, output: 3, cacheRead: 0, cacheWrite5m: 400, cacheWrite1h: 0, reasoning: 0 });
  });

  test('system prompt and system-role messages go in the system field', async () => {
    fake.script({ text: 'ok' });
    await provider().chat({
      model: 'claude-fake',
      system: 'Be terse.',
      messages: [{ role: 'system', content: 'Use TypeScript.' }, ...hello],
      maxTokens: 100,
      stop: ['END'],
    });
    const body = fake.requests[0].body as Record<string, unknown>;
    assert.equal(body.system, 'Be terse.\n\nUse TypeScript.');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'hello' }]);
    assert.equal(body.max_tokens, 100);
    assert.deepEqual(body.stop_sequences, ['END']);
  });

  test('an HTTP 529 overloaded_error is unavailable', async () => {
    fake.script({ fault: 'overloaded', faultAfterChunks: -1 });
    const err = await provider()
      .chat({ model: 'claude-fake', messages: hello, maxRetries: 0 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'unavailable');
    assert.equal(err.status, 529);
  });

  test("a deprecated model's SDK console notice goes to the debug log, never to the console or stderr", async () => {
    const debug: string[] = [];
    const p = createProvider({ name: 'anthropic', kind: 'anthropic', baseUrl: fake.url }, key, {
      log: { debug: (m) => debug.push(m), warn: (m) => debug.push(m) },
    });
    const warned: unknown[][] = [];
    const stderr: string[] = [];
    const originalWarn = console.warn;
    const originalWrite = process.stderr.write;
    const spy = (...args: unknown[]) => void warned.push(args);
    console.warn = spy;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      fake.script({ text: 'still answering' }, { text: 'again' });
      assert.equal((await p.chat({ model: 'claude-sonnet-4-5', messages: hello })).text, 'still answering');
      assert.equal((await p.chat({ model: 'claude-sonnet-4-5-20250929', messages: hello })).text, 'again');
      assert.equal(console.warn, spy, 'console.warn is restored after the call');
    } finally {
      console.warn = originalWarn;
      process.stderr.write = originalWrite;
    }
    assert.deepEqual(warned, []);
    assert.ok(!stderr.join('').includes('deprecated'), stderr.join(''));
    assert.ok(
      debug.some((m) =>
        /^Anthropic SDK: The model 'claude-sonnet-4-5' is deprecated and will reach end-of-life on November 30th, 2026/.test(m),
      ),
      debug.join('\n'),
    );
  });

  test('complete() is a badRequest: no native FIM', async () => {
    const p = provider();
    assert.equal(p.supportsFim, false);
    const err = await p.complete({ model: 'claude-fake', prompt: 'a' }).catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError && err.kind === 'badRequest');
  });
});

describe('Bedrock specifics', () => {
  let fake: FakeServer;
  before(async () => (fake = await startFakeBedrock()));
  after(() => fake.close());
  beforeEach(() => fake.reset());
  const provider = () =>
    createProvider({ name: 'bedrock', kind: 'bedrock', baseUrl: fake.url, region: 'eu-west-1' }, key, {
      awsCredentials: FAKE_AWS_CREDENTIALS,
    });

  test('the prompt router reports the model that answered', async () => {
    fake.script({ text: 'routed', invokedModelId: 'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-fake-haiku' });
    const r = await provider().chat({ model: 'arn:aws:bedrock:eu-west-1:123:default-prompt-router/anthropic.claude:1', messages: hello });
    assert.equal(r.invokedModel, 'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-fake-haiku');
  });

  test('requests are SigV4-signed for the endpoint region and never carry the secret', async () => {
    fake.script({ text: 'ok' });
    await provider().chat({ model: 'm', messages: hello, system: 'sys', maxTokens: 50, temperature: 0.2 });
    const req = fake.requests[0];
    assert.match(
      String(req.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE0001\/\d{8}\/eu-west-1\/bedrock\/aws4_request/,
    );
    assert.ok(!JSON.stringify(req.headers).includes(FAKE_AWS_CREDENTIALS.secretAccessKey));
    assert.deepEqual(req.body, {
      messages: [{ role: 'user', content: [{ text: 'hello' }] }],
      system: [{ text: 'sys' }],
      inferenceConfig: { maxTokens: 50, temperature: 0.2 },
    });
  });

  test("the AWS SDK's Node-version notice is switched off through its own variable, so it never reaches stderr", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      fake.script({ text: 'ok' });
      await createProvider({ name: 'fresh', kind: 'bedrock', baseUrl: fake.url, region: 'us-west-2' }, key, {
        awsCredentials: FAKE_AWS_CREDENTIALS,
      }).chat({ model: 'm', messages: hello });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    assert.equal(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, 'true');
    assert.deepEqual(
      warnings.filter((w) => /NodeVersionSupport/.test(w)),
      [],
    );
  });

  test('ThrottlingException is rateLimited, ServiceUnavailableException unavailable', async () => {
    fake.script({ fault: '429' }, { fault: '503' });
    const a = await provider()
      .chat({ model: 'm', messages: hello, maxRetries: 0 })
      .catch((e: unknown) => e);
    const b = await provider()
      .chat({ model: 'm', messages: hello, maxRetries: 0 })
      .catch((e: unknown) => e);
    assert.ok(a instanceof ProviderError && a.kind === 'rateLimited');
    assert.ok(b instanceof ProviderError && b.kind === 'unavailable');
  });
});

test('envKeyLookup reads the well-known variables and GEARSHIFT_<NAME>_API_KEY', async () => {
  const lookup = envKeyLookup({ OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: ' sk-a ', GEARSHIFT_MY_ROUTER_API_KEY: 'sk-r' });
  assert.equal(await lookup('openai'), 'sk-o');
  assert.equal(await lookup('anthropic'), 'sk-a');
  assert.equal(await lookup('my-router'), 'sk-r');
  assert.equal(await lookup('ollama'), undefined);
});
