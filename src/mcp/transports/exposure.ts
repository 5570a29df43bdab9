// What `serve` checks before it starts HTTP (http.ts describes the guards), apart from the transport so
// that checking it does not load the SDK's Streamable HTTP transport.
import { isLoopbackName } from './hosts.js';

export const DEFAULT_MAX_SESSIONS = 1000;

/** Why serving on `host` with these guards is refused, or undefined when it may start. */
export function exposureProblem(options: {
  host: string;
  authToken?: string | undefined;
  /** Another authentication (the OAuth mode, --auth cloudstack): guards like a token. */
  auth?: unknown;
  allowedHosts?: readonly string[] | undefined;
  unsafeNoAuth?: boolean | undefined;
}): string | undefined {
  if (
    isLoopbackName(options.host) ||
    options.authToken ||
    options.auth ||
    (options.allowedHosts ?? []).length > 0
  ) {
    return undefined;
  }
  if (options.unsafeNoAuth) return undefined;
  return (
    `refusing to serve on ${options.host} (beyond loopback) with neither MCP_AUTH_TOKEN nor --allowed-hosts: ` +
    'set MCP_AUTH_TOKEN (or list the host names clients use with --allowed-hosts / MCP_ALLOWED_HOSTS), ' +
    'or pass --unsafe-no-auth (MCP_UNSAFE_NO_AUTH=1) to let anyone who reaches the port use it'
  );
}
