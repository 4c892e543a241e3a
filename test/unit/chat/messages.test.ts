import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TEXT, parseWebviewMessage } from '../../../src/core/chat/messages';

test('accepts each well-formed webview message', () => {
  const good: unknown[] = [
    { type: 'ready' },
    { type: 'send', text: 'why does this fail?', model: 'auto' },
    { type: 'send', text: 'x', model: 'model:bedrock-sonnet' },
    { type: 'stop' },
    { type: 'retry', replyId: 'a1-b2' },
    { type: 'retryFrontier', replyId: 'abc' },
    { type: 'draft', conversationId: 'c1', text: '' },
    { type: 'newChat' },
    { type: 'openChat', id: 'c1' },
    { type: 'renameChat', id: 'c1' },
    { type: 'deleteChat', id: 'c1' },
    { type: 'attach', what: 'selection' },
    { type: 'removeAttachment', id: 'x' },
    { type: 'codeAction', action: 'apply', code: 'const a = 1;', language: 'ts' },
    { type: 'codeAction', action: 'copy', code: '' },
    { type: 'openLink', href: 'https://example.com' },
    { type: 'selectModel', model: 'frontier' },
  ];
  for (const m of good) assert.deepEqual(parseWebviewMessage(m), { ok: true, message: m }, JSON.stringify(m));
});

test('rejects malformed and unknown messages, naming what was wrong', () => {
  const bad: [unknown, RegExp][] = [
    [null, /not an object/],
    ['send', /not an object/],
    [[{ type: 'ready' }], /not an object/],
    [{}, /unknown message type/],
    [{ type: 'eval', code: 'x' }, /unknown message type "eval"/],
    [{ type: 'toString' }, /unknown message type/],
    [{ type: '__proto__' }, /unknown message type/],
    [{ type: 'send', text: 'hi' }, /send\.model/],
    [{ type: 'send', text: 42, model: 'auto' }, /send\.text: expected a string/],
    [{ type: 'send', text: 'x'.repeat(MAX_TEXT + 1), model: 'auto' }, /longer than/],
    [{ type: 'send', text: 'hi', model: 'gpt-4' }, /send\.model/],
    [{ type: 'send', text: 'hi', model: 'model:' }, /send\.model/],
    [{ type: 'send', text: 'hi', model: 'auto', extra: 1 }, /unexpected field "extra"/],
    [{ type: 'retry', replyId: '../../etc' }, /retry\.replyId: has characters/],
    [{ type: 'openChat', id: 'x'.repeat(65) }, /longer than 64/],
    [{ type: 'attach', what: 'workspace' }, /attach\.what: expected one of selection, file/],
    [{ type: 'codeAction', action: 'run', code: 'rm -rf /' }, /codeAction\.action/],
    [{ type: 'codeAction', action: 'save', code: 'x', language: 'ts" onload="x' }, /codeAction\.language/],
    [{ type: 'openLink' }, /openLink\.href: expected a string/],
  ];
  for (const [m, why] of bad) {
    const r = parseWebviewMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80));
    if (!r.ok) assert.match(r.error, why);
  }
});

test('agent mode messages: well-formed ones pass, hostile ones are refused naming the field', () => {
  const good: unknown[] = [
    { type: 'send', text: 'fix the test', model: 'auto', mode: 'agent' },
    { type: 'send', text: 'why', model: 'cheap', mode: 'ask' },
    { type: 'setMode', mode: 'agent' },
    { type: 'answerFile', id: 'e1', path: 'src/a b/ünï.ts', decision: 'accept' },
    { type: 'answerFile', id: 'toolu_01:edit.2', path: 'x', decision: 'reject' },
    { type: 'answerEdit', id: 'e1', decision: 'reject' },
    { type: 'answerCommand', id: 'r1', decision: 'always' },
    { type: 'openDiff', id: 'e1', path: 'src/a.ts' },
  ];
  for (const m of good) assert.deepEqual(parseWebviewMessage(m), { ok: true, message: m }, JSON.stringify(m));
  const bad: [unknown, RegExp][] = [
    [{ type: 'send', text: 'x', model: 'auto', mode: 'yolo' }, /send\.mode: expected one of ask, agent/],
    [{ type: 'send', text: 'x', model: 'auto', mode: 1 }, /send\.mode/],
    [{ type: 'setMode' }, /setMode\.mode/],
    [{ type: 'setMode', mode: 'agent', tools: ['run'] }, /unexpected field "tools"/],
    [{ type: 'answerFile', id: 'e1', path: 'a.ts', decision: 'yes' }, /answerFile\.decision: expected one of accept, reject/],
    [{ type: 'answerFile', id: 'e1', path: 'a.ts', decision: true }, /answerFile\.decision/],
    [{ type: 'answerFile', id: 'e 1', path: 'a.ts', decision: 'accept' }, /answerFile\.id: has characters/],
    [{ type: 'answerFile', id: 'e1', path: 'a.ts\n', decision: 'accept' }, /answerFile\.path: has characters/],
    [{ type: 'answerFile', id: 'e1', path: '', decision: 'accept' }, /answerFile\.path: has characters/],
    [{ type: 'answerFile', id: 'e1', path: 'x'.repeat(1025), decision: 'accept' }, /answerFile\.path: longer than 1024/],
    [{ type: 'answerFile', id: 'e1', decision: 'accept' }, /answerFile\.path: expected a string/],
    [{ type: 'answerEdit', id: 'e1', decision: 'accept', accepted: ['a.ts'] }, /unexpected field "accepted"/],
    [{ type: 'answerCommand', id: 'r1', decision: 'run', command: 'rm -rf /' }, /unexpected field "command"/],
    [{ type: 'answerCommand', id: 'r1', decision: 'sudo' }, /answerCommand\.decision: expected one of run, always, reject/],
    [{ type: 'answerCommand', id: 'x'.repeat(129), decision: 'run' }, /answerCommand\.id: longer than 128/],
    [{ type: 'answerCommand', id: { toString: 'r1' }, decision: 'run' }, /answerCommand\.id: expected a string/],
    [{ type: 'openDiff', id: 'e1', path: ['a.ts'] }, /openDiff\.path: expected a string/],
    [{ type: 'openDiff', id: 'e1', path: 'a.ts\u0000' }, /openDiff\.path: has characters/],
  ];
  for (const [m, why] of bad) {
    const r = parseWebviewMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80));
    if (!r.ok) assert.match(r.error, why);
  }
});
