// Fault injection: latency, a share of requests answered 5xx, a share of connections dropped, slow or
// failing jobs. Decisions are drawn per request (or job) number from the seed, so a run replays exactly.
import { drawFor } from './random.js';

export interface Faults {
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of requests answered with a 530 internal error before they are processed. */
  failureRate: number;
  /** Share (0..1) of requests whose connection is destroyed without an answer. */
  dropRate: number;
  /** How long an async job runs, in milliseconds. */
  jobDurationMs: number;
  /** Share (0..1) of async jobs that end failed (jobstatus 2). */
  jobFailureRate: number;
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  failureRate: 0,
  dropRate: 0,
  jobDurationMs: 100,
  jobFailureRate: 0,
};

export const INJECTED_ERROR_TEXT = 'Simulated internal error (injected by the simulator: failureRate)';

export type RequestFate = 'drop' | 'fail' | 'serve';

function checkFaults(faults: Faults): void {
  for (const key of ['failureRate', 'dropRate', 'jobFailureRate'] as const) {
    const value = faults[key];
    if (!Number.isFinite(value) || value < 0 || value > 1)
      throw new RangeError(`${key} must be between 0 and 1, got ${value}`);
  }
  for (const key of ['latencyMs', 'jobDurationMs'] as const) {
    const value = faults[key];
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`${key} must be 0 or more milliseconds, got ${value}`);
  }
}

export class FaultInjector {
  private faults: Faults;

  constructor(
    private readonly seed: number,
    initial: Partial<Faults>,
  ) {
    this.faults = { ...DEFAULT_FAULTS, ...stripUndefined(initial) };
    checkFaults(this.faults);
  }

  get current(): Faults {
    return { ...this.faults };
  }

  set(update: Partial<Faults>): void {
    const next = { ...this.faults, ...stripUndefined(update) };
    checkFaults(next);
    this.faults = next;
  }

  /** What happens to the n-th request. */
  fateOf(requestIndex: number): RequestFate {
    if (this.faults.dropRate > 0 && drawFor(this.seed, 'drop', requestIndex) < this.faults.dropRate)
      return 'drop';
    if (this.faults.failureRate > 0 && drawFor(this.seed, 'fail', requestIndex) < this.faults.failureRate)
      return 'fail';
    return 'serve';
  }

  jobFails(jobIndex: number): boolean {
    return this.faults.jobFailureRate > 0 && drawFor(this.seed, 'job', jobIndex) < this.faults.jobFailureRate;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
