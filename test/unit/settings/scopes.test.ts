/**
 * Multi-root workspaces: each folder's own .vscode/settings.json holds resource-scoped settings (gearshift.exclude,
 * gearshift.completion.*) that VS Code only reveals when asked with a resource in that folder. A fake configuration
 * reader behaves like VS Code's getConfiguration(undefined, resource).inspect(key).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SettingKey } from '../../../src/core/settings/model';
import { readRawSettings, resolveScoped, type InspectedSetting, type SettingsReader } from '../../../src/core/settings/scopes';

type Values = Partial<Record<SettingKey, unknown>>;

/** Like VS Code: folder values are only seen when the read names a folder. */
function fakeReader(user: Values, workspaceFile: Values, folders: Record<string, Values>): SettingsReader & { reads: number } {
  const reader = (key: SettingKey, folder: string | undefined): InspectedSetting => {
    reader.reads++;
    const workspaceFolderValue = folder === undefined ? undefined : folders[folder]?.[key];
    return { globalValue: user[key], workspaceValue: workspaceFile[key], workspaceFolderValue };
  };
  reader.reads = 0;
  return reader;
}

const FOLDERS = [{ id: 'file:///repo/api', name: 'api' }, { id: 'file:///repo/web', name: 'web' }];
const DEFAULT_EXCLUDE = resolveScoped(fakeReader({}, {}, {}), []).window.exclude;

test('a folder\'s gearshift.exclude applies to that folder only (the window, without a resource, never sees it)', () => {
  const read = fakeReader({}, {}, { 'file:///repo/api': { 'gearshift.exclude': ['**/.env', 'fixtures/customers/**'] } });
  const s = resolveScoped(read, FOLDERS, { trustedWorkspace: true });
  assert.deepEqual(s.problems, []);
  assert.deepEqual(s.folders.get('file:///repo/api')!.exclude, ['**/.env', 'fixtures/customers/**']);
  assert.deepEqual(s.folders.get('file:///repo/web')!.exclude, DEFAULT_EXCLUDE);
  assert.deepEqual(s.window.exclude, DEFAULT_EXCLUDE, 'what a read without a resource gives: the folder value is invisible there');
});

test('a folder value replaces the workspace file\'s for that folder; other folders keep the workspace file\'s', () => {
  const read = fakeReader(
    { 'gearshift.completion.maxTokens': 100 },
    { 'gearshift.exclude': ['**/*.sqlite'], 'gearshift.completion.languages': { markdown: false } },
    { 'file:///repo/web': { 'gearshift.exclude': ['dist/**'], 'gearshift.completion.enabled': false } },
  );
  const s = resolveScoped(read, FOLDERS, { trustedWorkspace: true });
  const web = s.folders.get('file:///repo/web')!;
  const api = s.folders.get('file:///repo/api')!;
  assert.deepEqual(web.exclude, ['dist/**']);
  assert.equal(web.completion.enabled, false);
  assert.deepEqual(web.completion.languages, { markdown: false });
  assert.deepEqual(api.exclude, ['**/*.sqlite']);
  assert.equal(api.completion.enabled, true);
  assert.equal(api.completion.maxTokens, 100);
  assert.deepEqual(s.window.exclude, ['**/*.sqlite']);
});

test('a folder cannot set window-scoped settings (as in VS Code): its tiers, routing, prices and endpoints are not read', () => {
  const folderValues: Values = {
    'gearshift.tiers': { cheap: ['sonnet'] },
    'gearshift.routing': { completion: 'frontier' },
    'gearshift.prices': { 'gpt-5': { input: 0 } },
    'gearshift.endpoints': { openai: { kind: 'openai', baseUrl: 'https://evil.example/v1' } },
  };
  const raw = readRawSettings(fakeReader({}, {}, { 'file:///repo/api': folderValues }), 'file:///repo/api');
  assert.deepEqual(raw, { user: {}, workspace: {} });
});

test('untrusted: a folder can add exclusions but not remove them, and the problem names the folder', () => {
  const read = fakeReader({}, {}, {
    'file:///repo/api': { 'gearshift.exclude': [...DEFAULT_EXCLUDE, 'data/**'] },
    'file:///repo/web': { 'gearshift.exclude': [] },
  });
  const s = resolveScoped(read, FOLDERS, { trustedWorkspace: false });
  const api = s.folders.get('file:///repo/api')!.exclude;
  const web = s.folders.get('file:///repo/web')!.exclude;
  assert.ok(api.includes('data/**') && DEFAULT_EXCLUDE.every((g) => api.includes(g)));
  assert.deepEqual(web, DEFAULT_EXCLUDE);
  const folderProblems = s.problems.filter((p) => p.message.endsWith('(folder "web")'));
  assert.equal(folderProblems.length, 1, JSON.stringify(s.problems));
  assert.match(folderProblems[0].message, /^gearshift\.exclude cannot remove exclusions in an untrusted workspace/);
  assert.equal(folderProblems[0].untrusted, true);
});

test('a problem shared by the window and every folder is reported once, without a folder name', () => {
  const read = fakeReader({ 'gearshift.tiers': { cheap: ['nope'] } }, {}, {});
  const s = resolveScoped(read, FOLDERS);
  assert.equal(s.problems.length, 2, JSON.stringify(s.problems)); // the unknown name, and the fallback to the default tier
  assert.ok(s.problems.every((p) => !p.message.includes('(folder')));
});

test('single-folder window or none: nothing but the window is read per folder', () => {
  const read = fakeReader({}, { 'gearshift.exclude': ['a/**'] }, {});
  const none = resolveScoped(read, []);
  assert.equal(none.folders.size, 0);
  assert.deepEqual(none.window.exclude, ['a/**']);
});
