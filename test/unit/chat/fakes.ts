import type { KeyValueStorage } from '../../../src/core/chat/historyStore';
import type { ChatBackend, ChatSendRequest, GatewayOutcome, RouteDecision, Tier } from '../../../src/core/types';
import { emptyUsage } from '../../../src/core/types';

/** workspaceState stand-in: values are deep-copied on write, as a Memento serializes them. */
export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  writes = 0;
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }
}

export function ids(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export function decision(tier: Tier, reason = `chat → ${tier}`): RouteDecision {
  return { tier, chain: [{ name: tier === 'cheap' ? 'mini' : 'sonnet', endpoint: 'ep', model: 'm' }], reason, source: 'classifier' };
}

export type Script = (req: ChatSendRequest) => Promise<GatewayOutcome>;

/** A ChatBackend whose send runs the given script; records every request. */
export class FakeBackend implements ChatBackend {
  readonly requests: ChatSendRequest[] = [];
  readonly frontierRetries: string[] = [];
  constructor(public script: Script) {}
  send(req: ChatSendRequest): Promise<GatewayOutcome> {
    this.requests.push(req);
    return this.script(req);
  }
  models(): ReturnType<ChatBackend['models']> {
    return [{ name: 'mini', tier: 'cheap', model: 'gpt-5-mini', endpoint: 'openai' }, { name: 'sonnet', tier: 'frontier', model: 'claude-sonnet-5', endpoint: 'anthropic' }];
  }
  retryWithFrontier(conversationId: string): void {
    this.frontierRetries.push(conversationId);
  }
}

/** Streams `chunks` as deltas and succeeds. */
export function streams(chunks: string[], tier: Tier = 'cheap', extra: Partial<GatewayOutcome> = {}): Script {
  return async (req) => {
    const d = decision(tier);
    req.onRoute?.(d);
    for (const c of chunks) req.onDelta?.(c);
    return {
      decision: d,
      modelName: d.chain[0].name,
      endpoint: 'ep',
      result: { text: chunks.join(''), usage: { ...emptyUsage(), input: 100, cacheRead: 20, output: 50 }, estimated: false, totalMs: 1234, firstTokenMs: 200 },
      costUsd: 0.0042,
      fallbacks: [],
      ...extra,
    };
  };
}

export function tick(ms = 0): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
