/**
 * Restricted Mode: an untrusted workspace may make Gearshift send less, to fewer places, for less money — never
 * more. One row per way a workspace setting could spend the user's key or send code elsewhere: ignored untrusted
 * (the user's value stands and a problem names the setting), applied when trusted (so the row tests trust, not a
 * validation error). Then the rows a workspace may do even untrusted, because they only lower spend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '../../../src/core/router/router';
import type { ResolvedSettings } from '../../../src/core/settings/model';
import { resolveSettings } from '../../../src/core/settings/resolve';

type Settings = Record<string, unknown>;

interface Row {
  name: string;
  user?: Settings;
  workspace: Settings;
  /** What the row looks at in the resolved settings. */
  get: (s: ResolvedSettings) => unknown;
  /** Its value when the workspace is not trusted (the user's) and when it is (the workspace's). */
  untrusted: unknown;
  trusted: unknown;
  /** For ignored rows: the setting the problem must name, and a part of its message. */
  problem?: [setting: string, message: RegExp];
}

const mini = { endpoint: 'openai', model: 'gpt-5.6-luna' };

const IGNORED: Row[] = [
  {
    name: 'a model id changed to a dearer one (o1-pro)',
    workspace: { 'gearshift.models': { mini: { ...mini, model: 'o1-pro' } } },
    get: (s) => s.models.mini.model,
    untrusted: 'gpt-5.6-luna',
    trusted: 'o1-pro',
    problem: ['gearshift.models.mini', /would change your model "mini" \(model id "gpt-5.6-luna" → "o1-pro"\)/],
  },
  {
    name: 'a new model on an endpoint the user uses, put first in the frontier tier',
    workspace: { 'gearshift.models': { big: { endpoint: 'openai', model: 'o1-pro' } }, 'gearshift.tiers': { frontier: ['big'] } },
    get: (s) => [s.models.big?.model, s.tiers.frontier[0]],
    untrusted: [undefined, 'sonnet'],
    trusted: ['o1-pro', 'big'],
    problem: ['gearshift.models.big', /a workspace cannot add models \(this one would use "o1-pro" on endpoint "openai"\)/],
  },
  {
    name: "a model's maxOutputTokens raised",
    workspace: { 'gearshift.models': { mini: { ...mini, maxOutputTokens: 1_000_000 } } },
    get: (s) => s.models.mini.maxOutputTokens,
    untrusted: undefined,
    trusted: 1_000_000,
    problem: ['gearshift.models.mini', /maxOutputTokens unset → 1000000/],
  },
  {
    name: "a model's contextWindow raised (more code sent per request)",
    workspace: { 'gearshift.models': { haiku: { endpoint: 'anthropic', model: 'claude-haiku-4-5', contextWindow: 10_000_000 } } },
    get: (s) => s.models.haiku.contextWindow,
    untrusted: undefined,
    trusted: 10_000_000,
    problem: ['gearshift.models.haiku', /contextWindow/],
  },
  {
    name: 'a FIM template or FIM mode changed (which API and prompt the endpoint gets)',
    workspace: {
      'gearshift.models': { 'local-coder': { endpoint: 'ollama', model: 'qwen2.5-coder:7b', fim: false, fimTemplate: 'codellama' } },
    },
    get: (s) => [s.models['local-coder'].fim, s.models['local-coder'].fimTemplate],
    untrusted: [true, 'qwen'],
    trusted: [false, 'codellama'],
    problem: ['gearshift.models.local-coder', /fim true → false; fimTemplate "qwen" → "codellama"/],
  },
  {
    name: 'a frontier model moved into the cheap tier (every completion on it)',
    workspace: { 'gearshift.tiers': { cheap: ['sonnet'] } },
    get: (s) => s.tiers.cheap,
    untrusted: ['local-coder', 'mini', 'haiku', 'bedrock-haiku'],
    trusted: ['sonnet'],
    problem: ['gearshift.tiers.cheap', /a workspace cannot choose which models answer/],
  },
  {
    name: 'the cheap tier reordered: a paid model before the free local one',
    workspace: { 'gearshift.tiers': { cheap: ['haiku', 'local-coder'] } },
    get: (s) => s.tiers.cheap[0],
    untrusted: 'local-coder',
    trusted: 'haiku',
    problem: ['gearshift.tiers.cheap', /your cheap tier stays \(local-coder, mini, haiku, bedrock-haiku\)/],
  },
  {
    name: 'completion routed to the frontier tier',
    workspace: { 'gearshift.routing': { completion: 'frontier' } },
    get: (s) => s.routing.completion,
    untrusted: 'cheap',
    trusted: 'frontier',
    problem: ['gearshift.routing.completion', /can only route completion to a cheaper tier than your "cheap"/],
  },
  {
    name: 'chat routed to the frontier tier (from auto)',
    workspace: { 'gearshift.routing': { chat: 'frontier' } },
    get: (s) => s.routing.chat,
    untrusted: 'auto',
    trusted: 'frontier',
    problem: ['gearshift.routing.chat', /cheaper tier than your "auto"/],
  },
  {
    name: 'chat routed to auto when the user routes it to cheap',
    user: { 'gearshift.routing': { chat: 'cheap' } },
    workspace: { 'gearshift.routing': { chat: 'auto' } },
    get: (s) => s.routing.chat,
    untrusted: 'cheap',
    trusted: 'auto',
    problem: ['gearshift.routing.chat', /cheaper tier than your "cheap"/],
  },
  {
    name: 'commit messages routed to the frontier tier',
    workspace: { 'gearshift.routing': { commitMessage: 'frontier' } },
    get: (s) => s.routing.commitMessage,
    untrusted: 'cheap',
    trusted: 'frontier',
    problem: ['gearshift.routing.commitMessage', /cheaper tier/],
  },
  {
    name: 'a rule routing every Rust request to the frontier tier',
    workspace: { 'gearshift.rules': [{ when: { languages: ['rust'] }, tier: 'frontier' }] },
    get: (s) => s.rules.length,
    untrusted: 0,
    trusted: 1,
    problem: ['gearshift.rules[0]', /it routes to the frontier tier; only rules that route to the cheap tier apply here/],
  },
  {
    name: 'a rule naming a frontier model',
    workspace: { 'gearshift.rules': [{ when: { paths: ['**'] }, model: 'sonnet' }] },
    get: (s) => s.rules.length,
    untrusted: 0,
    trusted: 1,
    problem: ['gearshift.rules[0]', /it picks model "sonnet"/],
  },
  {
    name: 'completion.maxTokens raised',
    workspace: { 'gearshift.completion.maxTokens': 4096 },
    get: (s) => s.completion.maxTokens,
    untrusted: 128,
    trusted: 4096,
    problem: ['gearshift.completion.maxTokens', /can only lower your 128 tokens/],
  },
  {
    name: 'completion.debounceMs set to 0 (a request per keystroke)',
    workspace: { 'gearshift.completion.debounceMs': 0 },
    get: (s) => s.completion.debounceMs,
    untrusted: 150,
    trusted: 0,
    problem: ['gearshift.completion.debounceMs', /can only wait longer than your 150 ms/],
  },
  {
    name: 'completion turned on for a language the user\'s "*": false keeps off',
    user: { 'gearshift.completion.languages': { '*': false, python: true } },
    workspace: { 'gearshift.completion.languages': { rust: true } },
    get: (s) => s.completion.languages.rust,
    untrusted: undefined,
    trusted: true,
    problem: ['gearshift.completion.languages.rust', /cannot turn completion on for "rust"/],
  },
  {
    name: 'completion turned on for every language over the user\'s "*": false',
    user: { 'gearshift.completion.languages': { '*': false } },
    workspace: { 'gearshift.completion.languages': { '*': true } },
    get: (s) => s.completion.languages['*'],
    untrusted: false,
    trusted: true,
    problem: ['gearshift.completion.languages.*', /cannot turn completion on/],
  },
  {
    name: 'completion turned on when the user turned it off',
    user: { 'gearshift.completion.enabled': false },
    workspace: { 'gearshift.completion.enabled': true },
    get: (s) => s.completion.enabled,
    untrusted: false,
    trusted: true,
    problem: ['gearshift.completion.enabled', /cannot turn completion on/],
  },
  {
    name: 'a price set to $0 (hides real cost)',
    workspace: { 'gearshift.prices': { 'gpt-5': { input: 0, output: 0 } } },
    get: (s) => s.prices['gpt-5'],
    untrusted: undefined,
    trusted: { input: 0, output: 0 },
    problem: ['gearshift.prices', /a workspace could hide real costs/],
  },
  {
    name: 'the daily budget raised, and removed with 0',
    user: { 'gearshift.budget': { dailyUsd: 5, monthlyUsd: 50 } },
    workspace: { 'gearshift.budget': { dailyUsd: 500, monthlyUsd: 0 } },
    get: (s) => [s.budget.dailyUsd, s.budget.monthlyUsd],
    untrusted: [5, 50],
    trusted: [500, undefined],
    problem: ['gearshift.budget.dailyUsd', /can only lower your limit \(\$5\)/],
  },
  {
    name: 'onExceed relaxed from block to warn',
    user: { 'gearshift.budget': { onExceed: 'block' } },
    workspace: { 'gearshift.budget': { onExceed: 'warn' } },
    get: (s) => s.budget.onExceed,
    untrusted: 'block',
    trusted: 'warn',
    problem: ['gearshift.budget.onExceed', /stricter than your "block"/],
  },
  {
    name: 'timeouts shortened (the free local model fails over to paid ones)',
    workspace: { 'gearshift.timeouts': { connectMs: 100, firstTokenMs: 100 } },
    get: (s) => [s.timeouts.connectMs, s.timeouts.firstTokenMs],
    untrusted: [10_000, 30_000],
    trusted: [100, 100],
    problem: ['gearshift.timeouts.connectMs', /can only lengthen your 10000 ms/],
  },
  {
    name: 'exclusions removed',
    workspace: { 'gearshift.exclude': [] },
    get: (s) => s.exclude.includes('**/.env'),
    untrusted: true,
    trusted: false,
    problem: ['gearshift.exclude', /cannot remove exclusions/],
  },
  {
    name: 'agent limits raised (a task runs longer and spends more)',
    workspace: { 'gearshift.agent': { maxSteps: 200, maxTaskUsd: 500 } },
    get: (s) => [s.agent.maxSteps, s.agent.maxTaskUsd],
    untrusted: [25, 2],
    trusted: [200, 500],
    problem: ['gearshift.agent.maxTaskUsd', /is ignored because this workspace is not trusted: it can only lower your 2\./],
  },
  {
    name: 'command timeout and output cap raised (more output sent to a model)',
    workspace: { 'gearshift.agent': { commandTimeoutSeconds: 3600, maxCommandOutputKiB: 1024 } },
    get: (s) => [s.agent.commandTimeoutSeconds, s.agent.maxCommandOutputKiB],
    untrusted: [120, 64],
    trusted: [3600, 1024],
    problem: ['gearshift.agent.maxCommandOutputKiB', /it can only lower your 64/],
  },
  {
    name: "an external tool added (another extension's or an MCP server's)",
    user: { 'gearshift.agent': { externalTools: ['github_search'] } },
    workspace: { 'gearshift.agent': { externalTools: ['github_search', 'mcp_shell_exec'] } },
    get: (s) => s.agent.externalTools,
    untrusted: ['github_search'],
    trusted: ['github_search', 'mcp_shell_exec'],
    problem: ['gearshift.agent.externalTools', /a workspace cannot opt you in to other tools \("mcp_shell_exec"\)/],
  },
];

