/**
 * The Gateway end to end in one process: a real Router over resolved settings, the real providers (official SDKs)
 * talking to the fake OpenAI and Anthropic servers, real pricing, and a ledger that collects records.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { costOfCall } from '../../../src/core/cost/callCost';
import { Pricing } from '../../../src/core/cost/pricing';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { Gateway } from '../../../src/core/gateway/gateway';
import { createProvider, type Provider } from '../../../src/core/providers';
import { Router, type BudgetSource } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';
import type { ChatSendRequest, RouteDecision } from '../../../src/core/types';
import { startFakeAnthropic, startFakeOpenAI, type FakeServer } from '../../fakes';

const KEY = 'sk-test-GATEWAY-0123456789abcdefXYZ';

let oai: FakeServer;
let ant: FakeServer;
before(async () => ([oai, ant] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()])));
after(() => Promise.all([oai.close(), ant.close()]));
beforeEach(() => {
  oai.reset();
  ant.reset();
  oai.setDefault({});
  ant.setDefault({});
});

/** Frontier chain: gpt (fake OpenAI) then claude (fake Anthropic); chat always goes to frontier. */
function makeGateway(extra: Record<string, unknown> = {}, budget?: BudgetSource) {
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.endpoints': {
        'fake-oai': { kind: 'openai', baseUrl: `${oai.url}/v1` },
        'fake-ant': { kind: 'anthropic', baseUrl: ant.url },
      },
      'gearshift.models': {
        gpt: { endpoint: 'fake-oai', model: 'gpt-fake-large' },
        claude: { endpoint: 'fake-ant', model: 'claude-fake-sonnet' },
        small: { endpoint: 'fake-oai', model: 'gpt-fake-mini' },
      },
      'gearshift.tiers': { cheap: ['small'], frontier: ['gpt', 'claude'] },
      'gearshift.routing': { chat: 'frontier' },
      'gearshift.prices': {
        gpt: { input: 2, output: 8, cacheRead: 0.5 },
        claude: { input: 3, output: 15, cacheRead: 0.3 },
        small: { input: 0.25, output: 2 },
      },
      ...extra,
    },
  });
  assert.deepEqual(problems, []);
  const router = new Router(settings, { budget, available: new Set(['fake-oai', 'fake-ant']) });
  const providers = new Map<string, Provider>();
  const pricing = new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices });
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
    pricing: () => pricing,
    record: (r) => records.push(r),
    workspace: { id: 'ws-test', name: 'app', root: '/ws/app' },
  });
  return { gateway, router, settings, pricing, records };
}

function chat(content: string, over: Partial<ChatSendRequest> = {}): ChatSendRequest {
  return { conversationId: 'c1', messages: [{ role: 'user', content }], attachments: [], ...over };
}

test('chat success: deltas stream in order after the route, usage is exact, cost equals costOfCall', async () => {
  const { gateway, settings, pricing, records } = makeGateway();
  oai.script({ chunks: ['Use ', 'a ', 'binary ', 'search.'], usage: { input: 30, cacheRead: 10, output: 4 } });
  const events: string[] = [];
  const out = await gateway.send(
    chat('how do I find an item in a sorted list', {
      onRoute: (d) => events.push(`route:${d.chain[0].name}`),
      onDelta: (t) => events.push(t),
    }),
  );
  assert.equal(out.error, undefined);
  assert.deepEqual(events, ['route:gpt', 'Use ', 'a ', 'binary ', 'search.']);
  assert.equal(out.modelName, 'gpt');
  assert.equal(out.endpoint, 'fake-oai');
  assert.equal(out.result?.text, 'Use a binary search.');
  assert.match(out.decision.reason, /^chat → frontier \(task route\)/);
  assert.deepEqual(out.fallbacks, []);
  assert.equal(ant.requests.length, 0);

  assert.equal(records.length, 1);
  const r = records[0];
  assert.deepEqual(r.usage, { input: 30, output: 4, cacheRead: 10, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 });
  assert.equal(r.estimated, false);
  assert.equal(r.outcome, 'ok');
  assert.deepEqual([r.task, r.tier, r.model, r.modelName, r.endpoint], ['chat', 'frontier', 'gpt-fake-large', 'gpt', 'fake-oai']);
  // 30 × $2 + 10 × $0.5 + 4 × $8 per million = $0.000097
  const expected = costOfCall(pricing, { model: 'gpt-fake-large', modelName: 'gpt', endpoint: 'fake-oai' }, out.result!, {
    frontier: { model: settings.models.gpt.model, modelName: 'gpt', endpoint: 'fake-oai' },
  });
  assert.equal(expected.costUsd, 0.000097);
  assert.equal(r.costUsd, expected.costUsd);
  assert.equal(out.costUsd, expected.costUsd);
  assert.equal(r.frontierCostUsd, 0.000097);
  // The request that left carried the system prompt and the question.
  const body = oai.requests[0].body as { model: string; messages: { role: string; content: string }[] };
  assert.equal(body.model, 'gpt-fake-large');
  assert.equal(body.messages[0].role, 'system');
  assert.equal(body.messages.at(-1)?.content, 'how do I find an item in a sorted list');
});

