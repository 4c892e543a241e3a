/**
 * The BUILT bundles (`node esbuild.js`): what loads at activation is small and self-contained, and the heavy packages
 * (provider SDKs, tokenizer, price catalog) live in dist/vendor/*.js, are required only where first used, load in
 * plain Node, work, and ship in the VSIX.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeServer } from '../../fakes';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const DIST = path.join(REPO, 'dist');

/** dist/vendor/<file>.js → the packages it exports, keyed by package name (esbuild.js VENDOR). */
const VENDOR: Record<string, string[]> = {
  openai: ['openai'],
  anthropic: ['@anthropic-ai/sdk'],
  bedrock: ['@aws-sdk/client-bedrock-runtime', '@smithy/node-http-handler'],
  'gpt-tokenizer': ['gpt-tokenizer'],
  'genai-prices': ['@pydantic/genai-prices'],
  ajv: ['ajv/dist/2020'],
};
const VENDOR_FILES = Object.keys(VENDOR).map((f) => `./vendor/${f}.js`);
/**
 * What loads at activation: 1.25 MiB since issue 15 (1 MiB before) — the @-mention picker (fzf), the codebase index
 * (MiniSearch), rules, slash commands, commit messages and images added about 130 KiB of code that runs from the start.
 */
const ACTIVATION_BUDGET = 1.25 * 1024 * 1024;

function built(file: string): string {
  const p = path.join(DIST, file);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run 'node esbuild.js' before these tests.`);
  return p;
}

/** Every module a bundle requires, by the literal it passes. */
function requiresOf(file: string): Set<string> {
  return new Set([...fs.readFileSync(built(file), 'utf8').matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
}

const isBuiltin = (m: string) => m.startsWith('node:') || builtinModules.includes(m);

for (const [bundle, allowed] of [
  ['extension.js', ['vscode']],
  ['cli.js', []],
] as const) {
  const what = `${allowed.length ? 'vscode, ' : ''}Node built-ins and every vendor file`;
  test(`dist/${bundle} is at most 1.25 MiB and requires only ${what}`, () => {
    const size = fs.statSync(built(bundle)).size;
    assert.ok(size <= ACTIVATION_BUDGET, `dist/${bundle} is ${(size / 1024).toFixed(0)} KiB`);
    const required = [...requiresOf(bundle)];
    const strays = required.filter((m) => !isBuiltin(m) && !(allowed as readonly string[]).includes(m) && !VENDOR_FILES.includes(m));
    assert.deepEqual(strays, [], `dist/${bundle} requires modules that are not shipped next to it`);
    assert.deepEqual(required.filter((m) => m.startsWith('./vendor/')).sort(), [...VENDOR_FILES].sort());
  });
}

test('loading dist/extension.js evaluates none of the vendor files', () => {
  // vscode is stubbed and nothing is activated: this is the bundle's own top level, which VS Code evaluates first.
  const loaded = loadedAfterRequire(built('extension.js'));
  assert.deepEqual(loaded, [], 'vendor files evaluated by loading dist/extension.js');
});

/** Requires a bundle in a child Node with `vscode` stubbed; returns the vendor files that were evaluated. */
function loadedAfterRequire(bundle: string): string[] {
  const script = `
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest); };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: new Proxy({}, { get: () => class {} }) };
    require(${JSON.stringify(bundle)});
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('/vendor/'))));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
}

test("each vendor file loads in plain Node and gives its packages' working API", () => {
  const load = (file: string) => {
    const p = built(`vendor/${file}.js`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the built file is the point
    const mod = require(p) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(mod), VENDOR[file], `the packages exported by dist/vendor/${file}.js`);
    return mod;
  };
  const { openai } = load('openai');
  const OpenAI = openai.default as new (o: object) => { baseURL: string };
  assert.equal(new OpenAI({ apiKey: 'sk-x', baseURL: 'http://127.0.0.1:9/v1' }).baseURL, 'http://127.0.0.1:9/v1');
  const anthropic = load('anthropic')['@anthropic-ai/sdk'];
  const Anthropic = anthropic.default as new (o: object) => { baseURL: string };
  assert.equal(new Anthropic({ apiKey: 'sk-x', baseURL: 'http://127.0.0.1:9' }).baseURL, 'http://127.0.0.1:9');
  const bedrock = load('bedrock');
  assert.equal(typeof bedrock['@aws-sdk/client-bedrock-runtime'].ConverseStreamCommand, 'function');
  assert.equal(typeof bedrock['@smithy/node-http-handler'].NodeHttpHandler, 'function');
  const encode = load('gpt-tokenizer')['gpt-tokenizer'].encode as (t: string) => number[];
  assert.deepEqual(encode('hello world'), [24912, 2375], 'o200k tokens of "hello world"');
  const calcPrice = load('genai-prices')['@pydantic/genai-prices'].calcPrice as (
    u: object,
    m: string,
    o: object,
  ) => { total_price: number } | null;
  const Ajv = load('ajv')['ajv/dist/2020'].default as new (o: object) => { compile(s: object): (v: unknown) => boolean };
  assert.equal(new Ajv({ strict: false }).compile({ type: 'object', required: ['path'] })({}), false, 'a tool schema check');
  // gpt-5-mini: $0.25 per million input, $2 per million output.
  assert.equal(calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, 'gpt-5-mini', { providerId: 'openai' })?.total_price, 2.25);
});

