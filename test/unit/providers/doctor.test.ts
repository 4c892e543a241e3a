import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formatDoctor, runDoctor } from '../../../src/core/providers';
import type { EndpointConfig, ModelConfig } from '../../../src/core/types';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeServer } from '../../fakes';
import { TEST_KEY } from './kits';

let fakes: FakeServer[];
before(async () => (fakes = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeBedrock(), startFakeOpenAI()])));
after(() => Promise.all(fakes.map((f) => f.close())));

test('doctor checks every endpoint with a 1-token call or the model list, and reports failures plainly', async () => {
  const [oa, an, br, local] = fakes;
  an.script({ fault: '401' });
  const endpoints: EndpointConfig[] = [
    { name: 'openai', kind: 'openai', baseUrl: `${oa.url}/v1` },
    { name: 'anthropic', kind: 'anthropic', baseUrl: an.url },
    { name: 'bedrock', kind: 'bedrock', baseUrl: br.url, region: 'us-east-1' },
    { name: 'lmstudio', kind: 'openai', baseUrl: `${local.url}/v1`, requiresKey: false },
    { name: 'down', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', requiresKey: false },
  ];
  const models: ModelConfig[] = [
    { name: 'mini', endpoint: 'openai', model: 'gpt-fake-mini' },
    { name: 'sonnet', endpoint: 'anthropic', model: 'claude-fake' },
    { name: 'br-sonnet', endpoint: 'bedrock', model: 'us.anthropic.claude-fake' },
  ];
  const rows = await runDoctor(endpoints, models, async () => TEST_KEY, { awsCredentials: FAKE_AWS_CREDENTIALS });
  assert.deepEqual(rows.map((r) => [r.endpoint, r.ok, r.kind]), [
    ['openai', true, undefined],
    ['anthropic', false, 'auth'],
    ['bedrock', true, undefined],
    ['lmstudio', true, undefined],
    ['down', false, 'network'],
  ]);
  assert.equal((oa.requests[0].body as { max_completion_tokens?: number }).max_completion_tokens, 1);
  assert.equal(local.requests[0].path, '/v1/models');
  assert.match(rows[3].message, /3 models listed/);
  assert.equal(an.requests.length, 1, 'doctor does not retry');
  const table = formatDoctor(rows);
  const lines = table.split('\n');
  assert.match(lines[0], /^ENDPOINT\s+STATUS\s+LATENCY\s+DETAIL$/);
  assert.match(lines[2], /^anthropic\s+FAIL \(auth\)\s+\d+ ms\s+Anthropic rejected the API key/);
  assert.ok(!table.includes(TEST_KEY));
});
