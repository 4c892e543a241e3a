/**
 * @codebase's quality on a real repository: recall@5 of the right file over the bench's questions on RxJS 7.8.2
 * (test/bench/codebaseQuestions.json), measured through the product's indexer. A ranking change that loses it fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexFixture, measureRecall, questions } from '../../bench/codebaseRecall';

test('the question set: at least 40 questions, each naming one file of the fixture', () => {
  const qs = questions();
  assert.ok(qs.length >= 40, `${qs.length} questions`);
  assert.equal(new Set(qs.map((q) => q.q)).size, qs.length, 'no question twice');
});

test('RxJS: recall@5 of the right file is at least 80%', async () => {
  const indexer = await indexFixture();
  const r = await measureRecall(indexer);
  const missed = r.misses.map((m) => `  "${m.q}" → ${m.file}; got ${m.got.join(', ')}`).join('\n');
  assert.ok(r.at5 >= 0.8, `recall@5 ${(r.at5 * 100).toFixed(0)}% < 80%; missed:\n${missed}`);
  assert.equal(indexer.status().state, 'ready');
});
