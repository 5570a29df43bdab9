// The OAuth flow as an MCP client does it, with raw fetch (no SDK): registration, PKCE, the sign-in page,
// the form, the code, tokens. Shared by the OAuth e2e tests.
import { createHash, randomBytes } from 'node:crypto';

export interface Registered {
  client_id: string;
  redirect_uris: string[];
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function register(base: string, redirectUris: string[]): Promise<Response> {
  return fetch(`${base}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: redirectUris, client_name: 'e2e raw client' }),
  });
}

/** The sealed request blob in a sign-in page. */
export function requestBlob(html: string): string {
  const match = /name="request" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no request blob in the page:\n${html}`);
  return match[1];
}

export function authorizeUrl(
  base: string,
  params: { clientId: string; redirectUri: string; challenge: string; state: string; resource?: string },
): URL {
  const url = new URL(`${base}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('code_challenge', params.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', params.state);
  url.searchParams.set('resource', params.resource ?? `${base}/mcp`);
  return url;
}

export async function postSignIn(
  base: string,
  blob: string,
  person: { username: string; password: string; domain?: string },
): Promise<Response> {
  return fetch(`${base}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: blob, domain: '/', ...person }),
    redirect: 'manual',
  });
}

export async function tokenRequest(base: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

/** The whole flow for one person: their tokens, and what the flow used (for the bad-input tests). */
export async function signInAs(
  base: string,
  person: { username: string; password: string; domain?: string },
): Promise<{ tokens: Tokens; clientId: string; redirectUri: string; code: string; verifier: string }> {
  const registered = (await (await register(base, ['http://127.0.0.1/callback'])).json()) as Registered;
  const { verifier, challenge } = pkce();
  // A loopback redirect URI on another port than registered (RFC 8252 §7.3).
  const redirectUri = 'http://127.0.0.1:45678/callback';
  const state = randomBytes(8).toString('hex');
  const page = await fetch(
    authorizeUrl(base, { clientId: registered.client_id, redirectUri, challenge, state }),
  );
  if (page.status !== 200) throw new Error(`authorize page: ${page.status} ${await page.text()}`);
  const posted = await postSignIn(base, requestBlob(await page.text()), person);
  if (posted.status !== 303) throw new Error(`sign-in: ${posted.status} ${await posted.text()}`);
  const location = new URL(posted.headers.get('location') ?? '');
  if (location.searchParams.get('state') !== state) throw new Error('state not returned');
  const code = location.searchParams.get('code') ?? '';
  const answer = await tokenRequest(base, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: registered.client_id,
    code_verifier: verifier,
    resource: `${base}/mcp`,
  });
  if (answer.status !== 200) throw new Error(`token: ${answer.status} ${await answer.text()}`);
  return {
    tokens: (await answer.json()) as Tokens,
    clientId: registered.client_id,
    redirectUri,
    code,
    verifier,
  };
}
