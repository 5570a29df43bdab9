// The stdio transport in process, over streams: answers to bad input, every request read before the
// end of input answered before it closes, and backpressure (requests in flight bounded, stdin paused while
// full, stdout's 'drain' awaited).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ApiParams, CallOptions } from '../../src/cloudstack/types.js';
import { createLogger } from '../../src/mcp/logger.js';
import { createServer } from '../../src/mcp/server.js';
import { runStdioTransport } from '../../src/mcp/transports/stdio.js';
import { FakeCloudStack } from './fake-cloudstack.js';
import { dumpCatalog } from './harness.js';

/** Every call takes `delayMs`, like a real CloudStack. */
class SlowCloudStack extends FakeCloudStack {
  constructor(private readonly delayMs: number) {
    super();
  }
  override async request<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options?: CallOptions,
  ): Promise<T> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return super.request<T>(command, params, options);
  }
}

/** Counts the CloudStack calls in progress at once, and how much of stdin was left unread meanwhile. */
class CountingCloudStack extends SlowCloudStack {
  inFlight = 0;
  maxInFlight = 0;
  maxUnread = 0;
  constructor(private readonly stdin: PassThrough) {
    super(2);
  }
  override async request<T = Record<string, unknown>>(
    command: string,
    params?: ApiParams,
    options?: CallOptions,
  ): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.maxUnread = Math.max(this.maxUnread, this.stdin.readableLength + this.stdin.writableLength);
    try {
      return await super.request<T>(command, params, options);
    } finally {
      this.inFlight--;
    }
  }
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } },
};
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
const listZones = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'listZones', arguments: {} },
});

/** Feeds `lines` then ends stdin; resolves with the messages written to stdout and the log lines. */
async function pipe(
  lines: string[],
  options: { delayMs?: number; drainTimeoutMs?: number; onFirstAnswer?: (stdoutSoFar: string) => void } = {},
) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', write: (line) => logs.push(line) });
  const created = createServer({ caller: new SlowCloudStack(options.delayMs ?? 50), catalog: dumpCatalog() });
  const done = runStdioTransport(created, {
    stdin,
    stdout,
    logger,
    ...(options.drainTimeoutMs !== undefined ? { drainTimeoutMs: options.drainTimeoutMs } : {}),
    ...(options.onFirstAnswer ? { onFirstAnswer: () => options.onFirstAnswer?.(out) } : {}),
  });
  stdin.end(lines.map((line) => `${line}\n`).join(''));
  await done;
  const messages = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { id?: unknown; result?: unknown; error?: { code: number } });
  return { messages, logs };
}

describe('stdio transport', () => {
  it('answers requests still waiting on CloudStack when stdin ends, then closes', async () => {
    const { messages } = await pipe([
      JSON.stringify(initialize),
      JSON.stringify(initialized),
      JSON.stringify(listZones(2)),
      JSON.stringify(listZones(3)),
    ]);
    expect(messages.map((m) => m.id).sort()).toEqual([1, 2, 3]);
    const zones = messages.find((m) => m.id === 2)?.result as { structuredContent?: { count?: number } };
    expect(zones.structuredContent?.count).toBe(2);
  });

  it('calls onFirstAnswer once, after the first answer is on stdout (serve starts deferred work then)', async () => {
    const seen: string[] = [];
    await pipe(
      [initialize, initialized, listZones(2), listZones(3)].map((message) => JSON.stringify(message)),
      { delayMs: 1, onFirstAnswer: (stdoutSoFar) => seen.push(stdoutSoFar) },
    );
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0] ?? '')).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'cloudstack-mcp' } },
    });
  });

  it('stops waiting after the drain timeout and says what was left unanswered', async () => {
    const { messages, logs } = await pipe(
      [JSON.stringify(initialize), JSON.stringify(initialized), JSON.stringify(listZones(2))],
      { delayMs: 2_000, drainTimeoutMs: 100 },
    );
    expect(messages.map((m) => m.id)).toEqual([1]);
    expect(logs.join('')).toMatch(/1 request\(s\) still unanswered after 100 ms/);
  });

  it('answers bad input with JSON-RPC errors and logs each on stderr', async () => {
    const { messages, logs } = await pipe([
      'not json at all',
      JSON.stringify([initialize]),
      JSON.stringify({ id: 9, hello: 'world' }),
      JSON.stringify({ jsonrpc: '2.0', hello: 'world' }),
      JSON.stringify(initialize),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    ]);
    const errors = messages.filter((m) => m.error).map((m) => [m.id, m.error?.code]);
    expect(errors).toEqual([
      [null, -32700],
      [null, -32600],
      [9, -32600],
      [null, -32600],
    ]);
    // The server lives on: initialize and ping after the bad lines are answered.
    expect(messages.filter((m) => m.result).map((m) => m.id)).toEqual([1, 2]);
    expect(logs.filter((line) => / warn stdin: /.test(line))).toHaveLength(4);
    expect(logs.join('')).toContain('batches are not supported');
    expect(logs.join('')).not.toContain('not json at all');
  });

  it('answers a flood of pipelined requests with at most maxInFlight at once, leaving the rest unread', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const cloud = new CountingCloudStack(stdin);
    const created = createServer({ caller: cloud, catalog: dumpCatalog() });
    const done = runStdioTransport(created, { stdin, stdout, maxInFlight: 8 });
    const calls = Array.from({ length: 300 }, (_, i) => JSON.stringify(listZones(i + 2)));
    // One write per line, as a client writes them: what the server does not take stays in the stream.
    for (const line of [JSON.stringify(initialize), JSON.stringify(initialized), ...calls])
      stdin.write(`${line}\n`);
    stdin.end();
    await done;
    const ids = out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { id: number }).id);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
    expect(cloud.maxInFlight).toBeGreaterThan(1);
    expect(cloud.maxInFlight).toBeLessThanOrEqual(8);
    // Reading stopped while full: input waited in the stream, not in the server.
    expect(cloud.maxUnread).toBeGreaterThan(0);
  });

  it("stops taking input while stdout is full, and goes on after its 'drain'", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough({ highWaterMark: 1024 });
    const created = createServer({ caller: new FakeCloudStack(), catalog: dumpCatalog() });
    const done = runStdioTransport(created, { stdin, stdout });
    const pings = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ jsonrpc: '2.0', id: i + 2, method: 'ping' }),
    );
    stdin.end(
      [JSON.stringify(initialize), JSON.stringify(initialized), ...pings].map((l) => `${l}\n`).join(''),
    );
    // Nobody reads stdout yet: let the server go as far as it will.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    const buffered = stdout.readableLength + stdout.writableLength;
    // 2,000 answers are ~70 KB; held back, what sits in stdout is about its buffer plus what was in flight.
    expect(buffered).toBeLessThan(8 * 1024);
    let out = '';
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await done;
    expect(out.split('\n').filter((line) => line !== '')).toHaveLength(2001);
  });
});
