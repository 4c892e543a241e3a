/**
 * A 1-hour cache write is only bought where it has a price of its own: the catalog has none for Bedrock's Claude
 * models, so a 1-hour plan goes to Bedrock as 5 minutes (the ledger would otherwise price it as a 5-minute write and
 * under-report it), unless gearshift.prices gives the model a 1-hour rate. Anthropic's own API has one in the catalog.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pricing } from '../../../src/core/cost/pricing';
import { Gateway } from '../../../src/core/gateway/gateway';
import type { ChatRequest, Provider } from '../../../src/core/providers/provider';
import { Router } from '../../../src/core/router/router';
import { resolveSettings } from '../../../src/core/settings/resolve';

const BEDROCK_SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

async function ttlSent(model: { endpoint: string; model: string }, prices: Record<string, unknown> = {}): Promise<string | undefined> {
  const { settings, problems } = resolveSettings({
    user: {
      'gearshift.bedrock.region': 'us-east-1',
      'gearshift.models': { m: model },
      'gearshift.tiers': { cheap: ['m'], frontier: ['m'] },
      'gearshift.routing': { chat: 'frontier' },
      'gearshift.prices': prices,
      'gearshift.cache': '1h',
    },
  });
  assert.deepEqual(problems, []);
  const sent: ChatRequest[] = [];
  const provider = (name: string): Provider => ({
    endpoint: settings.endpoints[name],
    supportsFim: false,
    chat: async (req) => {
      sent.push(req);
      return {
        text: 'ok',
        usage: { input: 10, output: 5, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, reasoning: 0 },
        estimated: false,
        totalMs: 1,
      };
    },
    complete: async () => {
      throw new Error('no FIM');
    },
  });
  const gateway = new Gateway({
    router: new Router(settings, { available: new Set([model.endpoint]) }),
    settings: () => settings,
    provider,
    pricing: () => new Pricing({ endpoints: Object.values(settings.endpoints), overrides: settings.prices }),
    record: () => undefined,
    workspace: { id: 'ws', name: 'ws' },
  });
  const o = await gateway.send({ conversationId: 'c', messages: [{ role: 'user', content: 'explain this' }], attachments: [] });
  assert.equal(o.error, undefined, o.error?.message);
  return sent[0].cache?.ttl;
}

test('gearshift.cache "1h": sent as 1h where the 1-hour write has its own price, as 5m where it would be mispriced', async () => {
  assert.equal(await ttlSent({ endpoint: 'anthropic', model: 'claude-sonnet-4-5' }), '1h');
  assert.equal(await ttlSent({ endpoint: 'bedrock', model: BEDROCK_SONNET }), '5m');
  const priced = { m: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6 } };
  assert.equal(await ttlSent({ endpoint: 'bedrock', model: BEDROCK_SONNET }, priced), '1h');
});
