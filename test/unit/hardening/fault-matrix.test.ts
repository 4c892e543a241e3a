/**
 * The fault matrix: every provider kind (OpenAI-compatible, Anthropic, Bedrock — the real SDK providers against the
 * fake servers) × every scripted fault × both tasks (chat through the Gateway, completion through the
 * CompletionEngine). Each model chain is [primary on the faulty fake, backup on a second, healthy fake], so a cell
 * shows whether the failure fell back, kept what was already streamed, named the endpoint, and was accounted.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompletionEngine } from '../../../src/core/completion/engine';
import type { CompletionOutcome } from '../../../src/core/completion/types';
import { Pricing } from '../../../src/core/cost/pricing';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { Gateway } from '../../../src/core/gateway/gateway';
import { createProvider, type Provider, type ProviderLog } from '../../../src/core/providers';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { EndpointKind } from '../../../src/core/types';
import { FAKE_AWS_CREDENTIALS, startFakeAnthropic, startFakeBedrock, startFakeOpenAI, type FakeScript, type FakeServer, type Fault } from '../../fakes';

const KEY = 'sk-test-HARDENING-0123456789abcdef';
// Long enough that a loopback server on a machine whose cores are all busy still counts as answering (300 ms
// connect timeouts failed there), short enough that the stall faults end each cell in a few seconds.
const TIMEOUTS = { connectMs: 2500, firstTokenMs: 3000, idleMs: 1500 };
const PROVIDER_OPTS = { maxRetries: 1, retryBaseMs: 5, maxRetryDelayMs: 200 };

interface Cell {
  fault: Fault;
  script: FakeScript;
  /** The failure happens before any text: the chain falls back to the backup model. */
  early: boolean;
}

const CELLS: Cell[] = [
  // Retry-After (1 s) is longer than the 200 ms the providers here will wait: fail at once so the fallback answers.
  { fault: '429', script: { fault: '429', retryAfter: 1 }, early: true },
  { fault: '500', script: { fault: '500' }, early: true },
  { fault: '503', script: { fault: '503' }, early: true },
  { fault: 'overloaded', script: { fault: 'overloaded', faultAfterChunks: 1 }, early: false },
  { fault: '401', script: { fault: '401' }, early: true },
  { fault: 'timeoutBeforeHeaders', script: { fault: 'timeoutBeforeHeaders' }, early: true },
  { fault: 'stallMidStream', script: { fault: 'stallMidStream', faultAfterChunks: 1 }, early: false },
  { fault: 'resetMidStream', script: { fault: 'resetMidStream', faultAfterChunks: 1 }, early: false },
  { fault: 'malformedChunk', script: { fault: 'malformedChunk', faultAfterChunks: 1 }, early: false },
  { fault: 'noUsage', script: { fault: 'noUsage' }, early: false },
];

const KINDS: EndpointKind[] = ['openai', 'anthropic', 'bedrock'];
const PRIMARY_MODEL: Record<EndpointKind, string> = { openai: 'qwen-fake-coder', anthropic: 'claude-fake-haiku', bedrock: 'us.anthropic.claude-fake-v1:0' };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
const table = new Map<string, { chat?: string; completion?: string }>();

let fakes: Record<EndpointKind, FakeServer>;
let backup: FakeServer;

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  const [openai, anthropic, bedrock, b] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeBedrock(), startFakeOpenAI()]);
  fakes = { openai, anthropic, bedrock };
  backup = b;
  // Warm up each SDK and the HTTP stack once, so the first cell's 300 ms connect limit measures the fake, not
  // module loading (a connect timeout is not retried: the chain falls back instead).
  for (const kind of KINDS) {
    const baseUrl = kind === 'openai' ? `${fakes[kind].url}/v1` : fakes[kind].url;
    const p = createProvider({ name: 'warm', kind, baseUrl, region: 'us-east-1' }, async () => KEY, { awsCredentials: FAKE_AWS_CREDENTIALS });
    await p.chat({ model: PRIMARY_MODEL[kind], messages: [{ role: 'user', content: 'warm up' }] });
    fakes[kind].reset();
  }
});

