// The MCP server factory: one SDK Server with the tools this policy allows. Transports only connect it
// (stdio, or one server per HTTP session). Nothing a later call relies on is kept here: confirmation tokens
// and cursors are signed and self-contained, job state is always asked of CloudStack.
//
// We answer tools/list and tools/call ourselves on the SDK's low-level Server rather than through
// McpServer.registerTool: the JSON Schemas of tools/list are built once per process, not per session or
// per request (a stateless HTTP request used to convert 15 zod schemas), and arguments are validated in
// our handler, so a bad argument gets the same `{"error": {kind, ...}}` answer as every other failure.
import { readFileSync } from 'node:fs';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ServerCapabilities,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { z } from 'zod';
import type { ApiCatalog } from '../catalog/catalog.js';
import { suggestNames } from '../catalog/suggest.js';
import { maskedJson, maskSecrets, redactText } from '../cloudstack/redact.js';
import type { CloudStackCaller } from '../cloudstack/types.js';
import { APP_TOOLS, appToolMeta, readVmView, VM_VIEW_URI, vmViewResource } from './app/app.js';
import { answerTooLarge, DEFAULT_MAX_ANSWER_BYTES } from './budget.js';
import { type AuthMode, describeError, errorResult, issuePath, ToolError } from './errors.js';
import { GuardedCaller } from './guarded-caller.js';
import { TaskHandoff } from './jobs.js';
import { type Logger, silentLogger } from './logger.js';
import { unsafeKeyPaths } from './params.js';
import { Policy } from './policy.js';
import { registerPrompts, selectPrompts } from './prompts/index.js';
import { DirectRoutingServer } from './request-routing.js';
import { TokenSigner } from './signed-token.js';
import { TaskProtocolError, ToolTasks } from './tasks.js';
import { allTools } from './tools/index.js';
import type { CallExtra, ToolContext, ToolDefinition } from './tools/types.js';

export interface CreateServerOptions {
  caller: CloudStackCaller;
  catalog: ApiCatalog;
  readOnly?: boolean;
  /** Glob patterns of API names callApi may call; empty means all. */
  allow?: readonly string[];
  /** Glob patterns of API names refused everywhere; deny wins over allow. */
  deny?: readonly string[];
  /** Key for confirmation tokens and cursors (MCP_CONFIRM_SECRET); random per process when unset. */
  secret?: string;
  /** A signer to share between the servers of one process (one per HTTP session). Wins over `secret`. */
  signer?: TokenSigner;
  /** How long a confirmation token stays valid, in seconds (default 300). */
  confirmTtlSeconds?: number;
  /** Items per list answer by default (50) and at most (1000). */
  defaultLimit?: number;
  maxLimit?: number;
  /** Largest answer in bytes of compact JSON (MCP_MAX_ANSWER_BYTES, default 64 KiB); lists are cut to fit. */
  maxAnswerBytes?: number;
  /** Total wait for an async job in ms (default: the client's). */
  jobTimeoutMs?: number;
  logger?: Logger;
  /** Values never to show (API key, secret key, password, bearer token), masked in errors and output. */
  secrets?: readonly (string | undefined)[];
  name?: string;
  version?: string;
}

export interface CreatedServer {
  server: Server;
  /** The tools offered (after read-only and allow/deny filtering). */
  tools: ToolDefinition[];
  close(): Promise<void>;
}

const INSTRUCTIONS = [
  'Operates an Apache CloudStack cloud.',
  'Everyday work: listZones, listTemplates, listServiceOfferings, listNetworks, listVirtualMachines, getVMStatus, deployVM, startVM, stopVM, rebootVM, destroyVM (names or ids accepted).',
  'Anything else: searchApis to find an API, describeApi for its parameters, callApi to run it.',
  'Lists are cut at limit or at the answer size budget: count is the total; pass nextCursor as cursor for more. Use fields to keep answers small.',
  "Destructive actions need the user's confirmation.",
].join(' ');

let packageVersion: string | undefined;

/** The package's version, from the nearest package.json above this file (src/ or dist/src/). */
function readPackageVersion(): string {
  if (packageVersion) return packageVersion;
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      // The npm package's name (the command is cloudstack-mcp; that name on npm is someone else's package).
      if (parsed.name === 'cloudstack-mcp-server' && parsed.version) {
        packageVersion = parsed.version;
        return packageVersion;
      }
    } catch {
      // try the next place
    }
  }
  packageVersion = '0.0.0';
  return packageVersion;
}

