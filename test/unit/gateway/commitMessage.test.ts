/**
 * gateway.commitMessage end to end in one process: the real Router over resolved settings, the real OpenAI provider
 * (official SDK) talking to the fake server, real pricing, a ledger that collects records. The message streams
 * cleaned, the call is routed as 'commitMessage' and recorded, and an excluded file's diff never reaches the fake.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { recordsToCsv } from '../../../src/core/cost/csv';
import { Pricing } from '../../../src/core/cost/pricing';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { SpendTally } from '../../../src/core/cost/tally';
import { Gateway } from '../../../src/core/gateway/gateway';
import { createProvider, type Provider } from '../../../src/core/providers';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import { startFakeOpenAI, type FakeServer } from '../../fakes';

const KEY = 'sk-test-COMMIT-0123456789abcdefXYZ';
const ENV_SECRET = 'ENV_VALUE_MUST_NOT_LEAVE_7731';
const DIFF = [
  'diff --git a/.env b/.env',
  '--- a/.env',
  '+++ b/.env',
  '@@ -1 +1 @@',
  '-TOKEN=old',
  `+TOKEN=${ENV_SECRET}`,
  'diff --git a/src/greet.ts b/src/greet.ts',
  '--- a/src/greet.ts',
  '+++ b/src/greet.ts',
  '@@ -1 +1,2 @@',
  ' export const hello = "hi";',
  '+export const bye = "bye";',
  'diff --git a/infra/main.tf b/infra/main.tf',
  '--- a/infra/main.tf',
  '+++ b/infra/main.tf',
  '@@ -1 +1 @@',
  '-size = 1',
  '+size = 2',
  '',
].join('\n');

let oai: FakeServer;
before(async () => (oai = await startFakeOpenAI()));
after(() => oai.close());
beforeEach(() => {
  oai.reset();
  oai.setDefault({});
});

function makeGateway(extra: Record<string, unknown> = {}) {
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.endpoints': { 'fake-oai': { kind: 'openai', baseUrl: `${oai.url}/v1` } },
      'gearshift.models': {
        big: { endpoint: 'fake-oai', model: 'gpt-fake-large' },
        small: { endpoint: 'fake-oai', model: 'gpt-fake-mini' },
      },
      'gearshift.tiers': { cheap: ['small'], frontier: ['big'] },
      'gearshift.prices': { big: { input: 2, output: 8 }, small: { input: 0.25, output: 2 } },
      ...extra,
    },
  });
  assert.deepEqual(problems, []);
  const router = new Router(settings, { available: new Set(['fake-oai']) });
  const providers = new Map<string, Provider>();
  const records: LedgerRecord[] = [];
  const gateway = new Gateway({
    router,
    settings: () => settings,
    provider: (name) => {
      const ep = settings.endpoints[name];
      if (!ep) return undefined;
      if (!providers.has(name))
        providers.set(
          name,
          createProvider(ep, async () => KEY, { retryBaseMs: 5 }),
        );
      return providers.get(name);
    },
    pricing: () => new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices }),
    record: (r) => records.push(r),
    workspace: { id: 'ws-test', name: 'app', root: '/ws/app' },
  });
  return { gateway, records };
}

/** Every text of the requests the fake received. */
const received = () => oai.requests.map((r) => r.rawBody).join('\n');

