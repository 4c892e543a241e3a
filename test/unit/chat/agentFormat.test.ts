import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerLabel, progressLine, shortArguments, stepLine } from '../../../src/core/chat/agentFormat';

test('tool arguments in one short line', () => {
  const cases: [string, string][] = [
    ['{"path":"src/a.ts","startLine":3}', 'path: "src/a.ts", startLine: 3'],
    ['', ''],
    ['{}', ''],
    ['{"query":"a\\n  b"}', 'query: "a b"'],
    ['not json {', 'not json {'],
    ['[1,2]', '[1,2]'],
    ['{"edits":[{"path":"a","oldText":"x","newText":"y"}]}', 'edits: [{"path":"a","oldText":"x","newText":"y…'],
    [JSON.stringify({ content: 'x'.repeat(500) }), `content: "${'x'.repeat(59)}…"`],
  ];
  for (const [json, want] of cases) assert.equal(shortArguments(json), want, json.slice(0, 40));
  const long = shortArguments(JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]))));
  assert.equal(long.length, 100);
  assert.ok(long.endsWith('…'));
});

test('step rows, progress and answers in words', () => {
  assert.equal(stepLine(4, 'cheap', 'reading search results'), 'step 4 · cheap · reading search results');
  assert.equal(progressLine({ steps: 3, maxSteps: 25, costUsd: 0.0123, maxTaskUsd: 0.5 }), 'step 3 / 25 · $0.01 / $0.50');
  assert.equal(progressLine({ steps: 0, maxSteps: 25, costUsd: 0 }), 'step 0 / 25 · $0.00');
  const files = ['a.ts', 'b.ts'];
  assert.equal(answerLabel({ id: 'e', answer: { kind: 'edit', accepted: files } }, files), 'Accepted all');
  assert.equal(answerLabel({ id: 'e', answer: { kind: 'edit', accepted: ['b.ts'] } }, files), 'Accepted: b.ts');
  assert.equal(
    answerLabel({ id: 'e', answer: { kind: 'edit', accepted: [] }, cancelled: true }, files),
    'Rejected (not answered: the task stopped or the panel closed)',
  );
  assert.equal(answerLabel({ id: 'r', answer: { kind: 'command', run: true, always: true } }), 'Run — always allowed in this workspace');
  assert.equal(answerLabel({ id: 'r', answer: { kind: 'command', run: false } }), 'Rejected');
});
