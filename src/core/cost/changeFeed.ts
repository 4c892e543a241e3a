/** Posts a message only when it differs from the one posted last (the ledger changes far more often than what is shown). */
export class ChangeFeed<M> {
  private last = '';

  constructor(private readonly post: (m: M) => void) {}

  push(m: M): void {
    const key = JSON.stringify(m);
    if (key === this.last) return;
    this.last = key;
    this.post(m);
  }

  /** The webview was (re)loaded: post again on the next push. */
  reset(): void {
    this.last = '';
  }
}
