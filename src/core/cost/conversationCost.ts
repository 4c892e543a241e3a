/**
 * The side panel's header line for the conversation shown ("conversation $0.0123 · 4 calls"), and the status-bar
 * tooltip's line for it: the sum of the conversation's ledger records (SpendTally.conversation, keyed by
 * conversationKey), so it counts every priced call of it, fallbacks and retries included, in any window. Pure.
 */
import { ChangeFeed } from './changeFeed';
import { formatTaskUsd } from './format';
import type { ConversationTotal } from './tally';

export type ConversationCost = Pick<ConversationTotal, 'costUsd' | 'calls' | 'unpriced'>;

/** The chat webview renders `text` in its header when `conversationId` is the conversation it shows. */
export type ConversationCostMessage = {
  type: 'conversationCost';
  conversationId: string;
  /** Absent: no call of this conversation is in the ledger (yet). */
  costUsd?: number;
  calls?: number;
  unpriced?: number;
  /** "$0.0123 · 4 calls"; '' when there are none. */
  text: string;
};

/** "$0.0123 · 4 calls", with unpriced calls named ("… · 1 unpriced"). */
export function conversationCostText(c: ConversationCost): string {
  const unpriced = c.unpriced ? ` · ${c.unpriced} unpriced` : '';
  return `${formatTaskUsd(c.costUsd)} · ${c.calls} call${c.calls === 1 ? '' : 's'}${unpriced}`;
}

export function conversationCostMessage(conversationId: string, c: ConversationCost | undefined): ConversationCostMessage {
  if (!c) return { type: 'conversationCost', conversationId, text: '' };
  return {
    type: 'conversationCost',
    conversationId,
    costUsd: c.costUsd,
    calls: c.calls,
    unpriced: c.unpriced,
    text: conversationCostText(c),
  };
}

/** Posts the shown conversation's cost whenever it, or the conversation shown, changes. */
export class ConversationCostFeed extends ChangeFeed<ConversationCostMessage> {
  update(conversationId: string | undefined, c: ConversationCost | undefined): void {
    if (conversationId !== undefined) this.push(conversationCostMessage(conversationId, c));
  }
}
