// The compose file's own commands, run without Docker: the embedded simulator stands in for the `cloudstack`
// service, a temporary directory for the shared volume, a free port for 8250. mcp-init's command makes the
// service account and its .env, the mcp service's entrypoint and command serve with it, and the mcp health
// check (doctor --check mcp) passes against it; what the containers themselves do cannot run here.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, cliPath, freePort, runCli } from '../cli/helpers.js';
import { type Simulator, start } from '../cli/simulator.js';
import { tempDir } from '../temp.js';
import { repoRoot } from './shell.js';

interface Service {
  command: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(path.join(repoRoot, 'docker', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };

/** Compose's ${VAR:-default} with the defaults (nothing set). */
const defaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('the compose flow without Docker', () => {
  let sim: Simulator;
  let server: ChildProcess | undefined;
  const volume = tempDir('volume');
  let port = 0;

  // Paths and addresses as the containers see them → as this machine sees them.
  const local = (word: string) =>
    word
      .replaceAll('/run/cloudstack-mcp', volume)
      .replaceAll('http://cloudstack:8080/client/api', sim.url)
      .replaceAll(':8250', `:${port}`)
      .replace(/^dist\/src\/cli\/index\.js$/, cliPath);

  beforeAll(async () => {
    sim = await start();
    port = await freePort();
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await sim?.close();
  });

  it('mcp-init makes the service account and its .env; mcp serves with it; its health check passes', async () => {
    const init = compose.services['mcp-init'] as Service;
    const initEnv = Object.fromEntries(Object.entries(init.environment).map(([k, v]) => [k, local(v)]));
    const made = await runCli(init.command.map(local), cleanEnv(initEnv));
    expect(made.code, made.stderr).toBe(0);
    const envFile = path.join(volume, '.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toContain(`CLOUDSTACK_API_URL=${sim.url}`);

    const mcp = compose.services.mcp as Service;
    const [program, ...entryArgs] = (mcp.entrypoint ?? []).map(local);
    expect(program).toBe('node');
    const env = cleanEnv(
      Object.fromEntries(Object.entries(mcp.environment).map(([k, v]) => [k, defaults(v)])),
    );
    server = spawn(process.execPath, [...entryArgs, ...mcp.command.map(local)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 20_000);
      server?.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        if (log.includes('serving MCP at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server?.on('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
    });
    // It runs as the service account, never as admin.
    expect(log).not.toContain(sim.admin.secretKey);

    const [check, ...checkArgs] = (mcp.healthcheck?.test ?? []).slice(1).map(local);
    expect(check).toBe('node');
    const health = await runCli(checkArgs.slice(1), cleanEnv());
    expect(health.code, health.stdout + health.stderr).toBe(0);
    expect(health.stdout).toMatch(
      /^✓ MCP server at http:\/\/127\.0\.0\.1:\d+\/mcp answers initialize \(cloudstack-mcp /,
    );

    // Through the published port's name (Host: localhost) it answers too; another Host name is refused.
    const viaLocalhost = await runCli(
      ['doctor', '--check', 'mcp', '--mcp-url', `http://localhost:${port}/mcp`],
      cleanEnv(),
    );
    expect(viaLocalhost.code, viaLocalhost.stdout).toBe(0);
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/mcp',
          method: 'POST',
          headers: { host: `attacker.example:${port}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebound).toBe(403);
  });
});
