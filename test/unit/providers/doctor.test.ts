import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { doctorPassed, formatDoctor, runDoctor } from '../../../src/core/providers';
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
  assert.equal(doctorPassed(rows), false);
});

test('doctor names deprecated, retired and unknown models with the setting to change, and keys sent over plain http', async () => {
  const [oa, an] = fakes;
  oa.reset();
  an.reset();
  oa.script({ fault: '404' });
  an.script({ text: 'ok' });
  const endpoints: EndpointConfig[] = [
    { name: 'anthropic', kind: 'anthropic', baseUrl: an.url },
    { name: 'openai', kind: 'openai', baseUrl: `${oa.url}/v1` },
    { name: 'gpu', kind: 'openai', baseUrl: 'http://gpu-box:8000/v1' },
  ];
  const models: ModelConfig[] = [
    { name: 'sonnet', endpoint: 'anthropic', model: 'claude-sonnet-4-5' },
    { name: 'mythos', endpoint: 'anthropic', model: 'claude-mythos-preview' },
    { name: 'old', endpoint: 'openai', model: 'gpt-9-turbo' },
    { name: 'box', endpoint: 'gpu', model: 'qwen-box' },
  ];
  const keys = async (ep: string) => (ep === 'gpu' ? undefined : TEST_KEY);
  const rows = await runDoctor(endpoints, models, keys, { now: new Date('2026-10-01T12:00:00Z') });
  const [anthropic, openai, gpu] = rows;

  assert.equal(anthropic.ok, true, 'the endpoint still answers');
  assert.deepEqual(anthropic.advice.map((a) => [a.model, a.problem, a.setting, a.replacement]), [
    ['sonnet', 'deprecated', 'gearshift.models.sonnet.model', 'claude-sonnet-5'],
    ['mythos', 'retired', 'gearshift.models.mythos.model', 'claude-sonnet-5'],
  ]);
  assert.equal(openai.ok, false);
  assert.equal(openai.kind, 'badRequest');
  assert.deepEqual(openai.advice.map((a) => [a.model, a.problem, a.setting]), [['old', 'notFound', 'gearshift.models.old.model']]);
  assert.match(openai.message, /Endpoint 'openai' does not know model 'old' \(gpt-9-turbo\).*Set gearshift\.models\.old\.model to a model the endpoint serves\./);
  assert.equal(gpu.kind, 'auth');
  assert.deepEqual(gpu.warnings.length, 1);
  assert.match(gpu.warnings[0], /Endpoint 'gpu' sends its API key over plain http:\/\/ to gpu-box/);

  const lines = formatDoctor(rows).split('\n');
  const notes = lines.slice(lines.indexOf('') + 1);
  assert.deepEqual(notes.map((l) => l.slice(0, 6)), ['WARN  ', 'FIX   ', 'WARN  ']);
  assert.match(notes[0], /Model 'sonnet' \(claude-sonnet-4-5\) on endpoint 'anthropic' is deprecated and reaches its end of life on 2026-11-30.*"claude-sonnet-5"/);
  assert.match(notes[1], /Model 'mythos' \(claude-mythos-preview\) on endpoint 'anthropic' reached its end of life on 2026-06-30/);
  assert.match(notes[2], /plain http/);
  assert.equal(lines.filter((l) => l.includes("does not know model 'old'")).length, 1, 'the not-found fix is shown once, in the table');
  assert.equal(doctorPassed(rows), false);

  // Deprecated but not yet retired, everything answering: a warning, and the check passes.
  an.script({ text: 'ok' });
  const soon = await runDoctor([endpoints[0]], [models[0]], keys, { now: new Date('2026-10-01T12:00:00Z') });
  assert.equal(doctorPassed(soon), true);
  an.script({ text: 'ok' });
  const late = await runDoctor([endpoints[0]], [models[0]], keys, { now: new Date('2026-12-01T00:00:00Z') });
  assert.equal(late[0].advice[0].problem, 'retired');
  assert.equal(doctorPassed(late), false);
});
