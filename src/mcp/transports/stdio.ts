// stdio: the protocol owns stdout; logs go to stderr. One JSON-RPC message per line.
// Our own transport rather than the SDK's StdioServerTransport, for two things it does not do:
// - end of input: requests already read are answered (bounded by drainTimeoutMs) and stdout is flushed
//   before the server closes, so `printf '...' | serve` gets every answer;
// - bad input gets an answer: -32700 Parse error (id null) for a line that is not JSON, -32600 Invalid
//   Request for a batch (MCP 2025-06-18 has no JSON-RPC batching; the SDK's stdio never took one) or an
//   object that is not a JSON-RPC message (with its id when it has one), and a warning on stderr;
// - backpressure: at most maxInFlight requests (64) are being answered at once; while that many are, or
//   while stdout's buffer is full (write() returned false, until 'drain'), no more lines are taken and
//   stdin is paused, so a client that pipes 22,000 requests waits in its own pipe instead of in our heap.
//   Lines already read stay in a buffer of at most one read's worth (stdin stops being read). While the
//   server waits on the client (an elicitation of ours is unanswered), stdin is read anyway: the answer is
//   somewhere behind the requests, and pausing would wait for ever.
import type { Readable, Writable } from 'node:stream';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { type Logger, silentLogger } from '../logger.js';
import type { CreatedServer } from '../server.js';
import { jsonRpcMessage } from './jsonrpc-message.js';

/** How long requests still running at end of input may take to answer (the server then closes anyway). */
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
// Like the SDK's stdio transport: a line longer than this is refused and the stream closed.
const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** Requests being answered at once before stdin is paused. */
export const DEFAULT_MAX_IN_FLIGHT = 64;

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
  /** Requests being answered at once before input is paused (default 64). */
  maxInFlight?: number;
  /**
   * Called once, when the first answer (normally `initialize`'s) has been handed to stdout: work that can
   * wait starts then, so the client's start-up does not wait for it.
   */
  onFirstAnswer?: () => void;
}

class StdioLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly logger: Logger;
  private readonly drainTimeoutMs: number;
  private readonly maxInFlight: number;
  private onFirstAnswer: (() => void) | undefined;
  /** Bytes read and not yet taken as lines (taking stops while the server is full). */
  private buffer: Buffer | undefined;
  /** Ids of client requests read and not answered yet, with how many (a client may reuse an id). */
  private readonly pending = new Map<Id, number>();
  private pendingCount = 0;
  /** Ids of our own requests to the client (elicitation) not answered yet. */
  private readonly asked = new Set<Id>();
  /** stdout's buffer is full: take no more input until it drains. */
  private stdoutFull = false;
  private onSettled: (() => void) | undefined;
  private inputEnded = false;
  /** After end of input: closes the transport when no request was answered for drainTimeoutMs. */
  private deadline: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;
  private draining = false;
  private closed = false;
  /** Resolves once input has ended, every request read was answered (or the wait timed out) and the transport closed. */
  readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(options: LineTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.logger = options.logger ?? silentLogger;
    this.drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.onFirstAnswer = options.onFirstAnswer;
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
    const asking = requestId(message);
    if (asking !== undefined) this.asked.add(asking);
    else this.forgetAsked(message);
    const id = responseId(message);
    // Counted as answered once handed to stdout: a full stdout stops input by itself (stdoutFull).
    if (id !== undefined) this.answered(id);
    await this.write(serializeMessage(message));
    if (id !== undefined && this.onFirstAnswer) {
      const first = this.onFirstAnswer;
      this.onFirstAnswer = undefined;
      first();
    }
  }

  /** One request with this id is answered (or cancelled): room for the next line. */
  private answered(id: Id): void {
    const count = this.pending.get(id);
    if (count === undefined) return;
    if (count > 1) this.pending.set(id, count - 1);
    else this.pending.delete(id);
    this.pendingCount--;
    if (this.inputEnded) this.armDeadline();
    if (this.pendingCount === 0) this.onSettled?.();
    this.pump();
  }

  /** We gave up on a request of ours (the SDK cancels one that timed out): the client owes us nothing. */
  private forgetAsked(message: JSONRPCMessage): void {
    if (!('method' in message) || message.method !== 'notifications/cancelled') return;
    const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
    if (isId(id)) this.asked.delete(id);
  }

  /** Taking more input now would exceed a bound (while we wait on the client, it never does). */
  private full(): boolean {
    if (this.asked.size > 0) return false;
    return this.pendingCount >= this.maxInFlight || this.stdoutFull;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.deadline);
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
      const ok = this.stdout.write(text, (error) => (error ? reject(error) : resolve()));
      if (!ok && !this.stdoutFull) {
        this.stdoutFull = true;
        this.stdout.once('drain', () => {
          this.stdoutFull = false;
          this.pump();
        });
      }
    });
  }

  private readonly onData = (chunk: Buffer) => {
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    // Only the last, unfinished line counts against the limit: whole lines waiting for room are bounded
    // by the read that brought them (stdin is paused while full).
    if (this.buffer.length - (this.buffer.lastIndexOf(0x0a) + 1) > MAX_LINE_BYTES) {
      this.buffer = undefined;
      this.logger.error(`stdin: a message over ${MAX_LINE_BYTES} bytes without a newline; closing`);
      this.onerror?.(new Error(`stdio message over ${MAX_LINE_BYTES} bytes`));
      void this.close();
      return;
    }
    this.pump();
  };

  /**
   * Takes whole lines while there is room; pauses stdin when full, resumes it when every whole line is
   * taken; after end of input, takes the last line and starts the drain once nothing is left.
   */
  private pump(): void {
    // Taking a line can answer another at once (a cancellation): one pump at a time, run again after.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.pumpOnce();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private pumpOnce(): void {
    if (this.closed || this.draining) return;
    while (this.buffer && !this.full()) {
      const index = this.buffer.indexOf(0x0a);
      if (index === -1) break;
      const line = this.buffer.toString('utf8', 0, index).replace(/\r$/, '');
      this.buffer = this.buffer.subarray(index + 1);
      this.handleLine(line);
      if (this.closed) return;
    }
    if (this.full()) {
      if (!this.inputEnded) this.stdin.pause();
      return;
    }
    if (!this.inputEnded) {
      if (this.stdin.isPaused()) this.stdin.resume();
      return;
    }
    // End of input and every whole line taken: the rest is a last message without its newline.
    this.draining = true;
    if (this.buffer && this.buffer.length > 0) {
      const rest = this.buffer.toString('utf8');
      this.buffer = undefined;
      this.handleLine(rest);
    }
    void this.drain();
  }

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
    const message = jsonRpcMessage(value);
    if (!message) {
      const id = (value as { id?: unknown } | null)?.id;
      this.refuse(
        -32600,
        'Invalid Request: not a JSON-RPC 2.0 request, notification or response',
        isId(id) ? id : null,
      );
      return;
    }
    const id = requestId(message);
    if (id !== undefined) {
      this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
      this.pendingCount++;
    } else {
      const answer = responseId(message);
      if (answer !== undefined) this.asked.delete(answer);
      this.forgetCancelled(message);
    }
    this.onmessage?.(message);
  }

  /** A cancelled request gets no answer (the SDK drops it): stop waiting for one. */
  private forgetCancelled(message: JSONRPCMessage): void {
    if (!('method' in message) || message.method !== 'notifications/cancelled') return;
    const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
    if (isId(id)) this.answered(id);
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
    this.armDeadline();
    this.pump();
  };

  /** After end of input, each answer gives the rest another drainTimeoutMs. */
  private armDeadline(): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => void this.giveUp(), this.drainTimeoutMs);
  }

  private async giveUp(): Promise<void> {
    if (this.closed) return;
    const unread = this.buffer
      ? this.buffer
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim()).length
      : 0;
    this.logger.warn(
      `end of input: ${this.pendingCount} request(s) still unanswered after ${this.drainTimeoutMs} ms without an answer` +
        `${unread ? ` and ${unread} line(s) never taken` : ''}; closing`,
      { ids: [...this.pending.keys()] },
    );
    await this.flushAndClose();
  }

  private async drain(): Promise<void> {
    if (this.pendingCount > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        this.onSettled = resolve;
      });
    }
    await this.flushAndClose();
  }

  private async flushAndClose(): Promise<void> {
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
