// Async jobs. A job begins when submitted (or when the previous job on the same object ends, like
// CloudStack's per-object sync queue) and finishes `durationMs` later. Time is settled lazily: before each
// request the simulator applies every begin/finish that is due, in order, so no timers run and the outcome
// depends only on the clock and the order of requests.
import { ApiError, CsErrorCode, ErrorCode } from './errors.js';

export type JobStatus = 0 | 1 | 2;

export interface JobWork {
  /** CloudStack's `jobinstancetype` (VirtualMachine, Volume, Network, ...). */
  instanceType?: string;
  /** The uuid of the object the job acts on. */
  instanceId?: string;
  /** Runs when the job starts: check the object's state and move it to a transitional state. */
  begin?(): void;
  /** Runs when the job ends; returns the job's result object (`jobresult`). */
  finish(): Record<string, unknown>;
  /** Undoes `begin` when the job is made to fail by fault injection. */
  rollback?(): void;
}

export interface AsyncJob {
  id: string;
  index: number;
  /** The API that started it. */
  command: string;
  /** The Java command class CloudStack reports in `cmd`. */
  cmd: string;
  accountId: string;
  userId: string;
  instanceType: string | undefined;
  instanceId: string | undefined;
  created: number;
  startAt: number;
  dueAt: number;
  completed: number | undefined;
  status: JobStatus;
  resultCode: number;
  result: Record<string, unknown> | undefined;
  /** Decided at submission by the fault settings. */
  injectedFailure: boolean;
  work: JobWork;
}

interface JobEvent {
  time: number;
  seq: number;
  job: AsyncJob;
  phase: 'begin' | 'finish';
}

export interface JobSubmission {
  command: string;
  cmd: string;
  accountId: string;
  userId: string;
  work: JobWork;
}

export interface JobManagerOptions {
  newId: () => string;
  durationMs: () => number;
  /** Whether the n-th job is made to fail. */
  failsAt: (index: number) => boolean;
  /** Called when a job starts or stops acting on an object, so cached renderings of it are dropped. */
  onInstanceChange: (instanceId: string) => void;
  /** Called when a job is scheduled, starts and completes: the one place events are recorded from. */
  onPhase?: (job: AsyncJob, phase: JobPhase, time: number) => void;
}

export type JobPhase = 'scheduled' | 'started' | 'completed';

export const INJECTED_FAILURE_TEXT = 'Simulated job failure (injected by the simulator: jobFailureRate)';

export class JobManager {
  private readonly jobs = new Map<string, AsyncJob>();
  private readonly events: JobEvent[] = [];
  private readonly lastJobOnInstance = new Map<string, AsyncJob>();
  private seq = 0;
  private count = 0;

  constructor(private readonly options: JobManagerOptions) {}

  get size(): number {
    return this.jobs.size;
  }

  get pendingCount(): number {
    let pending = 0;
    for (const job of this.jobs.values()) if (job.status === 0) pending++;
    return pending;
  }

  get(id: string): AsyncJob | undefined {
    return this.jobs.get(id);
  }

  all(): IterableIterator<AsyncJob> {
    return this.jobs.values();
  }

  /** The id of an unfinished job acting on the object, if any. */
  pendingJobFor(instanceId: string): string | undefined {
    const job = this.lastJobOnInstance.get(instanceId);
    return job && job.status === 0 ? job.id : undefined;
  }

  submit(submission: JobSubmission, now: number): AsyncJob {
    const index = this.count++;
    const duration = Math.max(0, this.options.durationMs());
    const instanceId = submission.work.instanceId;
    const previous = instanceId === undefined ? undefined : this.lastJobOnInstance.get(instanceId);
    const startAt = previous && previous.status === 0 ? Math.max(now, previous.dueAt) : now;
    const job: AsyncJob = {
      id: this.options.newId(),
      index,
      command: submission.command,
      cmd: submission.cmd,
      accountId: submission.accountId,
      userId: submission.userId,
      instanceType: submission.work.instanceType,
      instanceId,
      created: now,
      startAt,
      dueAt: startAt + duration,
      completed: undefined,
      status: 0,
      resultCode: 0,
      result: undefined,
      injectedFailure: this.options.failsAt(index),
      work: submission.work,
    };
    this.jobs.set(job.id, job);
    this.options.onPhase?.(job, 'scheduled', now);
    if (instanceId !== undefined) {
      this.lastJobOnInstance.set(instanceId, job);
      this.options.onInstanceChange(instanceId);
    }
    this.schedule(job, 'begin', startAt);
    this.schedule(job, 'finish', job.dueAt);
    // A job that can begin now does so at once, so the object's transitional state shows immediately.
    this.settle(now);
    return job;
  }

  /** Applies every due begin and finish, oldest first. */
  settle(now: number): void {
    while (this.events.length > 0) {
      const next = this.events[0];
      if (!next || next.time > now) break;
      this.events.shift();
      if (next.job.status !== 0) continue;
      if (next.phase === 'begin') this.begin(next.job, next.time);
      else this.finish(next.job, next.time);
    }
  }

  private schedule(job: AsyncJob, phase: JobEvent['phase'], time: number): void {
    const event: JobEvent = { time, seq: this.seq++, job, phase };
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.events[mid];
      if (other && (other.time < time || (other.time === time && other.seq < event.seq))) low = mid + 1;
      else high = mid;
    }
    this.events.splice(low, 0, event);
  }

  private begin(job: AsyncJob, time: number): void {
    this.options.onPhase?.(job, 'started', time);
    try {
      job.work.begin?.();
    } catch (error) {
      this.fail(job, time, error);
    }
  }

  private finish(job: AsyncJob, time: number): void {
    if (job.injectedFailure) {
      try {
        job.work.rollback?.();
      } finally {
        this.complete(job, time, 2, ErrorCode.INTERNAL_ERROR, {
          errorcode: ErrorCode.INTERNAL_ERROR,
          errortext: INJECTED_FAILURE_TEXT,
        });
      }
      return;
    }
    try {
      const result = job.work.finish();
      this.complete(job, time, 1, 0, result);
    } catch (error) {
      this.fail(job, time, error);
    }
  }

  private fail(job: AsyncJob, time: number, error: unknown): void {
    // CloudStack's job dispatcher keeps the code of a ServerApiException and reports anything else as 530.
    const apiError = error instanceof ApiError ? error : undefined;
    const code =
      apiError && apiError.csErrorCode === CsErrorCode.SERVER_API
        ? apiError.errorCode
        : ErrorCode.INTERNAL_ERROR;
    const text = error instanceof Error ? error.message : String(error);
    this.complete(job, time, 2, ErrorCode.INTERNAL_ERROR, { errorcode: code, errortext: text });
  }

  private complete(
    job: AsyncJob,
    time: number,
    status: JobStatus,
    resultCode: number,
    result: Record<string, unknown>,
  ): void {
    job.status = status;
    job.resultCode = resultCode;
    job.result = result;
    job.completed = time;
    this.options.onPhase?.(job, 'completed', time);
    if (job.instanceId !== undefined) this.options.onInstanceChange(job.instanceId);
  }
}
