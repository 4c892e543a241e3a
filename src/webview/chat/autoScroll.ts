/** How close to the bottom (px) counts as "at the bottom" (sub-pixel rounding of scroll offsets). */
const AT_BOTTOM = 4;

/**
 * Keeps the conversation scrolled to its end while the user is there, and leaves it alone once they
 * scroll up. Whether the view is pinned to the bottom changes only on scroll: reaching the bottom pins
 * it, moving up from where it was unpins it (wheel, keys, scrollbar, touch alike); content growing below
 * changes neither. Scrolling happens at most once per animation frame, after that frame's rendering
 * (callers request it after they scheduled their own frame work), with one layout read then one write.
 */
export class AutoScroll {
  private pinned = true;
  private lastTop = 0;
  private frame = 0;

  constructor(private readonly scroller: Element) {
    window.addEventListener('scroll', () => this.onScroll(), { passive: true });
  }

  /** Scrolls to the end in the next frame if the user is at the bottom. */
  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.pinned) return;
      const s = this.scroller;
      const bottom = s.scrollHeight - s.clientHeight;
      if (bottom - s.scrollTop > 0.5) s.scrollTop = bottom;
      this.lastTop = bottom;
    });
  }

  /** Scrolls to the end in the next frame whatever the position (a conversation was opened or a message sent). */
  pin(): void {
    this.pinned = true;
    this.request();
  }

  private onScroll(): void {
    const s = this.scroller;
    const top = s.scrollTop;
    if (s.scrollHeight - top - s.clientHeight <= AT_BOTTOM) this.pinned = true;
    else if (top < this.lastTop) this.pinned = false;
    this.lastTop = top;
  }
}
