// The built `serve` as a process: piped stdin answered to the end, a failed start that closes what it
// opened and exits, and the one line a person running it in a terminal sees.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { serveCommand } from '../../src/cli/serve.js';
import type { SimulatorFront } from '../../src/simulator/http/front.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { CLI, requireBuild } from './cli.js';

// Records the simulator sockets `serve` opens in process, to see whether it closed them, and the engines it
// starts on them (after `initialize`, or once serving HTTP).
const recorded = vi.hoisted(() => ({
  fronts: [] as SimulatorFront[],
  simulators: [] as RunningSimulator[],
  /** `open`, keeping what each call resolves to in `into`. */
  keeping<A extends unknown[], R>(open: (...args: A) => Promise<R>, into: R[]) {
    return async (...args: A) => {
      const opened = await open(...args);
      into.push(opened);
      return opened;
    };
  },
}));
const { fronts, simulators } = recorded;
vi.mock('../../src/simulator/http/front.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/simulator/http/front.js')>();
  return { ...real, openFront: recorded.keeping(real.openFront, recorded.fronts) };
});
vi.mock('../../src/simulator/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/simulator/index.js')>();
  return { ...real, startSimulator: recorded.keeping(real.startSimulator, recorded.simulators) };
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `input` on stdin; kills it (and says so) if it has not exited within `limitMs`. */
function runCli(args: string[], input: string | undefined, limitMs = 20_000): Promise<Finished> {
  requireBuild();
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, MCP_LOG_LEVEL: 'info' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (input !== undefined) child.stdin.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after ${limitMs} ms:\n${stderr}`));
    }, limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      // The pipes may still hold the last bytes after exit.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

const line = (message: unknown) => `${JSON.stringify(message)}\n`;
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'printf', version: '1' } },
};

describe('serve as a process', () => {
  it('answers every request piped in before stdin ended, including ones waiting on CloudStack, and exits 0', async () => {
    const input =
      line(initialize) +
      line({ jsonrpc: '2.0', method: 'notifications/initialized' }) +
      line({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'listZones', arguments: {} } }) +
      'this is not JSON\n';
    const result = await runCli(['serve', '--simulator'], input);
    expect(result.code, result.stderr).toBe(0);
    const messages = result.stdout
      .split('\n')
      .filter((text) => text !== '')
      .map((text) => JSON.parse(text) as { id: unknown; result?: unknown; error?: { code: number } });
    expect(messages.find((m) => m.id === 1)?.result).toBeDefined();
    const zones = messages.find((m) => m.id === 2)?.result as { structuredContent: { count: number } };
    expect(zones.structuredContent.count).toBeGreaterThan(0);
    expect(messages.find((m) => m.id === null)?.error?.code).toBe(-32700);
    expect(result.stderr).toMatch(/warn stdin: Parse error/);
  });

  it('closes the simulator and exits when the HTTP port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runCli(
        ['serve', '--simulator', '--transport', 'http', '--addr', `127.0.0.1:${port}`],
        undefined,
        15_000,
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('closes the simulator socket it opened, engine never loaded, when serving fails (in process, where nothing exits for it)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await serveCommand.handler({
        _: ['serve'],
        $0: 'cloudstack-mcp',
        transport: 'http',
        addr: `127.0.0.1:${port}`,
        simulator: true,
        'live-apis': false,
        'log-level': 'silent',
      } as unknown as Parameters<NonNullable<typeof serveCommand.handler>>[0]);
      expect(process.exitCode).not.toBe(0);
      expect(String(stderr.mock.calls.at(-2)?.[0])).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(fronts).toHaveLength(1);
      // Serving never started, so neither did the simulator's engine; its socket is closed.
      expect(simulators).toHaveLength(0);
      const refused = await fetch(fronts[0]?.url ?? '').then(
        () => 'answered',
        (error: Error) => String((error.cause as { code?: string } | undefined)?.code),
      );
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      stderr.mockRestore();
      process.exitCode = 0;
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('says on stderr that it waits for a client when stdin is a terminal', () => {
    requireBuild();
    const hasScript = spawnSync('script', ['--version']).status === 0;
    if (!hasScript) return; // util-linux `script` gives the child a terminal; without it there is none
    const result = spawnSync(
      'script',
      ['-qfec', `"${process.execPath}" "${CLI}" serve --simulator --log-level info`, '/dev/null'],
      { input: '', timeout: 15_000, encoding: 'utf8' },
    );
    expect(result.stdout).toMatch(/waiting for an MCP client on stdin .*To try it: npx/);
  });
});
