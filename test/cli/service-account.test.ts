// `cloudstack-mcp service-account ensure|check` against the embedded simulator: through the built CLI the
// account is made once with its own role and keys and a second run changes nothing; the variants run the
// command module in process (no second Node start-up). Failures are one line.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountCommand } from '../../src/cli/service-account.js';
import { tempDir } from '../temp.js';
import { cleanEnv, freePort, runCli, runInProcess } from './helpers.js';
import { adminClient, adminEnv, type Simulator, start } from './simulator.js';

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('service-account', () => {
  let sim: Simulator;
  const dir = tempDir('sa');
  const envFile = path.join(dir, '.env');

  beforeAll(async () => {
    sim = await start();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('ensure creates mcp-service with its own role and keys, and writes .env with mode 0600', async () => {
    const first = await runCli(['service-account', 'ensure', '--write-env', envFile], adminEnv(sim));
    expect(first.stderr).toContain('created account mcp-service');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/registered API keys for user mcp-service/);
    expect(first.stderr).toMatch(/the keys sign listZones \(\d+ zones?\)/);
    expect(first.stderr).toContain(
      `wrote CLOUDSTACK_API_URL, CLOUDSTACK_API_KEY, CLOUDSTACK_SECRET_KEY to ${envFile} (mode 0600)`,
    );
    expect(first.stdout).toBe('');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const env = parseEnv(readFileSync(envFile, 'utf8'));
    expect(env.CLOUDSTACK_API_URL).toBe(sim.url);
    expect(env.CLOUDSTACK_API_KEY).toBeTruthy();
    expect(env.CLOUDSTACK_API_KEY).not.toBe(sim.admin.apiKey);
    // Progress lines never show the secret key.
    expect(first.stderr).not.toContain(env.CLOUDSTACK_SECRET_KEY);

    const client = adminClient(sim);
    try {
      const accounts = await client.request<{ account?: Record<string, unknown>[] }>('listAccounts', {
        name: 'mcp-service',
        listall: true,
      });
      const account = accounts.account?.[0];
      expect(account?.roletype).toBe('DomainAdmin');
      expect(account?.rolename).not.toBe('Admin');
    } finally {
      await client.close();
    }
  });

  it('ensure is idempotent: the second run finds everything and keeps the same keys', async () => {
    const before = readFileSync(envFile, 'utf8');
    const second = await runCli(['service-account', 'ensure', '--write-env', envFile], adminEnv(sim));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('account mcp-service exists');
    expect(second.stderr).toContain('API keys of user mcp-service exist (kept');
    expect(second.stderr).not.toContain('created');
    expect(readFileSync(envFile, 'utf8')).toBe(before);

    // Without --write-env the same values come out as env lines on stdout, with username/password admin login.
    const printed = await runInProcess(
      serviceAccountCommand,
      ['service-account', 'ensure'],
      cleanEnv({
        CLOUDSTACK_API_URL: sim.url,
        CLOUDSTACK_USERNAME: 'admin',
        CLOUDSTACK_PASSWORD: 'password',
      }),
    );
    expect(printed.code, printed.stderr).toBe(0);
    expect(parseEnv(printed.stdout)).toEqual(parseEnv(before));
  });

  it('check reports the account and working keys without showing secrets', async () => {
    const env = parseEnv(readFileSync(envFile, 'utf8'));
    const result = await runInProcess(serviceAccountCommand, ['service-account', 'check'], adminEnv(sim));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✓ account mcp-service \(id /m);
    expect(result.stdout).toMatch(/^✓ user mcp-service has API keys \(apikey .{4}….{4}\)$/m);
    expect(result.stdout).toMatch(/^✓ the keys sign listZones/m);
    for (const secret of [env.CLOUDSTACK_API_KEY, env.CLOUDSTACK_SECRET_KEY]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
    const other = await runInProcess(
      serviceAccountCommand,
      ['service-account', 'check', '--account', 'nobody-here'],
      adminEnv(sim),
    );
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('✗ no account nobody-here');
    expect(other.stdout).toContain('hint: create it');
  });

  it('says in one line what is wrong: no credentials, wrong key, unreachable URL', async () => {
    const none = await runCli(['service-account', 'ensure'], cleanEnv({ CLOUDSTACK_API_URL: sim.url }));
    expect(none.code).toBe(1);
    expect(none.stderr.split('\n')[0]).toBe(
      'cloudstack-mcp service-account ensure: no CloudStack credentials: set CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY (or --api-key/--secret-key), or CLOUDSTACK_USERNAME and CLOUDSTACK_PASSWORD (or --username/--password)',
    );
    const wrong = await runInProcess(
      serviceAccountCommand,
      ['service-account', 'check'],
      adminEnv(sim, { CLOUDSTACK_SECRET_KEY: 'not-the-secret' }),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^cloudstack-mcp service-account check: CloudStack rejected the credentials \(401: /,
    );
    expect(wrong.stderr).toContain('hint: check CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY');
    const port = await freePort();
    const away = await runInProcess(
      serviceAccountCommand,
      ['service-account', 'check'],
      adminEnv(sim, { CLOUDSTACK_API_URL: `http://127.0.0.1:${port}/client/api` }),
    );
    expect(away.code).toBe(1);
    expect(away.stderr).toContain(
      `cannot reach CloudStack at http://127.0.0.1:${port}/client/api (ECONNREFUSED)`,
    );
    for (const result of [none, wrong, away]) {
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
  });
});
