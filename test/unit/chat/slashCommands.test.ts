import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messagesFor, newConversation, type UserTurn } from '../../../src/core/chat/conversation';
import {
  COMMAND_INSTRUCTIONS,
  commandPrompt,
  parseSlashCommand,
  promptText,
  unknownCommandNotice,
  withoutCommandPrompt,
  type ParsedCommand,
} from '../../../src/core/chat/slashCommands';
import { SLASH_COMMANDS } from '../../../src/core/types';

test('a leading slash command is parsed; case-sensitive; anything else is text', () => {
  const cases: [string, ParsedCommand][] = [
    ['/fix', { kind: 'command', command: 'fix', rest: '' }],
    ['/fix why does it crash?', { kind: 'command', command: 'fix', rest: 'why does it crash?' }],
    ['  /explain\nthis loop', { kind: 'command', command: 'explain', rest: 'this loop' }],
    ['/tests  with vitest ', { kind: 'command', command: 'tests', rest: 'with vitest' }],
    ['/doc', { kind: 'command', command: 'doc', rest: '' }],
    ['/new an express server', { kind: 'command', command: 'new', rest: 'an express server' }],
    ['/fixme please', { kind: 'unknown', name: 'fixme' }],
    ['/Fix it', { kind: 'unknown', name: 'Fix' }],
    ['/FIX', { kind: 'unknown', name: 'FIX' }],
    ['/foo', { kind: 'unknown', name: 'foo' }],
    ['/usr/bin/env is missing', { kind: 'none' }],
    ['/fix.', { kind: 'none' }],
    ['please /fix this', { kind: 'none' }],
    ['// a comment', { kind: 'none' }],
    ['/ fix', { kind: 'none' }],
    ['', { kind: 'none' }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseSlashCommand(text), expected, JSON.stringify(text));
});

test('an unknown command is named and every command listed', () => {
  assert.equal(
    unknownCommandNotice('foo'),
    '/foo is not a Gearshift command, so your message was sent as typed. Commands: /explain, /fix, /tests, /doc, /new.',
  );
});

test('each command asks the model for its own thing, in front of what the user typed', () => {
  const asks: Record<string, RegExp> = {
    explain: /Explain how/,
    fix: /Fix the attached code.*problems/s,
    tests: /unit tests/,
    doc: /documentation comments/,
    new: /Scaffold/,
  };
  for (const c of SLASH_COMMANDS) {
    assert.match(COMMAND_INSTRUCTIONS[c], asks[c], c);
    assert.equal(commandPrompt(c, ''), `/${c}: ${COMMAND_INSTRUCTIONS[c]}`);
    assert.equal(commandPrompt(c, ' use pytest '), `/${c}: ${COMMAND_INSTRUCTIONS[c]}\n\nuse pytest`);
  }
  assert.equal(promptText('/tests use pytest', 'tests'), commandPrompt('tests', 'use pytest'));
  assert.equal(promptText('plain', undefined), 'plain');
});

test('the classifier reads what the user typed: the instruction comes off the last user message only', () => {
  const fixPrompt = commandPrompt('fix', 'why does it crash');
  const messages = [
    { role: 'user' as const, content: commandPrompt('fix', 'first') },
    { role: 'assistant' as const, content: 'ok' },
    { role: 'user' as const, content: `src/a.ts:\n\`\`\`\nx\n\`\`\`\n\n${fixPrompt}` },
  ];
  const out = withoutCommandPrompt(messages, 'fix');
  assert.equal(out[2].content, 'src/a.ts:\n```\nx\n```\n\nwhy does it crash');
  assert.equal(out[0].content, messages[0].content);
  assert.equal(messages[2].content.includes(COMMAND_INSTRUCTIONS.fix), true, 'the input is not changed');
});

test('a command turn is sent with its instruction, and in the same bytes when it is history (prompt caches hit)', () => {
  const c = newConversation('c1', 0);
  const turn = (id: string, content: string, command?: UserTurn['command']): UserTurn => ({
    id,
    role: 'user',
    content,
    attachments: [{ id: 'a', path: 'src/a.ts', label: 'src/a.ts:1-2', text: 'let x = 1', redactions: 0 }],
    model: 'auto',
    createdAt: 0,
    ...(command && { command }),
  });
  c.turns.push(turn('u1', '/doc', 'doc'));
  const first = messagesFor(c, 0);
  assert.equal(first[0].content, commandPrompt('doc', ''));
  c.turns.push({ id: 'r1', role: 'assistant', content: 'done', status: 'done', createdAt: 0, meta: { fallbacks: [] } });
  c.turns.push(turn('u2', 'and the other one?'));
  const second = messagesFor(c, 2);
  // History carries the attachment inline: the first turn's message as the gateway sent it (attachments in front).
  assert.equal(second[0].content, `src/a.ts:1-2:\n\`\`\`\nlet x = 1\n\`\`\`\n\n${commandPrompt('doc', '')}`);
  const agent = messagesFor(c, 2, { agent: true });
  assert.equal(agent[0].content, second[0].content);
});
