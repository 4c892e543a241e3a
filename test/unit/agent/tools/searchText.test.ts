import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../../props/seed';
import { createAgentTools, SEARCH_TEXT } from '../../../../src/core/agent/tools';
import { SEARCH_LIMITS, type SearchOptions } from '../../../../src/core/agent/tools/searchText';
import type { AgentTool, ToolOutput } from '../../../../src/core/agent/types';
import { documentArb } from '../../props/arbitraries';
import { context, deps, MemoryHost, type ToolCase } from './memoryHost';

function searchTool(host: MemoryHost, search?: SearchOptions): AgentTool {
  return createAgentTools({ ...deps(host), search }).find((t) => t.definition.name === SEARCH_TEXT)!;
}

/** CPU milliseconds `run` used (this process's, while awaiting: nothing else runs in a unit test). */
async function timed(run: () => Promise<ToolOutput>): Promise<{ out: ToolOutput; ms: number }> {
  const c0 = process.cpuUsage();
  const out = await run();
  const c = process.cpuUsage(c0);
  return { out, ms: (c.user + c.system) / 1000 };
}

const files = {
  'src/app.ts': 'import { parse } from "./parse";\nconst Parsed = parse(input);\n',
  'src/parse.ts': 'export function parse(s: string) {\r\n  return s;\r\n}\r\n',
  'docs/notes.md': 'We parse things.\n',
  '.env': 'PARSE_KEY=1\n',
  'private/plan.txt': 'parse the secret plan\n',
  'src/keys.ts': 'const k = "AKIAIOSFODNN7EXAMPLE"; // parse\n',
};

const cases: ToolCase[] = [
  {
    name: 'a literal query finds lines case-insensitively, "path:line: text"',
    input: { query: 'PARSE(' },
    outcome: 'ok',
    expect:
      /^2 matching line\(s\) in 2 file\(s\)[^\n]*\nsrc\/app\.ts:2: const Parsed = parse\(input\);\nsrc\/parse\.ts:1: export function parse/,
  },
  {
    name: 'caseSensitive narrows',
    input: { query: 'Parse', caseSensitive: true },
    outcome: 'ok',
    expect: /^1 matching[^]*src\/app\.ts:2:/,
  },
  {
    name: 'a regular expression',
    input: { query: '^export\\s+function\\s+\\w+', isRegex: true },
    outcome: 'ok',
    expect: /src\/parse\.ts:1: export function parse\(s: string\) \{$/m,
  },
  {
    name: 'JavaScript named groups are accepted',
    input: { query: '(?<fn>parse)\\(', isRegex: true },
    outcome: 'ok',
    expect: /src\/app\.ts:2/,
  },
  {
    name: 'include narrows to a glob',
    input: { query: 'parse', include: '*.md' },
    outcome: 'ok',
    expect: /^1 matching[^]*docs\/notes\.md:1:/,
  },
  {
    name: 'secret and excluded files are never searched',
    input: { query: 'parse' },
    outcome: 'ok',
    expect: /src\/app\.ts/,
    absent: /\.env|PARSE_KEY|plan\.txt|secret plan/,
    setup: (h) => (h.exclude = ['private/**']),
  },
  {
    name: 'secrets in matching lines are redacted',
    input: { query: 'const k' },
    outcome: 'ok',
    expect: /src\/keys\.ts:1: const k = "«redacted:/,
    absent: /AKIAIOSFODNN7EXAMPLE/,
  },
  {
    name: 'no match says how many files were searched',
    input: { query: 'zzz' },
    outcome: 'ok',
    expect: /No lines match the text "zzz" \(\d+ file/,
  },
  {
    name: 'an invalid regex is a clear error',
    input: { query: '(unclosed', isRegex: true },
    outcome: 'toolError',
    expect: /The regular expression "\(unclosed" is invalid: missing closing \)/,
  },
  {
    name: 'a lookahead is refused with the reason',
    input: { query: 'a(?=b)', isRegex: true },
    outcome: 'toolError',
    expect: /invalid[^]*lookarounds and backreferences are not supported/,
  },
  {
    name: 'a regex too large to compile cheaply is refused',
    input: { query: '[a-z]{1,1000}[a-z]{1,1000}[a-z]{1,1000}[a-z]{1,1000}[a-z]{1,1000}[a-z]{1,1000}', isRegex: true },
    outcome: 'toolError',
    expect: /too complex/,
  },
  {
    name: 'a bad include glob names it',
    input: { query: 'x', include: '+(a)' },
    outcome: 'toolError',
    expect: /The include glob "\+\(a\)"/,
  },
  { name: 'an empty query is an error', input: { query: '' }, outcome: 'toolError', expect: /"query" must be a non-empty string/ },
];

for (const c of cases) {
  test(`search_text: ${c.name}`, async () => {
    const host = new MemoryHost(files);
    c.setup?.(host);
    const out = await searchTool(host).run(c.input, context());
    assert.equal(out.outcome, c.outcome, out.content);
    assert.match(out.content, c.expect);
    if (c.absent) assert.doesNotMatch(out.content, c.absent);
  });
}

test('search_text skips files over 1 MiB and binary files, and says so', async () => {
  const host = new MemoryHost({
    'huge.log': 'needle\n'.repeat(200_000),
    'img.png': '\u0089PNG\u0000needle',
    'small.txt': 'a needle here',
  });
  const out = await searchTool(host).run({ query: 'needle' }, context());
  assert.match(out.content, /^1 matching line\(s\)[^]*small\.txt:1: a needle here/);
  assert.match(out.content, /1 file\(s\) over 1 MiB were skipped/);
  assert.match(out.content, /1 binary file\(s\) were skipped/);
});

test('search_text stops at the match cap and the per-file cap, and says so', async () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 20; i++) many[`f${String(i).padStart(2, '0')}.txt`] = 'hit\n'.repeat(50);
  const out = await searchTool(new MemoryHost(many)).run({ query: 'hit' }, context());
  const hits = out.content.split('\n').filter((l) => /^f\d+\.txt:\d+: hit$/.test(l));
  assert.equal(hits.length, SEARCH_LIMITS.matches);
  assert.equal(hits.filter((l) => l.startsWith('f00.txt:')).length, SEARCH_LIMITS.perFile);
  assert.match(out.content, /Stopped at 200 matches/);
  assert.match(out.content, /more than 30 matching lines/);
});