after(async () => {
  await Promise.all([...Object.values(fakes).map((f) => f.close()), backup.close()]);
  // Let any late rejection (a timer or stream torn down after its call settled) surface before checking.
  await new Promise((r) => setTimeout(r, 50));
  process.off('unhandledRejection', onUnhandled);
  const rows = [...table].map(([row, c]) => `| ${row.padEnd(32)} | ${(c.chat ?? '-').padEnd(42)} | ${c.completion ?? '-'}`);
  console.log(['', `| ${'provider × fault'.padEnd(32)} | ${'chat (Gateway)'.padEnd(42)} | completion (CompletionEngine)`, ...rows].join('\n'));
  const cells = [...table.values()].reduce((n, c) => n + (c.chat ? 1 : 0) + (c.completion ? 1 : 0), 0);
  console.log(`fault matrix: ${CELLS.length} faults × ${KINDS.length} providers × 2 tasks = ${cells} cells tried, ` +
      `${unhandled.length} unhandled rejections`);
  assert.deepEqual(unhandled, [], 'no unhandled rejection anywhere in the matrix');
});

/** A fresh world per cell: settings, router (fresh health), providers, pricing and collectors. */
function world(kind: EndpointKind) {
  const primaryUrl = kind === 'openai' ? `${fakes[kind].url}/v1` : fakes[kind].url;
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.endpoints': {
        primary: { kind, baseUrl: primaryUrl, ...(kind === 'bedrock' && { region: 'us-east-1' }) },
        backup: { kind: 'openai', baseUrl: `${backup.url}/v1` },
      },
      'gearshift.models': {
        first: { endpoint: 'primary', model: PRIMARY_MODEL[kind] },
        second: { endpoint: 'backup', model: 'gpt-fake-mini' },
      },
      'gearshift.tiers': { cheap: ['first', 'second'], frontier: ['first', 'second'] },
      'gearshift.routing': { chat: 'frontier', completion: 'cheap' },
      'gearshift.prices': { first: { input: 1, output: 2 }, second: { input: 1, output: 2 } },
    },
  });
  assert.deepEqual(problems, []);
  settings.timeouts = { ...TIMEOUTS };
  const router = new Router(settings, { available: new Set(['primary', 'backup']) });
  const warnings: string[] = [];
  const log: ProviderLog = { debug: () => undefined, warn: (m) => void warnings.push(m) };
  const providers = new Map<string, Provider>();
  const provider = (name: string): Provider | undefined => {
    const ep = settings.endpoints[name];
    if (!ep) return undefined;
    if (!providers.has(name)) providers.set(name, createProvider(ep, async () => KEY, { ...PROVIDER_OPTS, log, awsCredentials: FAKE_AWS_CREDENTIALS }));
    return providers.get(name);
  };
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
  return { settings, router, provider, pricing, warnings };
}

function arm(kind: EndpointKind, cell: Cell, text: string, backupText: string): FakeServer {
  const primary = fakes[kind];
  primary.reset();
  backup.reset();
  // Every attempt at the primary meets the fault (retries included); the backup always answers.
  primary.setDefault({ ...cell.script, text });
  backup.setDefault({ text: backupText });
  return primary;
}

/** Runs one cell; a failed assertion shows in the table as ✗ with its message, then fails the test. */
async function cellRun(kind: EndpointKind, cell: Cell, task: 'chat' | 'completion', body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    note(kind, cell, task, `✗ ${(e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 60)}`);
    throw e;
  }
}

function note(kind: EndpointKind, cell: Cell, task: 'chat' | 'completion', what: string): void {
  const row = `${kind} × ${cell.fault}`;
  const entry = table.get(row) ?? {};
  entry[task] = what;
  table.set(row, entry);
}

const USER_TEXT = 'Why does my binary search loop forever on an empty list? marker-4471';

