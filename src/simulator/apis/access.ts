// --- Accounts family (issue 15) ---
// Which APIs a caller's role may use, as CloudStack's API checkers decide (ApiServer.commandAvailable with
// DynamicRoleBasedAPIAccessChecker): the Root Admin role everything, the others what their role type is
// authorised for. The simulator's three levels stand for the @APICommand `authorized` role types.
import { type ApiError, ErrorCode, serverApiError } from '../errors.js';
import type { Access, Caller } from './types.js';

/** The widest access level a caller has: what its role lets it call. */
export function accessLevelOf(caller: Caller): Access {
  if (caller.isRootAdmin) return 'admin';
  return caller.isDomainAdmin ? 'domainadmin' : 'user';
}

const RANK: Record<Access, number> = { user: 0, domainadmin: 1, admin: 2 };

/**
 * Whether a caller at `level` may call an API needing `needed`. APIs known only from a loaded dump (no
 * implementation, so no known role) count as root-admin APIs: most of CloudStack's unmodelled APIs are.
 */
export function levelAllows(level: Access, needed: Access | undefined): boolean {
  return RANK[level] >= RANK[needed ?? 'admin'];
}

/**
 * ApiServer.commandAvailable turns the checker's UnavailableCommandException into a ServerApiException with
 * UNSUPPORTED_ACTION_ERROR (432); the text is the checker's, as a real CloudStack answers it
 * (kubernetes-sigs/cluster-api-provider-cloudstack issue 454: "The API [listDomains] does not exist or is not
 * available for the account for user id [...]").
 */
export function unavailableApi(command: string, caller: Caller): ApiError {
  return serverApiError(
    ErrorCode.UNSUPPORTED_ACTION,
    `The API [${command}] does not exist or is not available for the account for user id [${caller.user.id}].`,
  );
}
// --- end Accounts family ---
