// `task cloudstack:setup` (scripts/cloudstack-setup.sh) end to end with a fake docker that records its calls.
import { describe, expect, it } from 'vitest';
import { fakeDocker, runBash } from './shell.js';

function setup(env: NodeJS.ProcessEnv, args: string[] = []) {
  const docker = fakeDocker();
  const result = runBash(['scripts/cloudstack-setup.sh', ...args], {
    PATH: `${docker.bin}:${process.env.PATH}`,
    ...env,
  });
  return { ...result, calls: docker.calls() };
}

describe('cloudstack-setup.sh', () => {
  it('starts the compose environment natively on x86-64 with Docker', () => {
    const r = setup({ HOST_OS: 'Linux', HOST_ARCH: 'x86_64', HOST_TRANSLATED: '0', FAKE_DOCKER_ENGINE: '1' });
    expect(r.status).toBe(0);
    const up = r.calls.find((c) => c.includes(' up '));
    expect(up).toMatch(
      /^compose -p cloudstack-mcp -f \S+\/docker\/docker-compose\.yml up -d --build --wait$/,
    );
    expect(r.stdout).toContain('plan: compose');
    expect(r.stdout).toContain('http://localhost:8251/mcp');
  });

  it('adds linux/amd64 emulation and says how long the first start takes on Apple Silicon', () => {
    const r = setup({ HOST_OS: 'Darwin', HOST_ARCH: 'arm64', HOST_TRANSLATED: '0', FAKE_DOCKER_ENGINE: '1' });
    expect(r.status).toBe(0);
    const up = r.calls.find((c) => c.includes(' up '));
    expect(up).toContain('-f ');
    expect(up).toMatch(
      /docker-compose\.yml -f \S+\/docker\/docker-compose\.emulated\.yml up -d --build --wait$/,
    );
    expect(r.stdout).toContain('macOS on Apple Silicon (arm64)');
    expect(r.stdout).toMatch(/15-30 minutes under emulation/);
    expect(r.stdout).toContain('Rosetta');
  });

  it('offers the embedded simulator in one line without Docker', () => {
    const r = setup({ HOST_OS: 'Darwin', HOST_ARCH: 'arm64', HOST_DOCKER: 'none' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'No Docker here: run the embedded CloudStack simulator instead, natively: npx --no-install cloudstack-mcp serve --simulator',
    ]);
    expect(r.calls).toEqual([]);
  });

  it('fails clearly when the docker command exists but no engine answers', () => {
    const r = setup({ HOST_OS: 'Linux', HOST_ARCH: 'x86_64', HOST_TRANSLATED: '0', FAKE_DOCKER_ENGINE: '0' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no Docker engine answers');
    expect(r.stderr).toContain('serve --simulator');
    expect(r.calls.some((c) => c.includes(' up '))).toBe(false);
  });

  it('reports a failed start with a pointer to the status task', () => {
    const r = setup({
      HOST_OS: 'Linux',
      HOST_ARCH: 'x86_64',
      HOST_TRANSLATED: '0',
      FAKE_DOCKER_ENGINE: '1',
      FAKE_DOCKER_EXIT: '1',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('did not become healthy');
    expect(r.stderr).toContain('task cloudstack:status');
  });

  it('prints UTM and Lima steps with the ports and CLOUDSTACK_API_URL for --vm', () => {
    const r = setup({}, ['--vm']);
    expect(r.status).toBe(0);
    for (const text of [
      'UTM',
      'Lima',
      '8080',
      '8251',
      '8250',
      'CLOUDSTACK_API_URL=http://localhost:8080/client/api',
      // The UI is the image's development server on 5050, not /client on 8080.
      'guest 5050 → host 5050   CloudStack UI',
      'Ports to reach from the host: 5050 (UI), 8080 (API at /client/api)',
    ]) {
      expect(r.stdout).toContain(text);
    }
    expect(r.calls.filter((c) => c.includes('compose'))).toEqual([]);
    const lima = setup({}, ['--vm', 'lima']);
    expect(lima.stdout).toContain('limactl start');
    expect(lima.stdout).not.toContain('UTM →');
  });

  it('rejects unknown options', () => {
    const r = setup({}, ['--frobnicate']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown option --frobnicate');
  });
});
