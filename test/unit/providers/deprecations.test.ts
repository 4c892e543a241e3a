/** The deprecation table (copied from the Anthropic SDK) and what it tells about configured model ids. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  ANTHROPIC_DEPRECATED_MODELS,
  anthropicIdOf,
  deprecationAdvice,
  deprecationOf,
  notFoundAdvice,
  parseTableDate,
} from '../../../src/core/providers/deprecations';
import type { EndpointKind } from '../../../src/core/types';

const sdkDir = path.dirname(require.resolve('@anthropic-ai/sdk'));

/** `const DEPRECATED_MODELS = { 'id': 'date', … }` as the SDK's compiled Messages resource declares it. */
function inlineTable(file: string): Record<string, string> {
  const src = fs.readFileSync(path.join(sdkDir, file), 'utf8');
  const body = /const DEPRECATED_MODELS = \{([^}]*)\}/.exec(src)?.[1];
  assert.ok(body !== undefined, `no DEPRECATED_MODELS in ${file}: the SDK moved its table, update deprecations.ts and this test`);
  return Object.fromEntries([...body.matchAll(/'([^']+)':\s*'([^']+)'/g)].map((m) => [m[1], m[2]]));
}

test("the copied table is exactly the installed Anthropic SDK's (a new SDK with new entries fails here)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const data = (require(path.join(sdkDir, 'internal/data/deprecated-models.js')) as { DEPRECATED_MODELS: Record<string, string> }).DEPRECATED_MODELS;
  const sdk = { ...inlineTable('resources/messages/messages.js'), ...inlineTable('resources/beta/messages/messages.js'), ...data };
  assert.deepEqual(
    ANTHROPIC_DEPRECATED_MODELS,
    sdk,
    'update ANTHROPIC_DEPRECATED_MODELS in src/core/providers/deprecations.ts to the installed SDK’s table',
  );
  for (const [id, date] of Object.entries(sdk)) assert.ok(parseTableDate(date), `unreadable end-of-life date for ${id}: ${date}`);
});

test('table dates are read in the SDK format and as ISO dates', () => {
  const cases: [string, string | undefined][] = [
    ['November 30th, 2026', '2026-11-30'],
    ['June 30th, 2026', '2026-06-30'],
    ['January 1st, 2027', '2027-01-01'],
    ['March 2nd 2027', '2027-03-02'],
    ['2027-05-03', '2027-05-03'],
    ['Smarch 3rd, 2027', undefined],
    ['soon', undefined],
  ];
  for (const [text, iso] of cases) assert.equal(parseTableDate(text), iso, text);
});

