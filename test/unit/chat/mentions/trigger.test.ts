import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertCommand, removeTrigger, triggerAt } from '../../../../src/core/chat/mentions/trigger';

/** `|` marks the cursor. */
function at(s: string) {
  const cursor = s.indexOf('|');
  return triggerAt(s.replace('|', ''), cursor);
}

test('the @query or /command at the cursor', () => {
  const cases: [string, ReturnType<typeof triggerAt>][] = [
    ['@|', { kind: 'mention', start: 0, query: '' }],
    ['@sess|', { kind: 'mention', start: 0, query: 'sess' }],
    ['look at @src/app|', { kind: 'mention', start: 8, query: 'src/app' }],
    ['look at @src/app| please', { kind: 'mention', start: 8, query: 'src/app' }],
    ['a\n@pro|', { kind: 'mention', start: 2, query: 'pro' }],
    ['@ses|sion', { kind: 'mention', start: 0, query: 'ses' }],
    ['mail me@example|', undefined], // inside a word: an address, not a mention
    ['@foo bar|', undefined], // the cursor has left the mention
    ['no trigger|', undefined],
    ['@@|', undefined],
    ['/|', { kind: 'slash', start: 0, query: '' }],
    ['/fi|', { kind: 'slash', start: 0, query: 'fi' }],
    ['/fix |', undefined], // the command is complete
    ['why /fi|', undefined], // only at the very start
    [' /fi|', undefined],
    [`@${'x'.repeat(101)}|`, undefined], // past the longest query followed
  ];
  for (const [text, want] of cases) assert.deepEqual(at(text), want, JSON.stringify(text));
});

test('picking removes the typed @query (one space with it) and keeps the rest', () => {
  const cases: [string, string, number][] = [
    ['@sess|', '', 0],
    ['explain @sess| please', 'explain please', 8],
    ['explain @sess|', 'explain ', 8],
    ['@sess| why', 'why', 0],
  ];
  for (const [s, text, cursor] of cases) {
    const c = s.indexOf('|');
    const plain = s.replace('|', '');
    const t = triggerAt(plain, c);
    assert.ok(t, s);
    assert.deepEqual(removeTrigger(plain, t, c), { text, cursor }, s);
  }
});

test('picking a slash command writes "/command " and keeps what follows', () => {
  assert.deepEqual(insertCommand('/f', 'fix', 2), { text: '/fix ', cursor: 5 });
  assert.deepEqual(insertCommand('/fi the loop', 'fix', 3), { text: '/fix the loop', cursor: 5 });
});