test('search_text stops at its time budget and says so', async () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 50; i++) many[`f${i}.txt`] = 'line\n'.repeat(1000);
  let clock = 0;
  const out = await searchTool(new MemoryHost(many), { budgetMs: 100, now: () => (clock += 1) }).run({ query: 'zzz' }, context());
  assert.match(out.content, /Stopped after 0\.1 s/);
});

test('search_text honours an aborted signal', async () => {
  const c = new AbortController();
  c.abort();
  const out = await searchTool(new MemoryHost(files)).run({ query: 'parse' }, context(undefined, c.signal));
  assert.match(out.content, /Stopped before the search finished/);
});

test('search_text does not search a link to a secret file', async () => {
  const host = new MemoryHost(files);
  host.links.set('/ws/proj/src/env.txt', '/ws/proj/.env');
  const out = await searchTool(host).run({ query: 'PARSE_KEY' }, context());
  assert.doesNotMatch(out.content, /PARSE_KEY=1/);
});

const CATASTROPHIC = ['(a+)+$', '(x+x+)+y', '(a|aa)*c', '([a-z]+)*@', '(.*a){20}b', '^(\\w+\\s?)*$', '(a*)*b', '(?:a|a?)+b'];

test('catastrophic regular expressions on long hostile lines return promptly', async () => {
  const line = 'a'.repeat(20_000);
  const host = new MemoryHost({ 'a.txt': `${line}\n`.repeat(40), 'w.txt': `${'word '.repeat(4000)}!\n`.repeat(40) });
  for (const query of CATASTROPHIC) {
    const { out, ms } = await timed(() => searchTool(host).run({ query, isRegex: true }, context()));
    assert.ok(out.outcome === 'ok' || out.outcome === 'toolError', `${query}: ${out.content}`);
    assert.ok(ms < 2000, `${query} took ${ms.toFixed(0)} ms of CPU`);
  }
});

const queryArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CATASTROPHIC) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'ab()[]{}*+?|.^$\\-,0123456789wsd:<>=!'.split('')), maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 2000 }) },
);

test('property: any query on any text returns within a bound and never throws', async () => {
  await fc.assert(
    fc.asyncProperty(
      queryArb,
      fc.boolean(),
      fc.boolean(),
      documentArb(200),
      fc.nat({ max: 3 }),
      async (query, isRegex, caseSensitive, doc, repeat) => {
        const text = doc.repeat(1 + repeat * 50);
        const host = new MemoryHost({ 'doc.txt': text, 'long.txt': 'a'.repeat(50_000) });
        const { out, ms } = await timed(() => searchTool(host).run({ query, isRegex, caseSensitive }, context()));
        assert.ok(out.outcome === 'ok' || out.outcome === 'toolError', out.content);
        assert.equal(typeof out.content, 'string');
        assert.ok(ms < 2000, `${JSON.stringify(query)} took ${ms.toFixed(0)} ms of CPU`);
      },
    ),
    { numRuns: 150 },
  );
});

test('search_text lets the event loop run while it scans (no long stall of the extension host)', async () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 400; i++) many[`src/f${i}.ts`] = 'const value = compute(alpha, beta);\n'.repeat(300);
  many['big/a.txt'] = `${'a'.repeat(4000)}\n`.repeat(200);
  const tool = searchTool(new MemoryHost(many));
  const slices: number[] = [];
  let last = process.cpuUsage();
  let running = true;
  const tick = (): void => {
    const c = process.cpuUsage(last);
    slices.push((c.user + c.system) / 1000);
    last = process.cpuUsage();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const out = await tool.run({ query: '(x+x+)+y', isRegex: true }, context());
  running = false;
  assert.equal(out.outcome, 'ok');
  assert.ok(slices.length > 5, `the event loop ran ${slices.length} times during the search`);
  // CPU between two turns of the loop (the slice is 15 ms; a slow machine or GC may add some).
  assert.ok(Math.max(...slices) < 250, `longest slice ${Math.max(...slices).toFixed(0)} ms of CPU`);
});
