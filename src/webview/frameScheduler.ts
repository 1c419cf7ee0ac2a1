// Coalesces bursts of work into at most one run per animation frame: a model streaming hundreds of deltas a second
// costs one DOM update per frame, not one per delta.
export class FrameScheduler {
  private pending = false;

  constructor(
    private readonly run: () => void,
    private readonly requestFrame: (callback: () => void) => unknown = (cb) => requestAnimationFrame(cb),
  ) {}

  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.requestFrame(() => this.runNow());
  }

  /** Runs now if anything is scheduled (the next frame then has nothing left to do). */
  runNow(): void {
    if (!this.pending) return;
    this.pending = false;
    this.run();
  }
}
