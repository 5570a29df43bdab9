// Retries with capped exponential backoff and full jitter, only where a repeat is safe:
// - the request certainly never reached the server (refused, unknown host, stale keep-alive socket): always;
// - reads (list*/get*/query*, or `idempotent: true`): also on 5xx answers (CloudStack's 530/533, a proxy's
//   502/503/504), timeouts and connections lost mid-request;
// - never on a 4xx answer, and never for a write once the request may have reached the server.
import {
  CloudStackAbortError,
  CloudStackApiError,
  CloudStackConnectionError,
  CloudStackResponseFormatError,
  CloudStackTimeoutError,
} from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retries). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

/**
 * Reads by CloudStack's naming: `list*`, `get*`, `query*` (e.g. queryAsyncJobResult), except
 * `getUploadParamsFor*`, which registers a template, ISO or volume record (repeating it makes another),
 * and `getDiagnosticsData`, which runs a script on a system VM.
 */
export function isReadCommand(command: string): boolean {
  return (
    /^(list|get|query)[A-Z]/.test(command) &&
    !command.startsWith('getUploadParamsFor') &&
    command !== 'getDiagnosticsData'
  );
}

/** Full jitter: a random delay in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))]. `retry` counts from 1. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * ceiling);
}

/** Whether `error` may be retried for a request that is (or is not) safe to repeat. */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof CloudStackConnectionError) return !error.requestSent || idempotent;
  if (!idempotent) return false;
  if (error instanceof CloudStackTimeoutError) return true;
  if (error instanceof CloudStackApiError) return error.httpStatus >= 500;
  if (error instanceof CloudStackResponseFormatError) return error.httpStatus >= 500;
  return false;
}

/** Resolves after `ms`, or rejects with CloudStackAbortError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal, command?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CloudStackAbortError({ command, reason: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CloudStackAbortError({ command, reason: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  policy: RetryPolicy;
  idempotent: boolean;
  signal?: AbortSignal;
  command?: string;
  /** Narrows the rules further: an error for which this says false is never retried. */
  retryableHere?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log it. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  random?: () => number;
}

/** Runs `attempt(n)` (n from 1) until it succeeds, fails for good, or attempts run out. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.policy.maxAttempts));
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const retryable = isRetryable(error, options.idempotent) && (options.retryableHere?.(error) ?? true);
      if (n >= maxAttempts || !retryable) throw error;
      const delayMs = backoffDelay(n, options.policy, options.random);
      options.onRetry?.({ attempt: n, delayMs, error });
      await sleep(delayMs, options.signal, options.command);
    }
  }
}
