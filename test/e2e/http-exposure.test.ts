// The built CLI serving HTTP beyond loopback (as the Docker image does, on 0.0.0.0): it refuses to start
// with neither a token nor allowed hosts unless told --unsafe-no-auth, it refuses foreign Host names
// (DNS rebinding) in every mode but "token and no list", and the image's health check still passes.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, requireBuild, type SpawnedServer, spawnHttpServer } from './cli.js';

/** What the tests set, so nothing from the developer's environment changes the outcome. */
const cleanEnv = {
  MCP_AUTH_TOKEN: '',
  MCP_ALLOWED_HOSTS: '',
  MCP_UNSAFE_NO_AUTH: '',
  MCP_LOG_LEVEL: 'info',
};

let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The server's URL as reached from here: it printed its bind address. */
function reachable(url: string): string {
  return url.replace('0.0.0.0', '127.0.0.1');
}

/** Status of an initialize POST with this Host header (fetch will not send one of our choosing). */
function statusWithHost(url: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        host,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'e2e', version: '1' },
        },
      }),
    );
  });
}

/** The Docker health check: `doctor --check mcp --mcp-url ...` (MCP_AUTH_TOKEN from the environment). */
function doctor(url: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, 'doctor', '--check', 'mcp', '--mcp-url', url], {
    env: { ...process.env, ...cleanEnv, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('serve --transport http beyond loopback', () => {
  it('refuses to start with neither a token nor allowed hosts, in one line naming the fixes', () => {
    requireBuild();
    const result = spawnSync(
      process.execPath,
      [CLI, 'serve', '--simulator', '--transport', 'http', '--addr', '0.0.0.0:0'],
      { env: { ...process.env, ...cleanEnv }, encoding: 'utf8', timeout: 20_000 },
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^cloudstack-mcp serve: refusing to serve on 0\.0\.0\.0 .*MCP_AUTH_TOKEN.*--allowed-hosts.*--unsafe-no-auth/,
    );
  });

  it('refuses a session cap that is not a whole number >= 1, from the flag or MCP_MAX_SESSIONS', () => {
    requireBuild();
    for (const [args, env] of [
      [['--max-sessions', '0'], {}],
      [[], { MCP_MAX_SESSIONS: 'lots' }],
    ] as const) {
      const result = spawnSync(
        process.execPath,
        [CLI, 'serve', '--simulator', '--transport', 'http', ...args],
        {
          env: { ...process.env, ...cleanEnv, ...env },
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /(--max-sessions|MCP_MAX_SESSIONS) must be a whole number >= 1, got "(0|lots)"/,
      );
    }
  });

  it("with the image's allowed hosts: refuses a foreign Host, serves the listed ones, passes the health check", async () => {
    server = await spawnHttpServer(
      ['--simulator'],
      { ...cleanEnv, MCP_ALLOWED_HOSTS: 'localhost,127.0.0.1,mcp' },
      '0.0.0.0:0',
    );
    const url = reachable(server.url);
    expect(await statusWithHost(url, 'attacker.example')).toBe(403);
    expect(await statusWithHost(url, 'mcp:8250')).toBe(200);
    const health = doctor(url);
    expect(health.status, health.stdout + health.stderr).toBe(0);
    expect(health.stdout).toMatch(/✓ MCP server at .* answers initialize/);
  });

  it('with a token and no list: the token is the guard, and the health check passes with it', async () => {
    server = await spawnHttpServer(
      ['--simulator'],
      { ...cleanEnv, MCP_AUTH_TOKEN: 'e2e-token-42' },
      '0.0.0.0:0',
    );
    const url = reachable(server.url);
    expect(await statusWithHost(url, 'attacker.example')).toBe(401);
    expect(await statusWithHost(url, 'proxy.example', { authorization: 'Bearer e2e-token-42' })).toBe(200);
    expect(doctor(url).status).not.toBe(0);
    expect(doctor(url, { MCP_AUTH_TOKEN: 'e2e-token-42' }).status).toBe(0);
  });

  it('with --unsafe-no-auth: serves anyone, but still refuses foreign Host names', async () => {
    server = await spawnHttpServer(['--simulator', '--unsafe-no-auth'], cleanEnv, '0.0.0.0:0');
    const url = reachable(server.url);
    expect(await statusWithHost(url, 'attacker.example:8250')).toBe(403);
    expect(await statusWithHost(url, '127.0.0.1:8250')).toBe(200);
    expect(server.stderr()).toMatch(/without MCP_AUTH_TOKEN: anyone who can reach the port can use it/);
  });
});
