import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ChatAttachment } from '../../../../src/core/chat/conversation';
import {
  attachmentBudget,
  budgetFor,
  cutLines,
  DEFAULT_CONTEXT_WINDOW,
  fitToBudget,
  MIN_KEPT_TOKENS,
} from '../../../../src/core/chat/mentions/budget';
import { catalogContextWindow } from '../../../../src/core/chat/mentions/contextWindow';

/** One token per 4 characters, rounded up: a tokenizer the tests can reason about. */
const count = (t: string) => Math.ceil(t.length / 4);

function att(id: string, text: string, label = id): ChatAttachment {
  return { id, path: label, label, text, redactions: 0, kind: 'file', tokens: count(text) };
}

function lines(n: number, width = 39): string {
  return Array.from({ length: n }, (_, i) => `${String(i + 1).padStart(5, '0')}${'x'.repeat(width - 5)}\n`).join('');
}

test("the budget is the choice's context window: the model's setting, else the catalog's, else 128k; tiers take their smallest", () => {
  const models = {
    local: { name: 'local', model: 'qwen2.5-coder:7b', contextWindow: 32_000, maxOutputTokens: 2_000 },
    mini: { name: 'mini', model: 'gpt-5.6-luna' },
    haiku: { name: 'haiku', model: 'claude-haiku-4-5' },
    odd: { name: 'odd', model: 'some-unknown-model' },
    bedrock: { name: 'bedrock', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' },
  };
  const tiers = { cheap: ['local', 'mini'], frontier: ['haiku'] };
  assert.deepEqual(budgetFor('model:mini', models, tiers, catalogContextWindow), { contextWindow: 1_050_000, outputReserve: 8_192 });
  assert.equal(budgetFor('model:haiku', models, tiers, catalogContextWindow).contextWindow, 200_000);
  assert.equal(budgetFor('model:bedrock', models, tiers, catalogContextWindow).contextWindow, 200_000, 'Bedrock decorations stripped');
  assert.equal(budgetFor('model:odd', models, tiers, catalogContextWindow).contextWindow, DEFAULT_CONTEXT_WINDOW);
  assert.deepEqual(budgetFor('cheap', models, tiers, catalogContextWindow), { contextWindow: 32_000, outputReserve: 8_192 });
  assert.equal(budgetFor('frontier', models, tiers, catalogContextWindow).contextWindow, 200_000);
  assert.equal(budgetFor('auto', models, tiers, catalogContextWindow).contextWindow, 32_000, 'auto may answer on either tier');
  assert.equal(budgetFor('model:gone', models, tiers, catalogContextWindow).contextWindow, DEFAULT_CONTEXT_WINDOW);
  assert.equal(attachmentBudget({ contextWindow: 32_000, outputReserve: 2_000 }, 10_000), 20_000);
  assert.equal(attachmentBudget({ contextWindow: 8_000, outputReserve: 2_000 }, 10_000), 0);
});

test('attachments over the budget: the largest is cut at a line boundary and the note names the lines cut', () => {
  const big = att('big', lines(4000), 'src/big.ts'); // 10 tokens a line
  const small = att('small', lines(10), 'src/small.ts');
  const fitted = fitToBudget([big, small], 12_100, 128_000, count);
  assert.equal(fitted.attachments.length, 2);
  const cut = fitted.attachments[0];
  assert.equal(cut.cut, 'lines 1201–4000 cut to fit the 128k-token budget');
  assert.equal(cut.text, lines(1200));
  assert.equal(cut.tokens, 12_000);
  assert.equal(fitted.attachments[1], small, 'the small one is untouched');
  assert.deepEqual(fitted.notes, ['src/big.ts: lines 1201–4000 cut to fit the 128k-token budget']);
  assert.deepEqual(fitted.dropped, []);
});

test('an attachment that cannot keep even a few lines is dropped, and one that fits is left alone', () => {
  const oneLine = att('min', 'y'.repeat(4000), 'dist/min.js'); // one long line: nothing to cut at
  const fitted = fitToBudget([att('a', lines(3)), oneLine], 100, 32_000, count);
  assert.deepEqual(
    fitted.attachments.map((a) => a.id),
    ['a'],
  );
  assert.deepEqual(fitted.dropped, ['dist/min.js']);
  assert.deepEqual(fitted.notes, ['dist/min.js: left out to fit the 32k-token budget']);
  const fits = [att('a', lines(3)), att('b', lines(3))];
  assert.deepEqual(fitToBudget(fits, 1_000, 32_000, count), { attachments: fits, notes: [], dropped: [] });
  assert.equal(cutLines(lines(2), MIN_KEPT_TOKENS - 1, count), undefined);
});

test('property: fitting always ends within the budget, keeps order, and keeps only whole first lines of each attachment', () => {
  const text = fc
    .array(
      fc.string({ maxLength: 60 }).map((s) => s.replace(/\n/g, ' ') + '\n'),
      { maxLength: 80 },
    )
    .map((ls) => ls.join(''))
    .filter((s) => s.length > 0);
  fc.assert(
    fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3000 }), (texts, budget) => {
      const list = texts.map((t, i) => att(`a${i}`, t));
      const { attachments, dropped, notes } = fitToBudget(list, budget, 128_000, count);
      const total = attachments.reduce((s, a) => s + (a.tokens ?? 0), 0);
      assert.ok(total <= budget, `total ${total} over ${budget}`);
      assert.equal(attachments.length + dropped.length, list.length, 'each is kept or dropped');
      let last = -1;
      for (const a of attachments) {
        const i = list.findIndex((x) => x.id === a.id);
        assert.ok(i > last, 'order kept');
        last = i;
        const original = list[i].text;
        assert.ok(original.startsWith(a.text), 'a prefix of the original');
        assert.ok(a.text === original || a.text.endsWith('\n'), 'cut at a line boundary');
        assert.equal(a.tokens, count(a.text), 'its size is its text');
        assert.equal(a.cut !== undefined, a.text !== original, 'a cut says so');
      }
      assert.equal(notes.length, dropped.length + attachments.filter((a) => a.cut).length, 'every cut and drop is told');
    }),
    { numRuns: 300 },
  );
});
