import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings } from '../../../src/core/settings/resolve';
import { defaultSettings } from '../../../src/core/settings/defaults';

const models = {
  mini: { endpoint: 'openai', model: 'gpt-5-mini' },
  sonnet: { endpoint: 'anthropic', model: 'claude-sonnet-5' },
};

const messages = (r: ReturnType<typeof resolveSettings>): string[] => r.problems.map((p) => p.message);

test('no settings: the defaults, and no problems', () => {
  const r = resolveSettings({});
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.settings, defaultSettings());
  assert.equal(r.settings.endpoints.ollama.baseUrl, 'http://127.0.0.1:11434/v1');
  assert.equal(r.settings.routing.chat, 'auto');
});

test('the example from the issue resolves cleanly, user and workspace merged', () => {
  const r = resolveSettings({
    user: {
      'gearshift.endpoints': { 'my-vllm': { kind: 'openai', baseUrl: 'http://gpu-box:8000/v1', requiresKey: false } },
      'gearshift.models': { ...models, vllm: { endpoint: 'my-vllm', model: 'Qwen/Qwen2.5-Coder-32B' } },
      'gearshift.budget': { dailyUsd: 5, monthlyUsd: 60, onExceed: 'downgrade' },
      'editor.fontSize': 14,
    },
    workspace: {
      'gearshift.tiers': { cheap: ['mini', 'vllm'], frontier: ['sonnet'] },
      'gearshift.rules': [{ when: { languages: ['rust'], task: 'chat' }, tier: 'frontier' }],
      'gearshift.routing': { commitMessage: 'frontier' },
    },
  });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.settings.tiers, { cheap: ['mini', 'vllm'], frontier: ['sonnet'] });
  assert.equal(r.settings.endpoints['my-vllm'].baseUrl, 'http://gpu-box:8000/v1');
  assert.deepEqual(r.settings.routing, {
    completion: 'cheap',
    chat: 'auto',
    commitMessage: 'frontier',
    agent: 'auto',
    preference: 'balanced',
    commands: { explain: 'auto', fix: 'frontier', tests: 'frontier', doc: 'cheap', new: 'frontier' },
  });
  assert.deepEqual(r.settings.rules, [{ when: { languages: ['rust'], tasks: ['chat'] }, tier: 'frontier', origin: 'workspace', index: 1 }]);
  assert.deepEqual(r.settings.budget, { dailyUsd: 5, monthlyUsd: 60, onExceed: 'downgrade' });
});

test('unknown model in a tier: named, with the known ones and the fix; the rest of the tier stays', () => {
  const r = resolveSettings({ user: { 'gearshift.models': models, 'gearshift.tiers': { cheap: ['mni', 'mini'] } } });
  assert.equal(r.problems.length, 1);
  assert.match(
    r.problems[0].message,
    new RegExp(
      [
        String.raw`^gearshift\.tiers\.cheap names model 'mni', which is not in gearshift\.models\. `,
        String.raw`Known: .*\bmini\b.*\bsonnet\b.*\. Fix the name or add the model\.$`,
      ].join(''),
    ),
  );
  assert.deepEqual(r.settings.tiers.cheap, ['mini']);
  assert.deepEqual(r.settings.tiers.frontier, defaultSettings().tiers.frontier);
});

test('an empty (or all-unknown) tier falls back to the default tier with a message', () => {
  const r = resolveSettings({ workspace: { 'gearshift.tiers': { frontier: [] } } });
  assert.match(messages(r).join('\n'), /gearshift\.tiers\.frontier has no usable model, so the default frontier tier is used/);
  assert.equal(r.problems[0].level, 'workspace');
  assert.deepEqual(r.settings.tiers.frontier, defaultSettings().tiers.frontier);
});

test('a model on an unknown endpoint is dropped and named; a broken override of a default restores it', () => {
  const r = resolveSettings({
    user: { 'gearshift.models': { x: { endpoint: 'my-vlm', model: 'm' }, sonnet: { endpoint: 'antropic', model: 'claude' } } },
  });
  const text = messages(r).join('\n');
  assert.match(
    text,
    new RegExp(
      [
        String.raw`gearshift\.models\.x uses endpoint "my-vlm", which is not defined\. Known: `,
        String.raw`openai, anthropic, bedrock, ollama\. Fix the name or add the endpoint`,
      ].join(''),
    ),
  );
  assert.equal(r.settings.models.x, undefined);
  assert.equal(r.settings.models.sonnet.endpoint, 'anthropic');
});

