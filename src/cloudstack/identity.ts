// Who a client is in CloudStack: the user its API key (or login) belongs to, and that user's account,
// domain and role. The MCP server refuses to change the credentials or access of this user or account
// (it would lock itself out), so it must know it; nothing else is derived from it.
import { CloudStackError } from './errors.js';
import type { LoginInfo } from './session.js';
import type { CallerIdentity, CloudStackCaller } from './types.js';

type Row = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fromUserRow(user: Row): CallerIdentity | undefined {
  const userId = text(user.id);
  if (!userId) return undefined;
  const identity: CallerIdentity = { userId };
  const fields: [keyof CallerIdentity, string][] = [
    ['username', 'username'],
    ['accountId', 'accountid'],
    ['account', 'account'],
    ['domainId', 'domainid'],
    ['roleId', 'roleid'],
  ];
  for (const [key, field] of fields) {
    const value = text(user[field]);
    if (value) identity[key] = value;
  }
  return identity;
}

/**
 * The user an API key belongs to: `getUser userapikey=` (root admins only), else the caller's own
 * `listUsers` rows (an account sees its users, with their API keys on CloudStack 4.x) matched by key.
 */
export async function identityByApiKey(caller: CloudStackCaller, apiKey: string): Promise<CallerIdentity> {
  let firstError: unknown;
  try {
    const answer = await caller.request<Row>('getUser', { userapikey: apiKey });
    const found = fromUserRow((answer.user as Row | undefined) ?? answer);
    if (found) return found;
  } catch (error) {
    firstError = error;
  }
  const listed = await caller.listAll<Row>('listUsers', { listall: true }, { maxItems: 5000 });
  const own = listed.items.find((user) => user.apikey === apiKey);
  const found = own ? fromUserRow(own) : undefined;
  if (found) return found;
  throw new CloudStackError(
    `cannot tell which CloudStack user the API key belongs to (getUser${firstError ? ' failed' : ' answered no user'}, and listUsers does not show the key)`,
    { command: 'getUser' },
  );
}

/** The logged-in user (session login): the login answer, completed from listUsers (account id, role). */
export async function identityFromLogin(caller: CloudStackCaller, info: LoginInfo): Promise<CallerIdentity> {
  if (!info.userId) {
    throw new CloudStackError('the login answer names no user id', { command: 'login' });
  }
  const identity: CallerIdentity = { userId: info.userId };
  if (info.username) identity.username = info.username;
  if (info.account) identity.account = info.account;
  if (info.domainId) identity.domainId = info.domainId;
  const answer = await caller.request<{ user?: Row[] }>('listUsers', { id: info.userId });
  const row = answer.user?.find((user) => user.id === info.userId);
  return { ...(row ? fromUserRow(row) : {}), ...identity };
}
