// Shared pieces of the reliability suite: the embedded simulator in this process, the built CLI's
// `serve` spawned over stdio or HTTP (the real entry point), an in-process server for speed, and tool
// calls that always end (a timeout here means the server hung, which is a failure).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { deployParams } from '../../bench/lib/deploy-params.js';
import { freePort, stopChild } from '../../bench/lib/proc.js';
import { createClient } from '../../src/cloudstack/client.js';
import type { CloudStackCaller } from '../../src/cloudstack/types.js';
import { startSimulator } from '../../src/simulator/index.js';
import type { Transcript } from './transcript.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'src', 'cli', 'index.js');

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;
export type SimulatorOptions = NonNullable<Parameters<typeof startSimulator>[0]>;

export async function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, seed: 7, ...options });
}

/**
 * The credentials a server is given, by name, for the secrets checks. The seeded admin's password is
 * the word "password" (as in CloudStack's simulator image), which cannot be told apart from the word in
 * any text; servers that log in are given a user with a distinctive password instead (createLoginUser).
 */
export function secretsOf(simulator: Simulator, login?: LoginUser): Record<string, string> {
  return {
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
    ...(login ? { loginPassword: login.password } : {}),
  };
}

export interface LoginUser {
  username: string;
  password: string;
  domain: string;
}

/** A root-admin user (in the admin account) with a password that is findable by grep. */
export async function createLoginUser(simulator: Simulator): Promise<LoginUser> {
  const admin = createClient({
    apiUrl: simulator.url,
    apiKey: simulator.admin.apiKey,
    secretKey: simulator.admin.secretKey,
  });
  const suffix = Math.random().toString(36).slice(2, 10);
  const user = { username: `rel-${suffix}`, password: `Rel-pw-${suffix}-7Qx!`, domain: '/' };
  try {
    await admin.request('createUser', {
      account: 'admin',
      domainid: simulator.seeded.rootDomainId,
      username: user.username,
      password: user.password,
      email: `${user.username}@example.com`,
      firstname: 'Reliability',
      lastname: 'Test',
    });
  } finally {
    await admin.close();
  }
  return user;
}

/** Records every message the client receives (the server's stdout in stdio mode) into the transcript. */
function tap(transport: Transport, transcript: Transcript | undefined, source: string): void {
  if (!transcript) return;
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    transcript.record(source, JSON.stringify(message));
    deliver?.(message, extra);
  };
}

export interface SpawnedStdio {
  client: Client;
  pid: number;
  /** True while the server process runs. */
  alive(): boolean;
  stderr(): string;
  close(): Promise<void>;
}

export function apiKeyEnv(simulator: Simulator): Record<string, string> {
  return {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.admin.secretKey,
  };
}

export function passwordEnv(simulator: Simulator, user: LoginUser): Record<string, string> {
  return {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_USERNAME: user.username,
    CLOUDSTACK_PASSWORD: user.password,
    CLOUDSTACK_DOMAIN: user.domain,
  };
}

function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MCP_LOG_LEVEL: 'debug' };
}

/** `node dist/src/cli/index.js serve [args]` over stdio with the SDK's Client. */
export async function spawnStdio(
  env: Record<string, string>,
  options: { args?: string[]; transcript?: Transcript; name?: string } = {},
): Promise<SpawnedStdio> {
  const source = options.name ?? 'stdio server';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'serve', ...(options.args ?? [])],
    env: { ...baseEnv(), ...env },
    cwd: repoRoot,
    stderr: 'pipe',
    maxBufferSize: 64 * 2 ** 20,
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr += text;
    options.transcript?.record(`${source} stderr`, text);
  });
  const client = new Client({ name: 'reliability', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`serve did not start: ${(error as Error).message}\n${stderr}`);
  }
  tap(transport, options.transcript, `${source} stdout`);
  const pid = transport.pid as number;
  let exited = false;
  // The transport owns the child; its close tells us the process ended.
  const onclose = transport.onclose;
  transport.onclose = () => {
    exited = true;
    onclose?.();
  };
  return {
    client,
    pid,
    alive: () => {
      if (exited) return false;
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    },
    stderr: () => stderr,
    close: () => client.close(),
  };
}

export interface SpawnedHttp {
  url: string;
  child: ChildProcess;
  alive(): boolean;
  output(): string;
  close(): Promise<void>;
}

