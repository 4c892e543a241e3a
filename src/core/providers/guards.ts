/**
 * Caps on what a server may make Gearshift read, enforced below the SDKs (they buffer without limit):
 *   - one stream event (an SSE event — so also one SSE line — or one AWS event-stream frame): `maxEventBytes`;
 *   - the body of an HTTP error answer: `maxErrorBodyBytes`;
 *   - any other body (JSON answers such as model lists): `maxBodyBytes`.
 * Past a cap the reader stops, the connection is closed, and the SDK's read fails with a BodyCapError that the call
 * layer turns into a message naming the endpoint and the cap. Each chunk is checked in time linear in its size, so a
 * 1 GiB line costs what the cap lets through, not a stalled event loop.
 *
 * OpenAI and Anthropic: `guardedFetch` is given to the SDK as its `fetch`. Bedrock: its http handler passes every
 * response body through `guardNodeStream` (bedrock.ts).
 */
import { Readable } from 'node:stream';

export interface BodyCaps {
  maxEventBytes: number;
  maxErrorBodyBytes: number;
  maxBodyBytes: number;
}

/**
 * A stream event is normally under a kilobyte; 512 KiB leaves room for servers that send a whole reply in one event
 * while keeping what the SDKs' event assembly (which re-copies the pending event on every chunk) does bounded.
 */
export const DEFAULT_CAPS: Readonly<BodyCaps> = { maxEventBytes: 512 << 10, maxErrorBodyBytes: 256 << 10, maxBodyBytes: 32 << 20 };

export type CapKind = 'event' | 'errorBody' | 'body';

/** Thrown into the SDK's read when a server sends more than a cap allows. Its name is not AbortError on purpose. */
export class BodyCapError extends Error {
  constructor(
    readonly endpoint: string,
    readonly what: CapKind,
    readonly cap: number,
    readonly status: number,
  ) {
    super(
      `endpoint '${endpoint}' sent ${CAP_WHAT[what]} larger than the ${formatBytes(cap)} cap; ` +
        'Gearshift stopped reading and closed the connection',
    );
    this.name = 'BodyCapError';
  }
}

const CAP_WHAT: Record<CapKind, string> = { event: 'a stream event', errorBody: 'an error body', body: 'a response body' };

export function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

