// `cloudstack-mcp doctor`'s checks in process: an unreachable URL, something that is not CloudStack, and an
// MCP server up (the SDK's reference server over Streamable HTTP) and down. The same checks against the
// simulator, through the built CLI, are in doctor-simulator.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/cli/config.js';
import { checkKeys, checkMcp, checkUrl } from '../../src/cli/doctor.js';
import { freePort, startReferenceMcpServer } from './helpers.js';

describe('doctor checks', () => {
  let reference: Awaited<ReturnType<typeof startReferenceMcpServer>>;
  const html = createServer((_req, res) =>
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>nope</h1>'),
  );
  let htmlUrl = '';

  beforeAll(async () => {
    reference = await startReferenceMcpServer();
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}/client/api`;
  });
  afterAll(async () => {
    await reference.close();
    html.closeAllConnections();
    await new Promise<void>((resolve) => html.close(() => resolve()));
  });

  it('says an unreachable API URL cannot be reached, with a hint', async () => {
    const port = await freePort();
    const result = await checkUrl(
      resolveConnection({ 'api-url': `http://127.0.0.1:${port}/client/api` }, {}),
    );
    expect(result.ok).toBe(false);
    expect(result.text).toBe(`cannot reach http://127.0.0.1:${port}/client/api (ECONNREFUSED)`);
    expect(result.hint).toContain('CLOUDSTACK_API_URL');
  });

  it('says a malformed API URL is not a URL, naming the variable', async () => {
    const result = await checkUrl(resolveConnection({ 'api-url': '127.0.0.1:8080' }, {}));
    expect(result).toEqual({
      ok: false,
      reached: false,
      text: 'CLOUDSTACK_API_URL (--api-url) "127.0.0.1:8080" is not an http(s) URL',
      hint: 'e.g. http://localhost:8080/client/api',
    });
  });

  it('names the innermost reason when there is no error code (a port fetch refuses)', async () => {
    const result = await checkUrl(resolveConnection({ 'api-url': 'http://127.0.0.1:1/client/api' }, {}));
    expect(result.text).toBe('cannot reach http://127.0.0.1:1/client/api (bad port)');
  });

  it('tells a web server that is not CloudStack apart', async () => {
    const result = await checkUrl(resolveConnection({ 'api-url': htmlUrl }, {}));
    expect(result.reached).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.text).toContain('HTTP 404, text/html');
    expect(result.text).toContain("but not like CloudStack's API");
  });

  it('reports missing credentials without calling anything', async () => {
    const result = await checkKeys(resolveConnection({ 'api-url': htmlUrl }, {}));
    expect(result).toMatchObject({ ok: false, text: 'no credentials configured' });
    expect(result.hint).toContain('CLOUDSTACK_API_KEY');
  });

  it('finds an MCP server that answers initialize', async () => {
    const result = await checkMcp(reference.url, 5);
    expect(result).toEqual({
      ok: true,
      text: `MCP server at ${reference.url} answers initialize (reference-server 9.9.9, 1 tools)`,
    });
  });

  it('reports an MCP server that is down', async () => {
    const url = `http://127.0.0.1:${await freePort()}/mcp`;
    const result = await checkMcp(url, 5);
    expect(result.ok).toBe(false);
    expect(result.text).toBe(`no MCP server answers initialize at ${url} (ECONNREFUSED)`);
    expect(result.hint).toContain('serve --transport http');
  });

  it('sends the bearer token, and says when one is wanted', async () => {
    const guarded = await startReferenceMcpServer({ token: 'tok-123456' });
    try {
      expect((await checkMcp(guarded.url, 5, 'tok-123456')).ok).toBe(true);
      const without = await checkMcp(guarded.url, 5);
      expect(without).toMatchObject({
        ok: false,
        text: `the MCP server at ${guarded.url} refused the request: it wants a bearer token`,
        hint: 'pass its token with --mcp-token or MCP_AUTH_TOKEN',
      });
    } finally {
      await guarded.close();
    }
  });

  it('reports something at the URL that is not an MCP server', async () => {
    const result = await checkMcp(htmlUrl.replace('/client/api', '/mcp'), 5);
    expect(result.ok).toBe(false);
    expect(result.text).toContain('no MCP server answers initialize');
  });
});
