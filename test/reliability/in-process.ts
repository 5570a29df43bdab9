// The MCP server in this process (bench/lib/in-process.ts, wired as `serve` wires it), with its log and the
// messages the client receives recorded in the transcript: fast enough for thousands of calls.
import { type Credentials, type InProcess, startInProcess } from '../../bench/lib/in-process.js';
import { createLogger } from '../../src/mcp/logger.js';
import type { CreateServerOptions } from '../../src/mcp/server.js';
import type { Transcript } from './transcript.js';

export type { InProcess };

export function inProcessServer(
  credentials: Credentials,
  options: { transcript?: Transcript; server?: Partial<CreateServerOptions>; clientTimeoutMs?: number } = {},
): Promise<InProcess> {
  const { transcript } = options;
  const logger = createLogger({
    level: 'debug',
    secrets: [credentials.apiKey, credentials.secretKey],
    write: (line) => transcript?.record('in-process log', line),
  });
  return startInProcess(credentials, {
    server: { logger, ...options.server },
    clientTimeoutMs: options.clientTimeoutMs ?? 10_000,
    clientName: 'reliability',
    ...(transcript
      ? { onMessage: (message) => transcript.record('in-process messages', JSON.stringify(message)) }
      : {}),
  });
}
