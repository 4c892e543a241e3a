import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentTools, GET_PROBLEMS, WORKSPACE_SYMBOLS } from '../../../../src/core/agent/tools';
import type { AgentTool } from '../../../../src/core/agent/types';
import { context, deps, MemoryHost } from './memoryHost';

function tool(host: MemoryHost, name: string): AgentTool {
  return createAgentTools(deps(host)).find((t) => t.definition.name === name)!;
}

function hostWithSymbols(): MemoryHost {
  const host = new MemoryHost({ 'src/config.ts': '', 'src/app.ts': '', 'secrets.yaml': '' });
  host.exclude = ['generated/**'];
  host.symbolList = [
    { name: 'parseConfig', kind: 'function', path: '/ws/proj/src/config.ts', line: 12 },
    { name: 'ConfigParser', kind: 'class', containerName: 'config', path: '/ws/proj/src/config.ts', line: 3 },
    { name: 'parseConfigSecret', kind: 'variable', path: '/ws/proj/secrets.yaml', line: 1 },
    { name: 'parseConfigGen', kind: 'function', path: '/ws/proj/generated/api.ts', line: 1 },
    { name: 'parseConfigLib', kind: 'function', path: '/usr/lib/node/x.d.ts', line: 1 },
  ];
  host.problemList = [
    {
      path: '/ws/proj/src/app.ts',
      line: 4,
      column: 2,
      severity: 'warning',
      message: "'x' is unused.",
      source: 'eslint',
      code: 'no-unused-vars',
    },
    { path: '/ws/proj/src/config.ts', line: 9, column: 5, severity: 'error', message: "Cannot find name 'y'.", source: 'ts', code: '2304' },
    { path: '/ws/proj/src/app.ts', line: 1, column: 1, severity: 'error', message: 'Missing\n  semicolon.' },
    { path: '/ws/proj/secrets.yaml', line: 1, column: 1, severity: 'error', message: 'password: hunter2' },
    { path: '/ws/proj/generated/api.ts', line: 1, column: 1, severity: 'error', message: 'generated' },
  ];
  return host;
}

test('workspace_symbols lists matching symbols in workspace files, leaving out secret, excluded and outside files', async () => {
  const out = await tool(hostWithSymbols(), WORKSPACE_SYMBOLS).run({ query: 'parseconfig' }, context());
  assert.equal(out.outcome, 'ok');
  assert.equal(out.content, '1 symbol(s) match "parseconfig":\nfunction parseConfig src/config.ts:12');
  const cls = await tool(hostWithSymbols(), WORKSPACE_SYMBOLS).run({ query: 'Parser' }, context());
  assert.match(cls.content, /class ConfigParser \(in config\) src\/config\.ts:3/);
});

test('workspace_symbols: no match suggests search_text; an empty query is an error', async () => {
  const none = await tool(hostWithSymbols(), WORKSPACE_SYMBOLS).run({ query: 'zzz' }, context());
  assert.match(none.content, /No symbols match "zzz"[^]*search_text/);
  const empty = await tool(hostWithSymbols(), WORKSPACE_SYMBOLS).run({ query: '' }, context());
  assert.equal(empty.outcome, 'toolError');
});

test('get_problems for the workspace: errors first, counts, sources, secret and excluded files left out', async () => {
  const out = await tool(hostWithSymbols(), GET_PROBLEMS).run({}, context());
  assert.equal(out.outcome, 'ok');
  assert.equal(
    out.content,
    [
      'Problems in the workspace: 2 errors, 1 warning.',
      'src/app.ts:1:1 error Missing semicolon.',
      "src/config.ts:9:5 error [ts 2304] Cannot find name 'y'.",
      "src/app.ts:4:2 warning [eslint no-unused-vars] 'x' is unused.",
    ].join('\n'),
  );
});

test('get_problems for one file', async () => {
  const out = await tool(hostWithSymbols(), GET_PROBLEMS).run({ path: 'src/config.ts' }, context());
  assert.equal(out.content, "Problems in src/config.ts: 1 error.\nsrc/config.ts:9:5 error [ts 2304] Cannot find name 'y'.");
  const clean = await tool(new MemoryHost({ 'a.ts': '' }), GET_PROBLEMS).run({ path: 'a.ts' }, context());
  assert.equal(clean.content, 'No problems in a.ts.');
});

test('get_problems refuses a secret file and a path outside', async () => {
  const secret = await tool(hostWithSymbols(), GET_PROBLEMS).run({ path: 'secrets.yaml' }, context());
  assert.equal(secret.outcome, 'refused');
  assert.match(secret.content, /"secrets\.\*"/);
  assert.doesNotMatch(secret.content, /hunter2/);
  const outside = await tool(hostWithSymbols(), GET_PROBLEMS).run({ path: '../x.ts' }, context());
  assert.equal(outside.outcome, 'refused');
});
