// Helpers for the tests that run this project's shell scripts (scripts/, docker/) with bash.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../cli/process.js';
import { tempDir } from '../temp.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ShellResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function shellEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', ...env };
}

export function runBash(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): ShellResult {
  const result = spawnSync('bash', args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: shellEnv(env),
    input,
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like runBash, but without blocking this process (a server in it keeps answering the script). */
export async function runBashAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ShellResult> {
  const { code, stdout, stderr } = await runProcess('bash', args, {
    cwd: repoRoot,
    env: shellEnv(env),
  });
  return { status: code, stdout, stderr };
}

/** Sources scripts/lib/host.sh and runs one snippet. */
export function hostFn(snippet: string): string {
  const result = runBash(['-c', `set -euo pipefail; . scripts/lib/host.sh; ${snippet}`]);
  if (result.status !== 0) throw new Error(`bash failed: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * A fake `docker` first on PATH: it records every call (one line of arguments each) and answers
 * `docker info` with success only when FAKE_DOCKER_ENGINE=1.
 */
export function fakeDocker(): { bin: string; calls: () => string[] } {
  const dir = tempDir('fake-docker');
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  const script = `#!/usr/bin/env bash
echo "$*" >> ${JSON.stringify(log)}
# A test may answer some calls itself: FAKE_DOCKER_HANDLER is a bash file run with the same arguments; exit
# status 100 from it means "not handled here".
if [[ -n \${FAKE_DOCKER_HANDLER:-} ]]; then
  bash "$FAKE_DOCKER_HANDLER" "$@"
  status=$?
  [[ $status != 100 ]] && exit $status
fi
case "$1 \${2:-}" in
  "info "*) [[ \${FAKE_DOCKER_ENGINE:-0} == 1 ]] ;;
  "compose version") echo "Docker Compose version v2.29.0" ;;
  *) exit \${FAKE_DOCKER_EXIT:-0} ;;
esac
`;
  writeFileSync(path.join(bin, 'docker'), script);
  chmodSync(path.join(bin, 'docker'), 0o755);
  return {
    bin,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== ''),
  };
}
