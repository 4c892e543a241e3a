import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSettings } from '../../../src/core/settings/resolve';
import { isLoopbackHost, nearest } from '../../../src/core/settings/validate';

const messages = (user: Record<string, unknown>, level: 'user' | 'workspace' = 'user'): string[] =>
  resolveSettings({ [level]: user }).problems.map((p) => p.message);

test('a misspelt rule condition ("tasks") names the key and the nearest valid one, and drops the rule instead of widening it', () => {
  const r = resolveSettings({ workspace: { 'gearshift.rules': [{ when: { languages: ['rust'], tasks: ['chat'] }, tier: 'frontier' }] } });
  assert.deepEqual(
    r.problems.map((p) => p.message),
    [
      'gearshift.rules[0].when.tasks is not a known field; did you mean "task"? Known: languages, task, paths. ' +
        'The rule is ignored until it is fixed.',
    ],
  );
  assert.deepEqual(r.settings.rules, [], 'a rule whose condition is misspelt must not route every Rust request');
});

/** Unknown keys inside objects: [setting, value, the problem's setting, the suggestion (or undefined: none close)]. */
const UNKNOWN_KEYS: [string, unknown, string, string | undefined][] = [
  ['gearshift.rules', [{ when: { language: ['go'] }, tier: 'cheap' }], 'gearshift.rules[0].when.language', 'languages'],
  ['gearshift.rules', [{ when: { path: ['a/**'] }, tier: 'cheap' }], 'gearshift.rules[0].when.path', 'paths'],
  ['gearshift.rules', [{ when: { tsak: 'chat' }, tier: 'cheap' }], 'gearshift.rules[0].when.tsak', 'task'],
  ['gearshift.rules', [{ when: { task: 'chat' }, tiers: 'cheap' }], 'gearshift.rules[0].tiers', 'tier'],
  ['gearshift.budget', { dailyUSD: 3 }, 'gearshift.budget.dailyUSD', 'dailyUsd'],
  ['gearshift.budget', { onexceed: 'block' }, 'gearshift.budget.onexceed', 'onExceed'],
  ['gearshift.budget', { weeklyUsd: 3 }, 'gearshift.budget.weeklyUsd', undefined],
  ['gearshift.tiers', { frontiers: ['sonnet'] }, 'gearshift.tiers.frontiers', 'frontier'],
  ['gearshift.routing', { commit: 'cheap' }, 'gearshift.routing.commit', 'commitMessage'],
  ['gearshift.routing', { completon: 'cheap' }, 'gearshift.routing.completon', 'completion'],
  ['gearshift.routing', { review: 'cheap' }, 'gearshift.routing.review', undefined],
  ['gearshift.timeouts', { connectTimeoutMs: 5 }, 'gearshift.timeouts.connectTimeoutMs', undefined],
  ['gearshift.timeouts', { idleMS: 5000 }, 'gearshift.timeouts.idleMS', 'idleMs'],
  ['gearshift.models', { m: { endpoint: 'openai', model: 'x', fimTemplte: 'qwen' } }, 'gearshift.models.m.fimTemplte', 'fimTemplate'],
  ['gearshift.models', { m: { endpoint: 'openai', model: 'x', maxTokens: 5 } }, 'gearshift.models.m.maxTokens', undefined],
  ['gearshift.endpoints', { e: { kind: 'openai', baseURL: 'https://x.example/v1' } }, 'gearshift.endpoints.e.baseURL', 'baseUrl'],
  ['gearshift.prices', { m: { inputs: 1 } }, 'gearshift.prices.m.inputs', 'input'],
  ['gearshift.agent', { maxStep: 10 }, 'gearshift.agent.maxStep', 'maxSteps'],
  ['gearshift.agent', { maxTaskUSD: 1 }, 'gearshift.agent.maxTaskUSD', 'maxTaskUsd'],
  ['gearshift.agent', { tools: ['x'] }, 'gearshift.agent.tools', undefined],
];

for (const [key, value, setting, suggestion] of UNKNOWN_KEYS) {
  test(`unknown key ${setting}: ${suggestion ? `did you mean "${suggestion}"?` : 'no close key, the known ones listed'}`, () => {
    const problems = resolveSettings({ user: { [key]: value } }).problems;
    const p = problems.find((q) => q.setting === setting);
    assert.ok(p, `no problem names ${setting}: ${JSON.stringify(problems)}`);
    assert.match(p.message, /is not a known field/);
    if (suggestion) assert.ok(p.message.includes(`did you mean "${suggestion}"?`), p.message);
    else assert.match(p.message, /known: /);
    if (!suggestion) assert.doesNotMatch(p.message, /did you mean/);
  });
}

