// MCP tasks (protocol 2025-11-25, experimental) over CloudStack's async jobs. A task-augmented tools/call of
// a tool that starts a job answers at once with a task; tasks/get and tasks/result ask CloudStack
// (queryAsyncJobResult through the policy-guarded caller), so any replica answers them and nothing is kept:
// the task id is the job id followed by a signed token (signed-token.ts, key MCP_CONFIRM_SECRET) holding
// what shapes the answer (the tool, and e.g. callApi's fields or deployVM's resolved names), so tasks/result
// gives the answer the call would have given when the job ended (tools' `finishJob`, the same function
// their waiting path uses). A call that ends without a job (an error, a confirmation to ask for, a VM
// already in its state, callApi of a sync API) is a task that has ended: its answer travels in the token.
//
// Not offered: tasks/cancel (CloudStack cannot cancel a job; the spec's cancel must leave the task
// `cancelled` for good, which a job that goes on to complete would contradict) and tasks/list (a task id
// carries its signed view, which listAsyncJobs cannot give back). Without the capabilities, both are
// "Method not found" (-32601), as the SDK answers any method without a handler.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  type CallToolResult,
  type CreateTaskResult,
  ErrorCode,
  type GetTaskResult,
  McpError,
  RELATED_TASK_META_KEY,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { AsyncJobFailedError, CloudStackApiError } from '../cloudstack/errors.js';
import { jobFailure } from '../cloudstack/poll.js';
import { redactText } from '../cloudstack/redact.js';
import type { AsyncJobResult } from '../cloudstack/types.js';
import { describeError } from './errors.js';
import { JOB_STATUS_API } from './guarded-caller.js';
import { TaskHandoff } from './jobs.js';
import { decodeBase64urlStrict } from './signed-token.js';
import type { CallExtra, TaskView, ToolContext, ToolDefinition } from './tools/types.js';

/** Suggested between two tasks/get: CloudMonkey's poll interval. */
export const TASK_POLL_INTERVAL_MS = 2000;
/** Without a ttl asked for. */
export const DEFAULT_TASK_TTL_MS = 60 * 60 * 1000;
/** CloudStack keeps a job's result for job.expire.minutes (default 1440) after it ends; not longer here. */
export const MAX_TASK_TTL_MS = 24 * 60 * 60 * 1000;

const PURPOSE = 'task';
/** The prefix of a task that ended without a job. */
const ENDED = 'done';
const IMMEDIATE_RESPONSE_KEY = 'io.modelcontextprotocol/model-immediate-response';

/** What a task id's token holds. Short keys: the id travels in every tasks/get. */
interface TaskPayload {
  /** The tool. */
  t: string;
  /** CloudStack's job id; absent when the call ended without a job (`r`). */
  j?: string;
  /** The command that started the job, named in job_failed errors as the waiting call names it. */
  c?: string;
  /** What shapes the answer (the tool's finishJob). */
  v?: TaskView;
  /** The answer of a call that ended without a job: base64url of the deflated CallToolResult JSON. */
  r?: string;
  /** A hash of the MCP session that created it, when there was one. */
  s?: string;
  /** Created, ms since the epoch. */
  at: number;
  ttl: number;
}

export interface ToolTasksOptions {
  context: ToolContext;
  tools: ReadonlyMap<string, ToolDefinition>;
  /** Runs a tool call as tools/call does (arguments checked, answer masked and bounded, errors as isError). */
  call: (tool: ToolDefinition, args: unknown, extra: CallExtra) => Promise<CallToolResult>;
  /** Turns what `produce` returns or throws into the CallToolResult tools/call would give. */
  respond: (
    tool: ToolDefinition,
    extra: CallExtra,
    produce: () => Promise<unknown>,
  ) => Promise<CallToolResult>;
  secrets: readonly (string | undefined)[];
}

/**
 * A JSON-RPC error of a task request. Its own class so that the tool-call wrapper (server.ts `respond`),
 * which turns every other failure into an isError answer, lets only these through.
 */
export class TaskProtocolError extends McpError {}

function notFound(detail = 'Task not found'): TaskProtocolError {
  return new TaskProtocolError(ErrorCode.InvalidParams, `Failed to retrieve task: ${detail}`);
}

