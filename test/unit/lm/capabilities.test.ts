/** Image input is declared only when every model that may answer takes images (a documented family table). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lmCapabilities, takesImages } from '../../../src/core/lm/capabilities';

const CASES: [string, boolean][] = [
  ['gpt-5', true],
  ['gpt-5-mini', true],
  ['gpt-5.1-codex', true],
  ['openai/gpt-5-nano', true],
  ['gpt-4o-mini', true],
  ['gpt-4o-audio-preview', false],
  ['gpt-4.1', true],
  ['claude-sonnet-4-5', true],
  ['claude-3-5-haiku-latest', true],
  ['anthropic/claude-opus-4.1', true],
  ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', true],
  ['anthropic.claude-3-haiku-20240307-v1:0', true],
  ['claude-2.1', false],
  ['qwen2.5-coder:7b', false],
  ['deepseek-coder-v2', false],
  ['codellama:13b', false],
  ['gpt-3.5-turbo', false],
  ['o3-mini', false],
  ['my-gpt-5-proxy', false],
];
for (const [id, images] of CASES) {
  test(`${id} ${images ? 'takes' : 'does not take'} images`, () => assert.equal(takesImages(id), images));
}

test('a tier declares images only when its whole chain takes them; Auto needs both tiers', () => {
  const chains = { cheap: ['gpt-5-mini', 'qwen2.5-coder:7b'], frontier: ['claude-sonnet-4-5', 'us.anthropic.claude-sonnet-4-5-v1:0'] };
  assert.deepEqual(lmCapabilities(['frontier'], chains), { toolCalling: true, imageInput: true });
  assert.deepEqual(lmCapabilities(['cheap'], chains), { toolCalling: true, imageInput: false });
  assert.deepEqual(lmCapabilities(['cheap', 'frontier'], chains), { toolCalling: true, imageInput: false });
  assert.deepEqual(lmCapabilities(['cheap'], { cheap: [], frontier: [] }), { toolCalling: true, imageInput: false });
});