test('an unknown setting names the nearest Gearshift setting', () => {
  const typo = messages({ 'gearshift.modles': {} })[0];
  assert.equal(typo, 'gearshift.modles is not a Gearshift setting; it is ignored. Did you mean "gearshift.models"?');
  assert.match(messages({ 'gearshift.completion.debounce': 5 })[0], /Did you mean "gearshift\.completion\.debounceMs"\?/);
  assert.match(messages({ 'gearshift.colour': 1 })[0], /Known settings: gearshift\.endpoints, /);
});

test('nearest: close typos only; case is ignored', () => {
  const cases: [string, readonly string[], string | undefined][] = [
    ['tasks', ['languages', 'task', 'paths'], 'task'],
    ['TASK', ['languages', 'task', 'paths'], 'task'],
    ['mode', ['languages', 'task', 'paths'], undefined],
    ['x', ['languages', 'task', 'paths'], undefined],
    ['', ['a'], undefined],
    ['tier', ['tier', 'tiers'], 'tier'],
    ['commit', ['completion', 'chat', 'commitMessage'], 'commitMessage'],
    ['frontiers', ['cheap', 'frontier'], 'frontier'],
    ['cat', ['completion', 'chat', 'commitMessage'], 'chat'],
    ['com', ['completion', 'chat', 'commitMessage'], undefined],
    ['a'.repeat(100_000), ['languages', 'task', 'paths'], undefined],
  ];
  for (const [word, known, expected] of cases) assert.equal(nearest(word, known), expected, word.slice(0, 20));
});

