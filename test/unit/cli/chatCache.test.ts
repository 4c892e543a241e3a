/**
 * What a new user tried in issue 13: `gearshift chat` to an Anthropic endpoint now declares a cache breakpoint
 * (cache_control with the plan's TTL) on a prompt long enough to cache; with gearshift.cache "off" it declares none.
 * The built CLI against the fake Anthropic server.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeAnthropic, type FakeServer } from '../../fakes';
import { runCli, tmpDir, writeFile } from './run';

const KEY = 'sk-ant-test-CLI-cache-0123456789abcdef';
let fake: FakeServer;
before(async () => (fake = await startFakeAnthropic()));
after(() => fake.close());

function settings(cache: string): string {
  return writeFile(
    tmpDir(),
    'settings.json',
    JSON.stringify({
      'gearshift.endpoints': { fake: { kind: 'anthropic', baseUrl: fake.url } },
      'gearshift.models': { f: { endpoint: 'fake', model: 'claude-sonnet-4-5' } },
      'gearshift.tiers': { cheap: ['f'], frontier: ['f'] },
      'gearshift.prices': { f: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
      'gearshift.cache': cache,
    }),
  );
}

/** A question of about 2,000 tokens: over claude-sonnet-4-5's 1,024-token minimum. */
const LONG = `Please review this design note and say what is missing. ${'The service retries every request three times. '.repeat(220)}`;

test('gearshift chat to an Anthropic endpoint sends cache_control; with gearshift.cache "off" it does not', async () => {
  for (const [cache, want] of [
    ['auto', true],
    ['off', false],
  ] as const) {
    fake.reset();
    const r = await runCli(['chat', LONG, '--settings', settings(cache), '--ledger-dir', tmpDir()], {
      env: { GEARSHIFT_FAKE_API_KEY: KEY },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fake.requests.length, 1);
    const raw = fake.requests[0].rawBody;
    assert.equal(raw.includes('"cache_control":{"type":"ephemeral"'), want, `${cache}: ${raw.slice(0, 300)}`);
  }
});
