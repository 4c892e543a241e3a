/** `gearshift doctor` on a deprecated model: the fix on stdout, and nothing from the SDK on stderr. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeAnthropic, type FakeServer } from '../../fakes';
import { runCli, tmpDir, writeFile } from './run';

let fake: FakeServer;
before(async () => (fake = await startFakeAnthropic()));
after(() => fake.close());

test('doctor: a model past its end of life is reported with the setting and value to fix it; the SDK prints nothing', async () => {
  const settings = writeFile(
    tmpDir(),
    'settings.json',
    JSON.stringify({
      'gearshift.endpoints': { claude: { kind: 'anthropic', baseUrl: fake.url } },
      'gearshift.models': { sonnet: { endpoint: 'claude', model: 'claude-sonnet-4-5' } },
      'gearshift.tiers': { cheap: ['sonnet'], frontier: ['sonnet'] },
    }),
  );
  fake.script({ text: 'ok' });
  const r = await runCli(['doctor', '--settings', settings], { env: { GEARSHIFT_CLAUDE_API_KEY: 'sk-ant-test-0123456789' } });
  assert.equal(r.stderr, '', 'no deprecation notice from the Anthropic SDK on stderr');
  assert.match(r.stdout, /^claude\s+ok\s/m, 'the endpoint itself answered');
  assert.match(r.stdout, /Model 'sonnet' \(claude-sonnet-4-5\) on endpoint 'claude' .*end of life on 2026-11-30.* Set gearshift\.models\.sonnet\.model to "claude-sonnet-5"\./);
  const retired = Date.now() >= Date.parse('2026-11-30T00:00:00Z');
  assert.equal(r.code, retired ? 1 : 0, 'a retired model fails the check; a deprecated one only warns');
});
