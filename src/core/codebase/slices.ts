/**
 * Cooperative time slicing for background indexing in the extension host: work runs in short slices and yields to
 * the event loop (setImmediate: timers and I/O run in between) whenever a slice has used `sliceMs`, so typing,
 * completion and the chat never wait behind the index for more than about one slice.
 */

export interface Slicer {
  /** Yields to the event loop when the current slice is used up; throws the signal's reason once aborted. */
  maybeYield(): Promise<void>;
  /** Yields now (start of a new slice). */
  yieldNow(): Promise<void>;
  aborted(): boolean;
}

/** Resolves on the event loop's next check phase (after pending I/O and expired timers). */
export const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function slicer(sliceMs = 8, signal?: AbortSignal, now: () => number = () => performance.now()): Slicer {
  let sliceStart = now();
  const yieldNow = async (): Promise<void> => {
    signal?.throwIfAborted();
    await nextTick();
    signal?.throwIfAborted();
    sliceStart = now();
  };
  return {
    yieldNow,
    aborted: () => signal?.aborted === true,
    maybeYield: async () => {
      signal?.throwIfAborted();
      if (now() - sliceStart >= sliceMs) await yieldNow();
    },
  };
}
