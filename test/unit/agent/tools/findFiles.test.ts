import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentTools, FIND_FILES } from '../../../../src/core/agent/tools';
import type { AgentTool } from '../../../../src/core/agent/types';
import { context, deps, MemoryHost, type ToolCase } from './memoryHost';

function findTool(host: MemoryHost): AgentTool {
  return createAgentTools(deps(host)).find((t) => t.definition.name === FIND_FILES)!;
}

const files = {
  'src/b.ts': '',
  'src/a.ts': '',
  'src/deep/c.ts': '',
  'README.md': '',
  'docs/guide.md': '',
  '.env': 'X=1',
  'certs/server.key': 'k',
  'db/dump.sql': '',
  'node_modules/x/index.js': '',
};

const cases: ToolCase[] = [
  {
    name: 'a glob lists workspace-relative paths, sorted',
    input: { glob: 'src/**/*.ts' },
    outcome: 'ok',
    expect: /^3 file\(s\) match "src\/\*\*\/\*\.ts":\nsrc\/a\.ts\nsrc\/b\.ts\nsrc\/deep\/c\.ts$/,
  },
  {
    name: 'a glob without "/" matches at any depth',
    input: { glob: '*.md' },
    outcome: 'ok',
    expect: /searched as "\*\*\/\*\.md"[^]*README\.md\ndocs\/guide\.md/,
  },
  { name: 'secret files are never listed', input: { glob: '**/*' }, outcome: 'ok', expect: /README\.md/, absent: /\.env|server\.key/ },
  {
    name: 'gearshift.exclude files are never listed',
    input: { glob: '**/*' },
    outcome: 'ok',
    expect: /src\/a\.ts/,
    absent: /dump\.sql/,
    setup: (h) => (h.exclude = ['*.sql']),
  },
  {
    name: "the host's own exclusions apply",
    input: { glob: '**/*.js' },
    outcome: 'ok',
    expect: /No files match/,
    setup: (h) => (h.searchExclude = ['node_modules/**']),
  },
  {
    name: 'maxResults caps the list and says so',
    input: { glob: '**/*.ts', maxResults: 2 },
    outcome: 'ok',
    expect: /^2\+ file\(s\)[^]*src\/a\.ts\nsrc\/b\.ts\n\[Only the first 2/,
  },
  { name: 'no match says so', input: { glob: '**/*.rs' }, outcome: 'ok', expect: /^No files match "\*\*\/\*\.rs"/ },
  {
    name: 'an extended glob is a clear error naming the glob',
    input: { glob: '@(a|b)/*.ts' },
    outcome: 'toolError',
    expect: /The glob "@\(a\|b\)\/\*\.ts" uses an extended glob/,
  },
  {
    name: 'a glob with too many alternatives is an error naming it',
    input: { glob: '{a,b,c,d,e,f}{a,b,c,d,e,f}/x' },
    outcome: 'toolError',
    expect: /The glob "\{a,b,c,d,e,f\}\{a,b,c,d,e,f\}\/x" expands to more than/,
  },
  { name: 'an absolute glob is an error', input: { glob: '/etc/*' }, outcome: 'toolError', expect: /The glob "\/etc\/\*" is absolute/ },
  { name: 'a ".." glob is an error', input: { glob: '../**' }, outcome: 'toolError', expect: /contains "\.\."/ },
  { name: 'an empty glob is an error', input: { glob: ' ' }, outcome: 'toolError', expect: /"glob" must be a non-empty string/ },
];

for (const c of cases) {
  test(`find_files: ${c.name}`, async () => {
    const host = new MemoryHost(files);
    c.setup?.(host);
    const out = await findTool(host).run(c.input, context());
    assert.equal(out.outcome, c.outcome, out.content);
    assert.match(out.content, c.expect);
    if (c.absent) assert.doesNotMatch(out.content, c.absent);
  });
}

test('find_files does not list a link to a secret file', async () => {
  const host = new MemoryHost(files);
  host.links.set('/ws/proj/src/settings.ts', '/ws/proj/.env');
  const out = await findTool(host).run({ glob: 'src/*' }, context());
  assert.doesNotMatch(out.content, /settings\.ts/);
});
