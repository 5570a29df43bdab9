// A tool is data (name, title, description, schemas, annotations, toolset, the CloudStack commands it runs)
// plus a handler. The server factory registers them; handlers return a plain object that becomes both the
// structuredContent and the compact JSON text of the result, or throw (errors.ts turns that into isError).
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ApiCatalog } from '../../catalog/catalog.js';
import type { GuardedCaller } from '../guarded-caller.js';
import type { Logger } from '../logger.js';
import type { Policy } from '../policy.js';
import type { TokenSigner } from '../signed-token.js';

export interface ToolLimits {
  /** Items per answer when the agent gives no `limit`. */
  defaultLimit: number;
  /** The largest `limit` accepted. */
  maxLimit: number;
  /** The largest answer, in bytes of compact JSON; lists are cut to fit (with count and nextCursor). */
  maxAnswerBytes: number;
}

/** What every handler may use; one per server, shared by all calls, holding nothing call-specific. */
export interface ToolContext {
  /** CloudStack, through the server's policy: every call an agent's tool call makes is checked here. */
  caller: GuardedCaller;
  catalog: ApiCatalog;
  policy: Policy;
  signer: TokenSigner;
  limits: ToolLimits;
  /** How long a confirmation token stays valid. */
  confirmTtlSeconds: number;
  /** Total wait for an async job (default: the client's own). */
  jobTimeoutMs: number | undefined;
  logger: Logger;
  /** The MCP server, for elicitation and the client's declared capabilities. */
  mcp: Server;
}

export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification> & {
  /** A task-augmented tools/call (MCP tasks): a started job is handed off (jobs.ts awaitJob), not waited for. */
  asTask?: boolean;
};

/** How a task's answer is shaped from its job's result: what the call knew when it handed the job off. */
export type TaskView = Record<string, unknown>;

/** A job that ended successfully, as queryAsyncJobResult gave it. */
export interface FinishedJob {
  jobId: string;
  jobresult: unknown;
}

export interface ToolAnnotationSet {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export type Toolset = 'catalog' | 'inventory' | 'vm-lifecycle' | 'jobs' | 'generic';

// biome-ignore lint/suspicious/noExplicitAny: a tool's schemas are as varied as its handler's types
type AnyObjectSchema = z.ZodObject<any>;

export interface ToolDefinition<
  I extends AnyObjectSchema = AnyObjectSchema,
  O extends AnyObjectSchema = AnyObjectSchema,
> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotationSet;
  /**
   * The CloudStack commands the tool runs on every call: its action and the look-ups it cannot do without
   * (destroyVM must show what it destroys); --allow/--deny hide the tool when one is refused. Look-ups
   * only some calls need (a name to resolve) are refused at call time instead (GuardedCaller).
   */
  commands: readonly string[];
  handler: (args: z.output<I>, context: ToolContext, extra: CallExtra) => Promise<z.input<O>>;
  /**
   * For tools that start a CloudStack job: the answer once the job succeeded, from the view the handler
   * handed off with it. The handler's own waiting path uses the same function, so a task's result
   * (tasks/result, on any replica) is the answer the call would have given. Present: taskSupport optional.
   */
  finishJob?: (view: TaskView, job: FinishedJob, context: ToolContext) => z.input<O>;
}

/** Keeps the handler's argument and result types tied to the schemas. */
export function defineTool<I extends AnyObjectSchema, O extends AnyObjectSchema>(
  tool: ToolDefinition<I, O>,
): ToolDefinition {
  return tool as unknown as ToolDefinition;
}
