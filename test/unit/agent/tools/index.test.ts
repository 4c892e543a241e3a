import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentTools } from '../../../../src/core/agent/tools';
import { TOOL_NAME } from '../../../../src/core/toolCalls';
import { context, deps, MemoryHost } from './memoryHost';

const ALL = ['read_file', 'find_files', 'search_text', 'workspace_symbols', 'get_problems', 'propose_edits', 'run_command'];

test('a trusted workspace gets every tool; names are valid for every provider; schemas are object schemas', () => {
  const tools = createAgentTools(deps(new MemoryHost()));
  assert.deepEqual(
    tools.map((t) => t.definition.name),
    ALL,
  );
  for (const t of tools) {
    assert.match(t.definition.name, TOOL_NAME);
    assert.equal(t.definition.inputSchema.type, 'object', t.definition.name);
    assert.ok(t.definition.description.length > 80, `${t.definition.name} has a description models can use`);
  }
  assert.deepEqual(
    tools.filter((t) => !t.readOnly).map((t) => t.definition.name),
    ['propose_edits', 'run_command'],
  );
});

test('Restricted Mode offers only the read-only tools', () => {
  const tools = createAgentTools(deps(new MemoryHost(), { trusted: false }));
  assert.deepEqual(
    tools.map((t) => t.definition.name),
    ['read_file', 'find_files', 'search_text', 'workspace_symbols', 'get_problems'],
  );
  assert.ok(tools.every((t) => t.readOnly));
});

test('with no folder open the tools say so instead of failing', async () => {
  const host = new MemoryHost({}, []);
  const tools = createAgentTools(deps(host));
  const byName = (n: string) => tools.find((t) => t.definition.name === n)!;
  assert.match((await byName('read_file').run({ path: 'a.ts' }, context())).content, /No workspace folder is open/);
  assert.match((await byName('find_files').run({ glob: '**/*' }, context())).content, /No workspace folder is open/);
  assert.match((await byName('search_text').run({ query: 'x' }, context())).content, /No workspace folder is open/);
});

test('a host that throws becomes a toolError naming the tool, never a rejection', async () => {
  const host = new MemoryHost({ 'a.ts': 'x' });
  host.readFile = () => Promise.reject(new Error('EACCES: permission denied'));
  const read = createAgentTools(deps(host)).find((t) => t.definition.name === 'read_file')!;
  const out = await read.run({ path: 'a.ts' }, context());
  assert.equal(out.outcome, 'toolError');
  assert.equal(out.content, 'read_file failed: EACCES: permission denied');
});