test('fallback: a rate-limited first model hands over to the next, both calls are recorded, health reorders', async () => {
  const { gateway, router, records } = makeGateway();
  oai.script({ fault: '429', retryAfter: 120 }); // longer than the provider waits: fails at once
  ant.script({ text: 'Answer from Claude.', usage: { input: 40, output: 3 } });
  const out = await gateway.send(chat('design a cache'));
  assert.equal(out.error, undefined);
  assert.equal(out.modelName, 'claude');
  assert.equal(out.result?.text, 'Answer from Claude.');
  assert.deepEqual(out.fallbacks, ['gpt rate-limited → claude']);
  assert.equal(oai.requests.length, 1, 'Retry-After beyond the wait limit is not retried');
  assert.equal(ant.requests.length, 1);

  assert.deepEqual(
    records.map((r) => [r.modelName, r.outcome]),
    [
      ['gpt', 'error:rateLimited'],
      ['claude', 'ok'],
    ],
  );
  assert.equal(records[0].costUsd, 0, 'a refused call costs nothing');
  assert.equal(records[0].usage.input + records[0].usage.output, 0);
  // 40 × $3 + 3 × $15 per million
  assert.equal(records[1].costUsd, 0.000165);

  const next = router.decide({ task: 'chat', messages: [{ role: 'user', content: 'again' }] });
  assert.deepEqual(
    next.chain.map((m) => m.name),
    ['claude', 'gpt'],
  );
  assert.match(next.reason, /gpt rate-limited → claude/);
  // The next request goes straight to the healthy model.
  ant.script({ text: 'Second.' });
  const second = await gateway.send(chat('and now?', { conversationId: 'c2' }));
  assert.equal(second.modelName, 'claude');
  assert.equal(oai.requests.length, 1);
});

test('no fallback once text was shown: a reset mid-reply keeps the partial text and stops there', async () => {
  const { gateway, records } = makeGateway();
  oai.script({ chunks: ['First ', 'part ', 'of ', 'the ', 'answer'], fault: 'resetMidStream', faultAfterChunks: 2 });
  const shown: string[] = [];
  const out = await gateway.send(chat('explain', { onDelta: (t) => shown.push(t) }));
  assert.equal(out.error?.kind, 'network');
  assert.equal(out.error?.partialText, 'First part ');
  assert.equal(shown.join(''), 'First part ');
  assert.match(out.error!.message, /fake-oai/);
  assert.equal(out.modelName, 'gpt');
  assert.deepEqual(out.fallbacks, []);
  assert.equal(ant.requests.length, 0, 'the second model is never asked');
  assert.equal(records.length, 1);
  assert.equal(records[0].outcome, 'error:network');
  assert.ok(records[0].usage.output > 0, 'the partial reply is accounted');
});

test('cancel mid-stream: outcome cancelled, partial text kept, ledger has an estimated usage', async () => {
  const { gateway, records } = makeGateway();
  oai.script({ text: 'one two three four five six seven eight nine ten', chunkDelayMs: 40 });
  const ac = new AbortController();
  const closed = oai.nextClientClose();
  const shown: string[] = [];
  const out = await gateway.send(
    chat('count to ten', {
      signal: ac.signal,
      onDelta: (t) => {
        shown.push(t);
        if (shown.length === 2) ac.abort();
      },
    }),
  );
  assert.equal(out.error?.kind, 'cancelled');
  assert.equal(out.error?.partialText, 'one two ');
  assert.deepEqual(out.fallbacks, []);
  assert.equal(ant.requests.length, 0);
  assert.equal(records.length, 1);
  const r = records[0];
  assert.equal(r.outcome, 'cancelled');
  assert.equal(r.estimated, true);
  assert.ok(r.usage.input > 0, 'prompt tokens estimated');
  assert.ok(r.usage.output > 0, 'output tokens estimated');
  assert.ok((r.costUsd ?? 0) > 0, 'a cancelled call still costs what was consumed');
  assert.equal((await closed).clientClosedEarly, true, 'the HTTP request itself was aborted');
});

