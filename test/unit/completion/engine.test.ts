import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionEngine, type CompletionEngineDeps, type CompletionInput } from '../../../src/core/completion/engine';
import type { CompletionOutcome } from '../../../src/core/completion/types';
import { recordFromOutcome } from '../../../src/core/cost/record';
import { ProviderError } from '../../../src/core/providers/errors';
import type { ModelConfig, RouteDecision } from '../../../src/core/types';
import { decision, FakeProvider, held, model } from './fakeProvider';
import { atCursor } from './helpers';

interface Rig {
  engine: CompletionEngine;
  records: CompletionOutcome[];
  providers: Map<string, FakeProvider>;
}

function rig(chain: ModelConfig[] = [model('coder')], over: Partial<CompletionEngineDeps> = {}): Rig {
  const records: CompletionOutcome[] = [];
  const providers = new Map<string, FakeProvider>(chain.map((m) => [m.endpoint, new FakeProvider(m.endpoint)]));
  const engine = new CompletionEngine({
    route: () => decision(chain),
    provider: (name) => providers.get(name),
    record: (o) => records.push(o),
    options: { debounceMs: 0 },
    ...over,
  });
  return { engine, records, providers };
}

function input(marked: string, over: Partial<CompletionInput> = {}): CompletionInput {
  const { text, offset } = atCursor(marked);
  return { document: { path: 'src/math.ts', languageId: 'typescript', text, offset }, ...over };
}

const FILE = 'export function add(a: number, b: number) {\n  return |\n}\n';
const tick = () => new Promise((r) => setImmediate(r));

test('a suggestion comes from the first model and is fitted to the cursor', async () => {
  const { engine, providers } = rig();
  providers.get('local')!.replies.push('a + b;\n}\n\nexport function sub() {');
  const s = await engine.complete(input(FILE));
  assert.equal(s?.text, 'a + b;');
  assert.equal(s?.source, 'model');
  const req = providers.get('local')!.calls[0];
  assert.equal(req.kind, 'complete');
  assert.ok('prompt' in req && req.prompt.startsWith('<|fim_prefix|>export function add'));
});

test('the same prompt is answered from the cache, whatever the document version', async () => {
  const { engine, providers } = rig();
  const p = providers.get('local')!;
  p.replies.push('a + b;', 'a * 2;');
  assert.equal((await engine.complete(input(FILE)))?.text, 'a + b;');
  assert.equal((await engine.complete(input('export function twice(a: number) {\n  return |\n}\n')))?.text, 'a * 2;');
  // Back to the first text (a new document version, an edit undone): same prompt → no request.
  const again = await engine.complete(input(FILE));
  assert.equal(again?.text, 'a + b;');
  assert.equal(again?.source, 'cache');
  assert.equal(p.calls.length, 2);
  assert.equal(engine.stats.cacheHits, 1);
});

test('typing the predicted characters reuses the suggestion without a request', async () => {
  const { engine, providers } = rig();
  const p = providers.get('local')!;
  p.replies.push('a + b;');
  const first = await engine.complete(input(FILE));
  const next = await engine.complete(input('export function add(a: number, b: number) {\n  return a |\n}\n'));
  assert.deepEqual({ text: next?.text, source: next?.source, id: next?.id }, { text: '+ b;', source: 'typedAhead', id: first?.id });
  assert.equal(p.calls.length, 1);
  // Typing something else asks the model again.
  p.replies.push('- b;');
  const other = await engine.complete(input('export function add(a: number, b: number) {\n  return b |\n}\n'));
  assert.equal(other?.text, '- b;');
  assert.equal(p.calls.length, 2);
});