/** `serve --transport http` on a free port; resolves once it listens. */
export async function spawnHttp(
  env: Record<string, string>,
  options: { args?: string[]; transcript?: Transcript; name?: string } = {},
): Promise<SpawnedHttp> {
  const source = options.name ?? 'http server';
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--transport', 'http', '--addr', `127.0.0.1:${port}`, ...(options.args ?? [])],
    { env: { ...baseEnv(), ...env }, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      options.transcript?.record(`${source} ${name}`, text);
    });
  }
  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve --transport http exited: ${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`serve --transport http did not listen: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    close: () => stopChild(child),
  };
}

export interface HttpSession {
  client: Client;
  transport: StreamableHTTPClientTransport;
  sessionId: string | undefined;
  /** Ends the session with DELETE, then closes the client. */
  close(): Promise<void>;
}

export async function connectHttp(
  url: string,
  transcript?: Transcript,
  headers: Record<string, string> = {},
): Promise<HttpSession> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'reliability', version: '1.0.0' });
  await client.connect(transport);
  tap(transport, transcript, 'http responses');
  return {
    client,
    transport,
    sessionId: transport.sessionId,
    close: async () => {
      await transport.terminateSession();
      await client.close();
    },
  };
}

export type Outcome =
  | { kind: 'ok'; result: CallToolResult; text: string }
  | { kind: 'tool-error'; result: CallToolResult; text: string }
  | { kind: 'protocol-error'; message: string };

/**
 * Calls a tool, bounded in time: a call that does not end in `timeoutMs` throws (the server hung).
 * MCP protocol errors are returned, not thrown, so a test can say what it expects of them.
 */
export async function callBounded(
  client: Client,
  name: string,
  args: unknown,
  timeoutMs = 20_000,
): Promise<Outcome> {
  try {
    const result = (await client.callTool({ name, arguments: args as Record<string, unknown> }, undefined, {
      timeout: timeoutMs,
    })) as CallToolResult;
    const text = (result.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
    return result.isError ? { kind: 'tool-error', result, text } : { kind: 'ok', result, text };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/timed out|timeout/i.test(message) && /-32001|Request timed out/.test(message)) {
      throw new Error(`${name} did not answer within ${timeoutMs} ms: the server hung`);
    }
    return { kind: 'protocol-error', message };
  }
}

/** The `{error: {kind, message}}` object of an isError answer, or undefined when it is not one. */
export function errorReport(outcome: Outcome): { kind: string; message: string } | undefined {
  if (outcome.kind !== 'tool-error') return undefined;
  try {
    const parsed = JSON.parse(outcome.text) as { error?: { kind?: unknown; message?: unknown } };
    const { kind, message } = parsed.error ?? {};
    return typeof kind === 'string' && typeof message === 'string' ? { kind, message } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why an outcome is not "a result or a clear error", or undefined when it is one. A clear error is our JSON
 * report naming its kind and saying something: the server checks arguments itself (invalid_params), so the
 * SDK's bare "Input validation error" text is no longer clear enough; an `internal` kind (an exception nobody
 * expected) and an output that breaks the tool's own schema are not clear either.
 */
export function unclear(outcome: Outcome): string | undefined {
  if (outcome.kind === 'ok') return undefined;
  if (outcome.kind === 'protocol-error') return `protocol error instead of a tool result: ${outcome.message}`;
  if (/^Output validation error/.test(outcome.text))
    return `the answer broke the tool's output schema: ${outcome.text}`;
  const report = errorReport(outcome);
  if (!report) return `isError without a {error: {kind, message}} report: ${outcome.text.slice(0, 300)}`;
  if (report.kind === 'internal') return `internal error: ${report.message}`;
  if (report.message.trim() === '') return `empty error message (kind ${report.kind})`;
  return undefined;
}

/** deployVM's arguments for a deploy the simulator accepts: the bench's deployParams (a Basic zone if any). */
export async function deployTarget(
  caller: CloudStackCaller,
): Promise<{ zone: string; template: string; serviceOffering: string; networks?: string[] }> {
  const params = await deployParams(caller);
  return {
    zone: params.zoneid,
    template: params.templateid,
    serviceOffering: params.serviceofferingid,
    ...(params.networkids ? { networks: [params.networkids] } : {}),
  };
}
