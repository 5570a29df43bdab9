// The person an OAuth token stands for, and signing them in with CloudStack. Sign-in checks the password
// with CloudStack's own `login` (with the domain), then takes the person's own API keys (getUserKeys on
// themselves) or, only when they have none, registers keys for them (registerUserKeys): keys someone
// already uses are never rotated. The session the login opened is logged out at once; every later call is
// signed with the person's keys, which travel only inside the server's sealed tokens.
import {
  type ClientEvent,
  type CloudStackClient,
  createClient,
  obtainUserKeys,
} from '../../cloudstack/client.js';
import { CloudStackApiError, CloudStackError } from '../../cloudstack/errors.js';
import type { PollSchedule } from '../../cloudstack/poll.js';

/** What a token carries of a person: who they are in CloudStack, and their keys (short names: tokens are sent on every request). */
export interface Person {
  /** CloudStack user id. */
  u: string;
  /** User name. */
  n: string;
  /** Account name. */
  a?: string | undefined;
  /** Domain id. */
  d?: string | undefined;
  /** API key and secret key. */
  k: string;
  s: string;
}

/** How logs and bindings name a person: user name, account and id, never a key. */
export function personLabel(person: Person): string {
  return `${person.n}${person.a ? ` (account ${person.a})` : ''}`;
}

/** The identity tokens and cursors are bound to. */
export function personSubject(person: Person): string {
  return `user:${person.u}`;
}

export type SignInResult =
  | { ok: true; person: Person; created: boolean }
  | { ok: false; reason: 'credentials' | 'keys' | 'unreachable'; message: string };

export interface SignInOptions {
  apiUrl: string;
  timeoutMs: number;
}

/** Checks the password with CloudStack and finds the keys to act as the person with. Never throws. */
export async function signIn(
  options: SignInOptions,
  form: { username: string; password: string; domain: string },
): Promise<SignInResult> {
  try {
    const keys = await obtainUserKeys({
      apiUrl: options.apiUrl,
      username: form.username,
      password: form.password,
      domain: form.domain || '/',
      timeoutMs: options.timeoutMs,
    });
    return {
      ok: true,
      created: keys.created,
      person: {
        u: keys.userId,
        n: keys.username,
        a: keys.account,
        d: keys.domainId,
        k: keys.apiKey,
        s: keys.secretKey,
      },
    };
  } catch (error) {
    if (error instanceof CloudStackApiError && error.command === 'login') {
      return {
        ok: false,
        reason: 'credentials',
        message: 'CloudStack did not accept this user name, password and domain.',
      };
    }
    if (error instanceof CloudStackApiError) {
      return {
        ok: false,
        reason: 'keys',
        message: `Signed in, but CloudStack refused to give this user API keys (${error.command}: ${error.errorText}). Ask an administrator to create API keys for the user.`,
      };
    }
    return {
      ok: false,
      reason: 'unreachable',
      message: `CloudStack could not be reached to check the sign-in${error instanceof CloudStackError ? ` (${error.name})` : ''}; try again later.`,
    };
  }
}

export interface PersonClientOptions {
  apiUrl: string;
  timeoutMs: number;
  pollSchedule?: PollSchedule | undefined;
  /** CloudStack answered one of the person's calls with 401 or 531 (keys refused, user disabled or locked, or a permission error). */
  onRefused?: ((person: Person) => void) | undefined;
}

/** A CloudStack client that signs every call with the person's keys. */
export function personClient(person: Person, options: PersonClientOptions): CloudStackClient {
  const onRefused = options.onRefused;
  return createClient({
    apiUrl: options.apiUrl,
    apiKey: person.k,
    secretKey: person.s,
    timeoutMs: options.timeoutMs,
    userAgent: 'cloudstack-mcp-server',
    ...(options.pollSchedule ? { pollSchedule: options.pollSchedule } : {}),
    ...(onRefused
      ? {
          logger: (event: ClientEvent) => {
            if (event.type === 'response' && (event.status === 401 || event.status === 531))
              onRefused(person);
          },
        }
      : {}),
  });
}
