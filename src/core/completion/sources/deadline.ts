import type { Clock } from '../clock';

/** `promise`'s value if it settles (fulfilled) before `at` (clock time), else undefined. Never rejects. */
export function before<T>(promise: Promise<T>, at: number, clock: Clock): Promise<T | undefined> {
  const ms = at - clock.now();
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve(undefined), Math.max(0, ms));
    promise.then(
      (v) => {
        clock.clearTimeout(timer);
        resolve(v);
      },
      () => {
        clock.clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