for (const kind of KINDS) {
  for (const cell of CELLS) {
    test(`${kind} × ${cell.fault} × chat through the Gateway`, () => cellRun(kind, cell, 'chat', async () => {
      const { settings, router, provider, pricing, warnings } = world(kind);
      const primary = arm(kind, cell, 'Partial answer from the primary model.', 'Backup answers.');
      const records: LedgerRecord[] = [];
      const gateway = new Gateway({ router, settings: () => settings, provider, pricing: () => pricing, record: (r) => records.push(r), workspace: { id: 'ws', name: 'ws' } });
      const shown: string[] = [];
      const before = unhandled.length;
      const out = await gateway.send({ conversationId: 'c', messages: [{ role: 'user', content: USER_TEXT }], attachments: [], onDelta: (t) => shown.push(t) });

      // The user's text reached the primary (and the backup when it answered).
      assert.ok(primary.requests.length >= 1);
      assert.ok(primary.requests[0].rawBody.includes('marker-4471'), 'the user text was sent to the primary');
      const streamed = shown.join('');

      if (cell.fault === 'noUsage') {
        assert.equal(out.error, undefined);
        assert.equal(out.modelName, 'first');
        assert.equal(out.result?.text, 'Partial answer from the primary model.');
        assert.equal(records.length, 1);
        assert.equal(records[0].estimated, true, 'usage without a report is marked estimated');
        assert.ok(records[0].usage.input > 0 && records[0].usage.output > 0, 'estimated usage counts prompt and reply');
        assert.ok((records[0].costUsd ?? 0) > 0);
        note(kind, cell, 'chat', '✓ answered, usage estimated');
      } else if (cell.early) {
        assert.equal(out.error, undefined, `fell back instead of failing: ${out.error?.message}`);
        assert.equal(out.modelName, 'second');
        assert.equal(out.result?.text, 'Backup answers.');
        assert.equal(out.fallbacks.length, 1);
        assert.match(out.fallbacks[0], /^first .+ → second$/);
        assert.equal(backup.requests.length, 1);
        assert.ok(backup.requests[0].rawBody.includes('marker-4471'), 'the user text went on to the backup');
        assert.equal(streamed, 'Backup answers.', 'nothing from the failed model was shown');
        // One record per gateway attempt: the refused one costs nothing, the answer is exact.
        assert.deepEqual(records.map((r) => [r.modelName, r.outcome.startsWith('error:')]), [['first', true], ['second', false]]);
        assert.equal(records[0].usage.input + records[0].usage.output, 0, 'a refused call consumed nothing');
        assert.equal(records[1].estimated, false);
        // The failure that caused the fallback was explained, naming the endpoint, without the key.
        const why = warnings.find((w) => w.startsWith('primary:'));
        assert.ok(why && why.includes("endpoint 'primary'"), `a clear message names the endpoint: ${why}`);
        assert.ok(!warnings.join('\n').includes(KEY));
        const expectedKind = { '429': 'rateLimited', '500': 'unavailable', '503': 'unavailable', '401': 'auth', timeoutBeforeHeaders: 'network' }[cell.fault as string];
        assert.equal(records[0].outcome, `error:${expectedKind}`);
        note(kind, cell, 'chat', `✓ fallback: ${out.fallbacks[0]}`);
      } else {
        // Text was shown before the failure: no fallback (it would mix two answers), partial text kept.
        assert.ok(out.error, 'the failure is reported');
        assert.equal(out.modelName, 'first');
        assert.equal(backup.requests.length, 0, 'no fallback after text was shown');
        assert.ok(streamed.length > 0, 'some text streamed before the fault');
        assert.equal(out.error.partialText, streamed, 'the partial reply is kept exactly as shown');
        assert.ok(out.error.message.length > 20);
        assert.match(out.error.message, /endpoint 'primary'/);
        const says: Record<string, RegExp> = { overloaded: /unavailable/, stallMidStream: /stalled .*idle timeout/, resetMidStream: /broke mid-reply/, malformedChunk: /malformed stream/ };
        assert.match(out.error.message, says[cell.fault], 'the message says what happened');
        assert.ok(!out.error.message.includes(KEY));
        assert.equal(records.length, 1);
        assert.equal(records[0].outcome, `error:${out.error.kind}`);
        assert.ok(records[0].usage.output > 0, 'the streamed part is accounted');
        assert.ok(records[0].usage.input > 0, 'the prompt is accounted');
        assert.ok((records[0].costUsd ?? 0) > 0);
        note(kind, cell, 'chat', `✓ partial kept (${out.error.kind}), no fallback`);
      }
      assert.equal(unhandled.length, before, 'no unhandled rejection in this cell');
    }));

    test(`${kind} × ${cell.fault} × completion through the CompletionEngine`, () => cellRun(kind, cell, 'completion', async () => {
      const { settings, router, provider } = world(kind);
      const primary = arm(kind, cell, 'computeTotal(items);', 'fallbackTotal(items);');
      const outcomes: CompletionOutcome[] = [];
      const logs: string[] = [];
      const engine = new CompletionEngine({
        route: (req) => router.decide(req),
        provider: (name) => provider(name),
        record: (o) => outcomes.push(o),
        log: (m) => logs.push(m),
        options: { debounceMs: 0, timeouts: { ...settings.timeouts, totalMs: 8000 } },
      });
      const text = 'function total(items) {\n  const sum = \n}\n';
      const offset = text.indexOf('= ') + 2;
      const before = unhandled.length;
      const s = await engine.complete({ document: { path: 'src/total.js', languageId: 'javascript', text, offset }, explicit: true });

      // The primary saw the code around the cursor; FIM for the OpenAI coder model, a <HOLE> chat prompt otherwise.
      assert.ok(primary.requests.length >= 1);
      const sent = primary.requests[0];
      assert.ok(sent.rawBody.includes('function total(items)'), 'the document text was sent');
      if (kind === 'openai') assert.equal(sent.path, '/v1/completions');
      else assert.ok(sent.rawBody.includes('<HOLE>'), 'Anthropic and Bedrock complete through the chat-hole prompt');

      if (cell.fault === 'noUsage') {
        assert.equal(s?.text, 'computeTotal(items);');
        assert.equal(s?.modelName, 'first');
        engine.accept(s!.id);
        assert.equal(outcomes.length, 1);
        assert.equal(outcomes[0].status, 'accepted');
        assert.equal(outcomes[0].estimated, true);
        assert.ok(outcomes[0].usage.input > 0 && outcomes[0].usage.output > 0);
        note(kind, cell, 'completion', '✓ answered, usage estimated');
      } else {
        // Every failure of the first model falls back (nothing was shown yet).
        assert.equal(s?.text, 'fallbackTotal(items);', `the backup answered (log: ${logs.join(' | ')})`);
        assert.equal(s?.modelName, 'second');
        engine.accept(s!.id);
        assert.deepEqual(outcomes.map((o) => [o.modelName, o.status]), [['first', 'error'], ['second', 'accepted']]);
        const failed = outcomes[0];
        assert.match(failed.error?.message ?? '', /endpoint 'primary'/, 'the failure names the endpoint');
        assert.ok(!(failed.error?.message ?? '').includes(KEY));
        assert.equal(outcomes[1].fallbacks.length, 1);
        assert.match(outcomes[1].fallbacks[0], /^first .+ → second$/);
        if (cell.early) {
          assert.equal(failed.result.text, '');
          assert.equal(failed.usage.input + failed.usage.output, 0, `a call refused before any reply consumed nothing (recorded ${JSON.stringify(failed.usage)})`);
        } else {
          assert.ok(failed.result.text.length > 0, 'the partial text is kept in the record');
          assert.ok('computeTotal(items);'.startsWith(failed.result.text));
          assert.ok(failed.usage.output > 0 && failed.usage.input > 0, 'what streamed is accounted');
          assert.equal(failed.estimated, true);
        }
        assert.equal(outcomes[1].estimated, false);
        note(kind, cell, 'completion', `✓ fallback after ${failed.error?.kind}${cell.early ? '' : ' (partial recorded)'}`);
      }
      engine.dispose();
      assert.equal(unhandled.length, before, 'no unhandled rejection in this cell');
    }));
  }
}
