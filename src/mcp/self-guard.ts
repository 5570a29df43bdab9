// The server never changes the credentials or access of its own CloudStack user or account: a
// registerUserKeys on its own user rotates the keys it signs with (and the answer's new keys are masked),
// a disableAccount on its own account stops it; either locks it out for good. Such calls are refused
// outright, whatever the confirmation. Which parameters name a user or account differs by API, so every
// one that can is checked: id, userid, accountid(s), account(s) with domainid, username, and roleid for
// the APIs that change a role.
import type { CallerIdentity } from '../cloudstack/types.js';

function values(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(values);
  return String(value)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Why this call of a credential or access API would act on the server's own user, account or role, or
 * undefined when none of its parameters names them. A name (account, username) without `domainid` means
 * the caller's own domain to CloudStack, so it matches there.
 */
export function selfReference(
  identity: CallerIdentity,
  api: string,
  params: Readonly<Record<string, unknown>>,
): string | undefined {
  // A role id names the server's role only for APIs that change a role (createAccount roleid= merely uses it).
  const changesRole = /Role(Permission)?$/.test(api) && !api.includes('ProjectRole');
  const given = new Map(Object.entries(params).map(([name, value]) => [name.toLowerCase(), values(value)]));
  const get = (name: string) => given.get(name) ?? [];
  const inOwnDomain =
    get('domainid').length === 0 || get('domainid').some((id) => same(id, identity.domainId));
  for (const id of get('id')) {
    if (same(id, identity.userId)) return `id ${id} is the server's own user`;
    if (same(id, identity.accountId)) return `id ${id} is the server's own account`;
    if (changesRole && same(id, identity.roleId)) return `id ${id} is the role of the server's own account`;
  }
  for (const name of ['userid', 'userids']) {
    if (get(name).some((id) => same(id, identity.userId))) return `${name} names the server's own user`;
  }
  for (const name of ['accountid', 'accountids']) {
    if (get(name).some((id) => same(id, identity.accountId))) return `${name} names the server's own account`;
  }
  if (changesRole && get('roleid').some((id) => same(id, identity.roleId))) {
    return "roleid is the role of the server's own account";
  }
  if (inOwnDomain) {
    for (const name of ['account', 'accounts']) {
      if (get(name).some((account) => same(account, identity.account))) {
        return `${name} "${identity.account}" is the server's own account`;
      }
    }
    if (get('username').some((username) => same(username, identity.username))) {
      return `username "${identity.username}" is the server's own user`;
    }
  }
  return undefined;
}
