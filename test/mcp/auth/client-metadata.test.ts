// Client ID Metadata Documents: the address filter that keeps the fetch out of private networks, and the
// whole code flow with a URL as client_id (the document fetched through an injected fetch, as the real
// one needs a public https host), including documents that must be refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchMetadataDocument,
  isMetadataUrl,
  publicAddress,
} from '../../../src/mcp/auth/client-metadata.js';
import { OAuthServer } from '../../../src/mcp/auth/oauth.js';
import { silentLogger } from '../../../src/mcp/logger.js';
import { authorizeUrl, pkce, postSignIn, requestBlob, tokenRequest } from '../../e2e/oauth-flow.js';

const CLIENT = 'https://app.example.com/oauth/client.json';
const REDIRECT = 'http://127.0.0.1:5555/cb';
const documents: Record<string, unknown> = {
  [CLIENT]: { client_id: CLIENT, client_name: 'Example app', redirect_uris: ['http://127.0.0.1/cb'] },
  'https://liar.example.com/c.json': { client_id: CLIENT, redirect_uris: [REDIRECT] },
  'https://evil.example.com/c.json': {
    client_id: 'https://evil.example.com/c.json',
    redirect_uris: ['http://evil.example.com/cb'],
  },
};
const fetched: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const oauth = new OAuthServer({
    tokenKey: 'client-metadata-test-key-0123456789abcdef',
    logger: silentLogger,
    checkPerson: async () => {},
    signIn: async () => ({ ok: true, created: false, person: { u: 'u1', n: 'admin', k: 'k', s: 's' } }),
    fetchClientMetadata: async (url) => {
      fetched.push(url);
      if (!(url in documents)) throw new Error('404');
      return documents[url];
    },
  });
  server = createServer((req, res) => void oauth.handle(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

describe('client metadata documents', () => {
  it('only public addresses are fetched', async () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      'fd00::1',
      'fe80::1',
    ]) {
      expect(publicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700::1111'])
      expect(publicAddress(address), address).toBe(true);
    await expect(fetchMetadataDocument('https://127.0.0.1/client.json')).rejects.toThrow(
      /not a public address/,
    );
    await expect(fetchMetadataDocument('https://[::1]/client.json')).rejects.toThrow(/not a public address/);
    await expect(fetchMetadataDocument('https://localhost/client.json')).rejects.toThrow(
      /not a public address/,
    );
  });

  it('a client id is a document URL only when https with a path', () => {
    expect(isMetadataUrl(CLIENT)).toBe(true);
    expect(isMetadataUrl('https://app.example.com/')).toBe(false);
    expect(isMetadataUrl('http://app.example.com/client.json')).toBe(false);
    expect(isMetadataUrl('https://user:pw@app.example.com/c.json')).toBe(false);
  });

  it('the server says it supports them', async () => {
    const metadata = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.client_id_metadata_document_supported).toBe(true);
  });

  it('the whole flow with a URL as client_id: page, code, token', async () => {
    const { verifier, challenge } = pkce();
    const page = await fetch(
      authorizeUrl(base, { clientId: CLIENT, redirectUri: REDIRECT, challenge, state: 'st' }),
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Example app (app.example.com)');
    const posted = await postSignIn(base, requestBlob(html), { username: 'admin', password: 'password' });
    const code = new URL(posted.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await tokenRequest(base, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: CLIENT,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(fetched.filter((url) => url === CLIENT)).toHaveLength(1);
  });

  it('refuses a document that names another client, an unacceptable redirect URI, or none at all', async () => {
    const { challenge } = pkce();
    for (const clientId of [
      'https://liar.example.com/c.json',
      'https://evil.example.com/c.json',
      'https://gone.example.com/c.json',
    ]) {
      const page = await fetch(
        authorizeUrl(base, { clientId, redirectUri: REDIRECT, challenge, state: 'st' }),
        { redirect: 'manual' },
      );
      expect(page.status, clientId).toBe(400);
      expect(await page.text()).toContain('Unknown client');
    }
  });
});
