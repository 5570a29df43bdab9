// The HTTP front: CloudStack's `/client/api` endpoint on plain node:http. It reads GET queries and POST
// forms, applies the injected faults (dropped connections, 5xx answers, latency, answers lost after
// processing) and hands the request to the engine.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { SimulatorEngine } from '../engine.js';
import { INJECTED_ERROR_TEXT } from '../faults.js';
import { API_PATH, answerSimulatorError, openFront, type SimulatorFront, sendPlain } from './front.js';
import { addFormEncoded, MalformedRequestError, parseCookies, type RawParams } from './request-parsing.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface HttpFront {
  server: Server;
  url: string;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

async function handleHttp(engine: SimulatorEngine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== API_PATH) {
    sendPlain(res, 404, `Not found: the CloudStack API is at ${API_PATH}`);
    return;
  }
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    res.setHeader('Allow', 'GET, POST');
    sendPlain(res, 405, `Method ${method} not allowed: use GET or POST`);
    return;
  }
  const params: RawParams = new Map();
  try {
    addFormEncoded(url.search.slice(1), params);
    if (method === 'POST') {
      const body = await readBody(req);
      const type = (req.headers['content-type'] ?? 'application/x-www-form-urlencoded').toLowerCase();
      if (type.startsWith('application/x-www-form-urlencoded')) addFormEncoded(body, params);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendPlain(res, 413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
      return;
    }
    if (error instanceof MalformedRequestError) {
      sendPlain(res, 400, `Bad request: ${error.message}`);
      return;
    }
    throw error;
  }

  const command = params.get('command');
  const fate = engine.faults.fateOf(engine.nextRequestIndex(command), command);
  if (fate === 'drop') {
    req.socket.destroy();
    return;
  }
  await delay(engine.faults.current.latencyMs);
  if (res.destroyed) return;
  const answer =
    fate === 'fail'
      ? engine.injectedFailure(command, INJECTED_ERROR_TEXT)
      : engine.handle({ params, cookies: parseCookies(req.headers.cookie) });
  if (fate === 'lose') {
    // The request took effect; its answer never arrives, or arrives after the caller gave up.
    const holdMs = engine.faults.current.lostAnswerHoldMs;
    if (holdMs === 0) {
      req.socket.destroy();
      return;
    }
    await delay(holdMs);
    if (res.destroyed) return;
  }
  const headers: Record<string, string | string[]> = { 'Content-Type': answer.contentType };
  if (answer.setCookies.length > 0) headers['Set-Cookie'] = answer.setCookies;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** Serves the engine on `front` (opened here on host:port when not given). */
export async function listen(
  engine: SimulatorEngine,
  host: string,
  port: number,
  front?: SimulatorFront,
): Promise<HttpFront> {
  const opened = front ?? (await openFront(host, port));
  opened.attach((req, res) => {
    handleHttp(engine, req, res).catch((error: unknown) => answerSimulatorError(res, error));
  });
  return { server: opened.server, url: opened.url, close: () => opened.close() };
}
