/**
 * OpenAI's stream end marker. A streamed OpenAI reply ends with the SSE event `data: [DONE]`; the SDK reads it and
 * ends its iterator, exactly as it does when the connection just closes, and does not say which happened. Some
 * OpenAI-compatible servers send no `finish_reason` at all, so the marker is what tells a complete reply from one
 * cut short. `watchDoneMarker` wraps the fetch given to the SDK (the SDK still does the transport and the parsing)
 * and notes, per response, whether the marker went through; `sawDoneMarker` asks afterwards.
 */

/** Responses whose body carried the marker. */
const marked = new WeakSet<Response>();

/** Bytes of a line kept to recognise the marker (`data: [DONE]` is 12). */
const KEEP = 16;
const MARKER = /^data: ?\[DONE\]/;

/** Whether the marker went through this response's body (the SDK has read it). */
export function sawDoneMarker(response: Response): boolean {
  return marked.has(response);
}

/** `base`, with every successful response's body watched for the marker as the SDK reads it. */
export function watchDoneMarker(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    if (!res.ok || !res.body) return res;
    const reader = res.body.getReader();
    const lines = new LineStarts();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(ctrl) {
          const { done, value } = await reader.read();
          if (done) {
            if (lines.end()) marked.add(watched);
            return ctrl.close();
          }
          if (lines.feed(value)) marked.add(watched);
          ctrl.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    const watched = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    Object.defineProperty(watched, 'url', { value: res.url });
    return watched;
  };
}

/** The first bytes of each line of a byte stream (lines end at CR or LF), checked for the marker as each ends. */
class LineStarts {
  private readonly start = new Uint8Array(KEEP);
  private length = 0;

  /** Feeds a chunk; true when a line that ended in it is the marker. */
  feed(chunk: Uint8Array): boolean {
    let found = false;
    for (const byte of chunk) {
      if (byte === 0x0a || byte === 0x0d) found = this.lineEnd() || found;
      else if (this.length < KEEP) this.start[this.length++] = byte;
    }
    return found;
  }

  /** The stream ended: true when its last line, unterminated, is the marker. */
  end(): boolean {
    return this.lineEnd();
  }

  private lineEnd(): boolean {
    if (this.length === 0) return false;
    const line = String.fromCharCode(...this.start.subarray(0, this.length));
    this.length = 0;
    return MARKER.test(line);
  }
}
