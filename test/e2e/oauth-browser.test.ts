// The sign-in page in a real browser: Debian's chromium, headless, driven by playwright-core, against
// `serve --simulator --transport http --auth cloudstack` (the built CLI). It renders, a wrong password
// shows the message and sends nothing to the client, the right one posts and redirects with a code.
// A screenshot of each page is kept in test-output/. Skipped (saying why) only when chromium is absent
// outside CI; in CI (.ci/run installs it) its absence fails.
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnHttpServer } from './cli.js';
import { authorizeUrl, pkce, type Registered, register, tokenRequest } from './oauth-flow.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const present = existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs it`);
if (!present) console.warn(`oauth-browser: skipped, ${CHROMIUM} is absent (apt-get install -y chromium)`);

let server: SpawnedServer;
let browser: Browser;
let base: string;
let callback: Server | undefined;

beforeAll(async () => {
  if (!present) return;
  mkdirSync(OUTPUT, { recursive: true });
  server = await spawnHttpServer(['--simulator', '--auth', 'cloudstack'], {
    MCP_TOKEN_KEY: 'e2e-oauth-browser-token-key-0123456789abcd',
    MCP_AUTH_TOKEN: '',
    CLOUDSTACK_API_URL: '',
    CLOUDSTACK_API_KEY: '',
    CLOUDSTACK_SECRET_KEY: '',
  });
  base = server.url.replace(/\/mcp$/, '');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  callback?.close();
  await browser?.close();
  await server?.stop();
});

describe.skipIf(!present)('the sign-in page in chromium', () => {
  it('renders, refuses a wrong password with a message and no code, then signs in and redirects with a code', async () => {
    // The client's loopback redirect listener, on a port of its own: registered without a port, it
    // matches on any (RFC 8252 §7.3).
    const arrivals: string[] = [];
    callback = createServer((req, res) => {
      if (req.url?.startsWith('/callback')) arrivals.push(`http://127.0.0.1${req.url}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('client got it');
    });
    await new Promise<void>((resolve) => callback?.listen(0, '127.0.0.1', resolve));
    const port = (callback.address() as AddressInfo).port;
    const client = (await (await register(base, ['http://127.0.0.1/callback'])).json()) as Registered;
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const { verifier, challenge } = pkce();
    const page = await browser.newPage();

    const response = await page.goto(
      authorizeUrl(base, { clientId: client.client_id, redirectUri, challenge, state: 'browser-state' }).href,
    );
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.title()).resolves.toBe('Sign in with CloudStack');
    expect(await page.locator('text=e2e raw client').count()).toBe(1);
    await page.screenshot({ path: `${OUTPUT}oauth-sign-in.png`, fullPage: true });

    await page.fill('#username', 'admin');
    await page.fill('#password', 'not-the-password');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await page.waitForSelector('#error');
    expect(await page.textContent('#error')).toContain(
      'CloudStack did not accept this user name, password and domain.',
    );
    expect(await page.inputValue('#username')).toBe('admin');
    expect(await page.inputValue('#password')).toBe('');
    expect(arrivals).toEqual([]);
    await page.screenshot({ path: `${OUTPUT}oauth-sign-in-wrong-password.png`, fullPage: true });

    await page.fill('#password', 'password');
    await Promise.all([page.waitForURL(/127\.0\.0\.1:\d+\/callback/), page.click('button[type=submit]')]);
    expect(arrivals).toHaveLength(1);
    const arrived = new URL(arrivals[0] as string);
    expect(arrived.searchParams.get('state')).toBe('browser-state');
    const code = arrived.searchParams.get('code') as string;
    const tokens = await tokenRequest(base, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: client.client_id,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(server.stderr()).not.toContain('not-the-password');
    await page.screenshot({ path: `${OUTPUT}oauth-signed-in-callback.png` });
    await page.close();
  });
});