test('typing into an in-flight request waits for it instead of sending another', async () => {
  const { engine, providers } = rig();
  const p = providers.get('local')!;
  const h = held();
  p.replies.push(h.reply);
  const c1 = new AbortController();
  const first = engine.complete(input(FILE, { signal: c1.signal }));
  await tick();
  c1.abort(); // the editor cancels the first call as the next key arrives
  const second = engine.complete(input('export function add(a: number, b: number) {\n  return a|\n}\n'));
  h.release('a + b;');
  assert.equal(await first, undefined);
  assert.equal((await second)?.text, ' + b;');
  assert.equal(p.calls.length, 1);
});

test('a superseded request is aborted and recorded as cancelled with estimated usage', async () => {
  const { engine, providers, records } = rig();
  const p = providers.get('local')!;
  const h = held('a + ');
  p.replies.push(h.reply, 'b * 2;');
  const first = engine.complete(input(FILE));
  await tick();
  const second = await engine.complete(input('const y = |;\n'));
  await h.aborted;
  assert.equal(await first, undefined);
  assert.equal(second?.text, 'b * 2');
  assert.equal(p.calls[0].signal?.aborted, true);
  const cancelled = records.find((r) => r.status === 'cancelled')!;
  assert.ok(cancelled, 'recorded');
  assert.equal(cancelled.estimated, true);
  assert.ok(cancelled.usage.input > 10 && cancelled.usage.output > 0, JSON.stringify(cancelled.usage));
  assert.equal(cancelled.modelName, 'coder');
  // The ledger files it as cancelled, not as a success.
  assert.equal(recordFromOutcome(cancelled, { task: 'completion', workspace: { id: 'w', name: 'w' }, cost: {} }).outcome, 'cancelled');
});

test('an editor cancellation aborts the HTTP request once no newer request adopts it', async () => {
  const { engine, providers, records } = rig();
  const h = held();
  providers.get('local')!.replies.push(h.reply);
  const c = new AbortController();
  const pending = engine.complete(input(FILE, { signal: c.signal }));
  await tick();
  c.abort();
  assert.equal(await pending, undefined);
  await h.aborted;
  await tick();
  assert.equal(records.at(-1)?.status, 'cancelled');
});

test('requests superseded during the debounce never reach a model', async () => {
  const { engine, providers } = rig(undefined, { options: { debounceMs: 40 } });
  const p = providers.get('local')!;
  p.fallback = 'a + b;';
  const first = engine.complete(input(FILE));
  const second = engine.complete(input('const y = |\n'));
  assert.equal(await first, undefined);
  assert.ok(await second);
  assert.equal(p.calls.length, 1);
});

