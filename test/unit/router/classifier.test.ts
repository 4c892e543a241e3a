import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClassifier } from '../../../src/core/router/classifier';
import { extractFeatures, FEATURES, proseOf, proseWords } from '../../../src/core/router/features';
import weights from '../../../src/core/router/weights.json';

const ask = (content: string, attachments: { path: string; text: string }[] = []) => ({ messages: [{ role: 'user' as const, content }], attachments });
const code = 'func handle(w http.ResponseWriter, r *http.Request) {\n\tmu.Lock()\n\tdefer mu.Unlock()\n}\n'.repeat(12);

test('weights.json matches the features the code computes', () => {
  assert.deepEqual(weights.features, FEATURES.map((f) => f.name));
  assert.equal(weights.weights.length, FEATURES.length);
  assert.ok(weights.threshold > 0 && weights.threshold < 1);
  assert.throws(() => new ChatClassifier({ ...weights, features: ['x'] }), /Rerun test\/tools\/fit-router.ts/);
});

test('a short lookup goes cheap and a short prod mystery goes frontier', () => {
  const c = new ChatClassifier();
  assert.equal(c.classify(ask('how do i rename a git branch')).tier, 'cheap');
  const hard = c.classify(ask('why does this deadlock only in prod under load? tests pass', [{ path: 'a.go', text: code }]));
  assert.equal(hard.tier, 'frontier');
  assert.ok(hard.signals.includes("'why'"), hard.signals.join(','));
});

test('keyword traps: "optimize this" alone stays cheap, with constraints goes frontier', () => {
  const c = new ChatClassifier();
  assert.equal(c.classify(ask('optimize this', [{ path: 'a.py', text: 'for i in range(len(xs)):\n    total += xs[i]\n' }])).tier, 'cheap');
  const withConstraints = ask('optimize this. it takes ~900 ms per frame with 200k particles and the budget is 2 ms; ' +
      'profiler says 45% in the sort. must keep the same output order.', [{ path: 'p.cpp', text: code }]);
  assert.equal(c.classify(withConstraints).tier, 'frontier');
});

test('a long pasted log with a short ask is not mistaken for a long description', () => {
  const log = Array.from({ length: 60 }, (_, i) => `10.0.0.${i} - - [12/Mar/2024:10:14:0${i % 10} +0000] "GET /api/v1/x?page=${i} HTTP/1.1" 200 51`).join('\n');
  const text = `count 5xx per path in this log with awk\n\n\`\`\`\n${log}\n\`\`\``;
  assert.ok(proseWords(proseOf(text)) < 15);
  assert.ok(!new ChatClassifier().classify(ask(text)).signals.includes('long description'));
});

test('CJK prose counts as words and Chinese "why" is recognised', () => {
  const x = extractFeatures(ask('这个 Iterator 实现为什么编译不过？试了各种写法都不行。'));
  assert.ok(x[FEATURES.findIndex((f) => f.name === 'why')] >= 1);
  assert.ok(x[FEATURES.findIndex((f) => f.name === 'prose')] > Math.log1p(8));
});