function sessionHash(sessionId: string | undefined): string | undefined {
  if (sessionId === undefined) return undefined;
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 16);
}

function pack(result: CallToolResult): string {
  return deflateRawSync(Buffer.from(JSON.stringify(result))).toString('base64url');
}

function unpack(packed: string): CallToolResult {
  const bytes = decodeBase64urlStrict(packed);
  if (!bytes) throw notFound();
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as CallToolResult;
}

/** The message of an isError answer (`{"error": {message}}`), for a failed task's statusMessage. */
function errorMessageOf(result: CallToolResult): string | undefined {
  const first = result.content[0];
  if (first?.type !== 'text') return undefined;
  try {
    const parsed = JSON.parse(first.text) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
  } catch {
    return undefined;
  }
}

/** CloudStack's `2026-01-01T10:00:00+0000`, as ISO 8601 with a colon in the offset; undefined if unparsable. */
function isoOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

export class ToolTasks {
  constructor(private readonly options: ToolTasksOptions) {}

  /** A task-augmented tools/call: the task at once, its job left running in CloudStack. */
  async create(
    tool: ToolDefinition,
    args: unknown,
    extra: CallExtra,
    requested: { ttl?: number | undefined },
  ): Promise<CreateTaskResult> {
    if (!tool.finishJob) {
      // The spec's answer for a tool whose taskSupport is absent or "forbidden".
      throw new McpError(
        ErrorCode.MethodNotFound,
        `${tool.name} does not run as a task: call it without task`,
      );
    }
    const at = Date.now();
    const ttl = Math.min(Math.max(requested.ttl ?? DEFAULT_TASK_TTL_MS, 1000), MAX_TASK_TTL_MS);
    const payload: TaskPayload = { t: tool.name, at, ttl };
    const session = sessionHash(extra.sessionId);
    if (session) payload.s = session;
    let note: string;
    try {
      const result = await this.options.call(tool, args, { ...extra, asTask: true });
      payload.r = pack(result);
      note = `${tool.name} ended without a CloudStack job: tasks/result has its answer.`;
    } catch (error) {
      if (!(error instanceof TaskHandoff)) throw error;
      payload.j = error.job.jobId;
      if (error.job.command) payload.c = error.job.command;
      payload.v = error.view;
      note = `CloudStack job ${error.job.jobId} (${error.job.command ?? tool.name}) started; tasks/result gives its answer when it ends.`;
    }
    const taskId = `${payload.j ?? ENDED}.${this.options.context.signer.sign(PURPOSE, payload)}`;
    // The spec asks receivers to log task creation (its id's job part, never the token).
    this.options.context.logger.info('task created', { tool: tool.name, job: payload.j ?? ENDED });
    const created = new Date(at).toISOString();
    // Every task begins `working` (the spec); one that has already ended says so on its first tasks/get.
    const task: Task = {
      taskId,
      status: 'working',
      statusMessage: note,
      createdAt: created,
      lastUpdatedAt: created,
      ttl,
      pollInterval: TASK_POLL_INTERVAL_MS,
    };
    return { task, _meta: { [IMMEDIATE_RESPONSE_KEY]: note } };
  }

  /** tasks/get: one queryAsyncJobResult (none for a task that ended without a job). */
  async get(taskId: string, extra: CallExtra): Promise<GetTaskResult> {
    const { payload, tool } = this.open(taskId, extra);
    const base = {
      taskId,
      createdAt: new Date(payload.at).toISOString(),
      ttl: payload.ttl,
      pollInterval: TASK_POLL_INTERVAL_MS,
    };
    if (payload.j === undefined) {
      const result = unpack(payload.r ?? '');
      return { ...base, lastUpdatedAt: base.createdAt, ...this.ended(result) };
    }
    const job = await this.query(payload.j, extra);
    if (job.jobstatus !== 1 && job.jobstatus !== 2) {
      const command = payload.c ?? tool.name;
      const step =
        typeof job.jobprocstatus === 'number' && job.jobprocstatus > 0 ? `, step ${job.jobprocstatus}` : '';
      return {
        ...base,
        status: 'working',
        statusMessage: `CloudStack job ${payload.j} (${command}) still running${step}`,
        lastUpdatedAt: base.createdAt,
      };
    }
    const result = await this.settle(tool, payload, job, extra);
    return {
      ...base,
      lastUpdatedAt: isoOf(job.completed) ?? new Date().toISOString(),
      ...this.ended(result),
    };
  }