test('Claude ids are recognised on every endpoint kind, Bedrock and proxy spellings included', () => {
  const cases: [EndpointKind, string, string | undefined][] = [
    ['anthropic', 'claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['bedrock', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['bedrock', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['bedrock', 'us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['bedrock', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['bedrock', 'us.anthropic.claude-sonnet-5', 'claude-sonnet-5'],
    ['bedrock', 'meta.llama3-70b-instruct-v1:0', undefined],
    ['openai', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['openai', 'claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['openai', 'gpt-5.6-sol', undefined],
    ['openai', 'qwen2.5-coder:7b', undefined],
  ];
  for (const [kind, id, expected] of cases) assert.equal(anthropicIdOf(kind, id), expected, `${kind} ${id}`);
});

test('deprecationOf: listed ids with their end of life, retired from that day on (UTC); others undefined', () => {
  const dec1 = new Date('2026-12-01T00:00:00Z');
  const cases: [EndpointKind, string, Date, { endOfLife: string; retired: boolean } | undefined][] = [
    ['anthropic', 'claude-sonnet-4-5', dec1, { endOfLife: '2026-11-30', retired: true }],
    ['anthropic', 'claude-sonnet-4-5-20250929', dec1, { endOfLife: '2026-11-30', retired: true }],
    ['anthropic', 'claude-sonnet-4-5', new Date('2026-11-29T23:59:59Z'), { endOfLife: '2026-11-30', retired: false }],
    ['anthropic', 'claude-sonnet-4-5', new Date('2026-11-30T00:00:00Z'), { endOfLife: '2026-11-30', retired: true }],
    ['anthropic', 'claude-mythos-preview', dec1, { endOfLife: '2026-06-30', retired: true }],
    ['bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', dec1, { endOfLife: '2026-11-30', retired: true }],
    ['bedrock', 'anthropic.claude-sonnet-4-5-20250929-v1:0', dec1, { endOfLife: '2026-11-30', retired: true }],
    ['openai', 'anthropic/claude-sonnet-4.5', dec1, { endOfLife: '2026-11-30', retired: true }],
    ['anthropic', 'claude-sonnet-4-6', dec1, undefined],
    ['anthropic', 'claude-sonnet-5', dec1, undefined],
    ['anthropic', 'claude-haiku-4-5', dec1, undefined],
    ['bedrock', 'us.anthropic.claude-sonnet-5-v1:0', dec1, undefined],
    ['bedrock', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', dec1, undefined],
    ['openai', 'gpt-5.6-sol', dec1, undefined],
    ['anthropic', 'constructor', dec1, undefined],
    ['anthropic', 'toString', dec1, undefined],
  ];
  for (const [kind, id, now, expected] of cases) {
    const d = deprecationOf(kind, id, now);
    assert.deepEqual(d && { endOfLife: d.endOfLife, retired: d.retired }, expected, `${kind} ${id} at ${now.toISOString()}`);
  }
});

test('advice names the model, the date, the setting to change and a current replacement of the same family', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const sonnet = deprecationAdvice({ name: 'sonnet', endpoint: 'anthropic', model: 'claude-sonnet-4-5' }, { name: 'anthropic', kind: 'anthropic' }, now);
  assert.deepEqual(sonnet && { problem: sonnet.problem, setting: sonnet.setting, replacement: sonnet.replacement }, {
    problem: 'retired',
    setting: 'gearshift.models.sonnet.model',
    replacement: 'claude-sonnet-5',
  });
  assert.match(sonnet?.message ?? '', /^Model 'sonnet' \(claude-sonnet-4-5\) on endpoint 'anthropic' reached its end of life on 2026-11-30/);
  assert.match(sonnet?.message ?? '', /Set gearshift\.models\.sonnet\.model to "claude-sonnet-5"\.$/);

  const early = deprecationAdvice({ name: 'sonnet', endpoint: 'anthropic', model: 'claude-sonnet-4-5' }, { name: 'anthropic', kind: 'anthropic' }, new Date('2026-10-01'));
  assert.equal(early?.problem, 'deprecated');
  assert.match(early?.message ?? '', /is deprecated and reaches its end of life on 2026-11-30/);

  const br = { name: 'bedrock-sonnet', endpoint: 'bedrock', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' };
  assert.equal(deprecationAdvice(br, { name: 'bedrock', kind: 'bedrock' }, now)?.replacement, 'us.anthropic.claude-sonnet-5-v1:0');
  const router = { name: 'or', endpoint: 'openrouter', model: 'anthropic/claude-sonnet-4.5' };
  assert.equal(deprecationAdvice(router, { name: 'openrouter', kind: 'openai' }, now)?.replacement, 'anthropic/claude-sonnet-5');
  assert.equal(deprecationAdvice({ name: 'x', endpoint: 'anthropic', model: 'claude-sonnet-5' }, { name: 'anthropic', kind: 'anthropic' }, now), undefined);
});

test('not-found advice points at the setting, with a same-family default when there is one', () => {
  const a = notFoundAdvice({ name: 'fast', endpoint: 'anthropic', model: 'claude-haiku-9' }, { name: 'anthropic', kind: 'anthropic' });
  assert.equal(a.problem, 'notFound');
  assert.equal(a.replacement, 'claude-haiku-4-5');
  assert.match(a.message, /Endpoint 'anthropic' does not know model 'fast' \(claude-haiku-9\).*Set gearshift\.models\.fast\.model to "claude-haiku-4-5"\./);
  const local = notFoundAdvice({ name: 'coder', endpoint: 'ollama', model: 'qwen9:7b' }, { name: 'ollama', kind: 'openai' });
  assert.equal(local.replacement, undefined);
  assert.match(local.message, /Set gearshift\.models\.coder\.model to a model the endpoint serves\./);
  const same = notFoundAdvice({ name: 'sonnet', endpoint: 'anthropic', model: 'claude-sonnet-5' }, { name: 'anthropic', kind: 'anthropic' });
  assert.equal(same.replacement, undefined, 'never suggests the id that was just refused');
});