/** What an untrusted workspace may still do: each lowers what is sent or spent. */
const ALLOWED: Row[] = [
  {
    name: 'chat routed to cheap',
    workspace: { 'gearshift.routing': { chat: 'cheap' } },
    get: (s) => s.routing.chat,
    untrusted: 'cheap',
    trusted: 'cheap',
  },
  {
    name: 'a rule routing a path to the cheap tier',
    user: { 'gearshift.routing': { chat: 'frontier' } },
    workspace: { 'gearshift.rules': [{ when: { paths: ['docs/**'] }, tier: 'cheap' }] },
    get: (s) => s.rules.map((r) => r.tier),
    untrusted: ['cheap'],
    trusted: ['cheap'],
  },
  {
    name: 'maxTokens lowered',
    workspace: { 'gearshift.completion.maxTokens': 64 },
    get: (s) => s.completion.maxTokens,
    untrusted: 64,
    trusted: 64,
  },
  {
    name: 'debounce lengthened',
    workspace: { 'gearshift.completion.debounceMs': 400 },
    get: (s) => s.completion.debounceMs,
    untrusted: 400,
    trusted: 400,
  },
  {
    name: 'completion off for a language',
    workspace: { 'gearshift.completion.languages': { markdown: false } },
    get: (s) => s.completion.languages.markdown,
    untrusted: false,
    trusted: false,
  },
  {
    name: 'completion off',
    workspace: { 'gearshift.completion.enabled': false },
    get: (s) => s.completion.enabled,
    untrusted: false,
    trusted: false,
  },
  {
    name: 'budget lowered and made stricter',
    user: { 'gearshift.budget': { dailyUsd: 5 } },
    workspace: { 'gearshift.budget': { dailyUsd: 1, monthlyUsd: 10, onExceed: 'block' } },
    get: (s) => s.budget,
    untrusted: { dailyUsd: 1, monthlyUsd: 10, onExceed: 'block' },
    trusted: { dailyUsd: 1, monthlyUsd: 10, onExceed: 'block' },
  },
  {
    name: "an exclusion added (the user's stay)",
    workspace: { 'gearshift.exclude': [...resolveSettings({}).settings.exclude, 'db/**'] },
    get: (s) => s.exclude.includes('db/**') && s.exclude.includes('**/.env'),
    untrusted: true,
    trusted: true,
  },
  {
    name: 'agent limits lowered and an external tool taken away',
    user: { 'gearshift.agent': { externalTools: ['github_search', 'jira'] } },
    workspace: { 'gearshift.agent': { maxSteps: 5, maxTaskUsd: 0.5, commandTimeoutSeconds: 10, externalTools: ['jira'] } },
    get: (s) => s.agent,
    untrusted: { maxSteps: 5, maxTaskUsd: 0.5, commandTimeoutSeconds: 10, maxCommandOutputKiB: 64, externalTools: ['jira'] },
    trusted: { maxSteps: 5, maxTaskUsd: 0.5, commandTimeoutSeconds: 10, maxCommandOutputKiB: 64, externalTools: ['jira'] },
  },
  {
    name: 'timeouts lengthened',
    workspace: { 'gearshift.timeouts': { idleMs: 60_000 } },
    get: (s) => s.timeouts.idleMs,
    untrusted: 60_000,
    trusted: 60_000,
  },
  {
    name: 'a model and a tier exactly as the user has them (no change)',
    workspace: { 'gearshift.models': { mini }, 'gearshift.tiers': { frontier: ['sonnet', 'gpt-5', 'bedrock-sonnet'] } },
    get: (s) => [s.models.mini.model, s.tiers.frontier[0]],
    untrusted: ['gpt-5.6-luna', 'sonnet'],
    trusted: ['gpt-5.6-luna', 'sonnet'],
  },
];

