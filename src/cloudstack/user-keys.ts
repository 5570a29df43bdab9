// A user's API keys as CloudStack shows them: getUserKeys (4.10+) answers `{userkeys: {apikey, secretkey}}`,
// registerUserKeys `{userkeys: ...}` too, and before 4.10 the keys sit on the user in listUsers.
import { CloudStackApiError } from './errors.js';
import type { CloudStackCaller } from './types.js';

export interface ApiKeys {
  apiKey: string;
  secretKey: string;
}

/** The keys in an answer (under `userkeys`, or on the object itself), or undefined when it has none. */
export function pickKeys(response: Readonly<Record<string, unknown>>): ApiKeys | undefined {
  const holder = (
    typeof response.userkeys === 'object' && response.userkeys !== null ? response.userkeys : response
  ) as Record<string, unknown>;
  const apiKey = holder.apikey;
  const secretKey = holder.secretkey;
  return typeof apiKey === 'string' && apiKey !== '' && typeof secretKey === 'string' && secretKey !== ''
    ? { apiKey, secretKey }
    : undefined;
}

/**
 * The user's existing keys, or undefined when it has none. CloudStack before 4.10 has no getUserKeys
 * (432): there the keys are read from the user's listUsers row, which `listedUser` gives.
 */
export async function readUserKeys(
  caller: CloudStackCaller,
  userId: string,
  listedUser: () => Promise<Readonly<Record<string, unknown>> | undefined>,
): Promise<ApiKeys | undefined> {
  try {
    return pickKeys(await caller.request('getUserKeys', { id: userId }));
  } catch (error) {
    if (!(error instanceof CloudStackApiError && error.httpStatus === 432)) throw error;
    const user = await listedUser();
    return user ? pickKeys(user) : undefined;
  }
}
