// The live listApis, learnt when CloudStack answers rather than only at start: a server started before
// its CloudStack (Claude Desktop starts it at launch; a Docker CloudStack takes minutes) keeps trying in
// the background with capped backoff, and a look-up of a name the catalog lacks tries once more on the
// spot (rate-limited), so an API only the live server knows is found once CloudStack is up, instead of
// being called unknown for good. The catalog is updated in place: every session's context sees it.
import type { CloudStackCaller } from '../cloudstack/types.js';
import type { ApiCatalog, LiveApiStatus } from './catalog.js';
import { fetchLiveApis } from './live.js';

export interface RefreshOptions {
  /** Per attempt (default 15 s). */
  timeoutMs?: number;
  /** Background attempts wait 1 s, 2 s, 4 s, ... up to this (default 30 s), with jitter. */
  maxDelayMs?: number;
  /** A look-up tries listApis on the spot at most once in this long (default 10 s). */
  minIntervalMs?: number;
  /** Told once, when the live list has been read. */
  onLoaded?: (added: number) => void;
  now?: () => number;
  random?: () => number;
}

export class LiveApiRefresher implements LiveApiStatus {
  complete = false;
  lastError: string | undefined;
  private attempt: Promise<void> | undefined;
  /** The first attempt, kept so that a search made while it runs can wait for it. */
  first: Promise<void> | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly closed = new AbortController();

  constructor(
    private readonly catalog: ApiCatalog,
    private readonly caller: CloudStackCaller,
    private readonly options: RefreshOptions = {},
  ) {}

  /** Reads listApis now unless it is read already, being read, or was tried moments ago. Never throws. */
  refresh(signal?: AbortSignal): Promise<void> {
    if (this.complete || this.closed.signal.aborted) return Promise.resolve();
    if (!this.attempt) {
      if (this.now() - this.lastAttemptAt < (this.options.minIntervalMs ?? 10_000)) return Promise.resolve();
      this.attempt = this.read().finally(() => {
        this.attempt = undefined;
      });
      this.first ??= this.attempt;
    }
    if (!signal) return this.attempt;
    // The caller may stop waiting; the attempt itself goes on for the others.
    return Promise.race([
      this.attempt,
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
  }

  /** Keeps trying in the background until listApis has been read (or close). */
  start(): void {
    if (!this.complete) this.schedule();
  }

  /** Closed (the server is shutting down): a read it interrupted is not a failure worth a warning. */
  get isClosed(): boolean {
    return this.closed.signal.aborted;
  }

  close(): void {
    this.closed.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private schedule(): void {
    if (this.timer || this.complete || this.closed.signal.aborted) return;
    const ceiling = Math.min(this.options.maxDelayMs ?? 30_000, 1000 * 2 ** Math.min(this.failures, 20));
    const delay = Math.round(ceiling / 2 + ((this.options.random ?? Math.random)() * ceiling) / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Background attempts are not rate-limited: the backoff spaces them.
      this.lastAttemptAt = Number.NEGATIVE_INFINITY;
      void this.refresh().then(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  private async read(): Promise<void> {
    this.lastAttemptAt = this.now();
    const signal = AbortSignal.any([
      this.closed.signal,
      AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    ]);
    try {
      const live = await fetchLiveApis(this.caller, signal);
      const added = this.catalog.addLive(live);
      this.complete = true;
      this.lastError = undefined;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.options.onLoaded?.(added);
    } catch (error) {
      this.failures++;
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}
