// A closed-loop HTTP load generator: `concurrency` keep-alive connections, each sending the next request as
// soon as the previous answer is read, for a fixed time.
import { Agent, get } from 'node:http';
import { now } from '../stats.js';

export interface LoadResult {
  requests: number;
  errors: number;
  bytes: number;
  ms: number;
  perSecond: number;
}

function fetchOnce(url: string, agent: Agent): Promise<{ ok: boolean; bytes: number }> {
  return new Promise((resolve) => {
    const req = get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ ok: res.statusCode === 200, bytes }));
      res.on('error', () => resolve({ ok: false, bytes }));
    });
    req.on('error', () => resolve({ ok: false, bytes: 0 }));
  });
}

/** Sends `urls` round-robin for `durationMs` over `concurrency` connections. */
export async function closedLoop(
  urls: readonly string[],
  concurrency: number,
  durationMs: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let requests = 0;
  let errors = 0;
  let bytes = 0;
  const started = now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (now() < deadline) {
      const url = urls[next++ % urls.length] as string;
      const answer = await fetchOnce(url, agent);
      requests++;
      bytes += answer.bytes;
      if (!answer.ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = now() - started;
  agent.destroy();
  return { requests, errors, bytes, ms, perSecond: ((requests - errors) / ms) * 1000 };
}
