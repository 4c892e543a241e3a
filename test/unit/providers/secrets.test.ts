/**
 * Keys never reach an error or a log line, in whatever form a server echoes them; credentials in base URLs neither;
 * and a key about to travel over plain http:// to another machine is warned about.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { createProvider, ProviderError } from '../../../src/core/providers';
import { isLoopbackHost, plainHttpKeyWarning } from '../../../src/core/providers/plainHttp';
import { redactUrl, scrubSecrets, urlSecrets } from '../../../src/core/providers/scrub';
import type { EndpointConfig } from '../../../src/core/types';
import { startFakeAnthropic, startFakeOpenAI, type FakeServer } from '../../fakes';
import { KITS, TEST_KEY } from './kits';

const KEY = 'sk-proj-Abc/def+GHI=jkl_0123456789';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

test('scrubSecrets removes a key however it is echoed', () => {
  const cases: [string, string][] = [
    ['plain', `bad key ${KEY}.`],
    ['URL-encoded', `bad key ${encodeURIComponent(KEY)}.`],
    ['URL-encoded, lower-case hex', `bad key ${encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}.`],
    ['JSON-escaped slashes', `{"key":"${KEY.replace(/\//g, '\\/')}"}`],
    ['base64', `token ${b64(KEY)} rejected`],
    ['base64url', `token ${b64url(KEY)} rejected`],
    ['base64 without padding', `token ${b64(KEY).replace(/=+$/, '')} rejected`],
    ['Basic user:key', `Authorisation was Basic ${b64(`apikey:${KEY}`)} (wrong)`],
    ['Basic key:', `got ${b64(`${KEY}:`)} instead`],
    ['base64 of a JSON blob holding it', `ctx=${b64(JSON.stringify({ user: 'me', key: KEY, n: 1 }))};`],
  ];
  for (const [what, text] of cases) {
    const out = scrubSecrets(text, [KEY]);
    assert.ok(out.includes('[redacted]'), `${what}: nothing scrubbed in ${out}`);
    for (const form of [KEY, encodeURIComponent(KEY), b64(KEY).slice(4, -4), b64url(KEY).slice(4, -4)]) {
      assert.ok(!out.includes(form), `${what}: ${form} survives in ${out}`);
    }
  }
});

test('scrubSecrets leaves ordinary text alone', () => {
  const text = "Model 'gpt-5.6-sol' on endpoint 'openai' (https://api.openai.com/v1) answered 404: aGVsbG8gd29ybGQ= is base64.";
  assert.equal(scrubSecrets(text, [KEY, undefined, 'ab']), text);
});

test('property: a key inside any base64 (or base64url) text is scrubbed whatever its offset', () => {
  const keyArb = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/+=.'),
    minLength: 8,
    maxLength: 60,
  });
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), keyArb, fc.string({ maxLength: 12 }), fc.boolean(), (pre, key, post, url) => {
      const encoded = (url ? b64url : b64)(pre + key + post);
      const out = scrubSecrets(`auth ${encoded} end`, [key]);
      return out === 'auth [redacted] end';
    }),
    { numRuns: 500 },
  );
});

test('scrubSecrets is linear on hostile 1 MB inputs', () => {
  const core = b64(KEY).slice(4, 24);
  const inputs = [
    `Authorization:${' '.repeat(1_000_000)}`,
    `${core} `.repeat(50_000),
    `${'A'.repeat(999_000)}${core}`,
    'a://'.repeat(250_000),
    `https://${'u'.repeat(1_000_000)}`,
  ];
  for (const text of inputs) {
    const started = performance.now();
    scrubSecrets(text, [KEY, TEST_KEY]);
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `${text.slice(0, 20)}…: ${Math.round(ms)} ms`);
  }
});

test('credentials in URLs are scrubbed and redacted, passwords with @ or / included', () => {
  const cases: [string, string][] = [
    ['https://user:s3cret-pass@proxy.example.com/v1', 'https://[redacted]@proxy.example.com/v1'],
    ['http://:tok%2Fen@10.0.0.5:8000/v1', 'http://[redacted]@10.0.0.5:8000/v1'],
    ['https://me:p@ss@host.example/v1', 'https://[redacted]@host.example/v1'],
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
  ];
  for (const [url, safe] of cases) {
    assert.equal(redactUrl(url), safe);
    assert.equal(scrubSecrets(`fetch ${url}/chat failed`, []), `fetch ${safe}/chat failed`);
  }
  assert.deepEqual(urlSecrets('http://:tok%2Fen@10.0.0.5:8000/v1'), ['tok%2Fen', 'tok/en']);
});

test('loopback is 127.0.0.0/8, ::1 and localhost; nothing else', () => {
  const loopback = [
    'localhost',
    'LOCALHOST',
    '127.0.0.1',
    '127.1.2.3',
    '127.255.255.255',
    '[::1]',
    '::1',
    '[::ffff:7f00:1]',
    '::ffff:127.0.0.1',
    '0:0:0:0:0:0:0:1',
  ];
  const remote = [
    'gpu-box',
    '10.0.0.5',
    '128.0.0.1',
    '126.255.255.255',
    '[::2]',
    '192.168.1.10',
    'localhost.evil.com',
    '127.0.0.1.nip.io',
    '[::ffff:a00:5]',
    '0.0.0.0',
  ];
  for (const h of loopback) assert.equal(isLoopbackHost(h), true, h);
  for (const h of remote) assert.equal(isLoopbackHost(h), false, h);
});

test('plainHttpKeyWarning: a key sent over http:// to another machine is warned about, nothing else', () => {
  const ep = (baseUrl: string | undefined, more: Partial<EndpointConfig> = {}): EndpointConfig => ({
    name: 'box',
    kind: 'openai',
    baseUrl,
    ...more,
  });
  const cases: [string, EndpointConfig, boolean | undefined, RegExp | undefined][] = [
    ['LAN box with a key', ep('http://gpu-box:8000/v1'), true, /Endpoint 'box' sends its API key over plain http:\/\/ to gpu-box/],
    ['LAN box, key required (default)', ep('http://10.0.0.5:8000/v1'), undefined, /its API key .* to 10\.0\.0\.5/],
    ['LAN box that needs no key and has none', ep('http://gpu-box:8000/v1', { requiresKey: false }), false, undefined],
    ['LAN box marked keyless but a key is stored', ep('http://gpu-box:8000/v1', { requiresKey: false }), true, /its API key/],
    [
      'credentials in the URL',
      ep('http://u:pw@gpu-box/v1', { requiresKey: false }),
      false,
      /the credentials in its base URL .*\[redacted\]@gpu-box/,
    ],
    ['Bedrock over http', { name: 'br', kind: 'bedrock', baseUrl: 'http://bedrock.internal' }, undefined, /signed AWS requests/],
    ['https', ep('https://openrouter.ai/api/v1'), true, undefined],
    ['loopback v4', ep('http://127.0.0.1:11434/v1'), true, undefined],
    ['loopback v6', ep('http://[::1]:8000/v1'), true, undefined],
    ['localhost', ep('http://localhost:1234/v1'), true, undefined],
    ['no base URL (the SDK default is https)', ep(undefined), true, undefined],
    ['unparsable URL', ep('not a url'), true, undefined],
  ];
  for (const [what, endpoint, hasKey, expected] of cases) {
    const w = plainHttpKeyWarning(endpoint, hasKey);
    if (expected) assert.match(w ?? '', expected, what);
    else assert.equal(w, undefined, what);
    if (w) assert.ok(!w.includes(':pw@'), 'the warning shows no password');
  }
});

describe('through the real SDKs', () => {
  let openai: FakeServer;
  let anthropic: FakeServer;
  before(async () => ([openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()])));
  after(() => Promise.all([openai.close(), anthropic.close()]));

  for (const kit of KITS.filter((k) => k.name !== 'bedrock')) {
    test(`${kit.name}: a 401 echoing the key URL-encoded, base64, base64url and as Basic auth leaks none of them`, async () => {
      const fake = kit.name === 'openai' ? openai : anthropic;
      const logs: string[] = [];
      const provider = kit.provider(fake, { log: { debug: (m) => logs.push(m), warn: (m) => logs.push(m) } });
      fake.script({ fault: '401', echoEncodedKey: true });
      const err = await provider.chat({ model: kit.model, messages: [{ role: 'user', content: 'hi' }] }).then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e as ProviderError,
      );
      assert.equal(err.kind, 'auth');
      const forms = [
        TEST_KEY,
        encodeURIComponent(TEST_KEY),
        b64(TEST_KEY).slice(4, -4),
        b64url(TEST_KEY).slice(4, -4),
        b64(`apikey:${TEST_KEY}`).slice(8, -4),
      ];
      for (const text of [err.message, ...logs]) for (const f of forms) assert.ok(!text.includes(f), `${f} leaked into: ${text}`);
      assert.ok(logs.length > 0, 'the failure was logged');
    });
  }

  test('a base URL with user:pass@ never shows its credentials in errors', async () => {
    const url = new URL(`${openai.url}/v1`);
    url.username = 'proxyuser';
    url.password = 'pr0xy-Pa55word';
    const p = createProvider({ name: 'proxied', kind: 'openai', baseUrl: url.toString() }, async () => TEST_KEY, { maxRetries: 0 });
    const err = await p.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).then(
      () => undefined,
      (e: unknown) => e as ProviderError,
    );
    assert.ok(err, 'fetch refuses URLs with credentials, so the call fails');
    assert.ok(!err.message.includes('pr0xy-Pa55word') && !err.message.includes('proxyuser:'), err.message);
    assert.match(err.message, /endpoint 'proxied'/);
  });
});
