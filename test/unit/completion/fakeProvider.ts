import { ProviderError } from '../../../src/core/providers/errors';
import type { ChatRequest, CompletionRequest, Provider } from '../../../src/core/providers/provider';
import { emptyUsage, type CallResult, type EndpointConfig, type ModelConfig, type RouteDecision } from '../../../src/core/types';

type Req = (CompletionRequest | ChatRequest) & { kind: 'complete' | 'chat' };
type Reply = string | Error | ((req: Req) => Promise<CallResult>);

/**
 * An in-memory Provider: answers from a queue (text, an error, or a function), honours the abort signal the
 * way the real providers do (a ProviderError 'cancelled' carrying the text streamed so far), and logs calls.
 */
export class FakeProvider implements Provider {
  readonly endpoint: EndpointConfig;
  readonly calls: Req[] = [];
  readonly replies: Reply[] = [];
  fallback: Reply = 'x';

  constructor(
    name = 'local',
    readonly supportsFim = true,
  ) {
    this.endpoint = { name, kind: 'openai', local: true };
  }

  complete(req: CompletionRequest): Promise<CallResult> {
    return this.answer({ ...req, kind: 'complete' });
  }

  chat(req: ChatRequest): Promise<CallResult> {
    return this.answer({ ...req, kind: 'chat' });
  }

  private async answer(req: Req): Promise<CallResult> {
    this.calls.push(req);
    const reply = this.replies.length ? this.replies.shift()! : this.fallback;
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(req);
    req.onDelta?.(reply);
    return result(reply);
  }
}

export function result(text: string): CallResult {
  return { text, usage: { ...emptyUsage(), input: 100, output: 5 }, estimated: false, totalMs: 1 };
}

/** A reply that streams `text`, then waits until released or aborted (then rejects like a real provider). */
export function held(text = ''): { reply: (req: Req) => Promise<CallResult>; release: (final?: string) => void; aborted: Promise<void> } {
  let release!: (final?: string) => void;
  let onAbort!: () => void;
  const aborted = new Promise<void>((r) => (onAbort = r));
  const reply = (req: Req) =>
    new Promise<CallResult>((resolve, reject) => {
      if (text) req.onDelta?.(text);
      release = (final = '') => {
        if (final) req.onDelta?.(final);
        resolve(result(text + final));
      };
      const abort = () => {
        onAbort();
        reject(new ProviderError({ kind: 'cancelled', message: 'cancelled', partialText: text || undefined }));
      };
      if (req.signal?.aborted) abort();
      else req.signal?.addEventListener('abort', abort);
    });
  return { reply, release: (f) => release(f), aborted };
}

export const model = (name: string, over: Partial<ModelConfig> = {}): ModelConfig => ({
  name,
  endpoint: 'local',
  model: 'qwen2.5-coder:1.5b',
  ...over,
});

export function decision(chain: ModelConfig[], blocked?: string): RouteDecision {
  return { tier: 'cheap', chain, reason: 'completion → cheap', source: 'task', ...(blocked && { blocked }) };
}
