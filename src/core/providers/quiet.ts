/**
 * The Anthropic SDK prints some notices with a bare `console.warn` inside Messages.create (its deprecated-model
 * notice: "The model '…' is deprecated and will reach end-of-life on …"), outside its `logger` / `logLevel` options,
 * so `logLevel: 'off'` does not stop them reaching the user's stderr. The call that prints them is synchronous up to
 * the request being queued, so for exactly that span console.warn is routed to Gearshift's debug log.
 */
export function withConsoleWarnTo<T>(sink: ((line: string) => void) | undefined, fn: () => T): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const line = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
    sink?.(line.replace(/\s*\n\s*/g, ' '));
  };
  try {
    return fn();
  } finally {
    console.warn = original;
  }
}
