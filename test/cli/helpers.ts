// Helpers for the CLI tests: run the built CLI as a child process (asynchronously, so a simulator or MCP
// server in this process keeps answering), and a minimal conforming MCP server over Streamable HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import yargs, { type CommandModule } from 'yargs';
import { type ProcessResult, runProcess } from './process.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'src', 'cli', 'index.js');

export type CliResult = ProcessResult;
/** A port nothing listens on (bound, read, released). */
export { freePort } from '../../bench/lib/proc.js';

/** Environment without any CLOUDSTACK_* or MCP_* variable of the person running the tests. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('CLOUDSTACK_') && !key.startsWith('MCP_')) env[key] = value;
  }
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = cleanEnv(),
  cwd = repoRoot,
): Promise<CliResult> {
  return runProcess(process.execPath, [cliPath, ...args], { env, cwd });
}

/** A small MCP server (the SDK's own) over stateless Streamable HTTP at /mcp, with one tool. */
export async function startReferenceMcpServer(
  options: { token?: string } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const http: Server = createServer(async (req, res) => {
    if (!req.url?.startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const server = new McpServer({ name: 'reference-server', version: '9.9.9' });
    server.registerTool('ping', { description: 'answers pong' }, async () => ({
      content: [{ type: 'text', text: 'pong' }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    let body = '';
    for await (const chunk of req) body += chunk;
    await transport.handleRequest(req, res, body ? JSON.parse(body) : undefined);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/**
 * Runs one command module in this process through yargs, as src/cli/index.ts wires it, capturing what it
 * writes. Quicker than a child process (no second Node start-up); the tests that must go through the real
 * entry point use runCli.
 */
export async function runInProcess<A>(
  command: CommandModule<object, A>,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const saved = { env: process.env, stdout: process.stdout.write, stderr: process.stderr.write };
  process.env = env;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await yargs(args)
      .scriptName('cloudstack-mcp')
      .command(command as unknown as CommandModule)
      .strict()
      .fail((message) => {
        throw new Error(`yargs: ${message}`);
      })
      .parseAsync();
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0, stdout, stderr };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.env = saved.env;
    process.exitCode = undefined;
  }
}
