import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTEXT_DEADLINE_MS, ContextBuilder } from '../../../src/core/completion/context';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { prepareCall } from '../../../src/core/completion/request';
import { explainContext } from '../../../src/core/completion/sources/explain';
import { RecentActivity } from '../../../src/core/completion/sources/recentActivity';
import type { CursorDocument } from '../../../src/core/completion/types';
import type { ModelConfig } from '../../../src/core/types';
import { decision, FakeProvider, model } from './fakeProvider';
import { atCursor } from './helpers';
import { IndexFeatures } from './sources/fakeFeatures';

const SHAPES = [
  '/** A point on the plane. */',
  'export interface Point {',
  '  x: number;',
  '  y: number;',
  '}',
  '',
  'export function distance(a: Point, b: Point): number {',
  '  return Math.hypot(a.x - b.x, a.y - b.y);',
  '}',
  '',
  'export class Canvas {',
  '  private points: Point[] = [];',
  '  add(p: Point): void {',
  '    this.points.push(p);',
  '  }',
  '  clear(): void {',
  '    this.points = [];',
  '  }',
  '}',
  '',
].join('\n');

const MAIN = [
  "import { distance, Point, Canvas } from './shapes';",
  '',
  'const canvas = new Canvas();',
  'function far(a: Point, b: Point) {',
  '  return distance(|',
  '}',
  '',
].join('\n');

function docOf(marked: string, path = 'src/main.ts'): CursorDocument {
  return { path, languageId: 'typescript', ...atCursor(marked) };
}

function filesWith(main: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'src/main.ts': atCursor(main).text, 'src/shapes.ts': SHAPES, ...extra };
}

const qwen: ModelConfig = { name: 'q', endpoint: 'ollama', model: 'qwen2.5-coder:7b' };
const deepseek: ModelConfig = { name: 'd', endpoint: 'ollama', model: 'deepseek-coder:6.7b' };
const chat: ModelConfig = { name: 'c', endpoint: 'openai', model: 'gpt-5-mini' };

