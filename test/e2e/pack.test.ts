// The package as npm users get it: `npm pack`, installed into an empty prefix, gives a `cloudstack-mcp`
// command that serves from any folder (its bindings found beside its own files, not in the cwd), under a
// package name of its own (`cloudstack-mcp` on npm is an unrelated third party's package). Installing
// needs the dependencies from the npm registry or npm's cache: slow the first time, so one test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { call, requireBuild } from './cli.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

describe('npm pack', () => {
  it('installs into an empty prefix as a cloudstack-mcp command that serves from another folder', async () => {
    requireBuild();
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      bin: Record<string, string>;
    };
    expect(manifest.name).not.toBe('cloudstack-mcp');
    expect(Object.keys(manifest.bin)).toEqual(['cloudstack-mcp']);

    const work = mkdtempSync(path.join(tmpdir(), 'cloudstack-mcp-pack-'));
    try {
      const npm = (args: string[], cwd: string) =>
        execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
          cwd,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      const tarball = npm(['pack', '--pack-destination', work], repoRoot).trim().split('\n').at(-1) ?? '';
      expect(tarball).toBe(`${manifest.name}-${manifest.version}.tgz`);
      const files = execFileSync('tar', ['tzf', path.join(work, tarball)], { encoding: 'utf8' });
      expect(files).toContain('package/dist/generated/index.js');
      expect(files).not.toContain('package/dist/bench/');

      const prefix = path.join(work, 'prefix');
      npm(['install', '--prefix', prefix, '--prefer-offline', path.join(work, tarball)], work);

      const elsewhere = mkdtempSync(path.join(work, 'cwd-'));
      const transport = new StdioClientTransport({
        command: path.join(prefix, 'node_modules', '.bin', 'cloudstack-mcp'),
        args: ['serve', '--simulator'],
        cwd: elsewhere,
        stderr: 'pipe',
        env: { PATH: process.env.PATH ?? '', MCP_LOG_LEVEL: 'info' },
      });
      let log = '';
      transport.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      const client = new Client({ name: 'pack-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        expect(client.getServerVersion()).toMatchObject({ version: manifest.version });
        const zones = await call(client, 'listZones');
        expect(zones.isError, zones.text).toBe(false);
        expect(zones.structured.count).toBeGreaterThan(0);
        // The generated bindings came from the installed package, not from this checkout or the cwd.
        expect(log).toMatch(/catalog: [1-9]\d* APIs from the bindings/);
      } finally {
        await client.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);
});
