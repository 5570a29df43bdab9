// The built CLI: `cloudstack-mcp simulator` prints its URL and keys, serves, and stops on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { call, dump418, inner, repoRoot } from './helpers.js';

const cli = path.join(repoRoot, 'dist', 'src', 'cli', 'index.js');

async function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}

describe('cloudstack-mcp simulator', () => {
  it('prints its URL and admin keys as JSON, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'simulator', '--port', '0', '--json', '--seed', '5', '--apis', dump418],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const printed = JSON.parse(await firstLine(child)) as {
        url: string;
        apiKey: string;
        secretKey: string;
      };
      expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/api$/);
      const sim = {
        url: printed.url,
        admin: { apiKey: printed.apiKey, secretKey: printed.secretKey },
      } as RunningSimulator;
      const zones = await call(sim, 'listZones');
      expect(zones.status).toBe(200);
      expect(inner(zones, 'listZones').count).toBe(2);
      expect(inner(await call(sim, 'listApis'), 'listApis').count).toBe(705);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('with --seed-team prints the team too, whose User key is refused an admin API', async () => {
    const child = spawn(process.execPath, [cli, 'simulator', '--port', '0', '--json', '--seed-team'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const printed = JSON.parse(await firstLine(child)) as {
        url: string;
        team: { user: { apiKey: string; secretKey: string; username: string; domain: string } };
      };
      expect(printed.team.user).toMatchObject({ username: 'childuser', domain: '/child' });
      const sim = { url: printed.url, admin: printed.team.user } as unknown as RunningSimulator;
      expect((await call(sim, 'listVirtualMachines')).status).toBe(200);
      expect((await call(sim, 'listHosts')).status).toBe(432);
    } finally {
      child.kill('SIGTERM');
    }
    await once(child, 'exit');
  });

  it('prints the keys as shell exports by default and rejects a bad dump', async () => {
    const child = spawn(process.execPath, [cli, 'simulator', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      expect(await firstLine(child)).toMatch(
        /^# CloudStack simulator listening on http:\/\/127\.0\.0\.1:\d+\/client\/api$/,
      );
    } finally {
      child.kill('SIGINT');
    }
    expect((await once(child, 'exit'))[0]).toBe(0);

    const bad = spawn(process.execPath, [cli, 'simulator', '--port', '0', '--apis', '/no/such/file.json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(bad, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot read the API dump \/no\/such\/file\.json/);
  });

  it('loses the answers the --lost-answer-* flags name, after processing', async () => {
    const child = spawn(
      process.execPath,
      [
        cli,
        'simulator',
        '--port',
        '0',
        '--json',
        '--lost-answer-rate',
        '1',
        '--lost-answer-commands',
        'listZones, listDomains',
        '--lost-answer-limit',
        '2',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const printed = JSON.parse(await firstLine(child)) as {
        url: string;
        apiKey: string;
        secretKey: string;
      };
      const sim = {
        url: printed.url,
        admin: { apiKey: printed.apiKey, secretKey: printed.secretKey },
      } as RunningSimulator;
      expect((await call(sim, 'listCapabilities')).status).toBe(200);
      await expect(call(sim, 'listZones')).rejects.toThrow();
      await expect(call(sim, 'listDomains')).rejects.toThrow();
      expect((await call(sim, 'listZones')).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await once(child, 'exit'))[0]).toBe(0);
  });
});
