// The HTTP exchange: the environment's proxy settings are read once per transport (not on every request)
// and still honoured; headers as CloudStack needs them for GET and POST.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpRequest, HttpTransport, proxyInEnvironment } from '../../src/cloudstack/transport.js';
import { type FakeServer, startServer } from './fake-server.js';

const servers: FakeServer[] = [];
const transports: HttpTransport[] = [];
const realEnv = process.env;
afterEach(async () => {
  process.env = realEnv;
  for (const transport of transports.splice(0)) transport.close();
  for (const server of servers.splice(0)) await server.close();
});

async function ok(): Promise<FakeServer> {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"listzonesresponse":{}}');
  });
  servers.push(server);
  return server;
}

function transportFor(url: string): HttpTransport {
  const transport = new HttpTransport(url);
  transports.push(transport);
  return transport;
}

const get = (extra: Partial<HttpRequest> = {}): HttpRequest => ({
  command: 'listZones',
  method: 'GET',
  query: 'command=listZones&response=json',
  timeoutMs: 5_000,
  reuseConnection: true,
  secrets: [],
  ...extra,
});

const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'node_use_env_proxy'];

/** process.env without any proxy variable, counting reads of proxy variables. */
function envCountingProxyReads(extra: Record<string, string> = {}) {
  const plain: NodeJS.ProcessEnv = { ...extra };
  for (const [name, value] of Object.entries(realEnv)) {
    if (!PROXY_VARIABLES.includes(name.toLowerCase())) plain[name] = value;
  }
  const reads: string[] = [];
  process.env = new Proxy(plain, {
    get(target, key) {
      if (typeof key === 'string' && /proxy/i.test(key)) reads.push(key);
      return Reflect.get(target, key);
    },
  });
  return reads;
}

describe('HttpTransport', () => {
  it('answers whole bodies, and fails (no hang) when the connection closes mid-answer', async () => {
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      if (req.params.command === 'cut') {
        res.write('{"listzonesresponse":');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.end('{"listzonesresponse":{}}'.padEnd(100, ' '));
    });
    servers.push(server);
    const transport = transportFor(server.url);
    const whole = await transport.send(get());
    expect(whole.body.trim()).toBe('{"listzonesresponse":{}}');
    await expect(transport.send(get({ query: 'command=cut&response=json' }))).rejects.toMatchObject({
      name: 'CloudStackConnectionError',
    });
    // The connection pool still serves the next request.
    expect((await transport.send(get())).status).toBe(200);
  });

  it('looks for a proxy in the environment once, not on every request', async () => {
    const server = await ok();
    const reads = envCountingProxyReads();
    const transport = transportFor(server.url);
    reads.length = 0;
    for (let i = 0; i < 5; i++) expect((await transport.send(get())).status).toBe(200);
    expect(reads).toEqual([]);
    expect(server.requests).toHaveLength(5);
    expect(transport.envProxy).toBe(false);
  });

  it('still sends through HTTP_PROXY when one is set', async () => {
    const proxy = await ok();
    envCountingProxyReads({ HTTP_PROXY: `http://127.0.0.1:${proxy.port}` });
    const transport = transportFor('http://cloudstack.invalid:8080/client/api');
    expect((await transport.send(get())).status).toBe(200);
    expect(proxy.requests[0]?.headers.host).toBe('cloudstack.invalid:8080');
    expect(proxy.requests[0]?.params.command).toBe('listZones');
    expect(transport.envProxy).toBe(true);
  });

  it('knows which variables name a proxy for a protocol', () => {
    expect(proxyInEnvironment('http:', {})).toBe(false);
    expect(proxyInEnvironment('http:', { HTTPS_PROXY: 'http://p:3128' })).toBe(false);
    expect(proxyInEnvironment('https:', { HTTPS_PROXY: 'http://p:3128' })).toBe(true);
    expect(proxyInEnvironment('http:', { http_proxy: 'p:3128' })).toBe(true);
    expect(proxyInEnvironment('https:', { ALL_PROXY: 'http://p:3128' })).toBe(true);
    expect(proxyInEnvironment('http:', { http_proxy: '' })).toBe(false);
  });

  it('sends the form content type and cookie with a POST, neither with a plain GET', async () => {
    const server = await ok();
    const transport = transportFor(server.url);
    await transport.send(get());
    await transport.send(get({ method: 'POST', cookie: 'JSESSIONID=abc', reuseConnection: false }));
    await transport.send(get({ cookie: 'JSESSIONID=def' }));
    const [plain, form, withCookie] = server.requests;
    expect(plain?.headers['content-type']).toBeUndefined();
    expect(plain?.headers.cookie).toBeUndefined();
    expect(plain?.headers['user-agent']).toBe('cloudstack-mcp');
    expect(form?.method).toBe('POST');
    expect(form?.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(form?.headers.cookie).toBe('JSESSIONID=abc');
    expect(form?.params.command).toBe('listZones');
    expect(withCookie?.headers.cookie).toBe('JSESSIONID=def');
    expect(withCookie?.headers['content-type']).toBeUndefined();
  });

  it('reaches CloudStack at an IPv6 address, on its path, with the query as signed', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"listzonesresponse":{}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const transport = transportFor(`http://[::1]:${port}/client/api?`);
      const answer = await transport.send(get({ query: 'command=listZones&name=a%2Bb&response=json' }));
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('application/json');
      expect(seen).toEqual([`[::1]:${port} /client/api?command=listZones&name=a%2Bb&response=json`]);
    } finally {
      for (const transport of transports.splice(0)) transport.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads a gzipped answer as text, keeps every Set-Cookie, and reports a redirect without following it', async () => {
    const body = JSON.stringify({ listzonesresponse: { count: 1, zone: [{ name: 'Zone-ü' }] } });
    const server = await startServer((req, res) => {
      if (req.params.command === 'redirect') {
        res.writeHead(302, { location: 'http://elsewhere.invalid/' });
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json; charset=UTF-8',
        'content-encoding': 'gzip',
        'set-cookie': ['JSESSIONID=abc; Path=/', 'sessionkey=def; Path=/'],
      });
      res.end(gzipSync(body));
    });
    servers.push(server);
    const transport = transportFor(server.url);
    const answer = await transport.send(get());
    expect(answer.body).toBe(body);
    expect(answer.contentType).toBe('application/json; charset=UTF-8');
    expect(answer.headers['set-cookie']).toEqual(['JSESSIONID=abc; Path=/', 'sessionkey=def; Path=/']);
    const moved = await transport.send(get({ query: 'command=redirect' }));
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toBe('http://elsewhere.invalid/');
    expect(server.requests).toHaveLength(2);
  });
});
