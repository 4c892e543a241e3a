import type { ToolCall } from '../toolCalls';
import { ProviderError } from './errors';
import { formatBytes } from './guards';

/** Longest arguments text of one tool call a server may stream (UTF-8 bytes). */
export const MAX_TOOL_ARGUMENT_BYTES = 1 << 20;
/** Most tool calls one reply may hold. */
export const MAX_TOOL_CALLS = 128;

/** One piece of a streamed tool call: the first piece names it, later ones carry more of its arguments. */
export interface ToolCallPiece {
  id?: string;
  name?: string;
  /** More of the arguments' JSON text. */
  arguments?: string;
}

interface Pending {
  /** As the server sent it ('' until it does). */
  id: string;
  /** Position in the reply, for a stand-in id. */
  n: number;
  name: string;
  parts: string[];
  bytes: number;
  done: boolean;
}

/** Who is streaming, for error messages. */
export interface StreamSource {
  vendor: string;
  endpoint: string;
}

/**
 * Collects the tool calls of one streamed reply, whatever the wire format: OpenAI keys its pieces by
 * `tool_calls[].index`, Anthropic and Bedrock by content-block index. A call is announced (`onCall`) once its
 * arguments are complete: at its block's stop, or when the reply ends. Arguments are kept as raw text, never parsed
 * here (malformed JSON goes on to whoever runs the tool). A server that streams more than MAX_TOOL_CALLS calls or
 * MAX_TOOL_ARGUMENT_BYTES of arguments for one call ends the reply with a ProviderError naming the endpoint.
 */
export class ToolCallCollector {
  private readonly byKey = new Map<number | string, Pending>();
  private readonly ordered: Pending[] = [];

  constructor(
    private readonly source: StreamSource,
    private readonly onCall?: (call: ToolCall) => void,
  ) {}

  /** Whether any tool call has begun. */
  get started(): boolean {
    return this.ordered.length > 0;
  }

  /** Adds a piece of the call at `key`; a piece carrying an id unlike the open call's starts a new call there. */
  piece(key: number | string, p: ToolCallPiece): void {
    let call = this.byKey.get(key);
    if (call && (call.done || (p.id && call.id && p.id !== call.id))) {
      this.finish(key);
      call = undefined;
    }
    if (!call) call = this.open(key, p.id);
    if (p.id && !call.id) call.id = p.id;
    if (p.name && !call.name) call.name = p.name;
    if (p.arguments) {
      call.bytes += Buffer.byteLength(p.arguments, 'utf8');
      if (call.bytes > MAX_TOOL_ARGUMENT_BYTES) {
        throw this.tooMuch(
          `the arguments of tool call '${call.name || '(unnamed)'}' ran past the ${formatBytes(MAX_TOOL_ARGUMENT_BYTES)} cap`,
        );
      }
      call.parts.push(p.arguments);
    }
  }

  /** The call at `key` has all its arguments: announce it. */
  finish(key: number | string): void {
    const call = this.byKey.get(key);
    if (!call || call.done) return;
    call.done = true;
    this.byKey.delete(key);
    this.onCall?.(toCall(call));
  }

  /** The reply ended: announce every call still open, in the order they began. */
  finishAll(): void {
    // The map holds open calls in the order they began (a finished call leaves it, a new one joins at the end).
    for (const key of [...this.byKey.keys()]) this.finish(key);
  }

  /** Every call begun, in order (arguments as received so far). */
  calls(): ToolCall[] {
    return this.ordered.map(toCall);
  }

  private open(key: number | string, id: string | undefined): Pending {
    if (this.ordered.length >= MAX_TOOL_CALLS) throw this.tooMuch(`it made more than ${MAX_TOOL_CALLS} tool calls in one reply`);
    const call: Pending = { id: id ?? '', n: this.ordered.length, name: '', parts: [], bytes: 0, done: false };
    this.byKey.set(key, call);
    this.ordered.push(call);
    return call;
  }

  private tooMuch(what: string): ProviderError {
    return new ProviderError({
      kind: 'network',
      message:
        `${this.source.vendor} at endpoint '${this.source.endpoint}' sent a reply where ${what}; Gearshift stopped ` +
        'reading and closed the connection.',
    });
  }
}

function toCall(p: Pending): ToolCall {
  if (p.parts.length > 1) p.parts = [p.parts.join('')];
  // A server that sends no id still gets one: the call's result must name the call it answers.
  return { id: p.id || `call_gearshift_${p.n}`, name: p.name, arguments: p.parts[0] ?? '' };
}
