// scripts/docker.sh and scripts/cmk.sh with a fake docker that records its calls: the Compose version that
// `up --wait` needs, the UI address it prints, and the active CloudMonkey profile without `cmk set`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeDocker, repoRoot, runBash } from './shell.js';

const config = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'ops', 'cmk-6.4.0-config'), 'utf8');

function run(script: string, handler: string, args: string[] = []) {
  const docker = fakeDocker();
  const handlerFile = path.join(path.dirname(docker.bin), 'handler.sh');
  writeFileSync(handlerFile, handler);
  const result = runBash([script, ...args], {
    PATH: `${docker.bin}:${process.env.PATH}`,
    FAKE_DOCKER_ENGINE: '1',
    FAKE_DOCKER_HANDLER: handlerFile,
    HOST_OS: 'Linux',
    HOST_ARCH: 'x86_64',
    HOST_TRANSLATED: '0',
  });
  return { ...result, calls: docker.calls() };
}

const composeVersion = (version: string) => `
case "$*" in
  "compose version") echo "Docker Compose version ${version}" ;;
  *) exit 100 ;;
esac
`;

describe('docker.sh start', () => {
  it('refuses a Compose older than 2.7.0 before calling up --wait', () => {
    const r = run('scripts/docker.sh', composeVersion('v2.6.1'), ['start']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'Docker Compose 2.6.1 is too old: up --wait with the one-shot mcp-init service needs 2.7.0',
    );
    expect(r.calls.some((call) => call.includes(' up '))).toBe(false);
  });

  it('starts with 2.7.0 and newer, and prints the UI on 5050', () => {
    for (const version of ['v2.7.0', '2.29.1-desktop.1']) {
      const r = run('scripts/docker.sh', composeVersion(version), ['start']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.calls.some((call) => call.endsWith(' up -d --build --wait'))).toBe(true);
      expect(r.stdout).toContain('CloudStack UI   http://localhost:5050/  (admin / password)');
      expect(r.stdout).toContain('CloudStack API  http://localhost:8080/client/api');
    }
  });
});

describe('cmk.sh', () => {
  const cmk = `
case "$*" in
  *"ps --status running -q cmk"*) echo 4f2a ;;
  *"exec -T cmk cat /root/.cmk/config"*) cat <<'CONFIG'
${config}CONFIG
  ;;
  *) exit 100 ;;
esac
`;

  it('with no arguments shows the active profile from the config file, without secrets and without `cmk set`', () => {
    const r = run('scripts/cmk.sh', cmk);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('task cmk -- list zones');
    expect(r.stdout).toContain(
      'Active profile: localcloud (url http://cloudstack:8080/client/api, username admin, domain /; output json)',
    );
    expect(r.stdout + r.stderr).not.toMatch(/not-to-print/);
    expect(r.calls.some((call) => / cmk set\b/.test(call))).toBe(false);
  });

  it('says so when the container has no config yet', () => {
    const r = run('scripts/cmk.sh', cmk.replace('cat <<', 'true <<'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Active profile: unknown (no /root/.cmk/config in the container yet');
  });

  it('passes arguments through to cmk in the container', () => {
    const r = run('scripts/cmk.sh', cmk, ['list', 'zones']);
    expect(r.status).toBe(0);
    expect(r.calls.at(-1)).toMatch(/ exec -T cmk cmk list zones$/);
  });
});
