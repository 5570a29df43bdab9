// A tiny CloudStack stand-in on 127.0.0.1 for the client's tests, with a signature check written
// independently of src/cloudstack/sign.ts: straight from ApiServer.verifyRequest (byte-wise Java URLEncoder,
// names sorted by UTF-16 code units, lowercased, HMAC-SHA1, base64).
import { createHmac } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  /** Query and form parameters, decoded as a servlet container does. */
  params: Record<string, string>;
  /** The raw query string and body as they travelled. */
  rawQuery: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: ReceivedRequest, res: ServerResponse) => unknown;

export interface FakeServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<FakeServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const params: Record<string, string> = {};
      for (const [k, v] of url.searchParams) params[k] = v;
      if ((incoming.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(body)) params[k] = v;
      }
      const req: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        params,
        rawQuery: url.search.slice(1),
        body,
        headers: incoming.headers,
      };
      requests.push(req);
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/api`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
) {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

/** CloudStack's answer: `{"<command>response": {...}}`. */
export function sendOk(
  res: ServerResponse,
  command: string,
  inner: unknown,
  headers: http.OutgoingHttpHeaders = {},
) {
  sendJson(res, 200, { [`${command.toLowerCase()}response`]: inner }, headers);
}

/** CloudStack's error: HTTP status = errorcode, the error inside the command's key. */
export function sendError(
  res: ServerResponse,
  command: string,
  errorcode: number,
  cserrorcode: number,
  errortext: string,
) {
  sendJson(res, errorcode, {
    [`${command.toLowerCase()}response`]: { uuidList: [], errorcode, cserrorcode, errortext },
  });
}

/** Java's URLEncoder.encode(value, "UTF-8"), byte by byte. */
export function javaUrlEncoderReference(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/^[A-Za-z0-9.\-*_]$/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The signature ApiServer.verifyRequest expects for these (decoded) parameters. */
export function referenceSignature(params: Record<string, string>, secretKey: string): string {
  const names = Object.keys(params).filter((name) => name.toLowerCase() !== 'signature');
  names.sort(); // UTF-16 code unit order, as Java's String.compareTo
  const unsigned = names
    .map((name) => `${name}=${javaUrlEncoderReference(params[name] ?? '').replace(/\+/g, '%20')}`)
    .join('&')
    .toLowerCase();
  return createHmac('sha1', secretKey).update(unsigned, 'utf8').digest('base64');
}

/** ApiServer.verifyRequest: signature, apiKey and (version 3) expires. */
export function verifySigned(params: Record<string, string>, apiKey: string, secretKey: string): boolean {
  if (params.apiKey !== apiKey || !params.signature) return false;
  if (params.signatureversion === '3') {
    const expires = Date.parse((params.expires ?? '').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (!Number.isFinite(expires) || expires < Date.now()) return false;
  }
  return referenceSignature(params, secretKey) === params.signature;
}

export const UNAUTHORIZED = 'unable to verify user credentials and/or request signature';