test('auth error with no fallback model: message names the endpoint, never the key', async () => {
  const { gateway, records } = makeGateway({ 'gearshift.tiers': { cheap: ['small'], frontier: ['gpt'] } });
  oai.script({ fault: '401' });
  const out = await gateway.send(chat('hello'));
  assert.equal(out.error?.kind, 'auth');
  assert.match(out.error!.message, /endpoint 'fake-oai'/);
  assert.ok(!out.error!.message.includes(KEY), out.error!.message);
  assert.ok(!oai.requests[0].rawBody.includes(KEY));
  assert.equal(String(oai.requests[0].headers.authorization), `Bearer ${KEY}`, 'the key went to the endpoint (and only there)');
  assert.ok(!(gateway.lastDecision()?.error ?? '').includes(KEY));
  assert.ok(!JSON.stringify(records).includes(KEY));
  assert.equal(records[0].outcome, 'error:auth');
});

test('attachments: excluded files are not sent (with a note), secrets are redacted in messages and attachments', async () => {
  const { gateway } = makeGateway();
  const out = await gateway.send(
    chat('why does login fail? my key is AKIAIOSFODNN7EXAMPLE', {
      attachments: [
        { path: '/ws/app/.env', text: 'DB_PASSWORD=unique-marker-hunter2' },
        {
          path: '/ws/app/src/config.ts',
          language: 'ts',
          text: 'export const key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";\nexport const port = 8080;',
        },
      ],
    }),
  );
  assert.equal(out.error, undefined);
  assert.deepEqual(out.notes, ['/ws/app/.env is excluded by gearshift.exclude and was not sent']);
  assert.deepEqual(out.fallbacks, [], 'an exclusion is not a fallback');
  const raw = oai.requests[0].rawBody;
  assert.ok(!raw.includes('unique-marker-hunter2'), 'excluded file text never leaves');
  assert.ok(!raw.includes('AKIAIOSFODNN7EXAMPLE'), 'AWS key in the message is redacted');
  assert.ok(!raw.includes('sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789'), 'Anthropic key in an attachment is redacted');
  const last = (oai.requests[0].body as { messages: { content: string }[] }).messages.at(-1)!.content;
  assert.match(last, /\/ws\/app\/src\/config\.ts:\n```ts\n/);
  assert.match(last, /export const port = 8080;/, 'the rest of the attachment is sent');
  assert.match(last, /«redacted:anthropic-key»/);
  assert.match(last, /my key is «redacted:aws-access-key»$/);
});

test('budget block: nothing reaches a provider and the outcome says why', async () => {
  const routes: RouteDecision[] = [];
  const { gateway, records } = makeGateway(
    { 'gearshift.budget': { dailyUsd: 5, onExceed: 'block' } },
    { status: () => ({ dailyFraction: 1 }) },
  );
  let active = 0;
  gateway.onActivity(() => active++);
  const out = await gateway.send(chat('refactor this module', { onRoute: (d) => routes.push(d) }));
  assert.equal(out.error?.kind, 'blocked');
  assert.match(out.error!.message, /daily budget of \$5 is used up/);
  assert.equal(routes.length, 1);
  assert.equal(routes[0].blocked, out.error!.message);
  assert.equal(oai.requests.length + ant.requests.length, 0);
  assert.equal(records.length, 0);
  assert.equal(active, 0, 'a blocked request never counts as in flight');
  assert.equal(gateway.lastDecision()?.error, out.error!.message);
});

test('lastDecision reflects the last call and onActivity reports 1 then 0', async () => {
  const { gateway } = makeGateway();
  const activity: number[] = [];
  const sub = gateway.onActivity((n) => activity.push(n));
  assert.equal(gateway.lastDecision(), undefined);
  await gateway.send(chat('first'));
  assert.deepEqual(activity, [1, 0]);
  const first = gateway.lastDecision();
  assert.equal(first?.task, 'chat');
  assert.equal(first?.modelName, 'gpt');
  assert.equal(first?.error, undefined);

  oai.script({ fault: '400' });
  const out = await gateway.send(chat('second'));
  assert.equal(out.error?.kind, 'badRequest');
  assert.equal(ant.requests.length, 0, "a bad request is not the model's fault: no fallback");
  const second = gateway.lastDecision();
  assert.notEqual(second, first);
  assert.equal(second?.modelName, 'gpt');
  assert.equal(second?.error, out.error!.message);
  assert.deepEqual(activity, [1, 0, 1, 0]);
  sub.dispose();
  await gateway.send(chat('third'));
  assert.deepEqual(activity, [1, 0, 1, 0], 'a disposed listener hears nothing');
});