/** Endpoints and whether their base URL gets the "key sent unencrypted" warning. */
const HTTP_CASES: [string, Record<string, unknown>, boolean][] = [
  ['http to another host, key required (default)', { kind: 'openai', baseUrl: 'http://gpu-box:8000/v1' }, true],
  ['http to another host, requiresKey true', { kind: 'anthropic', baseUrl: 'http://10.0.0.5/', requiresKey: true }, true],
  ['http to a public IP', { kind: 'openai', baseUrl: 'http://203.0.113.7/v1' }, true],
  ['http to IPv6 non-loopback', { kind: 'openai', baseUrl: 'http://[2001:db8::1]:8000/v1' }, true],
  ['http to 0.0.0.0 (not loopback)', { kind: 'openai', baseUrl: 'http://0.0.0.0:8000/v1' }, true],
  ['http to "localhost.example"', { kind: 'openai', baseUrl: 'http://localhost.example/v1' }, true],
  ['http to "127.0.0.1.nip.io"', { kind: 'openai', baseUrl: 'http://127.0.0.1.nip.io/v1' }, true],
  ['HTTP in capitals to another host', { kind: 'openai', baseUrl: 'HTTP://gpu-box/v1' }, true],
  ['http Bedrock endpoint on another host (signed requests)', { kind: 'bedrock', baseUrl: 'http://bedrock-proxy:8080' }, true],
  ['http to another host, requiresKey false', { kind: 'openai', baseUrl: 'http://gpu-box:8000/v1', requiresKey: false }, false],
  ['https to another host', { kind: 'openai', baseUrl: 'https://openrouter.ai/api/v1' }, false],
  ['http to localhost', { kind: 'openai', baseUrl: 'http://localhost:1234/v1' }, false],
  ['http to 127.0.0.1', { kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1' }, false],
  ['http to 127.5.6.7', { kind: 'openai', baseUrl: 'http://127.5.6.7/v1' }, false],
  ['http to 127.1 (short form)', { kind: 'openai', baseUrl: 'http://127.1:8000/v1' }, false],
  ['http to [::1]', { kind: 'openai', baseUrl: 'http://[::1]:8000/v1' }, false],
  ['http to [::ffff:127.0.0.1]', { kind: 'openai', baseUrl: 'http://[::ffff:127.0.0.1]:8000/v1' }, false],
  ['no baseUrl (the SDK default, https)', { kind: 'openai' }, false],
];

for (const [name, endpoint, warns] of HTTP_CASES) {
  test(`plain-http key warning: ${name} → ${warns ? 'warning' : 'none'}`, () => {
    const r = resolveSettings({ user: { 'gearshift.endpoints': { box: endpoint } } });
    const warning = r.problems.find((p) => p.setting === 'gearshift.endpoints.box.baseUrl');
    if (!warns) {
      assert.deepEqual(r.problems, []);
      return;
    }
    assert.ok(warning, `no warning: ${JSON.stringify(r.problems)}`);
    assert.match(warning.message, /is plain http:\/\/ to .+, which is not this machine: your (API key|AWS-signed requests).+unencrypted\./);
    assert.match(warning.message, /Use https:\/\//);
    assert.equal(warning.level, 'user');
    assert.equal(r.settings.endpoints.box.baseUrl, endpoint.baseUrl, 'a warning: the endpoint still applies');
  });
}

test('isLoopbackHost: only this machine', () => {
  for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.255.254', '[::1]', '[::ffff:7f00:1]']) {
    assert.equal(isLoopbackHost(h), true, h);
  }
  for (const h of ['localhost.', 'a.localhost', '128.0.0.1', '0.0.0.0', '[::2]', '127.0.0.1.nip.io', 'gpu-box', '[::ffff:a00:1]']) {
    assert.equal(isLoopbackHost(h), false, h);
  }
});

/** gearshift.agent values: [value, the problem's setting and message, or undefined when valid]. */
const AGENT_CASES: [Record<string, unknown>, [string, string] | undefined][] = [
  [{ maxSteps: 1, maxTaskUsd: 0.01, commandTimeoutSeconds: 3600, maxCommandOutputKiB: 1024, externalTools: [] }, undefined],
  [
    { maxSteps: 0 },
    ['gearshift.agent.maxSteps', 'gearshift.agent.maxSteps is 0; it must be a whole number between 1 and 200 (steps per task).'],
  ],
  [
    { maxSteps: 201 },
    ['gearshift.agent.maxSteps', 'gearshift.agent.maxSteps is 201; it must be a whole number between 1 and 200 (steps per task).'],
  ],
  [
    { maxSteps: 2.5 },
    ['gearshift.agent.maxSteps', 'gearshift.agent.maxSteps is 2.5; it must be a whole number between 1 and 200 (steps per task).'],
  ],
  [{ maxTaskUsd: 0 }, ['gearshift.agent.maxTaskUsd', 'gearshift.agent.maxTaskUsd is 0; it must be between 0.01 and 1000 (USD per task).']],
  [{ maxTaskUsd: '2' }, ['gearshift.agent.maxTaskUsd', 'gearshift.agent.maxTaskUsd must be a number (USD per task), but is "2".']],
  [
    { commandTimeoutSeconds: 0 },
    [
      'gearshift.agent.commandTimeoutSeconds',
      'gearshift.agent.commandTimeoutSeconds is 0; it must be a whole number between 1 and 3600 (seconds).',
    ],
  ],
  [
    { maxCommandOutputKiB: 4096 },
    [
      'gearshift.agent.maxCommandOutputKiB',
      'gearshift.agent.maxCommandOutputKiB is 4096; it must be a whole number between 1 and 1024 (KiB).',
    ],
  ],
  [
    { externalTools: 'github_search' },
    ['gearshift.agent.externalTools', 'gearshift.agent.externalTools must be a list of strings, but is "github_search".'],
  ],
  [
    { externalTools: ['ok_tool', 'has space'] },
    [
      'gearshift.agent.externalTools[1]',
      'gearshift.agent.externalTools[1] "has space" is not a tool name (as vscode.lm.tools lists them); it is ignored.',
    ],
  ],
];

for (const [value, problem] of AGENT_CASES) {
  test(`gearshift.agent ${JSON.stringify(value)}: ${problem ? problem[0] : 'valid'}`, () => {
    const r = resolveSettings({ user: { 'gearshift.agent': value } });
    if (!problem) {
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.settings.agent, value);
      return;
    }
    assert.deepEqual(
      r.problems.map((p) => [p.setting, p.message]),
      [problem],
    );
    // The bad field keeps its default; the rest of the object still applies.
    assert.equal(r.settings.agent.maxSteps, typeof value.maxSteps === 'number' && !problem[0].endsWith('maxSteps') ? value.maxSteps : 25);
  });
}

test('gearshift.agent: defaults, and fields merge across levels (the workspace sets one, the user another)', () => {
  assert.deepEqual(resolveSettings({}).settings.agent, {
    maxSteps: 25,
    maxTaskUsd: 2,
    commandTimeoutSeconds: 120,
    maxCommandOutputKiB: 64,
    externalTools: [],
  });
  const r = resolveSettings({
    user: { 'gearshift.agent': { maxTaskUsd: 5, externalTools: ['jira', 'jira'] } },
    workspace: { 'gearshift.agent': { maxSteps: 40 } },
  });
  assert.deepEqual(r.problems, []);
  assert.deepEqual([r.settings.agent.maxSteps, r.settings.agent.maxTaskUsd, r.settings.agent.externalTools], [40, 5, ['jira']]);
});