for (const row of IGNORED) {
  test(`untrusted workspace, ignored: ${row.name}`, () => {
    const raw = { user: row.user ?? {}, workspace: row.workspace };
    const trusted = resolveSettings(raw, { trustedWorkspace: true });
    assert.deepEqual(trusted.problems, [], "the row's settings are valid: trusted, they apply without a problem");
    assert.deepEqual(row.get(trusted.settings), row.trusted);
    const untrusted = resolveSettings(raw, { trustedWorkspace: false });
    assert.deepEqual(row.get(untrusted.settings), row.untrusted);
    const [setting, message] = row.problem!;
    const p = untrusted.problems.find((q) => q.setting === setting);
    assert.ok(p, `no problem names ${setting}: ${JSON.stringify(untrusted.problems)}`);
    assert.match(p.message, message);
    assert.ok(
      untrusted.problems.every((q) => q.level === 'workspace' && q.untrusted === true),
      'each is a Restricted Mode problem',
    );
  });
}

for (const row of ALLOWED) {
  test(`untrusted workspace, allowed (it only lowers spend): ${row.name}`, () => {
    const raw = { user: row.user ?? {}, workspace: row.workspace };
    for (const trustedWorkspace of [true, false]) {
      const r = resolveSettings(raw, { trustedWorkspace });
      assert.deepEqual(r.problems, []);
      assert.deepEqual(row.get(r.settings), trustedWorkspace ? row.trusted : row.untrusted);
    }
  });
}

