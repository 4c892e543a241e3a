import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConversationCostFeed, conversationCostMessage, type ConversationCostMessage } from '../../../src/core/cost/conversationCost';
import { tooltipMarkdown } from '../../../src/core/cost/format';
import { conversationKey } from '../../../src/core/cost/record';
import { summarize } from '../../../src/core/cost/summary';
import { SpendTally } from '../../../src/core/cost/tally';
import { rec } from './records';

const ID = '6f0e8d1c-2b3a-4c5d-8e9f-0a1b2c3d4e5f';

test("a conversation's cost is the sum of its ledger records, over days, retries and fallbacks, unpriced named", () => {
  const key = conversationKey(ID);
  const t = new SpendTally();
  const seen: string[] = [];
  const feed = new ConversationCostFeed((m) => seen.push(m.text));
  feed.update(ID, t.conversation(key));
  // Replies finishing one after another: the header follows the ledger.
  t.add(rec({ time: '2026-11-05T23:59:00.000Z', conversation: key, costUsd: 0.0012 }));
  feed.update(ID, t.conversation(key));
  t.add(rec({ time: '2026-11-06T00:01:00.000Z', conversation: key, tier: 'frontier', costUsd: 0.0301, escalation: 'retry' }));
  t.add(rec({ time: '2026-11-06T00:02:00.000Z', conversation: conversationKey('another'), costUsd: 5 }));
  feed.update(ID, t.conversation(key));
  feed.update(ID, t.conversation(key)); // unchanged: not posted again
  t.add(rec({ time: '2026-11-06T00:03:00.000Z', conversation: key, costUsd: null, outcome: 'error:rateLimit' }));
  feed.update(ID, t.conversation(key));
  assert.deepEqual(seen, ['', '$0.0012 · 1 call', '$0.0313 · 2 calls', '$0.0313 · 3 calls · 1 unpriced']);
  // After an index round trip (another window, a reload) the sum is the same.
  const again = SpendTally.fromJSON(JSON.parse(JSON.stringify(t.toJSON())))!;
  assert.deepEqual(again.conversation(key), t.conversation(key));
  feed.reset();
  feed.update(ID, again.conversation(key));
  assert.equal(seen.length, 5);
});

test('the message names the conversation it is for; without records it carries no dollars', () => {
  const empty: ConversationCostMessage = conversationCostMessage(ID, undefined);
  assert.deepEqual(empty, { type: 'conversationCost', conversationId: ID, text: '' });
  const m = conversationCostMessage(ID, { costUsd: 1.5, calls: 12, unpriced: 0 });
  assert.equal(m.text, '$1.50 · 12 calls');
  assert.equal(m.costUsd, 1.5);
});

test("the status-bar tooltip shows the side panel's conversation beside today's spend", () => {
  const now = new Date('2026-11-05T15:00:00.000Z');
  const s = summarize([rec({ time: '2026-11-05T10:00:00.000Z', costUsd: 0.42 })], { now, sessionStart: now });
  const md = tooltipMarkdown(s, { conversation: { costUsd: 0.0313, calls: 2, unpriced: 0 } });
  const parts = md.split('\n\n');
  const today = parts.findIndex((p) => p.startsWith('**Today: $0.42**'));
  assert.equal(parts[today + 1], '**This conversation:** $0\\.0313 · 2 calls');
  assert.ok(!tooltipMarkdown(s).includes('This conversation'));
});
