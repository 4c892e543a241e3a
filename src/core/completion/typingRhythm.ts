/**
 * The debounce before an automatic completion request, from the user's typing rhythm. Keystrokes are the
 * document's own changes (reported by the editor), never the spacing of completion requests: a request's wait
 * must not lengthen the gap it then measures.
 *
 * 75 ms by default, raised during a fast typing burst to just over the median keystroke interval (at most the
 * maximum), because a request sent mid-burst is almost always overtaken by the next key; slow typists keep
 * the base.
 */
export class TypingRhythm {
  private readonly times: number[] = [];

  /** Keystrokes remembered (the median of their gaps is the rhythm). */
  static readonly WINDOW = 9;
  /** Gaps longer than this are pauses, not rhythm (ms). */
  static readonly PAUSE_MS = 1000;

  /** The document changed by typing at `time` (ms, any monotonic clock). */
  noteKeystroke(time: number): void {
    this.times.push(time);
    if (this.times.length > TypingRhythm.WINDOW) this.times.shift();
  }

  /** The wait for the next automatic request (ms), between `baseMs` and `maxMs`. */
  debounceMs(baseMs: number, maxMs: number): number {
    const gaps: number[] = [];
    for (let i = 1; i < this.times.length; i++) {
      const gap = this.times[i] - this.times[i - 1];
      if (gap >= 0 && gap < TypingRhythm.PAUSE_MS) gaps.push(gap);
    }
    if (gaps.length < 3) return baseMs;
    gaps.sort((a, b) => a - b);
    const median = gaps[gaps.length >> 1];
    if (median >= maxMs) return baseMs;
    return Math.max(baseMs, Math.min(maxMs, Math.round(median * 1.1)));
  }
}