test('bad enums, wrong types, negative and huge numbers, malformed rules: each reported, each part defaulted', () => {
  const r = resolveSettings({
    user: {
      'gearshift.routing': { completion: 'auto', chat: 'smart' },
      'gearshift.budget': { dailyUsd: -3, monthlyUsd: 1e12, onExceed: 'explode' },
      'gearshift.completion.debounceMs': '150',
      'gearshift.completion.maxTokens': 1e9,
      'gearshift.timeouts': { connectMs: 5000, idleMs: Infinity },
      'gearshift.rules': [
        { when: {}, tier: 'frontier' },
        { when: { languages: ['go'] }, tier: 'turbo' },
        { when: { task: 'chat' }, tier: 'cheap', model: 'mini' },
        'x',
      ],
      'gearshift.exclude': 'secrets/**',
      'gearshift.modles': {},
    },
  });
  const text = messages(r).join('\n');
  for (const re of [
    /gearshift\.routing\.completion is "auto"; it must be one of: "cheap", "frontier"\./,
    /gearshift\.routing\.chat is "smart"; it must be one of: "cheap", "frontier", "auto"\./,
    /gearshift\.budget\.dailyUsd is -3; it must be between 0 and 1000000/,
    /gearshift\.budget\.monthlyUsd is 1000000000000; it must be between/,
    /gearshift\.budget\.onExceed is "explode"; it must be one of: "warn", "downgrade", "block"/,
    /gearshift\.completion\.debounceMs must be a number \(milliseconds\), but is "150"/,
    /gearshift\.completion\.maxTokens is 1000000000; it must be a whole number between 1 and 4096/,
    /gearshift\.timeouts\.idleMs must be a number/,
    /gearshift\.rules\[0\] needs a non-empty "when"/,
    /gearshift\.rules\[1\]\.tier is "turbo"/,
    /gearshift\.rules\[2\] needs exactly one of "tier"/,
    /gearshift\.rules\[3\] must be an object/,
    /gearshift\.exclude must be a list of strings/,
    /gearshift\.modles is not a Gearshift setting/,
  ])
    assert.match(text, re);
  const d = defaultSettings();
  assert.deepEqual(r.settings.routing, d.routing);
  assert.deepEqual(r.settings.budget, d.budget);
  assert.equal(r.settings.completion.debounceMs, d.completion.debounceMs);
  assert.equal(r.settings.completion.maxTokens, d.completion.maxTokens);
  assert.deepEqual(r.settings.timeouts, { ...d.timeouts, connectMs: 5000 });
  assert.deepEqual(r.settings.rules, []);
  assert.deepEqual(r.settings.exclude, d.exclude);
});

test('a rule naming an unknown model is dropped with a message', () => {
  const r = resolveSettings({ workspace: { 'gearshift.rules': [{ when: { paths: ['infra/**'] }, model: 'opus' }] } });
  assert.match(messages(r)[0], /gearshift\.rules\[0\]\.model is 'opus', which is not in gearshift\.models/);
  assert.deepEqual(r.settings.rules, []);
});

test('endpoints, Bedrock region/profile set in a workspace are ignored: a workspace cannot redirect keys', () => {
  const r = resolveSettings({
    workspace: {
      'gearshift.endpoints': { openai: { kind: 'openai', baseUrl: 'https://evil.example/v1' } },
      'gearshift.bedrock.region': 'us-west-2',
    },
  });
  assert.equal(r.problems.length, 2);
  assert.match(
    r.problems[0].message,
    /^gearshift\.endpoints is set in workspace settings and is ignored: a workspace cannot change where requests and keys are sent/,
  );
  assert.equal(r.settings.endpoints.openai.baseUrl, undefined);
  assert.equal(r.settings.endpoints.bedrock.region, undefined);
});

test('user Bedrock region and profile reach the built-in bedrock endpoint; bad region is reported', () => {
  const ok = resolveSettings({ user: { 'gearshift.bedrock.region': 'eu-central-1', 'gearshift.bedrock.profile': 'work-sso' } });
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.settings.endpoints.bedrock.region, 'eu-central-1');
  assert.equal(ok.settings.endpoints.bedrock.profile, 'work-sso');
  const bad = resolveSettings({ user: { 'gearshift.bedrock.region': 'frankfurt' } });
  assert.match(bad.problems[0].message, /not an AWS region id/);
});

test('credentials in endpoint headers are refused', () => {
  const r = resolveSettings({
    user: {
      'gearshift.endpoints': {
        router: {
          kind: 'openai',
          baseUrl: 'https://openrouter.ai/api/v1',
          headers: { Authorization: 'Bearer sk-123', 'HTTP-Referer': 'x' },
        },
      },
    },
  });
  assert.match(r.problems[0].message, /headers\.Authorization looks like a credential/);
  assert.ok(!r.problems[0].message.includes('sk-123'));
  assert.deepEqual(r.settings.endpoints.router.headers, { 'HTTP-Referer': 'x' });
});

