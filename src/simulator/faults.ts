// Fault injection: latency, a share of requests answered 5xx, a share of connections dropped, a share of
// answers lost after the request was processed, slow or failing jobs. Decisions are drawn per request (or
// job) number from the seed, so a run replays exactly.
import { drawFor } from './random.js';

export interface Faults {
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of requests answered with a 530 internal error before they are processed. */
  failureRate: number;
  /** Share (0..1) of requests whose connection is destroyed without an answer, before they are processed. */
  dropRate: number;
  /**
   * Commands that failureRate and dropRate apply to (case-insensitive); empty: every command. E.g.
   * `['queryAsyncJobResult']`: jobs start, but polling their status fails.
   */
  failureCommands: string[];
  /**
   * Share (0..1) of requests that are processed (they take effect) and then lose their answer: the
   * connection is destroyed, or the answer is held for `lostAnswerHoldMs`. What makes a retried write a
   * duplicate.
   */
  lostAnswerRate: number;
  /** 0: a lost answer's connection is destroyed at once; more: the answer is sent this many ms late. */
  lostAnswerHoldMs: number;
  /** Commands whose answers may be lost (case-insensitive); empty: every command. */
  lostAnswerCommands: string[];
  /** At most this many answers are lost, counted from the start or the last setFaults(); default no limit. */
  lostAnswerLimit: number;
  /** How long an async job runs, in milliseconds. */
  jobDurationMs: number;
  /** Share (0..1) of async jobs that end failed (jobstatus 2). */
  jobFailureRate: number;
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  failureRate: 0,
  dropRate: 0,
  failureCommands: [],
  lostAnswerRate: 0,
  lostAnswerHoldMs: 0,
  lostAnswerCommands: [],
  lostAnswerLimit: Number.POSITIVE_INFINITY,
  jobDurationMs: 100,
  jobFailureRate: 0,
};

export const INJECTED_ERROR_TEXT = 'Simulated internal error (injected by the simulator: failureRate)';

/** drop and fail happen before processing; lose after it. */
export type RequestFate = 'drop' | 'fail' | 'lose' | 'serve';

function checkFaults(faults: Faults): void {
  for (const key of ['failureRate', 'dropRate', 'lostAnswerRate', 'jobFailureRate'] as const) {
    const value = faults[key];
    if (!Number.isFinite(value) || value < 0 || value > 1)
      throw new RangeError(`${key} must be between 0 and 1, got ${value}`);
  }
  for (const key of ['latencyMs', 'lostAnswerHoldMs', 'jobDurationMs'] as const) {
    const value = faults[key];
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`${key} must be 0 or more milliseconds, got ${value}`);
  }
  const limit = faults.lostAnswerLimit;
  if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0)
    throw new RangeError(`lostAnswerLimit must be 0 or more, got ${faults.lostAnswerLimit}`);
  for (const key of ['lostAnswerCommands', 'failureCommands'] as const) {
    const commands = faults[key];
    if (!Array.isArray(commands) || commands.some((c) => typeof c !== 'string'))
      throw new RangeError(`${key} must be a list of command names`);
  }
}

export class FaultInjector {
  private faults: Faults;
  private losingCommands = new Set<string>();
  private failingCommands = new Set<string>();
  private lostSinceSet = 0;
  private lostTotal = 0;

  constructor(
    private readonly seed: number,
    initial: Partial<Faults>,
  ) {
    this.faults = DEFAULT_FAULTS;
    this.set(initial);
  }

  get current(): Faults {
    return {
      ...this.faults,
      lostAnswerCommands: [...this.faults.lostAnswerCommands],
      failureCommands: [...this.faults.failureCommands],
    };
  }

  /** Answers lost so far (connection destroyed or held after processing). */
  get lostAnswerCount(): number {
    return this.lostTotal;
  }

  set(update: Partial<Faults>): void {
    const next = { ...this.faults, ...stripUndefined(update) };
    checkFaults(next);
    this.faults = {
      ...next,
      lostAnswerCommands: [...next.lostAnswerCommands],
      failureCommands: [...next.failureCommands],
    };
    this.losingCommands = new Set(next.lostAnswerCommands.map((command) => command.toLowerCase()));
    this.failingCommands = new Set(next.failureCommands.map((command) => command.toLowerCase()));
    this.lostSinceSet = 0;
  }

  /** What happens to the n-th request. */
  fateOf(requestIndex: number, command: string | undefined): RequestFate {
    const { dropRate, failureRate, lostAnswerRate, lostAnswerLimit } = this.faults;
    const failing = this.failingCommands.size === 0 || this.failingCommands.has(command?.toLowerCase() ?? '');
    if (failing && dropRate > 0 && drawFor(this.seed, 'drop', requestIndex) < dropRate) return 'drop';
    if (failing && failureRate > 0 && drawFor(this.seed, 'fail', requestIndex) < failureRate) return 'fail';
    if (
      lostAnswerRate > 0 &&
      this.lostSinceSet < lostAnswerLimit &&
      (this.losingCommands.size === 0 || this.losingCommands.has(command?.toLowerCase() ?? '')) &&
      drawFor(this.seed, 'lose', requestIndex) < lostAnswerRate
    ) {
      this.lostSinceSet++;
      this.lostTotal++;
      return 'lose';
    }
    return 'serve';
  }

  jobFails(jobIndex: number): boolean {
    return this.faults.jobFailureRate > 0 && drawFor(this.seed, 'job', jobIndex) < this.faults.jobFailureRate;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
