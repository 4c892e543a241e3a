/** gearshift.codebase: validated with messages naming the field, merged over the defaults, and only narrowed in Restricted Mode. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSettings } from '../../../src/core/settings/resolve';

test('defaults: on, 20,000 files, 512 KiB per file', () => {
  assert.deepEqual(resolveSettings({}).settings.codebase, { enabled: true, maxFiles: 20_000, maxFileKb: 512 });
});

const INVALID: [string, unknown, RegExp][] = [
  ['not an object', 5, /gearshift\.codebase/],
  ['maxFiles below 1', { maxFiles: 0 }, /gearshift\.codebase\.maxFiles/],
  ['maxFileKb not a whole number', { maxFileKb: 1.5 }, /gearshift\.codebase\.maxFileKb/],
  ['enabled not a boolean', { enabled: 'yes' }, /gearshift\.codebase\.enabled/],
  ['an unknown field', { maxFile: 10 }, /maxFile/],
];

for (const [name, value, message] of INVALID) {
  test(`invalid gearshift.codebase (${name}): reported, the default kept`, () => {
    const { settings, problems } = resolveSettings({ user: { 'gearshift.codebase': value } });
    assert.ok(
      problems.some((p) => message.test(`${p.setting} ${p.message}`)),
      JSON.stringify(problems),
    );
    assert.equal(settings.codebase.maxFiles, 20_000);
    assert.equal(settings.codebase.enabled, true);
  });
}

test('user < workspace, field by field', () => {
  const { settings, problems } = resolveSettings({
    user: { 'gearshift.codebase': { maxFiles: 5000 } },
    workspace: { 'gearshift.codebase': { maxFileKb: 64 } },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.codebase, { enabled: true, maxFiles: 5000, maxFileKb: 64 });
});

test('Restricted Mode: a workspace may turn the index off and lower its caps, never turn it on or read more', () => {
  const lower = resolveSettings(
    { workspace: { 'gearshift.codebase': { enabled: false, maxFiles: 100, maxFileKb: 10 } } },
    { trustedWorkspace: false },
  );
  assert.deepEqual(lower.settings.codebase, { enabled: false, maxFiles: 100, maxFileKb: 10 });
  assert.deepEqual(lower.problems, []);
  const wider = resolveSettings(
    {
      user: { 'gearshift.codebase': { enabled: false } },
      workspace: { 'gearshift.codebase': { enabled: true, maxFiles: 100_000, maxFileKb: 4096 } },
    },
    { trustedWorkspace: false },
  );
  assert.deepEqual(wider.settings.codebase, { enabled: false, maxFiles: 20_000, maxFileKb: 512 });
  const named = wider.problems.map((p) => p.setting).sort();
  assert.deepEqual(named, ['gearshift.codebase.enabled', 'gearshift.codebase.maxFileKb', 'gearshift.codebase.maxFiles']);
  assert.ok(wider.problems.every((p) => p.untrusted === true));
  const trusted = resolveSettings({ workspace: { 'gearshift.codebase': { maxFiles: 100_000 } } }, { trustedWorkspace: true });
  assert.equal(trusted.settings.codebase.maxFiles, 100_000);
});
