// Keeps the newest content in view while it streams, and stops the moment the user scrolls up to read: following
// resumes only when they scroll back to the bottom (or press "Jump to latest"). Layout is read only where the browser
// has just computed it (a scroll event, a resize observation), never right after the DOM was written: on a long answer
// that forced layout was most of a frame.
const SLACK_PX = 8;

export class ScrollFollow {
  private following = true;
  private lastTop = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly onChange: (following: boolean) => void,
  ) {
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
   * Only a move up stops following. A scroll event can arrive after the viewport shrank (the composer grew with a chip)
   * and before the resize observation that catches up: away from the bottom then, but not by the user's doing.
   */
  private scrolled(): void {
    const top = this.scroller.scrollTop;
    if (this.distanceToBottom() <= SLACK_PX) this.set(true);
    else if (top < this.lastTop) this.set(false);
    this.lastTop = top;
  }

  private set(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.onChange(following);
  }
}
