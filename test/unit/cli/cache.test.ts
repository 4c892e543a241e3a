/**
 * `gearshift chat` to an Anthropic endpoint declares a prompt-cache breakpoint (the "tried as a new user
 * would" check), priced as a cache write; gearshift.cache "off" declares none.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startFakeAnthropic, type FakeServer } from '../../fakes';
import { doc } from '../providers/cacheFixtures';
import { runCli, tmpDir, writeFile } from './run';

let fake: FakeServer;
before(async () => (fake = await startFakeAnthropic()));
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.promptCache.clear();
  fake.setDefault({ cache: 'simulate', text: 'It parses the handbook.', usage: { output: 20 } });
});

const ENV = { GEARSHIFT_CLAUDE_API_KEY: 'sk-ant-test-0123456789' };

function setup(cache?: string): { dir: string; settings: string } {
  const dir = tmpDir();
  writeFile(dir, 'handbook.md', doc(300, 'handbook')); // ~3,600 tokens: above Sonnet 5's 1,024-token minimum
  const settings = writeFile(
    dir,
    'settings.json',
    JSON.stringify({
      'gearshift.endpoints': { claude: { kind: 'anthropic', baseUrl: fake.url } },
      'gearshift.models': { sonnet: { endpoint: 'claude', model: 'claude-sonnet-5' } },
      'gearshift.tiers': { cheap: ['sonnet'], frontier: ['sonnet'] },
      ...(cache && { 'gearshift.cache': cache }),
    }),
  );
  return { dir, settings };
}

test('chat: the prompt is cached (cache_control on the final user turn) and the write is priced', async () => {
  const { dir, settings } = setup();
  const r = await runCli(['chat', 'What is in the handbook?', '--attach', 'handbook.md', '--settings', settings], { cwd: dir, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  const body = fake.requests[0].body as { messages: { content: unknown }[] };
  const last = body.messages.at(-1)!.content as { type: string; cache_control?: { type: string } }[];
  assert.ok(Array.isArray(last), 'the final user turn is sent as blocks');
  assert.equal(last.at(-1)?.cache_control?.type, 'ephemeral');
  const sim = fake.requests[0].simulated!;
  assert.ok(sim.cacheWrite5m + sim.cacheWrite1h > 3000, 'the fake cached the prompt');
  // Priced (a cache write is a price, not "unpriced"), on every prompt token the API counted.
  assert.match(r.stderr, new RegExp(`^cost: \\$\\d+\\.\\d+ on sonnet, ${sim.promptTokens} in / 20 out$`, 'm'));
});

test('chat: gearshift.cache "off" declares no breakpoint', async () => {
  const { dir, settings } = setup('off');
  const r = await runCli(['chat', 'What is in the handbook?', '--attach', 'handbook.md', '--settings', settings], { cwd: dir, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!fake.requests[0].rawBody.includes('cache_control'));
  assert.equal(fake.requests[0].simulated!.cacheWrite5m, 0);
});
