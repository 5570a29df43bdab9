// `task cloudstack:status` (scripts/cloudstack-status.sh) end to end: a fake docker answers the container
// questions, the embedded simulator is the CloudStack, a reference MCP server the MCP server, and the
// script's own `cloudstack-mcp doctor` (the built CLI) checks the keys in a .env file.
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, startReferenceMcpServer } from '../cli/helpers.js';
import { type Simulator, start } from '../cli/simulator.js';
import { tempDir } from '../temp.js';
import { fakeDocker, runBashAsync } from './shell.js';

const healthyDocker = `
args="$*"
case "$args" in
  *" ps -a --format "*)
    printf '%s\\n' 'cloudstack|running|healthy|0' 'cmk|running|healthy|0' 'mcp-init|exited||0' 'mcp|running|healthy|0' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/probe.sh service"*) echo 'cloudstack   RUNNING   pid 88, uptime 0:12:01' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/probe.sh zone"*) echo 'deployed' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/probe.sh java"*) echo '88 /usr/lib/jvm/java-11-openjdk-amd64/bin/java -classpath /usr/share/maven/boot' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/probe.sh ports"*) printf '%s\\n' 3306 8080 8096 ;;
  *"exec -T cmk cat /root/.cmk/profiles/localcloud.cache"*) echo '{"count": 705, "api": []}' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/fix-socket.sh --check"*) exit 0 ;;
  *) exit 100 ;;
esac
`;

/** A 4.20 image before task cloudstack:fix-socket: what fix-socket.sh --check says there (exit 3). */
const log4jDocker = healthyDocker.replace(
  '*"exec -T cloudstack bash /opt/cloudstack-mcp/fix-socket.sh --check"*) exit 0 ;;',
  `*"exec -T cloudstack bash /opt/cloudstack-mcp/fix-socket.sh --check"*)
    echo '• would switch Syslog appender(s) SYSLOG,ALERTSYSLOG in /root/client/conf/log4j-cloud.xml.in from TCP localhost:4560 to UDP port 514'
    echo '• would switch Syslog appender(s) SYSLOG,ALERTSYSLOG in /root/client/target/conf/log4j-cloud.xml from TCP localhost:4560 to UDP port 514'
    exit 3 ;;`,
);

const brokenDocker = `
args="$*"
case "$args" in
  *" ps -a --format "*)
    printf '%s\\n' 'cloudstack|running|starting|0' 'cmk|running|healthy|0' 'mcp-init|exited||1' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/probe.sh service"*) echo 'cloudstack   STARTING' ;;
  *"exec -T cloudstack bash /opt/cloudstack-mcp/probe.sh zone"*) echo 'waiting for the management server API' ;;
  *"exec -T"*) exit 1 ;;
  *) exit 100 ;;
esac
`;

