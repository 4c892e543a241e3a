import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandPrompt } from '../../../src/core/chat/slashCommands';
import { Router } from '../../../src/core/router/router';
import { explainDecision } from '../../../src/core/router/explain';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { RouteRequest, SlashCommand, Tier } from '../../../src/core/types';

const user = {
  'gearshift.models': { mini: { endpoint: 'openai', model: 'gpt-5-mini' }, sonnet: { endpoint: 'anthropic', model: 'claude-sonnet-5' } },
  'gearshift.tiers': { cheap: ['mini'], frontier: ['sonnet'] },
};

function router(opts: { user?: Record<string, unknown>; workspace?: Record<string, unknown>; trusted?: boolean } = {}) {
  const r = resolveSettings(
    { user: { ...user, ...opts.user }, workspace: opts.workspace ?? {} },
    { trustedWorkspace: opts.trusted ?? true },
  );
  return { router: new Router(r.settings), settings: r.settings, problems: r.problems };
}

const EASY = 'how do i reverse a list in python';
const cmd = (command: SlashCommand, text = EASY, extra: Partial<RouteRequest> = {}): RouteRequest => ({
  task: 'chat',
  command,
  messages: [{ role: 'user', content: commandPrompt(command, text) }],
  ...extra,
});

test("each command's default route, and the reason names the command", () => {
  const rows: [SlashCommand, Tier, string][] = [
    ['fix', 'frontier', '/fix → frontier (command route)'],
    ['tests', 'frontier', '/tests → frontier (command route)'],
    ['new', 'frontier', '/new → frontier (command route)'],
    ['doc', 'cheap', '/doc → cheap (command route)'],
  ];
  const { router: r } = router();
  for (const [command, tier, reason] of rows) {
    const d = r.decide(cmd(command));
    assert.deepEqual([d.tier, d.reason, d.source], [tier, reason, 'task'], command);
  }
});

test("/explain is 'auto': the classifier decides on what the user typed, and the reason names the command", () => {
  const { router: r } = router();
  const d = r.decide(cmd('explain'));
  assert.equal(d.source, 'classifier');
  assert.equal(d.tier, 'cheap', 'an easy question stays cheap although the instruction is long');
  assert.match(d.reason, /^\/explain: .* → cheap \(score 0\.\d\d\)$/);
  // 'auto' defers to the chat route: "Always Cheap" chat keeps /explain cheap.
  const cheapChat = router({ user: { 'gearshift.routing': { chat: 'cheap' } } }).router.decide(
    cmd('explain', 'why does this deadlock under load??'),
  );
  assert.deepEqual([cheapChat.tier, cheapChat.reason], ['cheap', '/explain → cheap (task route)']);
});

test('precedence: your pick, then rules, then the command route, then the chat route', () => {
  const { router: r } = router({
    user: { 'gearshift.rules': [{ when: { languages: ['markdown'] }, tier: 'cheap' }], 'gearshift.routing': { chat: 'cheap' } },
  });
  const picked = r.decide(cmd('fix', EASY, { override: 'cheap' }));
  assert.deepEqual([picked.tier, picked.source, picked.reason], ['cheap', 'override', '/fix → cheap (your choice)']);
  const rule = r.decide(cmd('fix', EASY, { language: 'markdown' }));
  assert.deepEqual([rule.tier, rule.source], ['cheap', 'rule']);
  assert.match(rule.reason, /^\/fix → cheap \(user rule #1/);
  const command = r.decide(cmd('fix'));
  assert.deepEqual([command.tier, command.source], ['frontier', 'task'], 'the command route beats the chat route');
  const plain = r.decide({ task: 'chat', messages: [{ role: 'user', content: EASY }] });
  assert.equal(plain.reason, 'chat → cheap (task route)', 'no command: as before');
});

test('gearshift.routing.commands overrides per command; a workspace may change it; Restricted Mode only cheaper', () => {
  const ws = { 'gearshift.routing': { commands: { doc: 'frontier', fix: 'cheap' } } };
  const trusted = router({ workspace: ws });
  assert.deepEqual(trusted.problems, []);
  assert.equal(trusted.router.decide(cmd('doc')).reason, '/doc → frontier (command route)');
  assert.equal(trusted.router.decide(cmd('fix')).tier, 'cheap');
  assert.equal(trusted.router.decide(cmd('tests')).tier, 'frontier', 'commands not named keep their route');
  assert.deepEqual(trusted.settings.routing.commands, {
    explain: 'auto',
    fix: 'cheap',
    tests: 'frontier',
    doc: 'frontier',
    new: 'frontier',
  });

  const untrusted = router({ workspace: ws, trusted: false });
  assert.equal(untrusted.router.decide(cmd('doc')).tier, 'cheap', 'a dearer route from an untrusted workspace is ignored');
  assert.equal(untrusted.router.decide(cmd('fix')).tier, 'cheap', 'a cheaper one applies');
  assert.deepEqual(
    untrusted.problems.map((p) => [p.setting, p.untrusted]),
    [['gearshift.routing.commands.doc', true]],
  );
  assert.match(untrusted.problems[0].message, /not trusted: it can only route \/doc to a cheaper tier than your "cheap"/);
  // The user's own commands object merges with the workspace's per command.
  const both = router({
    user: { 'gearshift.routing': { commands: { tests: 'cheap' } } },
    workspace: { 'gearshift.routing': { commands: { new: 'cheap' } } },
  });
  assert.deepEqual(both.settings.routing.commands, { explain: 'auto', fix: 'frontier', tests: 'cheap', doc: 'cheap', new: 'cheap' });
});

test('bad gearshift.routing.commands values are named with the fix; the rest applies', () => {
  const cases: [unknown, RegExp][] = [
    [{ '/fix': 'cheap' }, /gearshift\.routing\.commands\.\/fix is not a known field; did you mean "fix"\?/],
    [{ fix: 'fast' }, /gearshift\.routing\.commands\.fix is "fast"; it must be one of: "auto", "cheap", "frontier"/],
    ['cheap', /gearshift\.routing\.commands must be an object/],
  ];
  for (const [commands, message] of cases) {
    const r = router({ user: { 'gearshift.routing': { chat: 'cheap', commands } } });
    assert.equal(r.problems.length, 1, JSON.stringify(commands));
    assert.match(r.problems[0].message, message);
    assert.equal(r.settings.routing.commands.fix, 'frontier', 'the default stands');
    assert.equal(r.settings.routing.chat, 'cheap', 'the rest of gearshift.routing applies');
  }
});

test('Explain Last Routing Decision names the command', () => {
  const { router: r } = router();
  const decision = r.decide(cmd('fix'));
  const text = explainDecision({ time: 0, task: 'chat', decision, fallbacks: [], command: 'fix' });
  assert.match(text, /Command: \/fix/);
  assert.match(text, /Reason: \/fix → frontier \(command route\)/);
});
