import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { appendRecord } from '../../../src/core/cost/ledger';
import { DEFAULT_MODELS } from '../../../src/core/settings/defaults';
import { rec } from '../cost/records';
import { jsonLines, runCli, tmpDir, writeFile, type CliRun } from './run';

const COMPLETION = JSON.stringify({ id: 'p', task: 'completion', messages: [] });
const CHAT = JSON.stringify({ id: 'c', messages: [{ role: 'user', content: 'hi' }] });
/** A request the classifier sends to frontier: only a task route to cheap keeps it cheap. */
const HARD_CHAT = JSON.stringify({
  id: 'h',
  messages: [{ role: 'user', content: 'why does this deadlock only under load in production?\n\n```go\nmu.RLock()\ndefer mu.RUnlock()\n```' }],
});
const NOTE = new RegExp(
  String.raw`^note: \.vscode/settings\.json comes with this folder and is not trusted, so \(as in VS Code's Restricted Mode\) ` +
    String.raw`these settings from it are ignored: (.+)\. ` +
    String.raw`If you trust this repository, add --trust \(or pass the file with --settings\)\.$`,
  'm',
);

/** The settings the Restricted Mode note names (none when there is no note); also checks there is at most one note. */
function ignored(r: CliRun): string[] {
  assert.ok(r.stderr.split('\n').filter((l) => l.startsWith('note: .vscode')).length <= 1, `one note at most:\n${r.stderr}`);
  return NOTE.exec(r.stderr)?.[1].split(', ') ?? [];
}

/** A ledger with one priced call, for replay. */
function smallLedger(): string {
  const dir = path.join(tmpDir(), 'ledger');
  appendRecord(dir, rec({ time: '2026-11-05T12:00:00.000Z', usage: { input: 100_000, output: 10_000 } }));
  return dir;
}

interface RestrictedCase {
  name: string;
  /** The repository's .vscode/settings.json. */
  workspace: Record<string, unknown>;
  /** Settings the note must name (empty: no note at all). */
  ignored: RegExp[];
  /** What the user notices, untrusted and then with --trust. */
  probe?: (cwd: string, trust: boolean) => Promise<void>;
}

const zeroPrices = Object.fromEntries(Object.keys(DEFAULT_MODELS).map((n) => [n, { input: 0, output: 0 }]));

