/** The composition root: one way settings reach the parts, one place availability is decided, one road for every task. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LedgerRecord } from '../../../src/core/cost/record';
import { createGearshift, fixedSettings, type SettingsFeed } from '../../../src/core/gearshift';
import { usableEndpoints, type AvailabilityProbe } from '../../../src/core/providers/availability';
import type { ResolvedSettings } from '../../../src/core/settings/model';
import { resolveSettings } from '../../../src/core/settings/resolve';
import { FakeProvider } from '../completion/fakeProvider';

function settingsWith(user: Record<string, unknown> = {}): ResolvedSettings {
  const { settings } = resolveSettings({
    user: {
      'gearshift.endpoints': { box: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', requiresKey: false } },
      'gearshift.models': { coder: { endpoint: 'box', model: 'qwen2.5-coder:7b', fim: true }, big: { endpoint: 'box', model: 'big-model' } },
      'gearshift.tiers': { cheap: ['coder'], frontier: ['big'] },
      'gearshift.prices': { coder: { input: 1, output: 2 }, big: { input: 10, output: 20 } },
      ...user,
    },
  });
  return settings;
}

class Feed implements SettingsFeed {
  private listeners = new Set<(s: ResolvedSettings) => void>();
  constructor(public value: ResolvedSettings) {}
  current(): ResolvedSettings {
    return this.value;
  }
  onDidChange(l: (s: ResolvedSettings) => void) {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  set(s: ResolvedSettings): void {
    this.value = s;
    for (const l of this.listeners) l(s);
  }
}

const probe = (over: Partial<AvailabilityProbe> = {}): AvailabilityProbe => ({
  env: {},
  exists: () => false,
  home: () => '/home/nobody',
  answers: async () => false,
  ...over,
});

test('chat and completion take the same road: both calls are priced and recorded by the one gateway', async () => {
  const records: LedgerRecord[] = [];
  const provider = new FakeProvider('box');
  provider.fallback = 'a + b;';
  const core = createGearshift({
    settings: fixedSettings(settingsWith({ 'gearshift.routing': { chat: 'frontier' }, 'gearshift.completion': { debounceMs: 0 } })),
    keyLookup: async () => undefined,
    recordSink: (r) => records.push(r),
    workspace: { id: 'w', name: 'w' },
    availability: { probe: probe() },
    providerFactory: () => provider,
  });
  const chat = await core.gateway.send({ conversationId: 'c', messages: [{ role: 'user', content: 'hi' }], attachments: [] });
  assert.equal(chat.modelName, 'big');
  const s = await core.engine.complete({ document: { path: 'a.ts', languageId: 'typescript', text: 'const x = ', offset: 10 }, explicit: true });
  assert.ok(s);
  core.engine.accept(s.id);
  assert.deepEqual(records.map((r) => [r.task, r.modelName, r.outcome]), [['chat', 'big', 'ok'], ['completion', 'coder', 'ok']]);
  assert.equal(records[0].costUsd, (100 * 10 + 5 * 20) / 1e6);
  core.dispose();
});

test('a settings change reaches router, pricing and engine through the one feed', async () => {
  const feed = new Feed(settingsWith());
  const core = createGearshift({
    settings: feed,
    keyLookup: async () => undefined,
    recordSink: () => undefined,
    workspace: { id: 'w', name: 'w' },
    availability: { probe: probe() },
    providerFactory: () => new FakeProvider('box'),
  });
  assert.equal(core.gateway.route({ task: 'completion' }).chain[0].name, 'coder');
  const before = core.pricing();
  feed.set(settingsWith({ 'gearshift.routing': { completion: 'frontier' }, 'gearshift.prices': { big: { input: 99, output: 99 } } }));
  assert.equal(core.gateway.route({ task: 'completion' }).chain[0].name, 'big');
  assert.notEqual(core.pricing(), before);
  assert.equal(core.settings().prices.big.input, 99);
  core.dispose();
});

test('availability is decided in one place: keys, keyless servers, local probes and Bedrock credentials', async () => {
  const { settings } = resolveSettings({
    user: {
      'gearshift.endpoints': {
        keyed: { kind: 'openai', baseUrl: 'https://api.example.com/v1' },
        keyless: { kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', requiresKey: false },
        local: { kind: 'openai', baseUrl: 'http://127.0.0.1:2/v1', requiresKey: false, local: true },
        br: { kind: 'bedrock' },
      },
    },
  });
  const keys = async (n: string) => (n === 'keyed' ? 'k' : undefined);
  const pick = (s: Set<string>) => ['keyed', 'keyless', 'local', 'br'].filter((n) => s.has(n));
  assert.deepEqual(pick(await usableEndpoints(settings, keys, probe())), ['keyed', 'keyless']);
  assert.deepEqual(pick(await usableEndpoints(settings, async () => undefined, probe({ answers: async () => true }))), ['keyless', 'local']);
  // Bedrock needs a region and credentials to find.
  assert.ok(!(await usableEndpoints(settings, keys, probe({ env: { AWS_ACCESS_KEY_ID: 'x' } }))).has('br'));
  assert.ok((await usableEndpoints(settings, keys, probe({ env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x' } }))).has('br'));
  assert.ok((await usableEndpoints(settings, keys, probe({ env: { AWS_REGION: 'us-east-1' }, exists: (f) => f.endsWith('/.aws/config') }))).has('br'));
  assert.ok(!(await usableEndpoints(settings, keys, probe({ env: { AWS_REGION: 'us-east-1' } }))).has('br'));
});

test('the router only offers models whose endpoint is usable once availability is known', async () => {
  const core = createGearshift({
    settings: fixedSettings(settingsWith({
      'gearshift.endpoints': {
        box: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', requiresKey: false },
        paid: { kind: 'openai', baseUrl: 'https://api.example.com/v1' },
      },
      'gearshift.models': { coder: { endpoint: 'box', model: 'm' }, big: { endpoint: 'paid', model: 'big-model' } },
    })),
    keyLookup: async () => undefined,
    recordSink: () => undefined,
    workspace: { id: 'w', name: 'w' },
    availability: { probe: probe() },
  });
  const available = await core.refreshAvailability();
  assert.deepEqual([...available], ['box']);
  const d = core.gateway.route({ task: 'chat', override: 'frontier', messages: [{ role: 'user', content: 'x' }] });
  assert.deepEqual(d.chain.map((m) => m.name), ['coder'], 'no key for the frontier endpoint: the cheap model answers');
  assert.match(d.reason, /no usable frontier model/);
  core.dispose();
});
