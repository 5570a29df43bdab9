// docker/cloudstack/probe.sh, the in-container half of `task cloudstack:status`, run on this machine: it finds
// Java processes through /proc (no procps needed) and listening ports through ss.
import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.js';
import { runBash, runBashAsync } from './shell.js';

describe('probe.sh', () => {
  it('lists Java processes by their /proc name, with pid and command line', async () => {
    const dir = tempDir('probe');
    const java = path.join(dir, 'java');
    symlinkSync('/bin/sleep', java); // a process whose name is "java"
    const child = spawn(java, ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const r = runBash(['docker/cloudstack/probe.sh', 'java']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`${child.pid} ${java} 30`);
    } finally {
      child.kill();
    }
  });

  it('lists listening TCP ports', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await runBashAsync(['docker/cloudstack/probe.sh', 'ports']);
      expect(r.stdout.split('\n')).toContain(String(port));
    } finally {
      server.close();
    }
  });

  it('reports the zone state start.sh wrote, or that it has not', () => {
    const dir = tempDir('state');
    expect(runBash(['docker/cloudstack/probe.sh', 'zone'], { STATE_DIR: dir }).stdout.trim()).toBe(
      'unknown (start.sh has not reported)',
    );
    expect(runBash(['docker/cloudstack/probe.sh', 'bogus']).status).toBe(2);
  });
});
