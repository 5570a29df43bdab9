// Every shell script of the project passes shellcheck (Debian's package; .ci/run installs it). Most of them
// drive Docker, which does not run here, so this is their check besides the tests that run them with a fake docker.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './shell.js';

function shellFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sh'))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('shell scripts', () => {
  const files = [...shellFiles('scripts'), ...shellFiles('docker')];

  it('are there', () => {
    expect(files).toContain('scripts/cloudstack-setup.sh');
    expect(files).toContain('docker/cloudstack/fix-socket.sh');
  });

  // In CI shellcheck must be present (.ci/run installs it); elsewhere the test says it was skipped.
  it.runIf(hasShellcheck || process.env.CI)('pass shellcheck', () => {
    const result = spawnSync('shellcheck', ['-x', ...files], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
