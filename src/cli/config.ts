// Connection settings shared by every command: flags win over environment variables, which win over
// defaults. Names come from the original project's README (DESIGN.md §1).
import type { Argv } from 'yargs';
import { envNumber, type NumberSpec, numberOption, parseNumber } from './settings.js';

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

const TIMEOUT: NumberSpec = { positive: true, unit: 'of seconds' };

export interface ConnectionFlags {
  'api-url'?: string;
  'api-key'?: string;
  'secret-key'?: string;
  username?: string;
  password?: string;
  domain?: string;
  timeout?: number;
}

/** Each connection flag with the environment variable behind it: the one table for help texts and lookups. */
const CONNECTION_OPTIONS: readonly {
  flag: keyof ConnectionFlags;
  env: string;
  describe: string;
  type: 'string' | 'number';
}[] = [
  { flag: 'api-url', env: 'CLOUDSTACK_API_URL', describe: 'CloudStack API endpoint', type: 'string' },
  { flag: 'api-key', env: 'CLOUDSTACK_API_KEY', describe: 'API key', type: 'string' },
  { flag: 'secret-key', env: 'CLOUDSTACK_SECRET_KEY', describe: 'secret key', type: 'string' },
  { flag: 'username', env: 'CLOUDSTACK_USERNAME', describe: 'user name for session login', type: 'string' },
  { flag: 'password', env: 'CLOUDSTACK_PASSWORD', describe: 'password for session login', type: 'string' },
  { flag: 'domain', env: 'CLOUDSTACK_DOMAIN', describe: 'domain path for session login', type: 'string' },
  { flag: 'timeout', env: 'CLOUDSTACK_TIMEOUT', describe: 'request timeout in seconds', type: 'number' },
];

/** Adds the connection flags to a command. */
export function withConnectionOptions<T>(yargs: Argv<T>): Argv<T & ConnectionFlags> {
  let withOptions: Argv<T> = yargs;
  for (const { flag, env, describe, type } of CONNECTION_OPTIONS) {
    const options = { describe: `${describe} [${env}]` };
    withOptions = withOptions.option(
      flag,
      type === 'number' ? numberOption(flag, TIMEOUT, options) : { type, ...options },
    ) as Argv<T>;
  }
  return withOptions as Argv<T & ConnectionFlags>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionConfig {
  const text = (flag: Exclude<keyof ConnectionFlags, 'timeout'>): string | undefined => {
    const name = CONNECTION_OPTIONS.find((option) => option.flag === flag)?.env;
    return nonEmpty(flags[flag]) ?? (name === undefined ? undefined : nonEmpty(env[name]));
  };
  // The flag was checked as yargs read it; checked again for callers that build the flags themselves.
  const timeout =
    flags.timeout === undefined
      ? (envNumber(env, 'CLOUDSTACK_TIMEOUT', TIMEOUT) ?? 60)
      : parseNumber('--timeout', String(flags.timeout), TIMEOUT);
  return {
    apiUrl: text('api-url') ?? DEFAULT_API_URL,
    apiKey: text('api-key'),
    secretKey: text('secret-key'),
    username: text('username'),
    password: text('password'),
    domain: text('domain') ?? '/',
    timeout,
  };
}

/**
 * resolveConnection on first use, then the same answer: a command resolves its connection only when it needs
 * one, and runCommand's error path reuses it (to mask its secrets and hint at the right variables).
 */
export function lazyConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): () => ConnectionConfig {
  let config: ConnectionConfig | undefined;
  return () => {
    config ??= resolveConnection(flags, env);
    return config;
  };
}