const CASES: RestrictedCase[] = [
  {
    name: 'prices: a repository cannot price the frontier model at $0',
    workspace: { 'gearshift.prices': zeroPrices },
    ignored: [/^gearshift\.prices$/],
    probe: async (cwd, trust) => {
      const r = await runCli(['replay', '--ledger', smallLedger(), '--json', ...(trust ? ['--trust'] : [])], { cwd });
      assert.equal(r.code, 0, r.stderr);
      const usd = (JSON.parse(r.stdout) as { allFrontier: { usd: number } }).allFrontier.usd;
      if (trust) assert.equal(usd, 0);
      else assert.ok(usd > 0, `all-frontier is priced from the catalog: ${usd}`);
    },
  },
  {
    name: 'exclusions: a repository cannot remove them (secrets/ stays home)',
    workspace: { 'gearshift.exclude': [] },
    ignored: [/^gearshift\.exclude$/],
    probe: async (cwd, trust) => {
      writeFile(cwd, 'secrets/db.txt', 'TOKEN=never-sent');
      const args = ['chat', 'explain', '--attach', 'secrets/db.txt', '--available', 'openai', ...(trust ? ['--trust'] : [])];
      const r = await runCli(args, { cwd });
      assert.equal(r.code, 1, 'no key for openai');
      const excluded = /^note: .*db\.txt is excluded by gearshift\.exclude and was not sent$/m;
      if (trust) assert.doesNotMatch(r.stderr, excluded);
      else assert.match(r.stderr, excluded);
    },
  },
  {
    name: 'budgets: a repository cannot lift the limit (0 = none)',
    workspace: { 'gearshift.budget': { dailyUsd: 0 } },
    ignored: [/^gearshift\.budget\.dailyUsd$/],
  },
  {
    name: 'budgets: a repository may make the budget stricter, untrusted too',
    workspace: { 'gearshift.budget': { dailyUsd: 1, onExceed: 'block' } },
    ignored: [],
    probe: async (cwd) => {
      const ledger = path.join(tmpDir(), 'ledger');
      appendRecord(ledger, rec({ time: new Date().toISOString(), costUsd: 5 }));
      const env = { GEARSHIFT_LEDGER_DIR: ledger, OPENAI_API_KEY: 'sk-never-used' };
      const r = await runCli(['chat', 'hi', '--available', 'openai'], { cwd, env });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: Gearshift's daily budget of \$1 is used up \(500%\), so this request was not sent/m);
    },
  },
  {
    name: 'routing chat to cheap is the workspace\'s to choose (it lowers spend)',
    workspace: { 'gearshift.routing': { chat: 'cheap' } },
    ignored: [],
    probe: async (cwd) => {
      const r = await runCli(['route'], { cwd, input: HARD_CHAT });
      assert.equal(jsonLines(r.stdout)[0].tier, 'cheap');
    },
  },
  {
    name: 'routing chat to frontier: a repository cannot raise spend',
    workspace: { 'gearshift.routing': { chat: 'frontier' } },
    ignored: [/^gearshift\.routing\.chat$/],
    probe: async (cwd) => {
      const r = await runCli(['route'], { cwd, input: CHAT });
      assert.equal(jsonLines(r.stdout)[0].tier, 'cheap');
    },
  },
  {
    name: 'model ids: a repository cannot swap a model for a dearer one',
    workspace: { 'gearshift.models': { ...DEFAULT_MODELS, mini: { endpoint: 'openai', model: 'o1-pro' } } },
    ignored: [/^gearshift\.models\.mini/],
  },
  {
    name: 'completion routing: a repository cannot send completions to frontier',
    workspace: { 'gearshift.routing': { completion: 'frontier' } },
    ignored: [/^gearshift\.routing/],
    probe: async (cwd, trust) => {
      const r = await runCli(['route', ...(trust ? ['--trust'] : [])], { cwd, input: COMPLETION });
      assert.equal(jsonLines(r.stdout)[0].tier, trust ? 'frontier' : 'cheap');
    },
  },
  {
    name: 'completion.maxTokens: a repository cannot raise it',
    workspace: { 'gearshift.completion.maxTokens': 4096 },
    ignored: [/^gearshift\.completion\.maxTokens$/],
  },
  {
    name: 'completion.debounceMs: a repository cannot set 0',
    workspace: { 'gearshift.completion.debounceMs': 0 },
    ignored: [/^gearshift\.completion\.debounceMs$/],
  },
];

for (const c of CASES) {
  test(`untrusted .vscode/settings.json — ${c.name}`, async () => {
    const cwd = tmpDir();
    writeFile(cwd, '.vscode/settings.json', JSON.stringify(c.workspace));
    const untrusted = await runCli(['route'], { cwd, input: COMPLETION });
    assert.equal(untrusted.code, 0, untrusted.stderr);
    const names = ignored(untrusted);
    assert.equal(names.length, c.ignored.length, `named: ${names.join(', ') || 'nothing'}`);
    for (const re of c.ignored) assert.ok(names.some((n) => re.test(n)), `${re} in ${names.join(', ')}`);
    const trusted = await runCli(['route', '--trust'], { cwd, input: COMPLETION });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.deepEqual(ignored(trusted), [], '--trust: nothing is ignored');
    await c.probe?.(cwd, false);
    await c.probe?.(cwd, true);
  });
}

test('one note for everything ignored; --settings with the same file is trusted', async () => {
  const cwd = tmpDir();
  const ws = {
    'gearshift.prices': zeroPrices,
    'gearshift.exclude': ['**/*.log'],
    'gearshift.budget': { dailyUsd: 0 },
    'gearshift.routing': { chat: 'cheap' },
  };
  const file = writeFile(cwd, '.vscode/settings.json', JSON.stringify(ws));
  const r = await runCli(['route'], { cwd, input: CHAT });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ignored(r).sort(), ['gearshift.budget.dailyUsd', 'gearshift.exclude', 'gearshift.prices']);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `only the note:\n${r.stderr}`);
  assert.equal(jsonLines(r.stdout)[0].tier, 'cheap', 'what a workspace may set still applies');

  const explicit = await runCli(['replay', '--ledger', smallLedger(), '--settings', file, '--json'], { cwd });
  assert.equal(explicit.code, 0, explicit.stderr);
  assert.equal(explicit.stderr, '');
  assert.equal((JSON.parse(explicit.stdout) as { allFrontier: { usd: number } }).allFrontier.usd, 0, 'your file, your prices');
});