test('the message streams into onMessage cleaned, on the cheap tier, and is priced and recorded as commitMessage', async () => {
  const { gateway, records } = makeGateway();
  oai.script({ chunks: ['```\n', 'feat(greet): ', 'add bye\n', '```'], usage: { input: 300, output: 9 } });
  const seen: string[] = [];
  const out = await gateway.commitMessage({
    diff: DIFF,
    staged: true,
    recentMessages: ['feat(app): start', 'fix(app): guard config'],
    repositoryRoot: '/ws/app',
    onMessage: (m) => seen.push(m),
  });
  assert.equal(out.outcome?.error, undefined);
  assert.equal(out.message, 'feat(greet): add bye');
  assert.deepEqual(seen.filter(Boolean), ['feat(greet):', 'feat(greet): add bye', 'feat(greet): add bye']);
  assert.equal(out.outcome?.decision.tier, 'cheap');
  assert.match(out.outcome!.decision.reason, /commitMessage → cheap \(task route\)/);
  // The fake saw the change, none of the .env file, and the style.
  const body = received();
  assert.match(body, /export const bye/);
  assert.ok(!body.includes(ENV_SECRET) && !body.includes('.env'), 'the excluded file never reaches the provider');
  assert.match(body, /Conventional Commits/);
  assert.equal(out.prompt.excluded, 1);
  // One ledger record, task commitMessage, priced: 300 × 0.25 + 9 × 2 per million.
  assert.equal(records.length, 1);
  assert.equal(records[0].task, 'commitMessage');
  assert.equal(records[0].tier, 'cheap');
  assert.equal(records[0].modelName, 'small');
  assert.ok(Math.abs((records[0].costUsd ?? 0) - (300 * 0.25 + 9 * 2) / 1e6) < 1e-12);
  // The spend tally and the CSV count it like any call.
  const totals = SpendTally.of(records).totals();
  assert.equal(totals.calls, 1);
  assert.equal(totals.byTier.cheap.calls, 1);
  assert.match(recordsToCsv(records).split('\n')[1], /,commitMessage,cheap,small,gpt-fake-mini,/);
});

test('the commitMessage route and rules for the task apply (paths matched against the files sent)', async () => {
  const routed = makeGateway({ 'gearshift.routing': { commitMessage: 'frontier' } });
  await routed.gateway.commitMessage({ diff: DIFF, staged: true, recentMessages: [], repositoryRoot: '/ws/app' });
  assert.equal(routed.records[0].modelName, 'big');
  const ruled = makeGateway({ 'gearshift.rules': [{ when: { task: 'commitMessage', paths: ['src/**'] }, model: 'big' }] });
  const out = await ruled.gateway.commitMessage({ diff: DIFF, staged: true, recentMessages: [], repositoryRoot: '/ws/app' });
  assert.equal(out.outcome?.modelName, 'big');
  assert.match(out.outcome!.decision.reason, /rule/);
});

test('everything changed excluded, or no changes: nothing is sent and nothing recorded', async () => {
  const { gateway, records } = makeGateway();
  const envOnly = DIFF.split('diff --git a/src')[0];
  const a = await gateway.commitMessage({ diff: envOnly, staged: true, recentMessages: [], exclude: [] });
  assert.equal(a.prompt.nothing, 'all-excluded');
  const b = await gateway.commitMessage({ diff: '', staged: false, recentMessages: [] });
  assert.equal(b.prompt.nothing, 'no-changes');
  // A folder's own gearshift.exclude (multi-root) passed with the request counts too.
  const c = await gateway.commitMessage({
    diff: DIFF,
    staged: true,
    recentMessages: [],
    exclude: ['src/**', 'infra/**'],
    repositoryRoot: '/ws/app',
  });
  assert.equal(c.prompt.nothing, 'all-excluded');
  assert.equal(a.outcome, undefined);
  assert.equal(oai.requests.length, 0);
  assert.equal(records.length, 0);
});

test('cancelled mid-stream: the outcome says so, the partial call is still recorded', async () => {
  const { gateway, records } = makeGateway();
  oai.script({ text: 'Add a bye export next to hello and more words here', chunkDelayMs: 40 });
  const ac = new AbortController();
  const out = await gateway.commitMessage({
    diff: DIFF,
    staged: true,
    recentMessages: [],
    signal: ac.signal,
    onMessage: (m) => {
      if (m.split(' ').length >= 2) ac.abort();
    },
  });
  assert.equal(out.outcome?.error?.kind, 'cancelled');
  assert.equal(records.length, 1);
  assert.equal(records[0].task, 'commitMessage');
  assert.equal(records[0].outcome, 'cancelled');
});
