/**
 * Ghost text while the suggest widget is open: the virtual document (the selected item accepted), the inline edit
 * mapped back over the item's range, and the engine's request reuse and verdicts as the user moves in the list.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { CompletionEngine, type CompletionInput } from '../../../src/core/completion/engine';
import { extendSelectedItem, withSelectedItem, type SelectedItem } from '../../../src/core/completion/selectedItem';
import type { CompletionOutcome, CursorDocument } from '../../../src/core/completion/types';
import { decision, FakeProvider, held, model } from './fakeProvider';
import { atCursor } from './helpers';

const doc = (marked: string): CursorDocument => ({ path: 'src/total.js', languageId: 'javascript', ...atCursor(marked) });

/** The item over the word the cursor ends (insert mode: the range runs from the word's start to the cursor). */
function itemAt(d: CursorDocument, text: string, extra = 0): SelectedItem {
  let start = d.offset;
  while (start > 0 && /\w/.test(d.text[start - 1])) start--;
  return { start, end: d.offset + extra, text };
}

test('the virtual document reads as if the selected item were accepted, the cursor after it', () => {
  const cases = [
    { name: 'insert mode: the typed word becomes the item', marked: '  re|\n}', extra: 0, item: 'return', want: '  return|\n}' },
    { name: 'replace mode: the rest of the word goes too', marked: '  re|sul\n}', extra: 3, item: 'result', want: '  result|\n}' },
    { name: 'fuzzy match: what was typed is replaced whole', marked: 'x.tSt|;', extra: 0, item: 'toString', want: 'x.toString|;' },
    {
      name: 'a snippet item with its placeholders filled',
      marked: 'for|',
      extra: 0,
      item: 'for (const x of y) {\n}',
      want: 'for (const x of y) {\n}|',
    },
  ];
  for (const c of cases) {
    const d = doc(c.marked);
    const v = withSelectedItem(d, itemAt(d, c.item, c.extra));
    const want = atCursor(c.want);
    assert.deepEqual({ text: v?.text, offset: v?.offset }, want, c.name);
  }
});

test('an item whose range is not around the cursor gives no virtual document', () => {
  const d = doc('  let a = b;\n  re|\n}');
  for (const item of [
    { start: d.offset + 1, end: d.offset + 2, text: 'return' },
    { start: 0, end: d.offset - 1, text: 'return' },
    { start: d.offset, end: d.text.length + 5, text: 'return' },
    { start: -1, end: d.offset, text: 'return' },
    { start: 1.5, end: d.offset, text: 'return' },
  ]) {
    assert.equal(withSelectedItem(d, item), undefined, JSON.stringify(item));
  }
});

test('the inline edit extends the item: its text first, over its range (to the line end when the line is retyped)', () => {
  const item = { start: 10, end: 12, text: 'return' };
  assert.deepEqual(extendSelectedItem(item, { text: ' sum;', replacesLineSuffix: false }, 20), { start: 10, end: 12, text: 'return sum;' });
  assert.deepEqual(extendSelectedItem(item, { text: ' sum);', replacesLineSuffix: true }, 20), {
    start: 10,
    end: 20,
    text: 'return sum);',
  });
});

test('property: applying the inline edit to the document gives the virtual document completed, and VS Code would show it', () => {
  const word = fc.stringMatching(/^\w{0,6}$/);
  fc.assert(
    fc.property(
      fc.string({ maxLength: 30 }),
      word,
      word,
      fc.string({ maxLength: 30 }),
      word,
      fc.string({ maxLength: 12 }),
      (pre, typed, rest, post, item, s) => {
        const text = pre + typed + rest + post;
        const offset = pre.length + typed.length;
        const selected = { start: pre.length, end: offset + rest.length, text: item };
        const v = withSelectedItem({ path: 'a.js', languageId: 'javascript', text, offset }, selected)!;
        const edit = extendSelectedItem(selected, { text: s, replacesLineSuffix: false }, text.length);
        const applied = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        assert.equal(applied, v.text.slice(0, v.offset) + s + v.text.slice(v.offset));
        // VS Code's rule for an inline item over a suggest item: same start, at least its end, its text first.
        assert.ok(edit.start === selected.start && edit.end >= selected.end && edit.text.startsWith(selected.text));
      },
    ),
  );
});

