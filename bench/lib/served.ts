// The built server as the flood sections run it: `serve` forked with the heap probe (lib/heap-probe.ts)
// and extra Node flags, over HTTP or stdio. BENCH_SERVE_CLI measures another build of the CLI instead
// (how the before-the-fix figures in sections/sessions.ts and sections/stdio-flood.ts were taken).
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDist, cliPath } from './paths.js';
import { freePort, stopChild, waitForPort } from './proc.js';

export const servedCli = process.env.BENCH_SERVE_CLI || cliPath;

export interface Served {
  child: ChildProcess;
  pid: number;
  /** heapUsed after full collections and RSS, in MB, as the server sees them. */
  memory(): Promise<{ heapMb: number; rssMb: number }>;
  /** True until the process exits; `exit` says how (e.g. out of memory). */
  alive(): boolean;
  exit(): string | undefined;
  stop(): Promise<void>;
}

export async function forkServe(
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<Served> {
  const probe = pathToFileURL(path.join(benchDist, 'lib', 'heap-probe.js')).href;
  const child = fork(servedCli, ['serve', ...args], {
    env,
    execArgv: ['--expose-gc', '--import', probe, ...nodeFlags],
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  let exit: string | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    const oom = /heap out of memory|Allocation failed/i.test(stderr);
    exit = `exited with ${signal ?? code}${oom ? ' (JavaScript heap out of memory)' : ''}`;
  });
  return {
    child,
    pid: child.pid as number,
    memory: () =>
      new Promise((resolve, reject) => {
        const onMessage = (message: { type?: string; heapMb: number; rssMb: number }) => {
          if (message.type !== 'memory') return;
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        child.send({ type: 'memory' }, (error) => error && reject(error));
      }),
    alive: () => exit === undefined,
    exit: () => exit,
    stop: () => stopChild(child),
  };
}

/** `serve --transport http` forked on a free port; resolves once it listens. */
export async function forkHttpServe(
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<Served & { url: string }> {
  const port = await freePort();
  const served = await forkServe(
    ['--transport', 'http', '--addr', `127.0.0.1:${port}`, ...args],
    env,
    nodeFlags,
  );
  await waitForPort(port);
  return { ...served, url: `http://127.0.0.1:${port}/mcp` };
}
