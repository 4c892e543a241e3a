import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APPLICATION_KEYS, ON_EXCEED, RESOURCE_KEYS, SETTING_KEYS } from '../../../src/core/settings/model';
import { defaultSettings } from '../../../src/core/settings/defaults';
import { TIERS } from '../../../src/core/types';

interface Prop {
  scope?: string;
  default?: unknown;
  properties?: Record<string, { enum?: string[]; enumDescriptions?: string[] }>;
  markdownDescription?: string;
  description?: string;
  order?: number;
}
const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Prop> } };
};
const props = pkg.contributes.configuration.properties;

test('package.json declares exactly the settings the settings model knows', () => {
  assert.deepEqual(Object.keys(props).sort(), [...SETTING_KEYS].sort());
});

test('application scope for endpoints and Bedrock; every setting documented and ordered', () => {
  for (const [key, p] of Object.entries(props)) {
    assert.equal(p.scope === 'application', APPLICATION_KEYS.includes(key as (typeof SETTING_KEYS)[number]), `${key} scope ${p.scope}`);
    assert.ok(p.markdownDescription || p.description, `${key} has no description`);
    assert.equal(typeof p.order, 'number', `${key} has no order`);
  }
});

test('resource scope (a folder of a multi-root workspace may set it) for exactly the keys read per folder', () => {
  const resource = Object.entries(props)
    .filter(([, p]) => p.scope === 'resource')
    .map(([k]) => k);
  assert.deepEqual(resource.sort(), [...RESOURCE_KEYS].sort());
});

test('declared defaults and enums match the settings model', () => {
  const d = defaultSettings();
  assert.deepEqual(props['gearshift.tiers'].default, d.tiers);
  assert.deepEqual(props['gearshift.routing'].default, d.routing);
  assert.deepEqual(props['gearshift.exclude'].default, d.exclude);
  assert.deepEqual(props['gearshift.timeouts'].default, d.timeouts);
  assert.equal(props['gearshift.completion.enabled'].default, d.completion.enabled);
  assert.equal(props['gearshift.completion.debounceMs'].default, d.completion.debounceMs);
  assert.equal(props['gearshift.completion.maxTokens'].default, d.completion.maxTokens);
  assert.deepEqual(props['gearshift.budget'].default, d.budget);
  assert.deepEqual(props['gearshift.agent'].default, d.agent);
  assert.deepEqual(props['gearshift.codebase'].default, d.codebase);
  for (const [k, v] of Object.entries(d.codebase))
    assert.deepEqual((props['gearshift.codebase'].properties as Record<string, Prop>)[k].default, v, k);
  for (const [k, v] of Object.entries(d.agent))
    assert.deepEqual((props['gearshift.agent'].properties as Record<string, Prop>)[k].default, v, k);
  const onExceed = props['gearshift.budget'].properties!.onExceed;
  assert.deepEqual(onExceed.enum, [...ON_EXCEED]);
  assert.equal(onExceed.enumDescriptions!.length, ON_EXCEED.length);
  assert.deepEqual(props['gearshift.routing'].properties!.completion.enum, [...TIERS]);
  assert.deepEqual([...props['gearshift.routing'].properties!.chat.enum!].sort(), [...TIERS, 'auto'].sort());
});
