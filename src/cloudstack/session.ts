// Username/password sessions (DESIGN.md §3): `login` by POST form with username, password and domain;
// CloudStack answers with `sessionkey` and sets JSESSIONID (and a `sessionkey` cookie). Later calls carry
// the `sessionkey` parameter and the cookies, unsigned. When the session expires (401), the client logs in
// again once and repeats the call; `logout` ends it. The session key and the password never leave this
// object except on the wire.

/** What `login` tells about the user (CloudStack's loginresponse without the session key). */
export interface LoginInfo {
  userId: string | undefined;
  username: string | undefined;
  account: string | undefined;
  domainId: string | undefined;
  /** Session timeout in seconds, as CloudStack reports it. */
  timeoutSeconds: number | undefined;
  /** CloudStack's `type`: 0 user, 1 root admin, 2 domain admin, ... */
  accountType: string | undefined;
  /** The rest of loginresponse, session key removed. */
  raw: Record<string, unknown>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

export function loginInfoFrom(response: Record<string, unknown>): LoginInfo {
  const { sessionkey: _dropped, ...raw } = response;
  const timeout = Number(response.timeout);
  return {
    userId: text(response.userid),
    username: text(response.username),
    account: text(response.account),
    domainId: text(response.domainid),
    timeoutSeconds: Number.isFinite(timeout) ? timeout : undefined,
    accountType: text(response.type),
    raw,
  };
}

/** The cookies a server sets, as `name → value` (attributes dropped). */
export function parseSetCookie(header: unknown): Map<string, string> {
  const lines = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
  const cookies = new Map<string, string>();
  for (const line of lines) {
    if (typeof line !== 'string') continue;
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}

/** The state of one login: the session key and the cookie jar. */
export class Session {
  private cookies = new Map<string, string>();
  private key: string | undefined;
  info: LoginInfo | undefined;

  get sessionKey(): string | undefined {
    return this.key;
  }

  get active(): boolean {
    return this.key !== undefined;
  }

  /** Takes over a successful login's answer (its cookies already absorbed). */
  start(response: Record<string, unknown>): void {
    this.key = text(response.sessionkey) ?? this.cookies.get('sessionkey');
    this.info = loginInfoFrom(response);
  }

  /** Keeps cookies a later answer sets or renews (a rotated JSESSIONID). */
  absorbCookies(setCookie: unknown): void {
    for (const [name, value] of parseSetCookie(setCookie)) this.cookies.set(name, value);
  }

  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Secrets to mask in error text: the session key and the session cookies' values. */
  secrets(): string[] {
    const cookieValues = [...this.cookies]
      .filter(([name, value]) => /^(jsessionid|sessionkey)$/i.test(name) || value.length >= 16)
      .map(([, value]) => value);
    return [...(this.key ? [this.key] : []), ...cookieValues];
  }

  end(): void {
    this.key = undefined;
    this.info = undefined;
    this.cookies.clear();
  }
}
