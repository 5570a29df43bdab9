// A client from the CLI's connection settings, after checking that they name usable credentials.
import { type CloudStackClient, createClient } from '../cloudstack/client.js';
import type { ConnectionConfig } from './config.js';
import { requireCredentials } from './output.js';

export function clientFrom(
  config: ConnectionConfig,
  overrides: { apiKey?: string; secretKey?: string } = {},
) {
  const apiKey = overrides.apiKey ?? config.apiKey;
  const secretKey = overrides.secretKey ?? config.secretKey;
  requireCredentials({ ...config, apiKey, secretKey });
  const keys = apiKey && secretKey;
  return createClient({
    apiUrl: config.apiUrl,
    ...(keys ? { apiKey, secretKey } : { username: config.username, password: config.password }),
    domain: config.domain,
    timeoutMs: config.timeout * 1000,
    userAgent: 'cloudstack-mcp-cli',
  }) satisfies CloudStackClient;
}