/** The BodyCapError along an error's cause chain (SDKs wrap what their fetch or stream threw). */
export function findBodyCapError(err: unknown): BodyCapError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    if (e instanceof BodyCapError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Feeds one chunk; returns -1 while within the cap, else the offset in this chunk where the unit that breaks it
 * starts (0 when it started in an earlier chunk), so whatever came before it is still delivered.
 */
type Meter = (chunk: Uint8Array) => number;

/** Total bytes. */
function sizeMeter(cap: number): Meter {
  let seen = 0;
  return (chunk) => ((seen += chunk.length) > cap ? 0 : -1);
}

const SSE_BOUNDARIES = ['\n\n', '\r\r', '\r\n\r\n'].map((s) => Buffer.from(s));

/**
 * Bytes since the last SSE event boundary (a blank line): what an SDK holds before it can parse an event.
 * Boundaries split across chunks are found through the last three bytes of the previous chunk.
 */
function sseEventMeter(cap: number): Meter {
  let pending = 0;
  let carry = Buffer.alloc(0);
  return (chunk) => {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let end = -1;
    for (const b of SSE_BOUNDARIES) {
      const at = buf.lastIndexOf(b);
      if (at !== -1) end = Math.max(end, at + b.length);
    }
    if (end === -1 && carry.length) {
      const seam = Buffer.concat([carry, buf.subarray(0, 3)]);
      for (const b of SSE_BOUNDARIES) {
        const at = seam.lastIndexOf(b);
        if (at !== -1 && at + b.length > carry.length) end = Math.max(end, at + b.length - carry.length);
      }
    }
    pending = end === -1 ? pending + buf.length : buf.length - end;
    carry = Buffer.from(buf.length >= 3 ? buf.subarray(buf.length - 3) : Buffer.concat([carry, buf]).subarray(-3));
    return pending > cap ? Math.max(0, end) : -1;
  };
}

/** AWS event-stream: each frame starts with its total length (uint32, big-endian); a frame over the cap fails at its prelude. */
function frameMeter(cap: number): Meter {
  let need = 0;
  const prelude = Buffer.alloc(4);
  let have = 0;
  return (chunk) => {
    for (let i = 0; i < chunk.length; ) {
      if (need > 0) {
        const take = Math.min(need, chunk.length - i);
        need -= take;
        i += take;
        continue;
      }
      const frameStart = i - have;
      const take = Math.min(4 - have, chunk.length - i);
      prelude.set(chunk.subarray(i, i + take), have);
      have += take;
      i += take;
      if (have < 4) break;
      have = 0;
      const total = prelude.readUInt32BE(0);
      if (total > cap) return Math.max(0, frameStart);
      need = Math.max(0, total - 4);
    }
    return -1;
  };
}

function meterFor(status: number, contentType: string | null | undefined, caps: BodyCaps): { meter: Meter; what: CapKind; cap: number } {
  if (status < 200 || status >= 300) return { meter: sizeMeter(caps.maxErrorBodyBytes), what: 'errorBody', cap: caps.maxErrorBodyBytes };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('text/event-stream')) return { meter: sseEventMeter(caps.maxEventBytes), what: 'event', cap: caps.maxEventBytes };
  if (type.includes('application/vnd.amazon.eventstream')) {
    return { meter: frameMeter(caps.maxEventBytes), what: 'event', cap: caps.maxEventBytes };
  }
  return { meter: sizeMeter(caps.maxBodyBytes), what: 'body', cap: caps.maxBodyBytes };
}

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** A fetch for the OpenAI and Anthropic SDKs that enforces the caps on every response body. */
export function guardedFetch(endpoint: string, caps: BodyCaps, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const own = new AbortController();
    const outer = init?.signal;
    if (outer?.aborted) own.abort(outer.reason);
    else outer?.addEventListener('abort', () => own.abort(outer.reason), { once: true });
    const res = await base(input, { ...init, signal: own.signal });
    if (!res.body || NULL_BODY_STATUS.has(res.status)) return res;
    const { meter, what, cap } = meterFor(res.status, res.headers.get('content-type'), caps);
    const reader = res.body.getReader();
    if (!res.ok) {
      // Error bodies are read here, whole or not at all: past the cap the fetch itself fails, so the SDK reports
      // a failed request (whose cause is the BodyCapError) rather than an error made of half a body.
      const parts: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (meter(value) >= 0) {
          own.abort();
          reader.cancel().catch(() => undefined);
          throw new BodyCapError(endpoint, what, cap, res.status);
        }
        parts.push(value);
      }
      const errorBody = new Response(Buffer.concat(parts), { status: res.status, statusText: res.statusText, headers: res.headers });
      Object.defineProperty(errorBody, 'url', { value: res.url });
      return errorBody;
    }
    let failed: BodyCapError | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(ctrl) {
          // The failure surfaces once what came before the offending event has been read.
          if (failed) return ctrl.error(failed);
          const { done, value } = await reader.read();
          if (done) return ctrl.close();
          const at = meter(value);
          if (at < 0) return ctrl.enqueue(value);
          failed = new BodyCapError(endpoint, what, cap, res.status);
          own.abort();
          reader.cancel().catch(() => undefined);
          if (at > 0) ctrl.enqueue(value.subarray(0, at));
          else ctrl.error(failed);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    const guarded = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(guarded, 'url', { value: res.url });
    return guarded;
  };
}

/**
 * Node stream version, for the AWS SDK's http handler. Past the cap the source (the socket's stream) is destroyed at
 * once; the error reaches the reader after the bytes that came before the offending frame.
 */
export function guardNodeStream(
  source: Readable,
  endpoint: string,
  status: number,
  contentType: string | undefined,
  caps: BodyCaps,
): Readable {
  const { meter, what, cap } = meterFor(status, contentType, caps);
  let failed: BodyCapError | undefined;
  const out = new Readable({
    highWaterMark: 0,
    read() {
      if (failed) {
        if (this.readableLength === 0) this.destroy(failed);
        return;
      }
      source.resume();
    },
    destroy(err, done) {
      source.destroy();
      done(err);
    },
  });
  source.on('data', (chunk: Buffer) => {
    if (failed) return;
    const at = meter(chunk);
    if (at < 0) {
      if (!out.push(chunk)) source.pause();
      return;
    }
    failed = new BodyCapError(endpoint, what, cap, status);
    source.destroy();
    if (at > 0) out.push(chunk.subarray(0, at));
    else out.destroy(failed);
  });
  source.on('end', () => failed || out.push(null));
  source.on('error', (e) => failed || out.destroy(e));
  source.on('close', () => {
    if (!failed && !source.readableEnded) out.destroy(new Error('the connection closed before the body ended'));
  });
  return out;
}
