import type { Clock } from './clock';
import type { CursorDocument } from './types';

/** Characters compared around the cursor to decide that a request continues the previous one. */
const ANCHOR = 256;

/** A suggestion as the engine hands it out. */
export interface Suggestion {
  /** Pass to accept() when the user takes it. */
  id: string;
  text: string;
  /** The text retypes the rest of the cursor line: insert it over the line's remainder. */
  replacesLineSuffix: boolean;
  modelName: string;
  source: 'model' | 'cache' | 'typedAhead';
}

/**
 * How a later document continues a request: `removed` (text just before the request's cursor) is gone, then `typed`
 * was typed. At most one of them is non-empty.
 */
export interface Continuation {
  removed: string;
  typed: string;
}

/**
 * The part of a suggestion still to show after the document moved on as `c`: what was removed comes back first,
 * what was typed is no longer shown. Undefined when the typing diverged from the suggestion or used all of it.
 */
export function servedText(suggestion: string, c: Continuation): string | undefined {
  const full = c.removed + suggestion;
  return full.startsWith(c.typed) && full.length > c.typed.length ? full.slice(c.typed.length) : undefined;
}

/**
 * The engine's latest request: where it was made, its abort switch and its eventual suggestion. Later requests
 * that continue it (the user typed into its suggestion, or is still waiting for it) share it instead of
 * asking again; the HTTP request is aborted only once no caller waits for it.
 */
export class InFlightRequest {
  readonly controller = new AbortController();
  readonly before: string;
  readonly after: string;
  promise: Promise<Suggestion | undefined> = Promise.resolve(undefined);
  suggestion?: Suggestion;
  /** The debounce is over: the request went (or goes) to a model. */
  sent = false;
  done = false;
  private waiters = 0;
  private graceTimer?: unknown;

  constructor(
    readonly path: string,
    readonly offset: number,
    text: string,
  ) {
    this.before = text.slice(Math.max(0, offset - ANCHOR), offset);
    this.after = text.slice(offset, offset + ANCHOR);
  }

  start(work: Promise<Suggestion | undefined>): void {
    this.promise = work.then(
      (s) => {
        this.suggestion = s;
        this.done = true;
        return s;
      },
      (e: unknown) => {
        this.done = true;
        throw e;
      },
    );
    // Callers may all have gone (cancelled) when it settles: a rejection then has no one to reach.
    this.promise.catch(() => undefined);
  }

  /**
   * How the document at `doc` continues this request (same file, the text after the cursor unchanged), or
   * undefined when it does not: characters typed after its cursor (the text before that cursor unchanged), or
   * characters taken away just before its cursor (the rest before it unchanged: a backspace, or a shorter item
   * chosen in the suggest widget).
   */
  continuationOf(doc: CursorDocument): Continuation | undefined {
    const { text } = doc;
    const offset = Math.max(0, Math.min(doc.offset, text.length));
    if (this.path !== doc.path || text.slice(offset, offset + ANCHOR) !== this.after) return undefined;
    if (offset >= this.offset) {
      const same = text.slice(Math.max(0, this.offset - ANCHOR), this.offset) === this.before;
      return same ? { removed: '', typed: text.slice(this.offset, offset) } : undefined;
    }
    const back = this.offset - offset;
    if (back > this.before.length) return undefined;
    const kept = this.before.slice(0, this.before.length - back);
    return text.slice(offset - kept.length, offset) === kept ? { removed: this.before.slice(kept.length), typed: '' } : undefined;
  }

  /** Whether a request that continues this one as `c` can use its answer (awaited when still on its way). */
  canServe(c: Continuation | undefined): c is Continuation {
    if (c === undefined) return false;
    // A request already aborted (the editor cancelled its caller and the grace ran out before this call arrived,
    // as on a loaded machine) is still settling, with nothing to give: ask again instead of waiting for it.
    if (this.sent && !this.done) return !this.controller.signal.aborted;
    return !!this.suggestion && servedText(this.suggestion.text, c) !== undefined;
  }

  /** Waits on behalf of one caller; once the last caller has cancelled, the request is aborted after `graceMs`. */
  wait(signal: AbortSignal | undefined, clock: Clock, graceMs: number): Promise<Suggestion | undefined> {
    this.waiters++;
    if (this.graceTimer !== undefined) {
      clock.clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
    }
    if (!signal) return this.promise;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters--;
        if (this.waiters <= 0 && !this.done) {
          this.graceTimer = clock.setTimeout(() => {
            if (this.waiters <= 0) this.controller.abort();
          }, graceMs);
        }
        resolve(undefined);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
        (s) => {
          signal.removeEventListener('abort', onAbort);
          resolve(s);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}