// ---- The engine as the user moves in the suggestion list ----

const FILE = 'function total(items) {\n  let sum = 0;\n  re|\n}\n';

function rig() {
  const records: CompletionOutcome[] = [];
  const provider = new FakeProvider('local');
  const engine = new CompletionEngine({
    route: () => decision([model('coder')]),
    provider: () => provider,
    record: (o) => records.push(o),
    options: { debounceMs: 0 },
  });
  /** A request with the widget open on `item` (or closed: no item), as the adapter makes it. */
  const ask = (marked: string, item?: string, over: Partial<CompletionInput> = {}) => {
    const d = doc(marked);
    const document = item === undefined ? d : withSelectedItem(d, itemAt(d, item))!;
    return engine.complete({ document, selectedItem: item !== undefined, ...over });
  };
  return { engine, records, provider, ask };
}

const prompt = (p: FakeProvider, i: number) => {
  const call = p.calls[i];
  return 'prompt' in call ? call.prompt : '';
};

test("the prompt continues from the selected item's text, and the suggestion follows it", async () => {
  const { provider, ask } = rig();
  provider.replies.push(' sum;');
  const s = await ask(FILE, 'return');
  assert.equal(s?.text, ' sum;');
  assert.match(prompt(provider, 0), /let sum = 0;\n {2}return<\|fim_suffix\|>\n\}/);
});

test('moving to an item the answer is consistent with reuses it; the item and its way back, too', async () => {
  const { provider, ask } = rig();
  provider.replies.push('ult = sum;');
  const first = await ask(FILE, 'res');
  // "result" is "res" plus the first letters of the answer: no new request, the rest of the same suggestion.
  const longer = await ask(FILE, 'result');
  assert.deepEqual([longer?.text, longer?.id, longer?.source], [' = sum;', first?.id, 'typedAhead']);
  // Back to the shorter item, then the widget closed (Escape): the document before the item, still consistent.
  assert.equal((await ask(FILE, 'res'))?.text, 'ult = sum;');
  assert.equal((await ask(FILE))?.text, 'sult = sum;');
  assert.equal(provider.calls.length, 1, 'one request for all four');
});

test('moving to an item the answer is not consistent with cancels the request in flight and asks again', async () => {
  const { provider, records, ask } = rig();
  const h = held();
  provider.replies.push(h.reply, ' sum;');
  const first = ask(FILE, 'require');
  await new Promise((r) => setImmediate(r));
  const second = await ask(FILE, 'return');
  await h.aborted;
  assert.equal(await first, undefined);
  assert.equal(second?.text, ' sum;');
  assert.equal(provider.calls.length, 2);
  assert.equal(provider.calls[0].signal?.aborted, true, 'the first HTTP request was aborted');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    records.map((r) => r.status),
    ['cancelled'],
  );
});

test('verdicts: a shown suggestion is rejected when another item replaces it, accepted through its command', async () => {
  const { engine, provider, records, ask } = rig();
  provider.replies.push('ult;', ' sum;');
  await ask(FILE, 'res');
  // The item "result" covers all of the suggestion: that is the list moving, not the user typing it.
  const other = await ask(FILE, 'return');
  assert.deepEqual(
    records.map((r) => r.status),
    ['rejected'],
  );
  // The user takes the item (the document now reads "return"): the same suggestion, then accepted with Tab.
  const after = await ask('function total(items) {\n  let sum = 0;\n  return|\n}\n');
  assert.deepEqual([after?.text, after?.id], [' sum;', other?.id]);
  engine.accept(after!.id);
  assert.deepEqual(
    records.map((r) => r.status),
    ['rejected', 'accepted'],
  );
  assert.equal(provider.calls.length, 2);
});

test('an item that covers the whole suggestion is not counted as the user accepting it', async () => {
  const { provider, records, ask } = rig();
  provider.replies.push('ult;', 'x');
  await ask(FILE, 'res');
  await ask(FILE, 'result;');
  assert.deepEqual(
    records.map((r) => r.status),
    ['rejected'],
  );
});
