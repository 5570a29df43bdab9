// Connection settings shared by every command: flags win over environment variables, which win over
// defaults. Names come from the original project's README (DESIGN.md §1).
import type { Argv } from 'yargs';

export interface ConnectionConfig {
  apiUrl: string;
  apiKey: string | undefined;
  secretKey: string | undefined;
  username: string | undefined;
  password: string | undefined;
  domain: string;
  /** Seconds. */
  timeout: number;
}

export const DEFAULT_API_URL = 'http://localhost:8080/client/api';

export interface ConnectionFlags {
  'api-url'?: string;
  'api-key'?: string;
  'secret-key'?: string;
  username?: string;
  password?: string;
  domain?: string;
  timeout?: number;
}

/** Adds the connection flags to a command. */
export function withConnectionOptions<T>(yargs: Argv<T>): Argv<T & ConnectionFlags> {
  return yargs
    .option('api-url', { type: 'string', describe: 'CloudStack API endpoint [CLOUDSTACK_API_URL]' })
    .option('api-key', { type: 'string', describe: 'API key [CLOUDSTACK_API_KEY]' })
    .option('secret-key', { type: 'string', describe: 'secret key [CLOUDSTACK_SECRET_KEY]' })
    .option('username', { type: 'string', describe: 'user name for session login [CLOUDSTACK_USERNAME]' })
    .option('password', { type: 'string', describe: 'password for session login [CLOUDSTACK_PASSWORD]' })
    .option('domain', { type: 'string', describe: 'domain path for session login [CLOUDSTACK_DOMAIN]' })
    .option('timeout', {
      type: 'number',
      describe: 'request timeout in seconds [CLOUDSTACK_TIMEOUT]',
    }) as Argv<T & ConnectionFlags>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionConfig {
  const timeoutText = nonEmpty(env.CLOUDSTACK_TIMEOUT);
  const timeout = flags.timeout ?? (timeoutText === undefined ? 60 : Number(timeoutText));
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new Error(`CLOUDSTACK_TIMEOUT must be a positive number of seconds, got "${timeoutText}"`);
  }
  return {
    apiUrl: nonEmpty(flags['api-url']) ?? nonEmpty(env.CLOUDSTACK_API_URL) ?? DEFAULT_API_URL,
    apiKey: nonEmpty(flags['api-key']) ?? nonEmpty(env.CLOUDSTACK_API_KEY),
    secretKey: nonEmpty(flags['secret-key']) ?? nonEmpty(env.CLOUDSTACK_SECRET_KEY),
    username: nonEmpty(flags.username) ?? nonEmpty(env.CLOUDSTACK_USERNAME),
    password: nonEmpty(flags.password) ?? nonEmpty(env.CLOUDSTACK_PASSWORD),
    domain: nonEmpty(flags.domain) ?? nonEmpty(env.CLOUDSTACK_DOMAIN) ?? '/',
    timeout,
  };
}