/** Whether the policy lets a tool be offered at all. */
function offered(tool: ToolDefinition, policy: Policy, catalog: ApiCatalog): boolean {
  if (policy.readOnly && !tool.annotations.readOnlyHint) return false;
  return tool.commands.every((command) => {
    const entry = catalog.get(command);
    return entry !== undefined && policy.check(command, entry.apiClass).allowed;
  });
}

function selectTools(policy: Policy, catalog: ApiCatalog): ToolDefinition[] {
  return allTools(policy).filter((tool) => offered(tool, policy, catalog));
}

// The SDK's default validator builds a new Ajv per Server, i.e. per HTTP session; it only checks
// elicitation answers, so one per process serves every session.
let sharedValidator: AjvJsonSchemaValidator | undefined;

// tools/list entries, converted from zod once per tool definition (definitions are module-level constants).
const listedTools = new WeakMap<ToolDefinition, Tool>();

/**
 * A JSON Schema without what says nothing: `$schema` (our schemas use only keywords that mean the same in
 * draft-07 and 2020-12, MCP's default dialect), and what JSON Schema assumes anyway: an empty
 * `additionalProperties`, `items` or `properties`, and `propertyNames: {type: "string"}`. tools/list is read on every conversation: these were
 * ~16% of it.
 */
function withoutNoise(schema: unknown, output = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withoutNoise(item, output));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if ((key === 'additionalProperties' || key === 'items' || key === 'properties') && isEmptyObject(value))
      continue;
    if (key === 'propertyNames' && JSON.stringify(value) === '{"type":"string"}') continue;
    if (output && key === 'type' && value === 'string' && isStringEnum(schema)) continue;
    out[key] = withoutNoise(value, output);
  }
  return out;
}

/**
 * `{type: "string", enum: [strings]}` says no more than its enum. Dropped from output schemas only, which
 * clients validate with (`status`); input schemas keep it, since some model APIs want a type beside
 * every enum.
 */
function isStringEnum(schema: object): boolean {
  const values = (schema as { enum?: unknown }).enum;
  return Array.isArray(values) && values.every((value) => typeof value === 'string');
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function listing(tool: ToolDefinition): Tool {
  let listed = listedTools.get(tool);
  if (!listed) {
    listed = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: withoutNoise(
        z.toJSONSchema(tool.inputSchema, { target: 'draft-7', io: 'input' }),
      ) as Tool['inputSchema'],
      outputSchema: withoutNoise(
        z.toJSONSchema(tool.outputSchema, { target: 'draft-7', io: 'output' }),
        true,
      ) as Tool['outputSchema'],
      annotations: tool.annotations,
      // MCP tasks (tasks.ts): only the tools that start a CloudStack job.
      ...(tool.finishJob ? { execution: { taskSupport: 'optional' as const } } : {}),
      // MCP Apps (app/app.ts): the VM view, for hosts that render it; others ignore `_meta`.
      ...(APP_TOOLS.has(tool.name) ? { _meta: appToolMeta } : {}),
    };
    listedTools.set(tool, listed);
  }
  return listed;
}

/**
 * Argument names the tool does not have. Its zod object would strip them without a word, so a misspelt
 * filter (`status` for `state`) would list everything; the advertised JSON Schema stays as it was.
 */
function unknownArguments(tool: ToolDefinition, args: unknown): string[] {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return [];
  let known = argumentNames.get(tool);
  if (!known) {
    known = new Set(Object.keys(tool.inputSchema.shape));
    argumentNames.set(tool, known);
  }
  const names = known;
  return Object.keys(args).filter((name) => !names.has(name));
}

// Each tool's argument names, once per definition rather than once per call.
const argumentNames = new WeakMap<ToolDefinition, Set<string>>();

