import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSettingsFile } from '../../../src/core/settings/load';
import { resolveSettings } from '../../../src/core/settings/resolve';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-settings-'));

test('loads JSONC (comments, trailing commas) with flat VS Code keys', () => {
  const file = path.join(tmp, 'settings.jsonc');
  fs.writeFileSync(
    file,
    `{
    // cheap first
    "gearshift.models": { "mini": { "endpoint": "openai", "model": "gpt-5-mini" }, },
    "gearshift.tiers": { "cheap": ["mini"] }, /* trailing comma next */
  }`,
  );
  const loaded = loadSettingsFile(file);
  assert.deepEqual(loaded.problems, []);
  const r = resolveSettings({ user: loaded.values });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.settings.tiers.cheap, ['mini']);
});

test('a syntax error is reported with file, line and column; a missing file with the path', () => {
  const file = path.join(tmp, 'bad.json');
  fs.writeFileSync(file, '{\n  "gearshift.tiers": { "cheap": ["mini" }\n}');
  const bad = loadSettingsFile(file);
  assert.ok(bad.problems.length > 0);
  assert.match(bad.problems[0].message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: \\w+`));
  const missing = loadSettingsFile(path.join(tmp, 'nope.json'));
  assert.deepEqual(missing.values, {});
  assert.match(missing.problems[0].message, /nope\.json does not exist/);
  const arr = path.join(tmp, 'arr.json');
  fs.writeFileSync(arr, '[1, 2]');
  assert.match(loadSettingsFile(arr).problems[0].message, /must hold one JSON object/);
});