test('debounce rises toward a fast typist’s rhythm (measured from keystrokes), and stays at the base for slow typing', () => {
  let now = 0;
  const clock = {
    now: () => now,
    setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  const { engine } = rig(undefined, { clock, options: { debounceMs: 75, maxDebounceMs: 200 } });
  for (let i = 0; i < 6; i++, now += 120) engine.noteKeystroke();
  assert.equal(engine.currentDebounceMs(), 132);
  for (let i = 0; i < 9; i++, now += 40) engine.noteKeystroke();
  assert.equal(engine.currentDebounceMs(), 75);
  for (let i = 0; i < 9; i++, now += 600) engine.noteKeystroke();
  assert.equal(engine.currentDebounceMs(), 75);
});

test('requests without keystrokes never raise the debounce: their own waits are not a typing rhythm', async () => {
  let now = 0;
  const clock = {
    now: () => now,
    setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
  const { engine } = rig(undefined, { clock, options: { debounceMs: 5, maxDebounceMs: 200 } });
  const excluded = input('SECRET=|', { document: { path: '.env', languageId: 'dotenv', text: 'SECRET=', offset: 7 } });
  // Requests spaced like a fast typist's keys (the bench's sequential requests): the debounce stays at its base.
  for (let i = 0; i < 20; i++, now += 120) await engine.complete(excluded);
  assert.equal(engine.currentDebounceMs(), 5);
});

test('a failing model falls back to the next in the chain; both requests are recorded', async () => {
  const chain = [model('primary', { endpoint: 'a' }), model('backup', { endpoint: 'b', model: 'gpt-5-mini' })];
  const { engine, providers, records } = rig(chain);
  providers.get('a')!.replies.push(new ProviderError({ kind: 'unavailable', message: 'endpoint a is unavailable (503)' }));
  providers.get('b')!.replies.push('```ts\na + b;\n```');
  const s = await engine.complete(input(FILE));
  assert.equal(s?.text, 'a + b;');
  assert.equal(s?.modelName, 'backup');
  assert.equal(providers.get('b')!.calls[0].kind, 'chat');
  assert.deepEqual(
    records.map((r) => [r.modelName, r.status, r.error?.kind]),
    [['primary', 'error', 'unavailable']],
  );
  engine.accept(s!.id);
  assert.deepEqual(records[1].fallbacks, ['primary unavailable → backup']);
  assert.equal(records[1].status, 'accepted');
  assert.equal(records[1].usage.input, 100);
});

test('every request is recorded once with its final status: accepted, rejected, empty', async () => {
  const { engine, providers, records } = rig();
  const p = providers.get('local')!;
  p.replies.push('a + b;', 'b;', '   ');
  const s1 = await engine.complete(input(FILE));
  assert.equal(records.length, 0, 'shown: waits for the verdict');
  engine.accept(s1!.id);
  engine.accept(s1!.id);
  await engine.complete(input('let x = |\n'));
  await engine.complete(input('let y = |\n'));
  engine.dispose();
  assert.deepEqual(
    records.map((r) => r.status),
    ['accepted', 'rejected', 'empty'],
  );
  assert.ok(records.every((r) => r.task === 'completion' && r.decision.tier === 'cheap'));
  assert.ok(
    records.every((r) => r.language === 'typescript'),
    "each carries its file's language (the accept rate per language)",
  );
  assert.equal(engine.stats.accepted, 1);
});

test('typing the whole suggestion counts as accepting it', async () => {
  const { engine, providers, records } = rig();
  providers.get('local')!.replies.push('a + b;', 'x');
  await engine.complete(input(FILE));
  await engine.complete(input('export function add(a: number, b: number) {\n  return a + b;|\n}\n'));
  assert.equal(records[0].status, 'accepted');
});

test('runaway generation is cut once the line is complete; the partial text is used', async () => {
  const { engine, providers } = rig();
  const h = held('a + b;\n  console.log("more");\n');
  providers.get('local')!.replies.push(h.reply);
  const s = await engine.complete(input(FILE));
  await h.aborted;
  assert.equal(s?.text, 'a + b;');
  const req = providers.get('local')!.calls[0];
  assert.ok(req.maxTokens! <= 8 * 24 && req.timeouts?.totalMs, 'at most one statement of 8 lines');
});

test('no request for excluded files, budget blocks or a chain without providers; errors never escape', async () => {
  const { engine, providers } = rig();
  assert.equal(
    await engine.complete(input('KEY=|', { document: { path: 'deploy/prod.pem', languageId: 'plaintext', text: 'x', offset: 1 } })),
    undefined,
  );
  assert.equal(await engine.complete(input(FILE, { exclude: ['src/**'] })), undefined);
  assert.equal(providers.get('local')!.calls.length, 0);
  const blocked = rig(undefined, { route: () => decision([model('coder')], 'Monthly budget reached') });
  assert.equal(await blocked.engine.complete(input(FILE)), undefined);
  assert.equal(blocked.providers.get('local')!.calls.length, 0);
  const none = rig([model('ghost', { endpoint: 'missing' })], { provider: () => undefined });
  assert.equal(await none.engine.complete(input(FILE)), undefined);
  const throwing = rig(undefined, {
    route: (): RouteDecision => {
      throw new Error('router broke');
    },
  });
  assert.equal(await throwing.engine.complete(input(FILE)), undefined);
});
