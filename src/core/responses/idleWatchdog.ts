// Abandons a stream that goes silent. The read loop only stamps the time of each event; the timer wakes rarely and
// re-arms for the remainder, so a fast stream costs one timestamp per event.
import { ModelFailure } from './failure';

/** How long the end of the body may take after the terminal event before the stream is closed from our side. */
export const DRAIN_GRACE_MS = 1000;

export function idleFailure(idleMs: number): ModelFailure {
  return new ModelFailure('idle_timeout', { detail: `no event for ${Math.round(idleMs / 100) / 10} s` });
}
export class IdleWatchdog {
  /** Set once the watchdog fired. */
  fired = false;
  private lastEventAt = performance.now();
  private limitMs: number;
  private timer: ReturnType<typeof setTimeout>;

  constructor(
    limitMs: number,
    private readonly onIdle: () => void,
  ) {
    this.limitMs = limitMs;
    this.timer = setTimeout(this.watch, limitMs);
  }

  /** Called for every event. */
  touch(): void {
    this.lastEventAt = performance.now();
  }

  /** Shortens the allowed silence (e.g. to drain the rest of a finished stream quickly). */
  shorten(limitMs: number): void {
    this.limitMs = Math.min(this.limitMs, limitMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private readonly watch = (): void => {
    const quiet = performance.now() - this.lastEventAt;
    if (quiet >= this.limitMs) {
      this.fired = true;
      this.onIdle();
    } else {
      this.timer = setTimeout(this.watch, this.limitMs - quiet);
    }
  };
}
