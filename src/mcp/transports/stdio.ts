// stdio: the protocol owns stdout; logs go to stderr. One JSON-RPC message per line.
// Our own transport rather than the SDK's StdioServerTransport, for two things it does not do:
// - end of input: requests already read are answered (bounded by drainTimeoutMs) and stdout is flushed
//   before the server closes, so `printf '...' | serve` gets every answer;
// - bad input gets an answer: -32700 Parse error (id null) for a line that is not JSON, -32600 Invalid
//   Request for a batch (MCP 2025-06-18 has no JSON-RPC batching; the SDK's stdio never took one) or an
//   object that is not a JSON-RPC message (with its id when it has one), and a warning on stderr.
import type { Readable, Writable } from 'node:stream';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { type Logger, silentLogger } from '../logger.js';
import type { CreatedServer } from '../server.js';

/** How long requests still running at end of input may take to answer (the server then closes anyway). */
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
// Like the SDK's stdio transport: a line longer than this is refused and the stream closed.
const MAX_LINE_BYTES = 10 * 1024 * 1024;

type Id = string | number;

function isId(value: unknown): value is Id {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** A message in or out that expects an answer: it has a method and an id. */
function requestId(message: unknown): Id | undefined {
  const m = message as { method?: unknown; id?: unknown };
  return typeof m?.method === 'string' && isId(m.id) ? m.id : undefined;
}

/** A response or error answer: an id and no method. */
function responseId(message: unknown): Id | undefined {
  const m = message as { method?: unknown; id?: unknown };
  return m?.method === undefined && isId(m?.id) ? m.id : undefined;
}

export interface LineTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
  logger?: Logger;
  drainTimeoutMs?: number;
}

class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly logger: Logger;
  private readonly drainTimeoutMs: number;
  private buffer: Buffer | undefined;
  /** Ids of client requests read and not answered yet. */
  private readonly pending = new Set<Id>();
  private onSettled: (() => void) | undefined;
  private inputEnded = false;
  private closed = false;
  /** Resolves once input has ended, every request read was answered (or the wait timed out) and the transport closed. */
  readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(options: LineTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.logger = options.logger ?? silentLogger;
    this.drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    this.finished = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('error', this.onStreamError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('stdio transport is closed');
    // After end of input the client can no longer answer a request of ours (elicitation): say so now
    // rather than let the caller wait for an answer that cannot come.
    if (this.inputEnded && requestId(message) !== undefined) {
      throw new Error('the client closed stdin: it cannot answer requests any more');
    }
    await this.write(serializeMessage(message));
    const id = responseId(message);
    if (id !== undefined && this.pending.delete(id) && this.pending.size === 0) this.onSettled?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.buffer = undefined;
    this.onSettled?.();
    this.onclose?.();
    this.finish();
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stdout.write(text, (error) => (error ? reject(error) : resolve()));
    });
  }

  private readonly onData = (chunk: Buffer) => {
    const size = (this.buffer?.length ?? 0) + chunk.length;
    if (size > MAX_LINE_BYTES) {
      this.buffer = undefined;
      this.logger.error(`stdin: a message over ${MAX_LINE_BYTES} bytes without a newline; closing`);
      this.onerror?.(new Error(`stdio message over ${MAX_LINE_BYTES} bytes`));
      void this.close();
      return;
    }
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const index: number = this.buffer?.indexOf(0x0a) ?? -1;
      if (!this.buffer || index === -1) break;
      const line = this.buffer.toString('utf8', 0, index).replace(/\r$/, '');
      this.buffer = this.buffer.subarray(index + 1);
      this.handleLine(line);
    }
  };

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.refuse(-32700, 'Parse error: not valid JSON', null);
      return;
    }
    if (Array.isArray(value)) {
      this.refuse(
        -32600,
        'Invalid Request: JSON-RPC batches are not supported; send one message per line',
        null,
      );
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = (value as { id?: unknown } | null)?.id;
      this.refuse(
        -32600,
        'Invalid Request: not a JSON-RPC 2.0 request, notification or response',
        isId(id) ? id : null,
      );
      return;
    }
    const id = requestId(parsed.data);
    if (id !== undefined) this.pending.add(id);
    else this.forgetCancelled(parsed.data);
    this.onmessage?.(parsed.data);
  }

  /** A cancelled request gets no answer (the SDK drops it): stop waiting for one. */
  private forgetCancelled(message: JSONRPCMessage): void {
    if (!('method' in message) || message.method !== 'notifications/cancelled') return;
    const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
    if (isId(id) && this.pending.delete(id) && this.pending.size === 0) this.onSettled?.();
  }

  /** Answers bad input with a JSON-RPC error and says so on stderr (never echoing the input: it may hold secrets). */
  private refuse(code: number, message: string, id: Id | null): void {
    this.logger.warn(`stdin: ${message}`, { code, id });
    if (this.closed) return;
    void this.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } })}\n`).catch(
      (error: unknown) => this.onerror?.(error as Error),
    );
  }

  private readonly onEnd = () => {
    this.inputEnded = true;
    if (this.buffer && this.buffer.length > 0) {
      // A last message without its newline: take it.
      const rest = this.buffer.toString('utf8');
      this.buffer = undefined;
      this.handleLine(rest);
    }
    void this.drain();
  };

  private async drain(): Promise<void> {
    if (this.pending.size > 0 && !this.closed) {
      let timer: NodeJS.Timeout | undefined;
      const settled = new Promise<void>((resolve) => {
        this.onSettled = resolve;
        timer = setTimeout(resolve, this.drainTimeoutMs);
      });
      await settled;
      clearTimeout(timer);
      if (this.pending.size > 0) {
        this.logger.warn(
          `end of input: ${this.pending.size} request(s) still unanswered after ${this.drainTimeoutMs} ms; closing`,
          { ids: [...this.pending] },
        );
      }
    }
    // Everything written so far has reached the stream once this callback runs.
    await this.write('').catch(() => {});
    await this.close();
  }

  private readonly onStreamError = (error: Error) => {
    this.onerror?.(error);
  };
}

/** Serves until the client closes stdin (after answering what it had sent) or the server closes. */
export async function runStdioTransport(
  created: CreatedServer,
  options: LineTransportOptions = {},
): Promise<void> {
  const transport = new StdioLineTransport(options);
  await created.server.connect(transport);
  await transport.finished;
  await created.close().catch(() => {});
}