describe('cloudstack-status.sh', () => {
  let sim: Simulator;
  let mcp: Awaited<ReturnType<typeof startReferenceMcpServer>>;
  const ui = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>CloudStack</title>'),
  );
  let uiUrl = '';
  const dir = tempDir('status');

  beforeAll(async () => {
    sim = await start();
    mcp = await startReferenceMcpServer();
    await new Promise<void>((resolve) => ui.listen(0, '127.0.0.1', resolve));
    uiUrl = `http://127.0.0.1:${(ui.address() as AddressInfo).port}/client/`;
  });
  afterAll(async () => {
    ui.closeAllConnections();
    await new Promise<void>((resolve) => ui.close(() => resolve()));
    await mcp?.close();
    await sim?.close();
  });

  function envFile(name: string, mode: number, secret = sim.admin.secretKey): string {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      `CLOUDSTACK_API_URL=${sim.url}\nCLOUDSTACK_API_KEY=${sim.admin.apiKey}\nCLOUDSTACK_SECRET_KEY=${secret}\n`,
    );
    chmodSync(file, mode);
    return file;
  }

  async function status(handler: string, env: Record<string, string>) {
    const docker = fakeDocker();
    const handlerFile = path.join(dir, `handler-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(handlerFile, handler);
    return runBashAsync(
      ['scripts/cloudstack-status.sh'],
      cleanEnv({
        PATH: `${docker.bin}:${process.env.PATH}`,
        FAKE_DOCKER_ENGINE: '1',
        FAKE_DOCKER_HANDLER: handlerFile,
        CLOUDSTACK_UI_URL: uiUrl,
        MCP_URL: mcp.url,
        ...env,
      }),
    );
  }

  it('all ✓ on a healthy environment, exit 0', async () => {
    const r = await status(healthyDocker, { CLOUDSTACK_MCP_ENV_FILE: envFile('good.env', 0o600) });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (const line of [
      '✓ cloudstack: running (healthy)',
      '✓ cmk: running (healthy)',
      '✓ mcp-init: done (mcp-service account and keys ready)',
      '✓ mcp: running (healthy)',
      '✓ management service: running (pid 88, uptime 0:12:01)',
      '✓ simulated zone: deployed',
      '✓ API cache synced: 705 APIs',
      '✓ .env present (mode 600)',
    ]) {
      expect(r.stdout).toContain(line);
    }
    expect(r.stdout).toMatch(/✓ Java processes: 1 \(88 /);
    expect(r.stdout).toContain(
      '✓ listening ports: 3306 8080 8096 (8080 API, 8096 integration port, 3306 MySQL; 5050 is the UI)',
    );
    expect(r.stdout).toContain('✓ log4j: no appender connects to localhost:4560');
    expect(r.stdout).toContain(`✓ UI answers at ${uiUrl} (HTTP 200)`);
    expect(r.stdout).toMatch(/✓ CloudStack API answers at /);
    expect(r.stdout).toMatch(/✓ the API keys sign listZones/);
    expect(r.stdout).toMatch(/✓ MCP server at .* answers initialize/);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).toContain('All checks passed.');
  });

  it('✗ lines with hints for each broken part, exit 1', async () => {
    const r = await status(brokenDocker, {
      CLOUDSTACK_MCP_ENV_FILE: envFile('loose.env', 0o644, 'wrong-secret'),
      MCP_URL: `http://127.0.0.1:${await freePort()}/mcp`,
      CLOUDSTACK_UI_URL: `http://127.0.0.1:${await freePort()}/client/`,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ cloudstack: running (starting)');
    expect(r.stdout).toContain('✗ mcp-init: exited (exit code 1)');
    expect(r.stdout).toContain('✗ mcp: no container\n    hint: task docker:start');
    expect(r.stdout).toContain('✗ management service: cloudstack   STARTING');
    expect(r.stdout).toContain('✗ simulated zone: waiting for the management server API');
    expect(r.stdout).toContain('✗ Java processes: none');
    expect(r.stdout).toMatch(
      /✗ listening ports: none \(want 8080, 8096 and 3306\)\n {4}hint: .*logs cloudstack/,
    );
    // No answer from the container: no log4j verdict either way.
    expect(r.stdout).not.toContain('log4j:');
    expect(r.stdout).toContain('✗ API cache not synced\n    hint: task cmk -- sync');
    expect(r.stdout).toContain(
      '✗ .env present but mode 644: it holds a secret key\n    hint: chmod 600 .env',
    );
    expect(r.stdout).toMatch(/✗ UI does not answer at /);
    expect(r.stdout).toMatch(/✗ the API keys do not work: CloudStack rejected the credentials \(401/);
    expect(r.stdout).toMatch(/✗ no MCP server answers initialize at .* \(ECONNREFUSED\)/);
    expect(r.stdout + r.stderr).not.toContain('wrong-secret');
    expect(r.stdout).toContain('Some checks failed');
  });

  it('looks for the UI beside CLOUDSTACK_API_URL when CLOUDSTACK_UI_URL is not set', async () => {
    const r = await status(healthyDocker, {
      CLOUDSTACK_MCP_ENV_FILE: envFile('beside.env', 0o600),
      CLOUDSTACK_UI_URL: '',
      CLOUDSTACK_API_URL: `${uiUrl}api`,
    });
    expect(r.stdout).toContain(`✓ UI answers at ${uiUrl} (HTTP 200)`);
  });

  it('names the log4j appenders that send to port 4560 and points at task cloudstack:fix-socket', async () => {
    const r = await status(log4jDocker, { CLOUDSTACK_MCP_ENV_FILE: envFile('log4j.env', 0o600) });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "✗ log4j: ALERTSYSLOG,SYSLOG send over TCP to localhost:4560, where nothing listens (the 'Unable to create socket ... port 4560' errors)\n    hint: task cloudstack:fix-socket points them at UDP 514",
    );
  });

  it('finds the UI where Compose published the image’s port 5050 when CLOUDSTACK_UI_URL is not set', async () => {
    const port = new URL(uiUrl).port;
    const r = await status(
      healthyDocker.replace(
        '*) exit 100 ;;',
        `*" port cloudstack 5050"*) echo '0.0.0.0:${port}' ;;\n  *) exit 100 ;;`,
      ),
      { CLOUDSTACK_MCP_ENV_FILE: envFile('ui.env', 0o600), CLOUDSTACK_UI_URL: '' },
    );
    expect(r.stdout).toContain(`✓ UI answers at http://localhost:${port}/ (HTTP 200)`);
  });

  it('without a Docker engine: one ✗ for the containers, the rest still checked', async () => {
    const r = await status(healthyDocker, {
      FAKE_DOCKER_ENGINE: '0',
      CLOUDSTACK_MCP_ENV_FILE: path.join(dir, 'absent.env'),
      ...Object.fromEntries(
        Object.entries({
          CLOUDSTACK_API_URL: sim.url,
          CLOUDSTACK_API_KEY: sim.admin.apiKey,
          CLOUDSTACK_SECRET_KEY: sim.admin.secretKey,
        }),
      ),
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ Docker engine not answering: container checks skipped');
    expect(r.stdout).not.toContain('cloudstack: ');
    expect(r.stdout).toContain('✗ .env missing\n    hint: task cloudstack:get-credentials');
    // The keys from the environment still work.
    expect(r.stdout).toMatch(/✓ the API keys sign listZones/);
  });
});
