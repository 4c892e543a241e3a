/** Usage normalization, error classification, Retry-After parsing, scrubbing and retry delays, on raw inputs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFailure, isModelNotFound, ProviderError, retryAfterFromHeaders, scrubSecrets } from '../../../src/core/providers/errors';
import { modelNotFoundFacts } from '../../../src/core/providers/notFound';
import type { EndpointKind } from '../../../src/core/types';
import { retryDelay } from '../../../src/core/providers/retry';
import { fromAnthropicUsage, fromBedrockUsage, fromOpenAIUsage } from '../../../src/core/providers/usage';

test('OpenAI prompt_tokens include cached tokens, which are subtracted from input', () => {
  const u = fromOpenAIUsage({ prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 }, completion_tokens_details: { reasoning_tokens: 192 } });
  assert.deepEqual(u, { input: 86, output: 300, cacheRead: 1920, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 192 });
});

test('OpenAI usage with missing details (Ollama) is plain input/output', () => {
  assert.deepEqual(fromOpenAIUsage({ prompt_tokens: 26, completion_tokens: 9 }), { input: 26, output: 9, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 });
});

test('Anthropic: the last cumulative message_delta wins over message_start, never summed', () => {
  const start = { input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300, cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 } };
  const delta = { input_tokens: 50, output_tokens: 420, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300 };
  assert.deepEqual(fromAnthropicUsage(start, delta), { input: 50, output: 420, cacheRead: 1000, cacheWrite5m: 200, cacheWrite1h: 100, reasoning: 0 });
  // Older message_delta events carry only output_tokens: the rest comes from message_start.
  assert.deepEqual(fromAnthropicUsage(start, { output_tokens: 7 }), { input: 50, output: 7, cacheRead: 1000, cacheWrite5m: 200, cacheWrite1h: 100, reasoning: 0 });
});

test('Bedrock: cacheDetails split writes by TTL; without them writes count as 5-minute', () => {
  assert.deepEqual(fromBedrockUsage({ inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 30, cacheDetails: [{ ttl: '1h', inputTokens: 10 }, { ttl: '5m', inputTokens: 20 }] }), {
    input: 10, output: 5, cacheRead: 100, cacheWrite5m: 20, cacheWrite1h: 10, reasoning: 0,
  });
  assert.deepEqual(fromBedrockUsage({ inputTokens: 10, outputTokens: 5, cacheWriteInputTokens: 30 }).cacheWrite5m, 30);
});

test('Retry-After: seconds, HTTP date and retry-after-ms', () => {
  const h = (m: Record<string, string>) => (n: string) => m[n];
  assert.equal(retryAfterFromHeaders(h({ 'retry-after': '7' })), 7000);
  assert.equal(retryAfterFromHeaders(h({ 'retry-after-ms': '250', 'retry-after': '7' })), 250);
  assert.equal(retryAfterFromHeaders(h({ 'retry-after': new Date(10_000 + 5_000).toUTCString() }), 10_000), 5000);
  assert.equal(retryAfterFromHeaders(h({})), undefined);
});

test('classification covers the closed set', () => {
  const f = (status: number | undefined, code?: string, detail?: string) => classifyFailure({ vendor: 'V', endpoint: 'e', status, code, detail, authHint: 'Fix it.' }).kind;
  assert.equal(f(401), 'auth');
  assert.equal(f(403), 'auth');
  assert.equal(f(429), 'rateLimited');
  assert.equal(f(undefined, 'ThrottlingException'), 'rateLimited');
  assert.equal(f(500), 'unavailable');
  assert.equal(f(529, 'overloaded_error'), 'unavailable');
  assert.equal(f(undefined, 'overloaded_error'), 'unavailable');
  assert.equal(f(undefined, 'ModelNotReadyException'), 'unavailable');
  assert.equal(f(503, 'ServiceUnavailableException'), 'unavailable');
  assert.equal(f(400, 'context_length_exceeded'), 'contextTooLong');
  assert.equal(f(400, 'ValidationException', 'Input is too long for requested model.'), 'contextTooLong');
  assert.equal(f(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'), 'contextTooLong');
  assert.equal(f(400, 'invalid_request_error', 'temperature out of range'), 'badRequest');
  assert.equal(f(404), 'badRequest');
});

test('model-not-found refusals are recognised per provider from realistic bodies, and nothing else is', () => {
  const cases: [EndpointKind, number | undefined, string | undefined, string, boolean][] = [
    ['openai', 404, 'model_not_found', 'The model `gpt-9` does not exist or you do not have access to it.', true],
    ['openai', 404, 'api_error', 'model "qwen9:7b" not found, try pulling it first', true],
    ['openai', 404, 'NotFoundError', 'The model `llama-9` does not exist.', true],
    ['openai', 400, 'BadRequestError', 'litellm.BadRequestError: Invalid model name passed in model=foo. Call `/v1/models` to view available models', true],
    ['openai', 404, '', '404 page not found', false],
    ['openai', 404, '', 'Not Found', false],
    ['openai', 400, 'invalid_request_error', "Invalid value for 'temperature'", false],
    ['anthropic', 404, 'not_found_error', 'model: claude-sonnet-9', true],
    ['anthropic', 404, 'not_found_error', 'Not found', false],
    ['anthropic', 400, 'invalid_request_error', 'messages: roles must alternate', false],
    ['bedrock', 404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.', true],
    ['bedrock', 404, 'ResourceNotFoundException', 'This model version has reached the end of its life. Please refer to the AWS documentation for more details.', true],
    ['bedrock', 400, 'ValidationException', 'The provided model identifier is invalid.', true],
    ['bedrock', 400, 'ValidationException', "Invocation of model ID anthropic.claude-sonnet-5-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.", true],
    ['bedrock', 400, 'ValidationException', 'Input is too long for requested model.', false],
    ['bedrock', 403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.", false],
  ];
  for (const [kind, status, code, detail, expected] of cases) {
    assert.equal(modelNotFoundFacts(kind, status, code, detail), expected, `${kind} ${status} ${detail}`);
    const err = classifyFailure({ vendor: 'V', endpoint: 'e', model: 'm', status, code, detail, authHint: 'fix', modelNotFound: modelNotFoundFacts(kind, status, code, detail) });
    assert.equal(isModelNotFound(err), expected, `${kind} ${detail}`);
    if (expected) assert.equal(err.kind, 'badRequest');
  }
  assert.equal(classifyFailure({ vendor: 'AWS Bedrock', endpoint: 'e', status: 403, code: 'AccessDeniedException', detail: 'no access', authHint: 'x' }).kind, 'auth');
});

test('scrubSecrets removes known keys and bearer-looking values', () => {
  const out = scrubSecrets('bad key sk-live-abcdef123456 (Authorization: Bearer sk-other-9876543210)', ['sk-live-abcdef123456']);
  assert.ok(!out.includes('sk-live-abcdef123456'));
  assert.ok(!out.includes('sk-other-9876543210'));
});

test('retry delays honour Retry-After up to the cap and back off exponentially otherwise', () => {
  const policy = { baseMs: 400, maxDelayMs: 20_000 };
  const ra = retryDelay(new ProviderError({ kind: 'rateLimited', message: '', retryAfterMs: 3000 }), 0, policy)!;
  assert.ok(ra >= 3000 && ra <= 3250);
  assert.equal(retryDelay(new ProviderError({ kind: 'rateLimited', message: '', retryAfterMs: 60_000 }), 0, policy), undefined);
  for (let n = 0; n < 3; n++) {
    const d = retryDelay(new ProviderError({ kind: 'unavailable', message: '' }), n, policy)!;
    assert.ok(d >= (400 * 2 ** n) / 2 && d <= 400 * 2 ** n, `attempt ${n}: ${d}`);
  }
});