test('untrusted workspace: cannot add models, change tiers, lift exclusions, re-enable languages or raise the budget', () => {
  const user = {
    'gearshift.models': models,
    'gearshift.tiers': { cheap: ['mini'], frontier: ['sonnet'] },
    'gearshift.completion.languages': { markdown: false },
    'gearshift.budget': { dailyUsd: 5 },
  };
  const workspace = {
    'gearshift.models': { box: { endpoint: 'ollama', model: 'qwen' } },
    'gearshift.tiers': { cheap: ['box', 'mini'], frontier: ['bedrock-sonnet', 'sonnet'] },
    'gearshift.exclude': ['**/*.log'],
    'gearshift.completion.languages': { markdown: true, plaintext: false },
    'gearshift.budget': { dailyUsd: 1000 },
  };
  const trusted = resolveSettings({ user, workspace }, { trustedWorkspace: true });
  assert.deepEqual(trusted.problems, []);
  assert.deepEqual(trusted.settings.tiers, { cheap: ['box', 'mini'], frontier: ['bedrock-sonnet', 'sonnet'] });
  assert.deepEqual(trusted.settings.exclude, ['**/*.log']);

  const r = resolveSettings({ user, workspace }, { trustedWorkspace: false });
  const text = messages(r).join('\n');
  const ignored = 'is ignored because this workspace is not trusted: ';
  assert.ok(
    text.includes(`gearshift.models.box ${ignored}a workspace cannot add models (this one would use "qwen" on endpoint "ollama")`),
    text,
  );
  assert.ok(
    text.includes(`gearshift.tiers.cheap ${ignored}a workspace cannot choose which models answer; your cheap tier stays (mini)`),
    text,
  );
  assert.match(text, /gearshift\.tiers\.frontier is ignored/);
  assert.match(text, /gearshift\.exclude cannot remove exclusions in an untrusted workspace/);
  assert.match(text, /gearshift\.completion\.languages\.markdown is ignored/);
  assert.match(text, /gearshift\.budget\.dailyUsd is ignored/);
  assert.equal(r.settings.models.box, undefined);
  assert.deepEqual(r.settings.tiers, { cheap: ['mini'], frontier: ['sonnet'] });
  assert.ok(r.settings.exclude.includes('**/.env') && r.settings.exclude.includes('**/*.log'));
  assert.deepEqual(r.settings.completion.languages, { markdown: false, plaintext: false });
  assert.equal(r.settings.budget.dailyUsd, 5);
  assert.equal(r.problems.length, 6, text);
  assert.ok(r.problems.every((p) => p.level === 'workspace' && p.untrusted === true));
});

test('validation never throws, whatever the input', () => {
  const junk: unknown[] = [null, 42, 'x', [], [1, 2], { a: 1 }, true, NaN, -1, { kind: 'openai' }];
  for (const v of junk) {
    const raw: Record<string, unknown> = {};
    for (const k of [
      'gearshift.endpoints',
      'gearshift.models',
      'gearshift.tiers',
      'gearshift.routing',
      'gearshift.rules',
      'gearshift.budget',
      'gearshift.exclude',
      'gearshift.completion.enabled',
      'gearshift.completion.languages',
      'gearshift.prices',
      'gearshift.timeouts',
      'gearshift.bedrock.region',
    ])
      raw[k] = v;
    const r = resolveSettings({ user: raw, workspace: raw }, { trustedWorkspace: false });
    assert.ok(r.problems.length > 0);
    assert.ok(r.settings.tiers.cheap.length > 0 && r.settings.tiers.frontier.length > 0);
  }
});

test('gearshift.routing.preference and gearshift.cache: valid values apply; untrusted workspaces only move towards cost', () => {
  const ok = resolveSettings({ user: { 'gearshift.routing': { preference: 'quality' }, 'gearshift.cache': '1h' } });
  assert.equal(ok.settings.routing.preference, 'quality');
  assert.equal(ok.settings.cache, '1h');
  assert.deepEqual(ok.problems, []);
  const bad = resolveSettings({ user: { 'gearshift.routing': { preference: 'cheapest' }, 'gearshift.cache': '2h' } });
  assert.equal(bad.settings.routing.preference, 'balanced');
  assert.equal(bad.settings.cache, 'auto');
  assert.deepEqual(bad.problems.map((p) => p.setting).sort(), ['gearshift.cache', 'gearshift.routing.preference']);
  const untrusted = (ws: Record<string, unknown>) =>
    resolveSettings({ user: { 'gearshift.routing': { preference: 'balanced' } }, workspace: ws }, { trustedWorkspace: false });
  assert.equal(untrusted({ 'gearshift.routing': { preference: 'cost' } }).settings.routing.preference, 'cost');
  const up = untrusted({ 'gearshift.routing': { preference: 'quality' }, 'gearshift.cache': 'off' });
  assert.equal(up.settings.routing.preference, 'balanced');
  assert.equal(up.settings.cache, 'auto');
  assert.ok(up.problems.some((p) => p.setting === 'gearshift.routing.preference' && p.untrusted));
  assert.ok(up.problems.some((p) => p.setting === 'gearshift.cache' && p.untrusted));
});
