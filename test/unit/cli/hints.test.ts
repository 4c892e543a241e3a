import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliHints } from '../../../src/cli/hints';
import { classifyFailure } from '../../../src/core/providers/errors';
import { requireKey } from '../../../src/core/providers/keys';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';

/** The core's own messages that point to the VS Code key command, produced by the code that writes them. */
async function coreMessages(): Promise<[string, string, string[], RegExp][]> {
  const missing = await requireKey({ name: 'vllm-box', kind: 'openai' }, async () => undefined).then(
    () => 'no error',
    (e: Error) => e.message,
  );
  const authHint = "Run 'Gearshift: Set API Key…'."; // what the OpenAI and Anthropic providers pass
  const rejected = classifyFailure({ vendor: 'Anthropic', endpoint: 'anthropic', model: 'm', status: 401, authHint }).message;
  const { settings } = resolveSettings({});
  const noModel = new Router(settings, { available: new Set() }).decide({ task: 'chat', messages: [] }).blocked ?? 'not blocked';
  const header = resolveSettings({
    user: { 'gearshift.endpoints': { box: { kind: 'openai', baseUrl: 'http://box:8000/v1', headers: { Authorization: 'Bearer x' } } } },
  }).problems.find((p) => p.setting.startsWith('gearshift.endpoints.box.headers'))?.message ?? 'no problem';
  return [
    ['missing key', missing, [], /No API key is set for endpoint 'vllm-box'\. Set GEARSHIFT_VLLM_BOX_API_KEY in the environment\.?$/],
    ['rejected key', rejected, [], /rejected the API key for endpoint 'anthropic' \(401\)\. Set ANTHROPIC_API_KEY in the environment\.$/],
    ['no usable model, endpoints known', noModel, ['openai', 'anthropic'],
      /Set an API key in the environment \(OPENAI_API_KEY or ANTHROPIC_API_KEY\)/],
    ['no usable model, in general', noModel, [], /OPENAI_API_KEY, ANTHROPIC_API_KEY or GEARSHIFT_<ENDPOINT>_API_KEY/],
    ['credential in a header', header, ['box'], /put it in the environment instead \(GEARSHIFT_BOX_API_KEY\)/],
  ];
}

test('CLI hints name the environment variable, never the VS Code key command', async () => {
  for (const [name, message, endpoints, expected] of await coreMessages()) {
    assert.match(message, /Gearshift: Set API Key/, `${name}: the core message still points to the command (else this case tests nothing)`);
    const hinted = cliHints(message, endpoints);
    assert.doesNotMatch(hinted, /Set API Key/, name);
    assert.match(hinted, expected, `${name}: ${hinted}`);
  }
  assert.equal(cliHints('Could not reach the server.'), 'Could not reach the server.', 'other messages are left alone');
});
