import { describe, expect, it } from 'vitest';
import { CloudStackApiError } from '../../src/cloudstack/errors.js';
import { identityByApiKey, identityFromLogin } from '../../src/cloudstack/identity.js';
import { loginInfoFrom } from '../../src/cloudstack/session.js';
import type { ApiParams, CloudStackCaller } from '../../src/cloudstack/types.js';

const users = [
  { id: 'u1', username: 'other', apikey: 'key-1', accountid: 'a1', account: 'acct', domainid: 'd1' },
  {
    id: 'u2',
    username: 'mcp-service',
    apikey: 'key-2',
    accountid: 'a2',
    account: 'mcp-service',
    domainid: 'd1',
  },
];

/** A caller whose getUser is refused (not a root admin) or answers, and whose listUsers shows `users`. */
function caller(getUser: 'refused' | 'answers'): CloudStackCaller & { commands: string[] } {
  const commands: string[] = [];
  const request = async <T>(command: string, params: ApiParams = {}): Promise<T> => {
    commands.push(command);
    if (command === 'getUser') {
      if (getUser === 'refused') {
        throw new CloudStackApiError({
          command,
          httpStatus: 432,
          errorCode: 432,
          csErrorCode: 9999,
          errorText: 'The given command does not exist or it is not available for the user',
          uuidList: [],
        });
      }
      return { user: users.find((user) => user.apikey === params.userapikey) } as T;
    }
    if (command === 'listUsers') {
      const rows = params.id ? users.filter((user) => user.id === params.id) : users;
      return { count: rows.length, user: rows } as T;
    }
    throw new Error(`unexpected ${command}`);
  };
  return {
    commands,
    request,
    requestAsync: request,
    waitForJob: async () => {
      throw new Error('no jobs');
    },
    listAll: async <T>(command: string, params?: ApiParams) => {
      const answer = await request<{ user: T[] }>(command, params);
      return { count: answer.user.length, items: answer.user, itemKey: 'user', pages: 1 };
    },
  };
}

describe('identity', () => {
  it('finds the user of an API key with getUser', async () => {
    const found = await identityByApiKey(caller('answers'), 'key-2');
    expect(found).toEqual({
      userId: 'u2',
      username: 'mcp-service',
      accountId: 'a2',
      account: 'mcp-service',
      domainId: 'd1',
    });
  });

  it('falls back to its own listUsers rows when getUser is refused, and fails when the key is not there', async () => {
    const refused = caller('refused');
    expect((await identityByApiKey(refused, 'key-2')).userId).toBe('u2');
    expect(refused.commands).toEqual(['getUser', 'listUsers']);
    await expect(identityByApiKey(caller('refused'), 'key-9')).rejects.toThrow(
      /cannot tell which CloudStack user/,
    );
  });

  it('takes a session login’s user and completes it from listUsers', async () => {
    const info = loginInfoFrom({
      userid: 'u2',
      username: 'mcp-service',
      account: 'mcp-service',
      domainid: 'd1',
    });
    expect(await identityFromLogin(caller('refused'), info)).toMatchObject({ userId: 'u2', accountId: 'a2' });
  });
});