test("untrusted workspace with every spend-raising setting at once: requests still go where the user's settings send them", () => {
  // The rows that need no user setting of their own, merged key by key (objects merged, rule lists joined).
  const workspace: Settings = {};
  for (const row of IGNORED.filter((r) => !r.user)) {
    for (const [k, v] of Object.entries(row.workspace)) {
      const had = workspace[k];
      if (Array.isArray(had) && Array.isArray(v) && k === 'gearshift.rules') workspace[k] = [...had, ...v];
      else if (had && typeof had === 'object' && !Array.isArray(had)) workspace[k] = { ...had, ...(v as object) };
      else workspace[k] = v;
    }
  }
  assert.ok((workspace['gearshift.rules'] as unknown[]).length === 2 && Object.keys(workspace['gearshift.routing'] as object).length === 3);
  const user = { 'gearshift.completion.languages': { markdown: false } };
  const s = resolveSettings({ user, workspace }, { trustedWorkspace: false }).settings;
  const defaults = resolveSettings({ user }).settings;
  assert.deepEqual(s.models, defaults.models);
  assert.deepEqual(s.tiers, defaults.tiers);
  assert.deepEqual(s.routing, defaults.routing);
  assert.deepEqual(s.completion, defaults.completion);
  assert.deepEqual(s.agent, defaults.agent);
  assert.deepEqual(s.prices, {});
  const router = new Router(s);
  router.setAvailable(new Set(['openai', 'anthropic']));
  const completion = router.decide({ task: 'completion', language: 'rust', filePath: 'src/main.rs' });
  assert.equal(completion.tier, 'cheap');
  assert.deepEqual(
    completion.chain.map((m) => m.model),
    ['gpt-5.6-luna', 'claude-haiku-4-5'],
  );
  const commit = router.decide({ task: 'commitMessage', messages: [{ role: 'user', content: 'diff' }] });
  assert.equal(commit.tier, 'cheap');
});
