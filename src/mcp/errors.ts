// Turning every failure into a tool result an agent can act on: `isError: true` and one JSON object that
// says what kind of failure it was (CloudStack said no, CloudStack unreachable, timeout, job failed, bad
// input, refused by policy) with CloudStack's own errortext (as the message) and codes. Nothing here throws.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  AsyncJobFailedError,
  AsyncJobStatusUnknownError,
  AsyncJobTimeoutError,
  CloudStackApiError,
  CloudStackConnectionError,
  CloudStackError,
  CloudStackInputError,
  CloudStackResponseFormatError,
  CloudStackTimeoutError,
  credentialsHint,
  credentialsRejectedMessage,
  isAbortError,
  isCredentialsRejected,
} from '../cloudstack/errors.js';
import { withoutUndefined } from './shape.js';

export type ToolErrorKind =
  | 'invalid_params'
  | 'unknown_api'
  | 'unknown_tool'
  | 'not_allowed'
  | 'not_found'
  | 'ambiguous'
  | 'invalid_state'
  | 'confirmation_invalid'
  | 'declined'
  | 'too_large';

/** A failure the server detected itself, before or instead of calling CloudStack. */
export class ToolError extends Error {
  readonly kind: ToolErrorKind;
  readonly details: Record<string, unknown>;
  constructor(kind: ToolErrorKind, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ToolError';
    this.kind = kind;
    this.details = details;
  }
}

/** A zod issue's path as a parameter name: `tags.[0].key`, the way the invalid_params answers name it. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.');
}

export interface ErrorReport {
  kind: string;
  message: string;
  [key: string]: unknown;
}

/** How the server authenticates to CloudStack, for the hint of an `unauthorized` answer. */
export type AuthMode = 'apikey' | 'session';

/** What went wrong, as a plain object (no stack, no secrets beyond what `redact` removes later). */
export function describeError(error: unknown, authMode?: AuthMode): ErrorReport {
  if (error instanceof ToolError) return { kind: error.kind, message: error.message, ...error.details };
  if (isAbortError(error)) {
    return {
      kind: 'cancelled',
      message: error instanceof Error ? error.message : 'cancelled',
      jobId: error instanceof CloudStackError ? error.jobId : undefined,
    };
  }
  // CloudStack's errortext is said once: it is the message of api_error and job_failed (CloudStack's own
  // 431 texts run to 300 characters; said twice, with the codes, a typical error was ~750).
  if (error instanceof AsyncJobFailedError) {
    return withoutUndefined({
      kind: 'job_failed',
      message: error.errorText || error.message,
      jobId: error.jobId,
      command: error.command,
      errorcode: error.errorCode,
      cserrorcode: error.csErrorCode,
    });
  }
  if (error instanceof AsyncJobStatusUnknownError) {
    // Never `job_failed`: the job was accepted and may have done its work; repeating it could do it twice.
    const cause = error.cause === undefined ? undefined : describeError(error.cause);
    return withoutUndefined({
      kind: 'job_status_unknown',
      message: error.message,
      jobId: error.jobId,
      command: error.command,
      failedPolls: error.failedPolls,
      statusError: cause ? { kind: cause.kind, message: cause.message } : undefined,
      hint:
        `CloudStack accepted the job but its state could not be read: check it with getAsyncJobStatus ` +
        `{"jobId":"${error.jobId}"} before repeating the call, which could do the work twice`,
    });
  }
  if (error instanceof AsyncJobTimeoutError) {
    return {
      kind: 'job_timeout',
      message: error.message,
      jobId: error.jobId,
      hint: `the job keeps running; check it with getAsyncJobStatus {"jobId":"${error.jobId}"}`,
    };
  }
  if (isCredentialsRejected(error) && error.command !== 'login') {
    // A kind of its own: no argument the agent could change helps; whoever runs the server must fix its
    // credentials. Often met in a look-up the agent did not ask for (listZones for deployVM's zone).
    return withoutUndefined({
      kind: 'unauthorized',
      // The CLI's wording, errortext included.
      message: `${credentialsRejectedMessage(error)}, calling ${error.command}: the credentials this server was started with do not work`,
      command: error.command,
      httpStatus: error.httpStatus,
      errorcode: error.errorCode ?? error.httpStatus,
      cserrorcode: error.csErrorCode,
      jobId: error.jobId,
      hint: `${credentialsHint(authMode)} in the server's environment (or its --api-key/--secret-key, --username/--password flags), then restart it`,
    });
  }
  if (error instanceof CloudStackApiError) {
    return withoutUndefined({
      kind: 'api_error',
      message: error.errorText || error.message,
      command: error.command,
      // The HTTP status only where it is not the errorcode already (it nearly always is).
      httpStatus:
        error.errorCode !== undefined && error.errorCode !== error.httpStatus ? error.httpStatus : undefined,
      errorcode: error.errorCode ?? error.httpStatus,
      cserrorcode: error.csErrorCode,
      jobId: error.jobId,
    });
  }
  if (error instanceof CloudStackConnectionError) {
    return withoutUndefined({
      kind: 'connection_failed',
      message: error.message,
      command: error.command,
      code: error.code,
      requestSent: error.requestSent,
      hint: 'CloudStack is unreachable: check CLOUDSTACK_API_URL and that the management server is up',
    });
  }
  if (error instanceof CloudStackTimeoutError) {
    return withoutUndefined({
      kind: 'timeout',
      message: error.message,
      command: error.command,
      timeoutMs: error.timeoutMs,
      hint: 'CloudStack did not answer in time (CLOUDSTACK_TIMEOUT); the request may still have taken effect',
    });
  }
  if (error instanceof CloudStackResponseFormatError) {
    return { kind: 'bad_response', message: error.message, httpStatus: error.httpStatus };
  }
  if (error instanceof CloudStackInputError) {
    return { kind: 'invalid_params', message: error.message, parameter: error.parameter };
  }
  if (error instanceof CloudStackError) return { kind: 'cloudstack_error', message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The isError result. `mask` works on the report's values (see maskSecrets), before it is serialised, so
 * the text is always one valid JSON object whatever the messages hold.
 */
export function errorResult(
  error: unknown,
  mask: <T extends object>(report: T) => T,
  authMode?: AuthMode,
): CallToolResult {
  const report = mask(describeError(error, authMode));
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: report }) }] };
}
