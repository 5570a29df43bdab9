// The MCP server factory: one McpServer with the tools this policy allows. Transports only connect it
// (stdio, or one server per HTTP session). Nothing a later call relies on is kept here: confirmation tokens
// and cursors are signed and self-contained, job state is always asked of CloudStack.
import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApiCatalog } from '../catalog/catalog.js';
import { classifyApi } from '../catalog/classify.js';
import { redactSecrets, redactText } from '../cloudstack/redact.js';
import type { CloudStackCaller } from '../cloudstack/types.js';
import { describeError, errorResult } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import { Policy } from './policy.js';
import { TokenSigner } from './signed-token.js';
import { allTools } from './tools/index.js';
import type { ToolContext, ToolDefinition } from './tools/types.js';

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
  /** Total wait for an async job in ms (default: the client's). */
  jobTimeoutMs?: number;
  logger?: Logger;
  /** Values never to show (API key, secret key, password, bearer token), masked in errors and output. */
  secrets?: readonly (string | undefined)[];
  name?: string;
  version?: string;
}

export interface CreatedServer {
  server: McpServer;
  /** The tools offered (after read-only and allow/deny filtering). */
  tools: ToolDefinition[];
  close(): Promise<void>;
}

const INSTRUCTIONS = [
  'Operates an Apache CloudStack cloud.',
  'Everyday work: listZones, listTemplates, listServiceOfferings, listNetworks, listVirtualMachines, getVMStatus, deployVM, startVM, stopVM, rebootVM, destroyVM (names or ids accepted).',
  'Anything else: searchApis to find an API, describeApi for its parameters, callApi to run it.',
  'Lists are cut at limit: count is the total; pass nextCursor as cursor for more. Use fields to keep answers small.',
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
      if (parsed.name === 'cloudstack-mcp' && parsed.version) {
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
  return tool.commands.every(
    (command) =>
      catalog.get(command) !== undefined && policy.check(command, classifyApi(command).apiClass).allowed,
  );
}

export function selectTools(policy: Policy, catalog: ApiCatalog): ToolDefinition[] {
  return allTools(policy).filter((tool) => offered(tool, policy, catalog));
}

export function createServer(options: CreateServerOptions): CreatedServer {
  const logger = options.logger ?? silentLogger;
  const secrets = options.secrets ?? [];
  const policy = new Policy({
    readOnly: options.readOnly === true,
    allow: options.allow ?? [],
    deny: options.deny ?? [],
  });
  const server = new McpServer(
    { name: options.name ?? 'cloudstack-mcp', version: options.version ?? readPackageVersion() },
    { capabilities: { tools: {}, logging: {} }, instructions: INSTRUCTIONS },
  );
  const context: ToolContext = {
    caller: options.caller,
    catalog: options.catalog,
    policy,
    signer: options.signer ?? new TokenSigner(options.secret),
    limits: { defaultLimit: options.defaultLimit ?? 50, maxLimit: options.maxLimit ?? 1000 },
    confirmTtlSeconds: options.confirmTtlSeconds ?? 300,
    jobTimeoutMs: options.jobTimeoutMs,
    logger,
    mcp: server,
  };
  const mask = (text: string) => redactText(text, secrets);

  const success = (output: unknown): CallToolResult => {
    let structured = redactSecrets(output) as Record<string, unknown>;
    let text = JSON.stringify(structured);
    const masked = mask(text);
    if (masked !== text) {
      text = masked;
      structured = JSON.parse(masked) as Record<string, unknown>;
    }
    return { content: [{ type: 'text', text }], structuredContent: structured };
  };

  const tools = selectTools(policy, options.catalog);
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: tool.annotations,
      },
      async (args: Record<string, unknown>, extra) => {
        const started = Date.now();
        try {
          const output = await tool.handler(args, context, extra);
          logger.debug(`${tool.name} ok`, { ms: Date.now() - started });
          return success(output);
        } catch (error) {
          const report = describeError(error);
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
          return errorResult(error, mask);
        }
      },
    );
  }
  return {
    server,
    tools,
    close: () => server.close(),
  };
}
