// `cloudstack-mcp doctor` against the simulator: healthy (simulator and an MCP server), wrong key, unreachable
// URL, MCP server down. Each check is one ✓/✗ line; any ✗ makes the exit status 1. The built CLI for healthy
// and unreachable, the command module in process for the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor.js';
import { freePort, runCli, runInProcess, startReferenceMcpServer } from './helpers.js';
import { adminEnv, type Simulator, start } from './simulator.js';

describe('doctor against the simulator', () => {
  let sim: Simulator;
  let mcp: Awaited<ReturnType<typeof startReferenceMcpServer>>;

  beforeAll(async () => {
    sim = await start();
    mcp = await startReferenceMcpServer();
  });
  afterAll(async () => {
    await mcp?.close();
    await sim?.close();
  });

  it('healthy: URL, keys and MCP server all ✓', async () => {
    const result = await runCli(['doctor', '--mcp-url', mcp.url], adminEnv(sim));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^✓ CloudStack API answers at ${sim.url}`));
    expect(lines[1]).toMatch(/^✓ the API keys sign listZones \(\d+ zones?/);
    expect(lines[2]).toMatch(new RegExp(`^✓ MCP server at ${mcp.url} answers initialize`));
  });

  it('wrong key: ✗ with the 401 and a hint, exit 1', async () => {
    const result = await runInProcess(
      doctorCommand,
      ['doctor'],
      adminEnv(sim, { CLOUDSTACK_SECRET_KEY: 'wrong-secret-key' }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✓ CloudStack API answers/m);
    expect(result.stdout).toMatch(
      /^✗ the API keys do not work: CloudStack rejected the credentials \(401: /m,
    );
    expect(result.stdout).toContain('hint: check CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY');
    expect(result.stdout + result.stderr).not.toContain('wrong-secret-key');
  });

  it('unreachable URL: ✗ and the credentials are not tried', async () => {
    const url = `http://127.0.0.1:${await freePort()}/client/api`;
    const result = await runCli(['doctor'], adminEnv(sim, { CLOUDSTACK_API_URL: url }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ cannot reach ${url} (ECONNREFUSED)`);
    expect(result.stdout).toContain('– credentials not checked: the API is unreachable');
  });

  it('MCP server down: ✗ for that line only', async () => {
    const down = `http://127.0.0.1:${await freePort()}/mcp`;
    const result = await runInProcess(doctorCommand, ['doctor', '--mcp-url', down], adminEnv(sim));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✓ CloudStack API answers/m);
    expect(result.stdout).toMatch(/^✓ the API keys sign listZones/m);
    expect(result.stdout).toContain(`✗ no MCP server answers initialize at ${down} (ECONNREFUSED)`);
    const only = await runInProcess(
      doctorCommand,
      ['doctor', '--check', 'mcp', '--mcp-url', mcp.url],
      adminEnv(sim),
    );
    expect(only.code).toBe(0);
    expect(only.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('user and password: logs in, or says the login was refused with the variables to check', async () => {
    const login = {
      CLOUDSTACK_API_KEY: undefined,
      CLOUDSTACK_SECRET_KEY: undefined,
      CLOUDSTACK_USERNAME: 'admin',
    };
    const good = await runInProcess(
      doctorCommand,
      ['doctor', '--check', 'keys'],
      adminEnv(sim, { ...login, CLOUDSTACK_PASSWORD: sim.admin.password }),
    );
    expect(good.code, good.stdout).toBe(0);
    expect(good.stdout).toMatch(/^✓ user admin logs in and runs listZones/);
    const bad = await runInProcess(
      doctorCommand,
      ['doctor', '--check', 'keys'],
      adminEnv(sim, { ...login, CLOUDSTACK_PASSWORD: 'not-the-password' }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^✗ user admin cannot log in: CloudStack refused the login \(531: /);
    expect(bad.stdout).toContain(
      'hint: check CLOUDSTACK_USERNAME, CLOUDSTACK_PASSWORD and CLOUDSTACK_DOMAIN',
    );
    expect(bad.stdout).not.toContain('not-the-password');
  });

  it('--mcp-token (or MCP_AUTH_TOKEN) reaches a server that wants a bearer token', async () => {
    const guarded = await startReferenceMcpServer({ token: 'tok-doctor-1' });
    try {
      const args = ['doctor', '--check', 'mcp', '--mcp-url', guarded.url];
      const flag = await runInProcess(doctorCommand, [...args, '--mcp-token', 'tok-doctor-1'], adminEnv(sim));
      expect(flag.code, flag.stdout + flag.stderr).toBe(0);
      expect(flag.stdout).toMatch(/^✓ MCP server at .* answers initialize/);
      const env = await runInProcess(doctorCommand, args, adminEnv(sim, { MCP_AUTH_TOKEN: 'tok-doctor-1' }));
      expect(env.code).toBe(0);
      const without = await runInProcess(doctorCommand, args, adminEnv(sim));
      expect(without.code).toBe(1);
      expect(without.stdout).toContain('it wants a bearer token');
    } finally {
      await guarded.close();
    }
  });
});
