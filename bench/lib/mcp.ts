// MCP clients for benchmarks: the SDK's real Client over stdio (spawning a server) and Streamable HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { cliPath, repoRoot } from './paths.js';
import { freePort, stopChild, waitForPort } from './proc.js';
import type { SimulatorProcess } from './simulator.js';

export interface Connected {
  client: Client;
  /** The server's process id (stdio only). */
  pid: number | undefined;
  close(): Promise<void>;
}

/** Environment that points `cloudstack-mcp serve` at a simulator started by the benchmark. */
export function serverEnv(
  simulator: SimulatorProcess,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.admin.secretKey,
    ...extra,
  };
}

function newClient(): Client {
  return new Client({ name: 'cloudstack-mcp-bench', version: '1.0.0' });
}

/**
 * Spawns `node <script> ...args` and connects over stdio; resolves once `initialize` is answered. The
 * server's stderr is kept (the last few KB) to explain a failed start.
 */
export async function connectStdio(options: {
  script: string;
  args?: string[];
  env?: Record<string, string>;
  maxBufferSize?: number;
}): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [options.script, ...(options.args ?? [])],
    env: options.env ?? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    cwd: repoRoot,
    stderr: 'pipe',
    ...(options.maxBufferSize ? { maxBufferSize: options.maxBufferSize } : {}),
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const client = newClient();
  try {
    await client.connect(transport);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${path.basename(options.script)} ${options.args?.join(' ') ?? ''}: ${message}; stderr: ${stderr.trim() || '(empty)'}`,
    );
  }
  return { client, pid: transport.pid ?? undefined, close: () => client.close() };
}

export function connectServeStdio(env: Record<string, string>, args: string[] = []): Promise<Connected> {
  return connectStdio({ script: cliPath, args: ['serve', ...args], env, maxBufferSize: 512 * 2 ** 20 });
}

export async function connectHttp(url: string): Promise<Connected> {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = newClient();
  await client.connect(transport);
  return {
    client,
    pid: undefined,
    close: async () => {
      // Ends the session on the server (DELETE), as a well-behaved client does.
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

export interface HttpServer {
  url: string;
  pid: number;
  child: ChildProcess;
  close(): Promise<void>;
}

/**
 * Spawns `cloudstack-mcp serve --transport http` on a free port, or with `script`, `node <script> --port N`
 * (another server that serves /mcp on that port).
 */
export async function startHttpServer(
  env: Record<string, string>,
  args: string[] = [],
  script?: string,
): Promise<HttpServer> {
  const port = await freePort();
  const argv = script
    ? [script, '--port', String(port), ...args]
    : [cliPath, 'serve', '--transport', 'http', '--addr', `127.0.0.1:${port}`, ...args];
  const child = spawn(process.execPath, argv, { env, cwd: repoRoot, stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = exited.then(() => {
    throw new Error(`serve --transport http exited with code ${child.exitCode}`);
  });
  await Promise.race([waitForPort(port), failed]);
  failed.catch(() => undefined);
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    pid: child.pid as number,
    child,
    close: () => stopChild(child),
  };
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 10 * 60_000 });
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return {
    isError: result.isError === true,
    text: content.map((part) => part.text ?? '').join(''),
    structured: result.structuredContent as Record<string, unknown> | undefined,
  };
}

/** Calls a tool and throws when it answers isError (benchmarks measure successful calls). */
export async function callToolOk(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolAnswer> {
  const answer = await callTool(client, name, args);
  if (answer.isError) throw new Error(`${name} answered isError: ${answer.text.slice(0, 300)}`);
  return answer;
}
