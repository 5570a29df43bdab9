// The sign-in page of the authorization endpoint: plain server-rendered HTML, no script. Everything shown
// is escaped; the form carries the sealed authorization request (so a forged POST without one, or with
// one from another client, is refused, and nothing is kept between GET and POST); the page may not be
// framed (clickjacking) and loads nothing from elsewhere.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * Headers of every page the authorization endpoint renders. `redirect` is where the sign-in form's answer
 * sends the browser: Chromium applies form-action to the redirects after a form's POST too, so the
 * client's redirect URI (its origin, or its private-use scheme) must be allowed besides 'self'.
 */
export function pageHeaders(redirect?: string): Record<string, string> {
  let target = '';
  if (redirect) {
    const url = new URL(redirect);
    target = url.protocol === 'http:' || url.protocol === 'https:' ? ` ${url.origin}` : ` ${url.protocol}`;
  }
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${target}; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1.2rem;padding:.5rem 1.2rem}.error{color:#a00;border:1px solid #a00;padding:.5rem}.client{color:#555}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>
`;
}

export interface SignInPage {
  /** The sealed authorization request the POST must carry back. */
  request: string;
  clientName: string;
  /** Where the client will be sent (its redirect URI's origin), shown so the person knows who asks. */
  redirectHost: string;
  username?: string;
  domain?: string;
  error?: string;
}

export function signInPage(view: SignInPage): string {
  const error = view.error ? `<p class="error" role="alert" id="error">${escapeHtml(view.error)}</p>` : '';
  return page(
    'Sign in with CloudStack',
    `<h1>Sign in with CloudStack</h1>
<p class="client"><strong>${escapeHtml(view.clientName)}</strong> (${escapeHtml(view.redirectHost)}) asks to act as you in CloudStack, with your own rights.</p>
${error}<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${escapeHtml(view.request)}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required value="${escapeHtml(view.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<label for="domain">Domain</label><input id="domain" name="domain" placeholder="/ (ROOT), or e.g. /team-a" value="${escapeHtml(view.domain ?? '')}">
<button type="submit">Sign in</button>
</form>`,
  );
}

/** A page for a request that cannot be sent back to the client (unknown client, unregistered redirect URI). */
export function errorPage(message: string): string {
  return page(
    'Sign-in refused',
    `<h1>Sign-in refused</h1><p class="error" role="alert" id="error">${escapeHtml(message)}</p>`,
  );
}
