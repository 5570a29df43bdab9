// Spawning the built CLI (`npm test` builds first) and talking to it with the SDK's real Client.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/index.js', import.meta.url));

export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before the e2e tests`);
}

export interface Answer {
  isError: boolean;
  structured: Record<string, unknown>;
  /** The parsed text content (every answer is one JSON object). */
  json: Record<string, unknown>;
  text: string;
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Answer> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as { text?: string }[])[0]?.text ?? '';
  return {
    isError: result.isError === true,
    structured: (result.structuredContent ?? {}) as Record<string, unknown>,
    json: JSON.parse(text) as Record<string, unknown>,
    text,
  };
}

export function errorOf(answer: Answer): Record<string, unknown> {
  return (answer.json.error ?? {}) as Record<string, unknown>;
}

export interface SpawnedServer {
  url: string;
  process: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Starts `serve --transport http` on a free port (of `addr`) and waits for the line that names its URL. */
export async function spawnHttpServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  addr = '127.0.0.1:0',
): Promise<SpawnedServer> {
  requireBuild();
  const child = spawn(process.execPath, [CLI, 'serve', '--transport', 'http', '--addr', addr, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving MCP at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    process: child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (stdout !== '') throw new Error(`the HTTP server wrote to stdout: ${stdout}`);
    },
  };
}
