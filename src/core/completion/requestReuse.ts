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
   * What the user typed since this request, when the document at `doc` continues it (same file, the text
   * around the old cursor unchanged, the cursor at or after it); undefined otherwise.
   */
  typedSince(doc: CursorDocument): string | undefined {
    const { text } = doc;
    const offset = Math.max(0, Math.min(doc.offset, text.length));
    const continues =
      this.path === doc.path &&
      offset >= this.offset &&
      text.slice(Math.max(0, this.offset - ANCHOR), this.offset) === this.before &&
      text.slice(offset, offset + ANCHOR) === this.after;
    return continues ? text.slice(this.offset, offset) : undefined;
  }

  /** Whether a request that typed `typed` into this one can use its answer (awaited when still on its way). */
  canServe(typed: string | undefined): typed is string {
    if (typed === undefined) return false;
    // A request already aborted (the editor cancelled its caller and the grace ran out before this call arrived,
    // as on a loaded machine) is still settling, with nothing to give: ask again instead of waiting for it.
    if (this.sent && !this.done) return !this.controller.signal.aborted;
    return !!this.suggestion && this.suggestion.text.startsWith(typed) && this.suggestion.text.length > typed.length;
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