/** The tool's own zod schema, in our handler: a bad argument is an `invalid_params` answer naming it. */
function parseArguments(tool: ToolDefinition, args: unknown): Record<string, unknown> {
  // Before any parsing, which drops `__proto__` keys silently.
  const unsafe = unsafeKeyPaths(args);
  if (unsafe.length > 0) {
    throw new ToolError('invalid_params', `${tool.name}: unknown parameter ${unsafe.join(', ')}`, {
      tool: tool.name,
      parameter: unsafe[0],
      unknownParams: unsafe,
    });
  }
  const unknown = unknownArguments(tool, args);
  if (unknown.length > 0) {
    const known = Object.keys(tool.inputSchema.shape);
    const hints = unknown.map((name) => {
      const suggestions = suggestNames(name, known, 2);
      return suggestions.length > 0 ? `${name} (did you mean ${suggestions.join(' or ')}?)` : name;
    });
    throw new ToolError(
      'invalid_params',
      `${tool.name}: unknown argument ${hints.join(', ')}. Its arguments: ${known.join(', ')}`,
      { tool: tool.name, parameter: unknown[0], unknownParams: unknown },
    );
  }
  const parsed = tool.inputSchema.safeParse(args ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = parsed.error.issues.map((issue) => ({
    parameter: issuePath(issue.path) || '(arguments)',
    message: issue.message,
  }));
  const first = issues[0] ?? { parameter: '(arguments)', message: 'invalid' };
  // Each issue's text is in `issues`: the message names the arguments once.
  const names = [...new Set(issues.map((issue) => issue.parameter))];
  throw new ToolError('invalid_params', `${tool.name}: invalid argument ${names.join(', ')}`, {
    tool: tool.name,
    parameter: first.parameter,
    issues,
  });
}

export function createServer(options: CreateServerOptions): CreatedServer {
  const logger = options.logger ?? silentLogger;
  const secrets = options.secrets ?? [];
  const policy = new Policy({
    readOnly: options.readOnly === true,
    allow: options.allow ?? [],
    deny: options.deny ?? [],
  });
  sharedValidator ??= new AjvJsonSchemaValidator();
  const tools = selectTools(policy, options.catalog);
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  // Task-augmented tools/call when a tool that starts jobs is offered; no tasks/list or tasks/cancel (tasks.ts).
  const offersTasks = tools.some((tool) => tool.finishJob);
  const capabilities: ServerCapabilities = { tools: {}, logging: {} };
  if (offersTasks) capabilities.tasks = { requests: { tools: { call: {} } } };
  // The MCP App's page, when a tool that shows it is offered.
  const offersApp = tools.some((tool) => APP_TOOLS.has(tool.name));
  if (offersApp) capabilities.resources = {};
  // Prompts (prompts/) and completion of their arguments from the cloud; the list never changes.
  capabilities.prompts = {};
  capabilities.completions = {};
  const server = new DirectRoutingServer(
    { name: options.name ?? 'cloudstack-mcp', version: options.version ?? readPackageVersion() },
    {
      capabilities,
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: sharedValidator,
    },
  );
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const context: ToolContext = {
    caller: new GuardedCaller(options.caller, policy, options.catalog, logger),
    catalog: options.catalog,
    policy,
    signer: options.signer ?? new TokenSigner(options.secret),
    limits: {
      defaultLimit: options.defaultLimit ?? 50,
      maxLimit: options.maxLimit ?? 1000,
      maxAnswerBytes,
    },
    confirmTtlSeconds: options.confirmTtlSeconds ?? 300,
    jobTimeoutMs: options.jobTimeoutMs,
    logger,
    mcp: server,
  };
  // Free text (log lines): secrets by value and `password=...` style pairs.
  const mask = (text: string) => redactText(text, secrets);
  // Answers are masked as values, never as serialised JSON: a mask can then never make an answer invalid
  // (a VM named `root password:"x"` once turned every answer that held it into an `internal` error).
  const maskError = <T extends object>(report: T): T => maskSecrets(report, secrets, { namedPairs: true });
  // The client's way of signing in, when it says (CloudStackClient does), names the settings to check on a 401.
  const declared = (options.caller as { authMode?: unknown }).authMode;
  const authMode: AuthMode | undefined =
    declared === 'apikey' || declared === 'session' ? declared : undefined;

  /**
   * structuredContent plus the same compact JSON as text (the spec's advice for clients that read only
   * text), serialised once. Both are bounded by the byte budget: lists were already cut to fit by
   * listing.ts; anything else over it is refused with how to narrow it, never cut silently. CloudStack's
   * data is masked by field name and by the server's own secrets, not by `password:` patterns in values,
   * which are the user's data (a display name), not a secret this server holds.
   */
  const success = (output: unknown): CallToolResult => {
    const masked = maskedJson(output, secrets);
    const structured = masked.value as Record<string, unknown>;
    const text = masked.text;
    const bytes = Buffer.byteLength(text);
    if (bytes > maxAnswerBytes)
      return errorResult(answerTooLarge(structured, bytes, maxAnswerBytes), maskError);
    return { content: [{ type: 'text', text }], structuredContent: structured };
  };

  // Converted from zod on the first tools/list, not before initialize is answered (listing() caches).
  let toolList: { tools: Tool[] } | undefined;

  /** What `produce` returns or throws, as the tool's CallToolResult (a task's hand-off passes through). */
  const respond = async (
    tool: ToolDefinition,
    extra: CallExtra,
    produce: () => Promise<unknown>,
  ): Promise<CallToolResult> => {
    const started = Date.now();
    try {
      const output = await produce();
      logger.debug(`${tool.name} ok`, { ms: Date.now() - started });
      return success(output);
    } catch (error) {
      if (error instanceof TaskHandoff || error instanceof TaskProtocolError) throw error;
      const report = describeError(error, authMode);
      logger.info(`${tool.name} failed`, { kind: report.kind, message: mask(report.message) });
      // Also to the client's log (MCP logging), at the level the client asked for.
      server
        .sendLoggingMessage(
          {
            level: report.kind === 'internal' ? 'error' : 'warning',
            logger: 'cloudstack-mcp',
            data: { tool: tool.name, kind: report.kind, message: mask(report.message) },
          },
          extra.sessionId,
        )
        .catch(() => {});
      return errorResult(error, maskError, authMode);
    }
  };
  const run = (tool: ToolDefinition, rawArgs: unknown, extra: CallExtra): Promise<CallToolResult> =>
    respond(tool, extra, () => tool.handler(parseArguments(tool, rawArgs), context, extra));
  const tasks = new ToolTasks({ context, tools: byName, call: run, respond, secrets });

  server.setRequestHandler(ListToolsRequestSchema, () => {
    toolList ??= { tools: tools.map(listing) };
    return toolList;
  });
  // On Protocol's setRequestHandler rather than Server's: Server wraps a tools/call handler to parse the request
  // a second time (Protocol's registration has just parsed it) and to check the answer with zod, which copies
  // it whole, a tenth of a call's own CPU. Every answer here is built by success, errorResult or the tasks,
  // and the client checks it on arrival anyway (the SDK Client parses it with CallToolResultSchema).
  const protocolHandler: typeof server.setRequestHandler = Protocol.prototype.setRequestHandler;
  protocolHandler.call(server, CallToolRequestSchema, async (request, extra) => {
    const tool = byName.get(request.params.name);
    const task = request.params.task;
    if (task) {
      if (!tool) throw new McpError(ErrorCode.MethodNotFound, `Unknown tool ${request.params.name}`);
      return tasks.create(tool, request.params.arguments, extra, task);
    }
    if (tool) return run(tool, request.params.arguments, extra);
    // An isError answer like every other failure (as the SDK's McpServer does), so a model can correct itself.
    const offered = [...byName.keys()];
    const suggestions = suggestNames(request.params.name, offered, 3);
    return errorResult(
      new ToolError(
        'unknown_tool',
        `Unknown tool ${request.params.name}.${suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : ''} This server offers ${offered.join(', ')}.`,
        { suggestions },
      ),
      maskError,
    );
  });

  if (offersApp) {
    server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [vmViewResource] }));
    server.setRequestHandler(ReadResourceRequestSchema, (request) => {
      if (request.params.uri === VM_VIEW_URI) return readVmView();
      // -32002: the spec's "Resource not found".
      throw new McpError(-32002, `Unknown resource ${request.params.uri}`, {
        uri: request.params.uri,
      });
    });
  }
  registerPrompts(server, selectPrompts(new Set(byName.keys()), context), context, secrets);

  if (offersTasks) {
    server.setRequestHandler(GetTaskRequestSchema, (request, extra) =>
      tasks.get(request.params.taskId, extra),
    );
    server.setRequestHandler(GetTaskPayloadRequestSchema, (request, extra) =>
      tasks.result(request.params.taskId, extra),
    );
  }

  return {
    server,
    tools,
    close: () => server.close(),
  };
}
