/**
 * Odd documents through the whole completion pipeline (context assembly → prompt → provider → post-processing) with
 * an instantly answering in-memory provider, for both prompt styles (raw FIM and the chat <HOLE> prompt): huge files,
 * a minified one-liner, binary-looking text, CRLF, mixed indentation, emoji and right-to-left text at the cursor.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ContextBuilder } from '../../../src/core/completion/context';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { DEFAULT_BUDGET, type CursorDocument } from '../../../src/core/completion/types';
import type { ChatRequest, CompletionRequest } from '../../../src/core/providers/provider';
import { approxTokens } from '../../../src/core/tokens';
import { decision, FakeProvider, model } from '../completion/fakeProvider';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Template tokens, the path comment and the instructions around prefix + suffix in a prompt. */
const PROMPT_OVERHEAD_TOKENS = 400;
const BUDGET_TOKENS = DEFAULT_BUDGET.prefixTokens + DEFAULT_BUDGET.suffixTokens + DEFAULT_BUDGET.snippetTokens;
let tried = 0;

after(() => console.log(`odd documents: ${tried} document × prompt-style runs`));

/** Deterministic pseudo-random bytes (xorshift). */
function bytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const codeLine = (i: number): string => `  const value${i} = compute(${i}, "item-${i}") + offset; // 🚀 line ${i}\n`;

function bigFile(bytesWanted: number): string {
  const parts: string[] = ['export function main() {\n'];
  let size = 0;
  for (let i = 0; size < bytesWanted; i++) {
    const l = codeLine(i);
    parts.push(l);
    size += l.length;
  }
  parts.push('}\n');
  return parts.join('');
}

interface Case {
  name: string;
  doc: CursorDocument;
  /** What the model answers (already in the document's style or not). */
  answer: string;
}

function at(text: string, offset: number, languageId = 'typescript', path = 'src/odd.ts'): CursorDocument {
  return { path, languageId, text, offset };
}

const big = bigFile(5 * 1024 * 1024);
const minified =
  `var a=${'{'.repeat(1)}` +
  Array.from({ length: 60_000 }, (_, i) => `f${i}:function(x){return x+${i}}`)
    .join(',')
    .slice(0, 1024 * 1024) +
  '};';
const binary = `${bytes(64 * 1024, 7).toString('latin1')}\u0000\u0000const x = \u0000${bytes(4096, 11).toString('latin1')}`;
const crlfLines = ['function total(items) {', '  let sum = 0;', '  for (const item of items) {', '    ', '  }', '  return sum;', '}', ''];
const crlf = crlfLines.join('\r\n');
const mixed = 'class A {\n\tmethod() {\n    \tif (x) {\n\t    \t\n\t\t}\n    }\n}\n';
const emojiLine = '👍'.repeat(20_000);
const rtl = 'const greeting = "مرحبا بالعالم";\nconst shalom = "שלום עולם";\nconst mixed = "abc \u202Eevil\u202C def";\nlabel = "';

const CASES: Case[] = [
  { name: '5 MB file, cursor in the middle', doc: at(big, big.indexOf('\n', big.length >> 1) + 1 + 2), answer: 'const middle = 1;' },
  {
    name: 'minified 1 MB single line, cursor mid-line',
    doc: at(minified, minified.length >> 1, 'javascript', 'dist/app.min.js'),
    answer: 'f9:function(x){return x}',
  },
  { name: 'binary-looking content (NULs, random latin1)', doc: at(binary, binary.indexOf('const x = ') + 10), answer: 'compute();' },
  {
    name: 'CRLF line endings, block answer',
    doc: at(crlf, crlf.indexOf('    \r\n') + 4, 'javascript', 'src/total.js'),
    answer: 'sum += item.price;\n    sum -= item.discount;',
  },
  { name: 'mixed tabs and spaces', doc: at(mixed, mixed.indexOf('\t    \t\n') + 6), answer: 'return x;' },
  {
    name: 'emoji right before and after the cursor',
    doc: at('const s = "🙂🙃|👍🏽";\n'.replace('|', ''), 'const s = "🙂🙃'.length),
    answer: '🎉 party 🎉',
  },
  { name: 'one line of 20k emoji, cursor at an even offset', doc: at(`x = "${emojiLine}`, 5 + 2 * 11_111), answer: '😀";' },
  // Period 3 ("a" + a pair): with the default budget the prefix cut lands on a low surrogate (the case above cuts the suffix).
  { name: 'one line of ASCII and emoji mixed, cursor on a group start', doc: at('a👍'.repeat(20_000), 3 * 7_000), answer: 'a👍' },
  { name: 'right-to-left text (Arabic, Hebrew, bidi controls) at the cursor', doc: at(rtl, rtl.length), answer: 'مرحبا שלום";' },
];

function sentText(req: CompletionRequest | ChatRequest): string {
  return 'prompt' in req ? req.prompt + (req.suffix ?? '') : [req.system ?? '', ...req.messages.map((m) => m.content)].join('\n');
}

for (const style of ['fim', 'chat'] as const) {
  for (const c of CASES) {
    test(`odd document (${style}): ${c.name}`, async () => {
      tried++;
      const provider = new FakeProvider('local', true);
      provider.fallback = style === 'chat' ? `\`\`\`\n${c.answer}\n\`\`\`` : c.answer;
      const m = style === 'fim' ? model('coder') : model('chat', { model: 'gpt-5-mini', fim: false });
      const logs: string[] = [];
      const engine = new CompletionEngine({
        route: () => decision([m]),
        provider: () => provider,
        record: () => undefined,
        log: (l) => logs.push(l),
        options: { debounceMs: 0 },
      });

      // Context assembly on its own: within the token budget, pairs intact.
      const ctx = new ContextBuilder().build(c.doc, []);
      assert.ok(ctx, 'a context is built');
      const used = approxTokens(ctx.prefix) + approxTokens(ctx.suffix) + ctx.snippets.reduce((n, s) => n + approxTokens(s.text), 0);
      assert.ok(used <= BUDGET_TOKENS, `context uses ${used} tokens, budget ${BUDGET_TOKENS}`);
      for (const [part, text] of [
        ['prefix', ctx.prefix],
        ['suffix', ctx.suffix],
      ]) {
        assert.doesNotMatch(text, LONE_SURROGATE, `the ${part} splits a surrogate pair`);
      }

      // The whole pipeline.
      const s = await engine.complete({ document: c.doc, explicit: true });
      assert.equal(provider.calls.length, 1, `one request was sent (log: ${logs.join(' | ')})`);
      const req = provider.calls[0];
      assert.equal(req.kind, style === 'fim' ? 'complete' : 'chat');
      const sent = sentText(req);
      assert.ok(approxTokens(sent) <= BUDGET_TOKENS + PROMPT_OVERHEAD_TOKENS, `the prompt is ${approxTokens(sent)} tokens`);
      assert.doesNotMatch(sent, LONE_SURROGATE, 'the prompt never holds half an emoji');
      assert.ok(s, 'a suggestion came back');
      assert.doesNotMatch(s.text, LONE_SURROGATE);
      assert.ok(s.text.length > 0);
      if (c.name.startsWith('CRLF')) {
        // The engine answers in LF; it never mixes the two (a stray \r would show as a glyph in the editor).
        assert.ok(!s.text.includes('\r'), `CRLF document: suggestion ${JSON.stringify(s.text)}`);
        assert.ok(s.text.includes('\n'), 'the block answer kept its line break');
      }
      engine.dispose();
    });
  }
}
