/**
 * Completion prompts keep a long byte-identical prefix from one keystroke to the next, so a provider's prompt
 * cache (OpenAI's automatic one; llama.cpp's KV cache behind Ollama) can reuse it: the file comes before the
 * snippets in the hole prompt, and the prefix window's first line moves in steps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import '../props/seed';
import { anchoredStart, ContextBuilder, lineStartAt, prefixStart } from '../../../src/core/completion/context';
import { prepareCall } from '../../../src/core/completion/request';
import type { DocumentSnapshot } from '../../../src/core/completion/types';
import { approxTokens } from '../../../src/core/tokens';
import type { ModelConfig } from '../../../src/core/types';
import { bounded, budgetChars, docAndOffset, RUNS } from '../props/arbitraries';

const chatModel: ModelConfig = { name: 'mini', endpoint: 'openai', model: 'gpt-5-mini' };
const qwen: ModelConfig = { name: 'local-coder', endpoint: 'ollama', model: 'qwen2.5-coder:7b' };

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** A file of `n` distinct lines of code. */
const body = (n: number, tag: string): string =>
  Array.from({ length: n }, (_, i) => `  const ${tag}${i} = await fetchRecord(${tag}Ids[${i}], { retries: ${i % 4} });`).join('\n');

/** Other open files: each one's windows resemble different lines, so the chosen snippets change as the cursor moves. */
const others: DocumentSnapshot[] = ['user', 'order', 'invoice', 'payment'].map((tag) => ({
  path: `src/${tag}.ts`,
  languageId: 'typescript',
  text: `export async function load${tag}() {\n${body(40, tag)}\n}\n`,
}));

/**
 * The user writes `lines` new lines at the cursor deep in a long file, one request per line typed (the engine's
 * debounce lets roughly one through per pause); returns the prompts each request sends to `model`.
 */
function typingSession(model: ModelConfig, lines: string[]): { prompts: string[]; snippets: Set<string> } {
  const builder = new ContextBuilder();
  let before = `export async function main() {\n${body(300, 'item')}\n`;
  const after = `\n  return done;\n}\n${body(60, 'tail')}\n`;
  const prompts: string[] = [];
  const snippets = new Set<string>();
  for (const line of lines) {
    before += line;
    const ctx = builder.build({ path: 'src/main.ts', languageId: 'typescript', text: before + after, offset: before.length }, others)!;
    prompts.push(prepareCall(model, true, ctx).promptText);
    snippets.add(JSON.stringify(ctx.snippets));
    before += '\n';
  }
  return { prompts, snippets };
}

const tags = ['user', 'order', 'invoice', 'payment'];
/** Lines like ones of the other files, each like another window of another file: the best snippets keep changing. */
const typed = Array.from({ length: 40 }, (_, i) => {
  const tag = tags[i % 4];
  const k = (i * 7) % 40;
  return `  const ${tag}${k} = await fetchRecord(${tag}Ids[${k}], { retries: ${k % 4} });`;
});

test("consecutive keystrokes: a chat model's hole prompts share a long byte-identical prefix (cacheable)", () => {
  const { prompts, snippets } = typingSession(chatModel, typed);
  const shared = prompts.slice(1).map((p, i) => sharedPrefix(prompts[i], p));
  // OpenAI reads from cache only prompts sharing ≥ 1,024 tokens; the window's first line moves once per step of its
  // budget, so a few of the 39 pairs start afresh and the rest share all up to the cursor (the suffix and snippets
  // follow it).
  const cacheable = shared.filter((n) => approxTokens(prompts[0].slice(0, n)) >= 1024).length;
  assert.ok(cacheable >= 34, `only ${cacheable} of ${shared.length} pairs share ≥ 1,024 tokens: ${shared.join(' ')}`);
  const most = shared.filter((n, i) => n >= 0.6 * prompts[i + 1].length).length;
  assert.ok(most >= 34, `only ${most} of ${shared.length} pairs share ≥ 60% of the prompt`);
  // The snippets did change along the way (so sharing does not rest on them staying the same).
  assert.ok(snippets.size > 10, `the chosen snippets changed ${snippets.size - 1} times while typing`);
});

test('the hole prompt puts the file before the snippets and the instruction last', () => {
  const prompt = typingSession(chatModel, typed.slice(0, 1)).prompts[0];
  const file = prompt.indexOf('File src/main.ts (typescript):');
  const snippet = prompt.indexOf('Related code from');
  assert.ok(file > 0 && snippet > file, 'file first, then snippets');
  assert.match(prompt.trimEnd(), /Write only the rest of the statement at <HOLE>: .*\.$/);
});

test('consecutive keystrokes: FIM prompts (fixed template order) still share a long prefix while the snippets stay', () => {
  // No other open files: the repository header is empty, only the anchored window decides.
  const builder = new ContextBuilder();
  let before = `export async function main() {\n${body(300, 'item')}\n`;
  const prompts: string[] = [];
  for (const line of typed) {
    before += `${line}\n`;
    const ctx = builder.build({ path: 'src/main.ts', languageId: 'typescript', text: `${before}}\n`, offset: before.length }, [])!;
    prompts.push(prepareCall(qwen, true, ctx).promptText);
  }
  const long = prompts.slice(1).filter((p, i) => sharedPrefix(prompts[i], p) >= 0.7 * Math.min(prompts[i].length, p.length)).length;
  assert.ok(long >= 32, `only ${long} of ${prompts.length - 1} pairs share ≥ 70%`);
});

test('property: anchoredStart gives up at most two steps of the farthest prefix, at a line start, never the cursor line', () => {
  fc.assert(
    fc.property(docAndOffset, budgetChars, fc.integer({ min: 1, max: 400 }), ({ text, offset }, max, grid) => {
      const raw = prefixStart(text, offset, max);
      const s = bounded('anchoredStart', () => anchoredStart(text, raw, offset, grid));
      const o = Number.isFinite(offset) ? Math.max(0, Math.min(Math.trunc(offset), text.length)) : offset > 0 ? text.length : 0;
      assert.ok(s >= raw, 'never more prefix than the budget allows');
      if (s === raw) return;
      assert.ok(s - raw <= 2 * grid, `gave up ${s - raw} > 2 × ${grid}`);
      assert.ok(s <= lineStartAt(text, o), 'the cursor line is whole');
      assert.equal(lineStartAt(text, s), s, 'starts at a line start');
      assert.ok(s % grid === 0 || text.slice(Math.ceil(raw / grid) * grid, s - 1).indexOf('\n') < 0, 'the first line start past the step');
    }),
    { numRuns: RUNS },
  );
});

test('anchoredStart: typing at the cursor keeps the first line until the window slid a whole step', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} of the file`).join('\n');
  const starts = new Set<number>();
  let text = `${lines}\n`;
  for (let i = 0; i < 20; i++) {
    text += `typed ${i}\n`;
    starts.add(anchoredStart(text, prefixStart(text, text.length, 2000), text.length, 250));
  }
  // 20 lines of ~9 characters slide the raw window ~180 characters: within one or two steps of 250.
  assert.ok(starts.size <= 2, `the first line moved ${starts.size - 1} times`);
  assert.equal(anchoredStart(text, 0, text.length, 250), 0, 'a prefix from the file start stays whole');
});