  /** tasks/result: waits for the job as a waiting call does, then answers as that call would have. */
  async result(taskId: string, extra: CallExtra): Promise<CallToolResult> {
    const { payload, tool } = this.open(taskId, extra);
    const jobId = payload.j;
    const result =
      jobId === undefined
        ? unpack(payload.r ?? '')
        : await this.options.respond(tool, extra, async () => {
            const job = await this.options.context.caller
              .waitForJob(jobId, {
                signal: extra.signal,
                ...(payload.c ? { command: payload.c } : {}),
                ...(this.options.context.jobTimeoutMs
                  ? { timeoutMs: this.options.context.jobTimeoutMs }
                  : {}),
              })
              .catch((error: unknown) => {
                // A failed job is the task's answer; anything else (a timeout, polls that keep failing)
                // leaves the task unsettled, which is a protocol error, not a tool result.
                throw error instanceof AsyncJobFailedError ? error : this.unsettled(error);
              });
            return this.finish(tool, payload, jobId, job.jobresult);
          });
    return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId } } };
  }

  /** The payload of a task id this server issued, for this session, not expired; else the spec's -32602. */
  private open(taskId: string, extra: CallExtra): { payload: TaskPayload; tool: ToolDefinition } {
    const dot = taskId.indexOf('.');
    if (dot <= 0) throw notFound();
    const verified = this.options.context.signer.verify<TaskPayload>(PURPOSE, taskId.slice(dot + 1));
    if (!verified.ok) throw notFound();
    const payload = verified.payload;
    if (taskId.slice(0, dot) !== (payload.j ?? ENDED)) throw notFound();
    // Bound to the session that created it: another session (another person's agent) does not find it.
    if (payload.s !== undefined && payload.s !== sessionHash(extra.sessionId)) throw notFound();
    if (Date.now() > payload.at + payload.ttl) throw notFound('Task has expired');
    const tool = this.options.tools.get(payload.t);
    if (!tool?.finishJob) throw notFound(`its tool ${payload.t} is not offered here`);
    return { payload, tool };
  }

  private async query(jobId: string, extra: CallExtra): Promise<AsyncJobResult> {
    try {
      return await this.options.context.caller.request<AsyncJobResult>(
        JOB_STATUS_API,
        { jobid: jobId },
        { signal: extra.signal },
      );
    } catch (error) {
      throw this.unsettled(error);
    }
  }

  /** The answer of an ended job, as the tool's waiting path gives it. */
  private settle(
    tool: ToolDefinition,
    payload: TaskPayload,
    job: AsyncJobResult,
    extra: CallExtra,
  ): Promise<CallToolResult> {
    const jobId = payload.j ?? '';
    return this.options.respond(tool, extra, async () => {
      if (job.jobstatus === 2) throw jobFailure(job, jobId, payload.c);
      return this.finish(tool, payload, jobId, job.jobresult);
    });
  }

  private finish(tool: ToolDefinition, payload: TaskPayload, jobId: string, jobresult: unknown): unknown {
    // open() checked finishJob.
    return tool.finishJob?.(payload.v ?? {}, { jobId, jobresult }, this.options.context);
  }

  private ended(result: CallToolResult): Pick<Task, 'status' | 'statusMessage'> {
    if (!result.isError) return { status: 'completed' };
    const message = errorMessageOf(result);
    return message === undefined ? { status: 'failed' } : { status: 'failed', statusMessage: message };
  }

  /**
   * A job whose state CloudStack did not give: unknown to CloudStack (431: never was, or purged after
   * job.expire.minutes) is the spec's task not found; anything else an internal error, its text masked.
   */
  private unsettled(error: unknown): TaskProtocolError {
    if (error instanceof TaskProtocolError) return error;
    if (error instanceof CloudStackApiError && error.errorCode === 431) {
      return notFound('CloudStack does not know its job (never started, or expired)');
    }
    const report = describeError(error);
    return new TaskProtocolError(
      ErrorCode.InternalError,
      `${report.kind}: ${redactText(report.message, this.options.secrets)}`,
    );
  }
}
