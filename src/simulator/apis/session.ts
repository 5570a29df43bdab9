// login and logout. The engine answers them itself, before authentication (they set and clear cookies);
// their specs live here so they are validated and described in listApis like every other API.
import { param } from '../catalog/params.js';
import type { FieldSpec } from '../catalog/types.js';
import { internalError } from '../errors.js';
import { defineApi } from './types.js';

const loginFields: FieldSpec[] = [
  { name: 'username', type: 'string', description: 'login name of the user' },
  { name: 'userid', type: 'string', description: 'ID of the user' },
  { name: 'domainid', type: 'string', description: 'ID of the domain of the user' },
  { name: 'timeout', type: 'integer', description: 'seconds of inactivity after which the session ends' },
  { name: 'account', type: 'string', description: 'name of the account of the user' },
  { name: 'firstname', type: 'string', description: 'first name of the user' },
  { name: 'lastname', type: 'string', description: 'last name of the user' },
  { name: 'type', type: 'string', description: 'account type: 0 user, 1 root admin, 2 domain admin' },
  { name: 'timezone', type: 'string', description: 'time zone of the user' },
  { name: 'timezoneoffset', type: 'string', description: 'offset of that time zone from UTC, in hours' },
  { name: 'registered', type: 'string', description: 'whether the user is registered' },
  {
    name: 'sessionkey',
    type: 'string',
    description: 'key to send as sessionkey with every call of the session',
  },
  { name: 'is2faenabled', type: 'string', description: 'whether two-factor authentication is on' },
  { name: 'is2faverified', type: 'string', description: 'whether the second factor was verified' },
  { name: 'providerfor2fa', type: 'string', description: 'two-factor authentication provider' },
  { name: 'issuerfor2fa', type: 'string', description: 'two-factor authentication issuer' },
];

function answeredByEngine(): never {
  throw internalError('login and logout are answered by the engine before dispatch');
}

export const sessionApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'login',
      description:
        'Starts a session: answers a sessionkey and sets the JSESSIONID and sessionkey cookies. Send it by POST.',
      isAsync: false,
      related: ['logout'],
      params: [
        param('username', 'string', 'login name', { required: true }),
        param('password', 'string', 'password in clear text', { required: true }),
        param('domain', 'string', 'path of the user domain, e.g. / for ROOT or /child; default ROOT'),
        param('domainId', 'long', 'internal id of the user domain, instead of domain'),
      ],
      response: loginFields,
    },
    handle: answeredByEngine,
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'logout',
      description: 'Ends the session of the caller.',
      isAsync: false,
      related: ['login'],
      params: [],
      response: [{ name: 'description', type: 'string', description: 'success when the session ended' }],
    },
    handle: answeredByEngine,
  }),
];
