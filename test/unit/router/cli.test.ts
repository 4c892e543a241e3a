import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeBatch, routeOne } from '../../../src/core/router/cli';
import { resolveSettings } from '../../../src/core/settings/resolve';

const settings = resolveSettings({}).settings;

test('routeBatch answers one JSON line per record, errors per bad line, skips blank lines', () => {
  const out = routeBatch(
    [
      JSON.stringify({ id: 'a', messages: [{ role: 'user', content: 'python sort a dict by key' }], attachments: [] }),
      '',
      '{not json',
      JSON.stringify({ id: 'b', task: 'completion', messages: [] }),
      JSON.stringify({ id: 'c', messages: 'hi' }),
      JSON.stringify({ id: 'd', task: 'review', messages: [] }),
    ],
    settings,
  ).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(out.length, 5);
  assert.deepEqual(Object.keys(out[0]), ['id', 'tier', 'model', 'reason']);
  assert.equal(out[0].tier, 'cheap');
  assert.equal(out[0].model, 'local-coder');
  assert.deepEqual(out[1], { id: null, error: out[1].error });
  assert.match(out[1].error as string, /line 3 is not valid JSON/);
  assert.equal(out[2].reason, 'completion → cheap (task route)');
  assert.match(out[3].error as string, /^c: "messages" must be a list/);
  assert.match(out[4].error as string, /"task" must be one of completion, chat, commitMessage/);
});

test('routeOne routes a single record and honours an override', () => {
  const line = JSON.parse(routeOne(JSON.stringify({ id: 7, messages: [{ role: 'user', content: 'hi' }], override: 'frontier' }), settings));
  assert.deepEqual(line, { id: '7', tier: 'frontier', model: 'sonnet', reason: 'chat → frontier (your choice)' });
});
