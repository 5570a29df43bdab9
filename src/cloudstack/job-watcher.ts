// One status call for many jobs. While several jobs wait at once, their status polls meet here and one
// `listAsyncJobs` answers for all of them: a job it lists as pending (jobstatus 0) needs no call of its own;
// a job it lists as ended, or does not list, gets its own `queryAsyncJobResult`, so a job's result always
// comes from the call made for that job (the list also carries other jobs' results, which are never used).
// A job waiting alone polls `queryAsyncJobResult` directly: one call either way, and no gathering delay.
//
// CloudStack's listAsyncJobs (ListAsyncJobsCmd, QueryManagerImpl.searchForAsyncJobsInternal) lists the
// caller's account's jobs, oldest first (ordered by id), paged; each entry is built by the same
// AsyncJobJoinDaoImpl.newAsyncJobResponse as queryAsyncJobResult's answer (jobid, jobstatus, jobprocstatus,
// jobresultcode, and jobresult once the job ended). The newest jobs sit on the last page, so the watcher
// asks for the page its last answer's `count` puts them on, and reads on while a job is missing.
//
// When CloudStack refuses listAsyncJobs (the role lacks it: 401/432, or a parameter error), the watcher stops
// asking for a while and every job polls alone; when the listing fails otherwise (5xx, network), each job
// of that round polls alone, with the poll loop's retries.
import { CloudStackAbortError, CloudStackApiError } from './errors.js';
import type { AsyncJobResult } from './types.js';

export interface ListedJobs {
  count?: number;
  asyncjobs?: AsyncJobResult[];
}

export interface JobWatcherOptions {
  /** One page of listAsyncJobs for the caller's account. */
  list: (page: number, pageSize: number) => Promise<ListedJobs>;
  /** How long a status poll waits for the other waiting jobs' polls to share one listing (default 150 ms). */
  gatherMs?: number;
  /**
   * listAsyncJobs page size (default 100). Every entry of the page carries its job's result, so a page of
   * 500 in a busy account is megabytes per round; the jobs waited for are the newest, on the last page.
   */
  pageSize?: number;
  /** After a refusal, how long every job polls alone before listAsyncJobs is tried again (default 10 min). */
  refusedForMs?: number;
  /** Pages read in one round at most. */
  maxPages?: number;
  now?: () => number;
}

interface Waiter {
  jobId: string;
  single: () => Promise<AsyncJobResult>;
  resolve: (job: AsyncJobResult) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** A job being waited for; `status` is its poll, `end` when the wait is over. */
export interface Watch {
  status<T>(single: () => Promise<AsyncJobResult<T>>, signal?: AbortSignal): Promise<AsyncJobResult<T>>;
  end(): void;
}

export class JobWatcher {
  private readonly gatherMs: number;
  private readonly pageSize: number;
  private readonly refusedForMs: number;
  private readonly maxPages: number;
  private readonly now: () => number;
  /** Jobs waiting that may share a listing. */
  private sharing = 0;
  private due: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refusedUntil = 0;
  private lastCount = 0;
  /** Listings made, and status polls they answered without a call of their own (for logs and tests). */
  readonly stats = { listings: 0, answeredByListing: 0 };

  constructor(private readonly options: JobWatcherOptions) {
    this.gatherMs = options.gatherMs ?? 150;
    this.pageSize = options.pageSize ?? 100;
    this.refusedForMs = options.refusedForMs ?? 10 * 60_000;
    this.maxPages = options.maxPages ?? 3;
    this.now = options.now ?? Date.now;
  }

  /** Starts watching a job; `share` false (the policy refuses listAsyncJobs) makes it poll alone. */
  watch(jobId: string, share: boolean): Watch {
    if (share) this.sharing++;
    let ended = false;
    return {
      status: <T>(single: () => Promise<AsyncJobResult<T>>, signal?: AbortSignal) =>
        share && !ended ? this.status(jobId, single, signal) : single(),
      end: () => {
        if (ended) return;
        ended = true;
        if (share) this.sharing--;
        // A round waiting for this job's poll need not wait any longer.
        if (this.due.length > 0 && this.due.length >= this.sharing) this.flushSoon();
      },
    };
  }

  private status<T>(
    jobId: string,
    single: () => Promise<AsyncJobResult<T>>,
    signal: AbortSignal | undefined,
  ): Promise<AsyncJobResult<T>> {
    if (this.sharing < 2 || this.now() < this.refusedUntil) return single();
    return new Promise<AsyncJobResult<T>>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CloudStackAbortError({ command: 'queryAsyncJobResult', reason: signal.reason }));
        return;
      }
      const waiter: Waiter = {
        jobId,
        single: single as () => Promise<AsyncJobResult>,
        resolve: resolve as (job: AsyncJobResult) => void,
        reject,
        signal,
        onAbort: () => {
          this.due = this.due.filter((w) => w !== waiter);
          if (this.due.length === 0 && this.timer) {
            clearTimeout(this.timer);
            this.timer = undefined;
          }
          reject(new CloudStackAbortError({ command: 'queryAsyncJobResult', reason: signal?.reason }));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.due.push(waiter);
      // Every sharing job has asked: no reason to wait for more.
      if (this.due.length >= this.sharing) this.flushSoon();
      else this.timer ??= setTimeout(() => this.flush(), this.gatherMs);
    });
  }

  private flushSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 0);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.due;
    this.due = [];
    for (const w of batch) w.signal?.removeEventListener('abort', w.onAbort);
    if (batch.length === 0) return;
    const listed = batch.length >= 2 ? await this.listing(batch) : undefined;
    for (const w of batch) {
      const job = listed?.get(w.jobId);
      if (job && Number(job.jobstatus) === 0) {
        this.stats.answeredByListing++;
        w.resolve(job);
      } else {
        w.single().then(w.resolve, w.reject);
      }
    }
  }

  /** The batch's jobs as listed, or undefined when listAsyncJobs cannot say. */
  private async listing(batch: Waiter[]): Promise<Map<string, AsyncJobResult> | undefined> {
    const wanted = new Set(batch.map((w) => w.jobId));
    const found = new Map<string, AsyncJobResult>();
    let page = Math.max(1, Math.ceil(this.lastCount / this.pageSize));
    try {
      for (let pages = 0; pages < this.maxPages; pages++, page++) {
        this.stats.listings++;
        const answer = await this.options.list(page, this.pageSize);
        const count = Number(answer.count ?? 0);
        this.lastCount = Number.isFinite(count) ? count : 0;
        for (const job of answer.asyncjobs ?? []) {
          if (wanted.has(job.jobid)) found.set(job.jobid, job);
        }
        if (found.size === wanted.size || page * this.pageSize >= this.lastCount) break;
      }
      return found;
    } catch (error) {
      if (isRefusal(error)) this.refusedUntil = this.now() + this.refusedForMs;
      return undefined;
    }
  }
}

/** CloudStack will not list jobs for this caller (the API is not in its role, or not there at all). */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof CloudStackApiError && [401, 405, 431, 432].includes(error.errorCode ?? error.httpStatus)
  );
}