test('the VSIX ships the extension bundle, the webviews and every vendor file, and no source maps', () => {
  built('extension.js');
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const f of [
    'dist/extension.js',
    ...VENDOR_FILES.map((v) => `dist/${v.slice(2)}`),
    'dist/webview/chat.js',
    'dist/webview/spend.js',
    'dist/webview/chat.css',
    'dist/webview/codicon.ttf',
  ]) {
    assert.ok(files.includes(f), `${f} is in the VSIX: ${files.join(', ')}`);
  }
  assert.deepEqual(
    files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('node_modules/')),
    [],
  );
});

// The CLI built from the same plugin, run from a copy of dist/ with no node_modules within reach: each provider's SDK,
// the tokenizer (the fake reports no usage, so tokens are counted) and the price catalog come from dist/vendor.
const fakes: FakeServer[] = [];
after(() => fakes.forEach((f) => f.close()));

function runCopiedCli(
  cli: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/API_KEY|^AWS_|^GEARSHIFT_/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: path.dirname(cli), env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

const CLI_CASES = [
  { kind: 'openai', start: startFakeOpenAI, baseUrl: (u: string) => `${u}/v1`, model: 'gpt-5-mini' },
  { kind: 'anthropic', start: startFakeAnthropic, baseUrl: (u: string) => u, model: 'claude-haiku-4-5' },
  { kind: 'bedrock', start: startFakeBedrock, baseUrl: (u: string) => u, model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' },
];

test('the built CLI, copied away from node_modules, chats through each SDK and prices with the catalog', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-dist-'));
  fs.cpSync(path.join(DIST, 'cli.js'), path.join(dir, 'cli.js'));
  fs.cpSync(path.join(DIST, 'vendor'), path.join(dir, 'vendor'), { recursive: true });
  for (const c of CLI_CASES) {
    const fake = await c.start();
    fakes.push(fake);
    fake.script({ chunks: ['hello ', 'from ', c.kind], fault: 'noUsage' });
    const settings = path.join(dir, `${c.kind}.json`);
    fs.writeFileSync(
      settings,
      JSON.stringify({
        'gearshift.endpoints': { v: { kind: c.kind, baseUrl: c.baseUrl(fake.url), ...(c.kind === 'bedrock' && { region: 'us-east-1' }) } },
        'gearshift.models': { m: { endpoint: 'v', model: c.model } },
        'gearshift.tiers': { cheap: ['m'], frontier: ['m'] },
      }),
    );
    const r = await runCopiedCli(
      path.join(dir, 'cli.js'),
      ['chat', 'hi', '--settings', settings, '--ledger-dir', path.join(dir, 'ledger')],
      {
        GEARSHIFT_V_API_KEY: 'sk-test-vendor',
        AWS_ACCESS_KEY_ID: FAKE_AWS_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: FAKE_AWS_CREDENTIALS.secretAccessKey,
      },
    );
    assert.equal(r.code, 0, `${c.kind}: ${r.stderr}`);
    assert.equal(r.stdout, `hello from ${c.kind}\n`);
    assert.equal(fake.requests.length, 1, `${c.kind}: one request reached the fake`);
    // Counted with the tokenizer (no usage reported) and priced from the catalog (no gearshift.prices).
    assert.match(r.stderr, /^cost: \$0\.0000\d\d on m, \d+ in \/ 4 out \(estimated\)$/m, c.kind);
  }
});
