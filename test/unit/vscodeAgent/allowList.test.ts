import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { WorkspaceCommandAllowList } from '../../../src/vscode/agent/allowList';

function memento(initial: Record<string, unknown> = {}): vscode.Memento {
  const data = new Map(Object.entries(initial));
  return {
    keys: () => [...data.keys()],
    get: <T>(key: string, fallback?: T) => (data.has(key) ? (data.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      if (value === undefined) data.delete(key);
      else data.set(key, value);
      return Promise.resolve();
    },
  } as vscode.Memento;
}

test('always-allowed commands are kept in workspace state, once each, and can be cleared', async () => {
  const list = new WorkspaceCommandAllowList(memento());
  assert.deepEqual(list.get(), []);
  await list.add('npm test');
  await list.add('node check.js');
  await list.add('npm test');
  assert.deepEqual(list.get(), ['node check.js', 'npm test']);
  await list.clear();
  assert.deepEqual(list.get(), []);
});

test('a damaged stored value reads as no allowed commands (never as "allow everything")', () => {
  assert.deepEqual(new WorkspaceCommandAllowList(memento({ 'gearshift.agent.alwaysAllowedCommands': '*' })).get(), []);
  assert.deepEqual(new WorkspaceCommandAllowList(memento({ 'gearshift.agent.alwaysAllowedCommands': ['ls', 3, null] })).get(), ['ls']);
});
