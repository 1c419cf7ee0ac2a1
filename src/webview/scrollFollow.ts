// Keeps the newest content in view while it streams, and stops the moment the user scrolls up to read: following
// resumes only when they scroll back to the bottom (or press "Jump to latest"). Layout is read only where the browser
// has just computed it (a scroll event, a resize observation), never right after the DOM was written: on a long answer
// that forced layout was most of a frame.
const SLACK_PX = 8;
/** How long after a wheel turn or a scrolling key a move up counts as the user's (smooth scrolling runs on after it). */
const INTENT_MS = 600;
const SCROLL_UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

export class ScrollFollow {
  private following = true;
  private lastTop = 0;
  private intentUntil = 0;
  private pointerDown = false;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly onChange: (following: boolean) => void,
  ) {
    const intent = () => (this.intentUntil = performance.now() + INTENT_MS);
    scroller.addEventListener('wheel', (e) => e.deltaY < 0 && intent(), { passive: true });
    scroller.addEventListener('touchmove', intent, { passive: true });
    scroller.addEventListener('keydown', (e) => SCROLL_UP_KEYS.has(e.key) && intent());
    // Dragging the scrollbar: the pointer goes down on the scroller itself.
    scroller.addEventListener('pointerdown', () => (this.pointerDown = true));
    window.addEventListener('pointerup', () => (this.pointerDown = false));
    scroller.addEventListener('scroll', () => this.scrolled(), { passive: true });
  }

  get isFollowing(): boolean {
    return this.following;
  }

  distanceToBottom(): number {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight;
  }

  /** After content was laid out (call it from a ResizeObserver, not after writing the DOM): stay at the bottom if following. */
  keepUp(): void {
    if (this.following && this.distanceToBottom() > 0) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  jumpToLatest(): void {
    this.set(true);
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /**
   * Only the user's move up stops following. The view also moves by itself: the browser clamps the scroll position when
   * content shrinks and shifts it to keep content in place, and a scroll event can arrive after the viewport shrank
   * (the composer grew) and before the resize observation catches up. None of these is the user leaving the bottom.
   */
  private scrolled(): void {
    const top = this.scroller.scrollTop;
    if (this.distanceToBottom() <= SLACK_PX) this.set(true);
    else if (top < this.lastTop && (this.pointerDown || performance.now() < this.intentUntil)) this.set(false);
    this.lastTop = top;
  }

  private set(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.onChange(following);
  }
}
