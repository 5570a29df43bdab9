// An HTTP proxy in front of the simulator that watches async jobs from outside both clients: when each job
// was started (the answer carrying its jobid passed by) and how many times it was polled; also counts every
// request and the bytes answered (how many pages a list read cost).
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import { now } from '../stats.js';

export interface JobTrace {
  /** When the answer that started the job passed the proxy (performance.now()). */
  startedAt: number;
  /** queryAsyncJobResult calls for this job. */
  polls: number;
  /** When the first answer with jobstatus other than 0 passed the proxy. */
  seenDoneAt?: number;
}

export interface CountingProxy {
  url: string;
  jobs: Map<string, JobTrace>;
  /** Every request passed on, and the bytes of the answers, since the start or the last resetCounts. */
  requests: number;
  answerBytes: number;
  /** Requests for one command since the start or the last resetCounts. */
  countOf(command: string): number;
  resetCounts(): void;
  close(): Promise<void>;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function paramsOf(url: string, body: Buffer, contentType: string | undefined): URLSearchParams {
  const params = new URLSearchParams(new URL(url, 'http://proxy').search);
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  return params;
}

/** The first `jobid` / `jobstatus` values in a CloudStack JSON answer (they sit one level down). */
function jobFields(body: Buffer): { jobid?: string; jobstatus?: number } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, Record<string, unknown>>;
    const inner = Object.values(parsed)[0] ?? {};
    return {
      ...(typeof inner.jobid === 'string' ? { jobid: inner.jobid } : {}),
      ...(inner.jobstatus !== undefined ? { jobstatus: Number(inner.jobstatus) } : {}),
    };
  } catch {
    return {};
  }
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const jobs = new Map<string, JobTrace>();
  const counts = { requests: 0, answerBytes: 0 };
  const byCommand = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const params = paramsOf(req.url ?? '/', body, req.headers['content-type']);
      const command = params.get('command');
      const answer = await new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
        (resolve, reject) => {
          const forwarded = request(
            {
              host: upstream.hostname,
              port: upstream.port,
              method: req.method,
              path: req.url,
              headers: { ...req.headers, host: upstream.host },
              agent,
            },
            async (response) => {
              resolve({
                status: response.statusCode ?? 502,
                headers: response.headers,
                body: await readBody(response),
              });
            },
          );
          forwarded.on('error', reject);
          forwarded.end(body);
        },
      );
      const at = now();
      counts.requests++;
      counts.answerBytes += answer.body.length;
      if (command) byCommand.set(command, (byCommand.get(command) ?? 0) + 1);
      // List answers carry no job (and can be megabytes): not parsed.
      const fields = command?.toLowerCase().startsWith('list') ? {} : jobFields(answer.body);
      if (command === 'queryAsyncJobResult') {
        const jobId = params.get('jobid') ?? '';
        const trace = jobs.get(jobId);
        if (trace) {
          trace.polls++;
          if (trace.seenDoneAt === undefined && fields.jobstatus !== undefined && fields.jobstatus !== 0) {
            trace.seenDoneAt = at;
          }
        }
      } else if (fields.jobid && !jobs.has(fields.jobid)) {
        jobs.set(fields.jobid, { startedAt: at, polls: 0 });
      }
      const { 'transfer-encoding': _te, 'content-length': _cl, ...headers } = answer.headers;
      res.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
      res.end(answer.body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    jobs,
    get requests() {
      return counts.requests;
    },
    get answerBytes() {
      return counts.answerBytes;
    },
    countOf: (command) => byCommand.get(command) ?? 0,
    resetCounts: () => {
      counts.requests = 0;
      counts.answerBytes = 0;
      byCommand.clear();
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
