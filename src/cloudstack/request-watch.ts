// The timeouts and cancellations of the requests in flight on one timer per transport, instead of a
// setTimeout and an abort listener per request: those two cost about 25 µs of a call's CPU in the server
// process (measured with serve over stdio against the simulator: ~13 µs each, against ~2 µs together in a
// loop; the rest is Node's timer list and EventTarget work redone cold on every request). Here a request
// joins and leaves a Set. The timer is armed for the earliest thing to look at: a deadline, exactly, or, for
// a request that can be cancelled, the next look at its signal (every CANCEL_CHECK_MS), so a cancelled
// request is stopped within that time rather than at once. A signal already aborted is the caller's to
// refuse before the request starts.

/** How often the signals of requests in flight are looked at: a cancelled request stops within this. */
export const CANCEL_CHECK_MS = 50;

export interface Watched {
  /** performance.now() at which the request times out. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly onTimeout: () => void;
  readonly onAbort: () => void;
}

export class RequestWatch {
  private readonly inFlight = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires; Infinity when none is armed. */
  private armedAt = Number.POSITIVE_INFINITY;

  /** Calls `onTimeout` after `timeoutMs`, or `onAbort` once `signal` is seen aborted, until `unwatch`. */
  watch(
    timeoutMs: number,
    signal: AbortSignal | undefined,
    onTimeout: () => void,
    onAbort: () => void,
  ): Watched {
    const now = performance.now();
    const watched: Watched = { deadline: now + timeoutMs, signal, onTimeout, onAbort };
    this.inFlight.add(watched);
    const look = this.nextLook(watched, now);
    if (look < this.armedAt) this.arm(look);
    return watched;
  }

  unwatch(watched: Watched): void {
    this.inFlight.delete(watched);
  }

  /** Forgets every request without calling anything (the transport is closing). */
  clear(): void {
    this.inFlight.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
  }

  private nextLook(watched: Watched, now: number): number {
    return watched.signal ? Math.min(watched.deadline, now + CANCEL_CHECK_MS) : watched.deadline;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(() => this.look(), Math.max(0, at - performance.now()));
    // A request in flight keeps the process alive by its socket; a timer left armed after the last one
    // must not (a finished CLI call would wait out the timeout).
    this.timer.unref();
  }

  private look(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const watched of this.inFlight) {
      if (watched.signal?.aborted) {
        this.inFlight.delete(watched);
        watched.onAbort();
      } else if (watched.deadline <= now) {
        this.inFlight.delete(watched);
        watched.onTimeout();
      } else {
        next = Math.min(next, this.nextLook(watched, now));
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}
