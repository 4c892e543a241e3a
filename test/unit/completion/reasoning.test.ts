import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { completionReasoningEffort } from '../../../src/core/completion/request';
import { createProvider } from '../../../src/core/providers';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes';
import { decision } from './fakeProvider';
import { atCursor } from './helpers';

let fake: FakeOpenAI;
before(async () => (fake = await startFakeOpenAI()));
after(() => fake.close());

test('reasoning models are asked to think as little as they can when filling a hole', () => {
  assert.equal(completionReasoningEffort('gpt-5-mini'), 'minimal');
  assert.equal(completionReasoningEffort('gpt-5-nano-2025-08-07'), 'minimal');
  assert.equal(completionReasoningEffort('openai/gpt-5'), 'minimal', 'OpenRouter-style prefix');
  assert.equal(completionReasoningEffort('o4-mini'), 'low', 'o-series has no minimal effort');
  assert.equal(completionReasoningEffort('gpt-5-chat-latest'), undefined, 'the chat variant takes no reasoning effort');
  assert.equal(completionReasoningEffort('gpt-4.1-mini'), undefined);
  assert.equal(completionReasoningEffort('claude-haiku-4-5'), undefined);
  assert.equal(completionReasoningEffort('qwen2.5-coder:7b'), undefined);
});

test('chat-hole completion requests: gpt-5-mini carries reasoning_effort minimal on the wire; gpt-4.1-mini carries none', async () => {
  const provider = createProvider({ name: 'fake', kind: 'openai', baseUrl: `${fake.url}/v1` }, async () => 'sk-test-key-for-the-fake-0000', { maxRetries: 0 });
  const { text, offset } = atCursor('def area(r):\n    return |\n');
  for (const [model, expected] of [['gpt-5-mini', 'minimal'], ['gpt-4.1-mini', undefined]] as const) {
    fake.reset();
    fake.setDefault({ text: '3.14159 * r * r' });
    const engine = new CompletionEngine({
      route: () => decision([{ name: 'm', endpoint: 'fake', model, fim: false }]),
      provider: () => provider,
      record: () => {},
      options: { debounceMs: 0 },
    });
    const s = await engine.complete({ document: { path: 'geo.py', languageId: 'python', text, offset }, explicit: true });
    assert.equal(s?.text, '3.14159 * r * r');
    const body = fake.requests.find((r) => r.path.endsWith('/chat/completions'))?.body as Record<string, unknown>;
    assert.equal(body.reasoning_effort, expected, model);
    engine.dispose();
  }
});