test('a definition from another file reaches every prompt format, under its path, commented where there are no file tokens', async () => {
  const features = new IndexFeatures(filesWith(MAIN));
  const g = (await new ContextBuilder().gather(docOf(MAIN), [], { features }))!;
  const def = g.context.snippets.find((s) => s.kind === 'definition' && s.symbol === 'distance');
  assert.ok(def, 'the definition of distance is a source');
  assert.equal(def.path, 'src/shapes.ts');
  assert.match(def.text, /^export function distance\(a: Point, b: Point\): number \{\n {2}return Math\.hypot/);

  const fim = prepareCall(qwen, true, g.context).promptText;
  assert.ok(fim.includes('<|file_sep|>src/shapes.ts\nexport function distance(a: Point, b: Point): number {'), fim);
  const commented = prepareCall(deepseek, true, g.context).promptText;
  assert.ok(commented.includes('// Definition of distance from src/shapes.ts:\n// export function distance(a: Point, b: Point): number {'));
  const asked = prepareCall(chat, false, g.context).promptText;
  assert.ok(asked.includes('Definition of distance from src/shapes.ts:\n```\nexport function distance('));
});

test('type definitions follow the identifier to its type, and an imported file contributes its outline', async () => {
  const main = ['import { Canvas } from "./shapes";', '', 'const canvas = new Canvas();', '', 'canvas.|'].join('\n');
  const features = new IndexFeatures(filesWith(main));
  const g = (await new ContextBuilder().gather(docOf(main), [], { features }))!;
  const kinds = g.context.snippets.map((s) => `${s.kind}:${s.symbol ?? s.path}`);
  assert.ok(kinds.includes('definition:Canvas'), kinds.join(', '));
  const outline = g.context.snippets.find((s) => s.kind === 'importOutline');
  assert.ok(outline, kinds.join(', '));
  assert.equal(outline.path, 'src/shapes.ts');
  assert.ok(
    outline.text.startsWith('export class Canvas {\n  private points: Point[] = [];\n  add(p: Point): void {'),
    'the imported name comes first, with its members',
  );
  assert.ok(outline.text.includes('export function distance(a: Point, b: Point): number {'));
});

test('a language server that never answers cannot hold the context past its deadline, and its calls are aborted later', async () => {
  const features = new IndexFeatures(filesWith(MAIN), { never: true });
  // Returned while the lookups were still pending (asserted below): the deadline, not the server, ended the wait.
  const g = (await new ContextBuilder().gather(docOf(MAIN), [], { features, deadlineMs: 30, lookupMs: 200 }))!;
  assert.ok(g.context.prefix.endsWith('return distance('), 'the file itself is still there');
  assert.ok(g.report.pending > 0, 'the unanswered lookups are reported');
  assert.ok(features.signals.length > 0);
  const deadline = Date.now() + 5000;
  while (!features.signals.every((s) => s.aborted) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(
    features.signals.every((s) => s.aborted),
    'every call got its abort once the lookup cap passed',
  );
});

for (const throws of ['sync', 'async'] as const) {
  test(`a language server that throws (${throws}) leaves the sources out and breaks nothing`, async () => {
    const features = new IndexFeatures(filesWith(MAIN), { throws });
    const other = {
      path: 'src/other.ts',
      languageId: 'typescript',
      text: 'function far2(a: Point, b: Point) {\n  return distance(a, b);\n}',
    };
    const g = (await new ContextBuilder().gather(docOf(MAIN), [other], { features, deadlineMs: 200 }))!;
    assert.ok(g.context.prefix.endsWith('return distance('));
    assert.deepEqual(
      g.context.snippets.map((s) => s.kind ?? 'similar'),
      ['similar'],
      'only the similar snippet is left',
    );
    assert.equal(g.report.pending, 0);
  });
}

test('a slow language server answers the next request from the cache: a burst of keystrokes asks once per identifier', async () => {
  const features = new IndexFeatures(filesWith(MAIN), { delayMs: 60 });
  const builder = new ContextBuilder();
  const first = (await builder.gather(docOf(MAIN), [], { features, deadlineMs: 10 }))!;
  assert.equal(first.context.snippets.filter((s) => s.kind === 'definition').length, 0, 'too slow for the first request');
  // The lookup goes on in the background; the next keystrokes find it in the cache.
  const deadline = Date.now() + 5000;
  let g = first;
  const typed = ['a', 'a,', 'a, ', 'a, b'];
  for (let i = 0; Date.now() < deadline; i++) {
    const marked = MAIN.replace('distance(|', `distance(${typed[i % typed.length]}|`);
    features.files['src/main.ts'] = atCursor(marked).text;
    g = (await builder.gather(docOf(marked), [], { features, deadlineMs: 10 }))!;
    if (g.context.snippets.some((s) => s.kind === 'definition' && s.symbol === 'distance')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(
    g.context.snippets.some((s) => s.symbol === 'distance'),
    'the definition arrived from the cache',
  );
  assert.ok(g.report.cacheHits > 0);
  const asked = features.calls.definitions;
  for (const t of typed) {
    const marked = MAIN.replace('distance(|', `distance(${t}|`);
    await builder.gather(docOf(marked), [], { features, deadlineMs: 10 });
  }
  assert.equal(features.calls.definitions, asked, 'no new definition calls while typing known identifiers');
});

test('an edit of the file a definition came from drops the cached definition: the next request reads it anew', async () => {
  const features = new IndexFeatures(filesWith(MAIN));
  const activity = new RecentActivity();
  const builder = new ContextBuilder();
  await builder.gather(docOf(MAIN), [], { features });
  const reads = features.read.filter((p) => p === 'src/shapes.ts').length;
  await builder.gather(docOf(MAIN), [], { features, activity });
  assert.equal(features.read.filter((p) => p === 'src/shapes.ts').length, reads, 'cached');
  features.files['src/shapes.ts'] = SHAPES.replace('b: Point): number', 'b: Point, scale = 1): number');
  activity.noteEdit('src/shapes.ts', [{ startLine: 6, endLine: 6, newLines: 0 }], 1);
  const g = (await builder.gather(docOf(MAIN), [], { features, activity }))!;
  assert.ok(features.read.filter((p) => p === 'src/shapes.ts').length > reads, 'read again');
  assert.ok(g.context.snippets.some((s) => s.kind === 'definition' && s.text.includes('scale = 1')));
});

test('an excluded file is never read and contributes nothing; secrets in a definition are redacted', async () => {
  const secret = 'export const API_KEY = "sk-ant-api03-' + 'A'.repeat(90) + '";\n';
  const main = "import { API_KEY } from './config';\nimport { distance } from './secrets/keys';\n\nfetch(API_KEY, distance|";
  const features = new IndexFeatures({
    'src/main.ts': atCursor(main).text,
    'src/config.ts': secret,
    'src/secrets/keys.ts': SHAPES,
  });
  const g = (await new ContextBuilder().gather(docOf(main), [], { features, exclude: ['**/secrets/**'] }))!;
  assert.ok(!features.read.includes('src/secrets/keys.ts'), 'the excluded file was not read');
  assert.ok(g.context.snippets.every((s) => !s.path.includes('secrets')));
  const def = g.context.snippets.find((s) => s.symbol === 'API_KEY');
  assert.ok(def, g.context.snippets.map((s) => s.symbol ?? s.kind).join());
  assert.ok(!def.text.includes('AAAAAAAAAA'), 'the key is redacted');
  assert.ok(g.context.redactions > 0);
  assert.equal(await new ContextBuilder().gather(docOf(main, 'src/secrets/a.ts'), [], { features, exclude: ['**/secrets/**'] }), undefined);
});

test('recent edits in other files come with their paths; ranges the prefix already shows are not repeated', async () => {
  const util = Array.from({ length: 30 }, (_, i) => `export const limit${i} = ${i};`).join('\n');
  const activity = new RecentActivity();
  activity.noteEdit('src/util.ts', [{ startLine: 20, endLine: 20, newLines: 0 }], 1);
  activity.noteEdit('src/main.ts', [{ startLine: 3, endLine: 3, newLines: 0 }], 2);
  const others = [{ path: 'src/util.ts', languageId: 'typescript', text: util }];
  const g = (await new ContextBuilder().gather(docOf(MAIN), others, { activity }))!;
  const edits = g.context.snippets.filter((s) => s.kind === 'recentEdit');
  assert.deepEqual(
    edits.map((e) => e.path),
    ['src/util.ts'],
  );
  assert.equal(edits[0].text, util.split('\n').slice(18, 23).join('\n'), 'the edited line with two lines around it');
  assert.ok(
    prepareCall(deepseek, true, g.context).promptText.includes('// Recently edited in src/util.ts:\n// export const limit18 = 18;'),
  );
});

test('the sources are ranked into the token budget, best first; what does not fit is reported as left out', async () => {
  const activity = new RecentActivity();
  const others = Array.from({ length: 6 }, (_, i) => ({
    path: `src/f${i}.ts`,
    languageId: 'typescript',
    text: Array.from({ length: 40 }, (_, l) => `export const value${i}_${l} = compute(${l}) + offset;`).join('\n'),
  }));
  others.forEach((o, i) => activity.noteEdit(o.path, [{ startLine: 10, endLine: 12, newLines: 2 }], i));
  const features = new IndexFeatures(filesWith(MAIN));
  const budget = { prefixTokens: 500, suffixTokens: 100, snippetTokens: 0, sourceTokens: 200 };
  const g = (await new ContextBuilder().gather(docOf(MAIN), others, { features, activity, budget }))!;
  const used = g.report.used.reduce((n, u) => n + u.tokens, 0);
  assert.ok(used <= 200, `${used} tokens used`);
  assert.ok(
    g.report.used.some((u) => u.kind === 'definition' && u.symbol === 'distance'),
    'the definition outranks recent edits',
  );
  assert.ok(
    g.report.dropped.some((d) => d.kind === 'recentEdit'),
    'older edits are left out',
  );
  const text = explainContext(g.report);
  assert.match(text, /definition of distance: src\/shapes\.ts \(\d+ tokens\)/);
  assert.match(text, /Left out for the token budget:\n {2}recent edit: src\/f\d\.ts \(\d+ tokens\)/);
});

test('the engine sends the definition in its prompt and Explain shows where the context came from', async () => {
  const provider = new FakeProvider('local');
  const coder = model('coder', { endpoint: 'local' });
  const engine = new CompletionEngine({
    route: () => decision([coder]),
    provider: () => provider,
    record: () => undefined,
    options: { debounceMs: 0 },
  });
  provider.fallback = 'a, b);';
  const features = new IndexFeatures(filesWith(MAIN));
  const s = await engine.complete({ document: docOf(MAIN), features, activity: new RecentActivity() });
  assert.equal(s?.text, 'a, b);');
  const sent = provider.calls[0];
  assert.ok('prompt' in sent && sent.prompt.includes('export function distance(a: Point, b: Point): number {'), 'in the prompt');
  assert.ok(engine.lastContext()!.used.some((u) => u.kind === 'definition' && u.symbol === 'distance'));
});

test('the engine with a language server that never answers still completes, within the deadline', async () => {
  const provider = new FakeProvider('local');
  const engine = new CompletionEngine({
    route: () => decision([model('coder', { endpoint: 'local' })]),
    provider: () => provider,
    record: () => undefined,
    options: { debounceMs: 0, contextDeadlineMs: 20 },
  });
  const s = await engine.complete({ document: docOf(MAIN), features: new IndexFeatures(filesWith(MAIN), { never: true }) });
  assert.ok(s, 'a suggestion');
  assert.ok(engine.lastContext()!.pending > 0);
});

test('a typed request waits for the language features within its debounce; an explicit one at most CONTEXT_DEADLINE_MS', async () => {
  const provider = new FakeProvider('local');
  const engine = new CompletionEngine({
    route: () => decision([model('coder', { endpoint: 'local' })]),
    provider: () => provider,
    record: () => undefined,
    options: { debounceMs: 40, maxDebounceMs: 40 },
  });
  const features = new IndexFeatures(filesWith(MAIN), { never: true });
  assert.ok(await engine.complete({ document: docOf(MAIN), features, explicit: true }), 'a suggestion');
  assert.equal(engine.lastContext()!.deadlineMs, CONTEXT_DEADLINE_MS);
  assert.ok(engine.lastContext()!.pending > 0, 'answered while the lookups were still pending');
  const typed = docOf(MAIN);
  assert.ok(await engine.complete({ document: { ...typed, text: `${typed.text}\n` }, features }), 'a suggestion');
  assert.equal(engine.lastContext()!.deadlineMs, 40, 'the debounce, which the wait overlaps');
  assert.ok(CONTEXT_DEADLINE_MS <= 15, 'an explicit request never waits longer than the pipeline target');
});