interface FileCase {
  name: string;
  content: string | Buffer;
  code: number;
  /** The whole of stderr (the file's path written as FILE). */
  stderr: RegExp;
  /** The chat tier routed with the file (exit 0 cases). */
  tier?: string;
  /** The request routed (default: an easy one). */
  input?: string;
}

const EMPTY = /^note: settings file FILE is empty; no settings are read from it\.\n$/;
const INVALID = String.raw`^gearshift route: settings file FILE has invalid JSON at`;
const FILE_CASES: FileCase[] = [
  { name: 'empty', content: '', code: 0, stderr: EMPTY, tier: 'cheap' },
  { name: 'only a comment', content: '// nothing yet\n', code: 0, stderr: EMPTY, tier: 'cheap' },
  {
    name: 'UTF-8 byte-order mark',
    content: '\uFEFF{ "gearshift.routing": { "chat": "cheap" } }',
    code: 0,
    stderr: /^$/,
    tier: 'cheap',
    input: HARD_CHAT,
  },
  {
    name: 'truncated',
    content: '{\n  "gearshift.routing": {\n    "chat": "frontier"\n',
    code: 1,
    stderr: new RegExp(
      INVALID + String.raw` line 3, column 23: expected '}' \(the file ends before its JSON does: is it cut off\?\) ` +
        String.raw`\(1 more error after it\)\. Fix the JSON there\.\n$`,
    ),
  },
  {
    name: 'a missing comma',
    content: '{\n  "gearshift.routing": { "chat": "frontier" }\n  "gearshift.exclude": []\n}\n',
    code: 1,
    stderr: new RegExp(INVALID + String.raw` line 3, column 3: expected ','\. Fix the JSON there\.\n$`),
  },
  {
    name: 'binary garbage',
    content: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    code: 1,
    stderr: /^gearshift route: settings file FILE holds binary data, not JSON text\. .*\n$/,
  },
  {
    name: 'Latin-1 bytes',
    content: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
    code: 1,
    stderr: /^gearshift route: settings file FILE holds binary data/,
  },
  {
    name: 'a shell script (many errors, one line)',
    content: `#!/bin/sh\n${'echo "$((1 + 1))" ; ls -la /tmp\n'.repeat(78)}`,
    code: 1,
    stderr: new RegExp(INVALID + String.raw` line 1, column 1: unexpected character \(\d+ more errors after it\)\. Fix the JSON there\.`),
  },
  {
    name: 'a JSON array',
    content: '[1, 2]',
    code: 1,
    stderr: /^gearshift route: FILE must hold one JSON object like \{ "gearshift\.models": \{ … \} \}\.\n$/,
  },
];

test('settings files: empty and BOM are fine; truncated, broken or binary files stop with one line naming file and line', async () => {
  for (const c of FILE_CASES) {
    const dir = tmpDir();
    const file = writeFile(dir, 's.json', c.content);
    for (const [args, shown] of [[['--settings', file], file], [[], '.vscode/settings.json']] as const) {
      if (args.length === 0) writeFile(dir, '.vscode/settings.json', c.content);
      const r = await runCli(['route', ...args], { cwd: dir, input: c.input ?? CHAT });
      const expected = new RegExp(c.stderr.source.replace(/FILE/g, shown.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
      assert.equal(r.code, c.code, `${c.name} (${shown}): ${r.stderr}`);
      assert.match(r.stderr, expected, `${c.name} (${shown})`);
      if (c.tier) assert.equal(jsonLines(r.stdout)[0].tier, c.tier, c.name);
      else assert.equal(r.stdout, '', c.name);
    }
  }
});
