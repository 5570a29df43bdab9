// A proxy in front of the simulator that loses answers AFTER CloudStack acted: the request is forwarded and
// processed, then the caller's connection is destroyed (or the answer held past its timeout). The
// simulator's own dropRate drops before processing, which can never turn a retry into a duplicate; this is
// the case where retrying a write would.
import { Agent, createServer, type IncomingMessage, request } from 'node:http';

export interface LossyProxy {
  url: string;
  /** Which commands lose their answer, and how. */
  setRule(rule: (command: string) => 'lose' | 'hold' | 'pass'): void;
  /** Requests forwarded per command (what the simulator received through the proxy). */
  counts: Map<string, number>;
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

export async function startLossyProxy(target: string, holdMs = 0): Promise<LossyProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const counts = new Map<string, number>();
  let rule: (command: string) => 'lose' | 'hold' | 'pass' = () => 'pass';
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const params = new URLSearchParams(new URL(req.url ?? '/', 'http://proxy').search);
    if (String(req.headers['content-type']).includes('form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(body.toString())) params.set(key, value);
    }
    const command = params.get('command') ?? '';
    counts.set(command, (counts.get(command) ?? 0) + 1);
    const fate = rule(command);
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      async (answer) => {
        const answerBody = await readBody(answer);
        if (fate === 'lose') {
          req.socket.destroy();
          return;
        }
        if (fate === 'hold') await new Promise((resolve) => setTimeout(resolve, holdMs));
        if (res.destroyed) return;
        const { 'transfer-encoding': _te, 'content-length': _cl, ...headers } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': answerBody.length });
        res.end(answerBody);
      },
    );
    forwarded.on('error', () => req.socket.destroy());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    setRule: (next) => {
      rule = next;
    },
    counts,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
